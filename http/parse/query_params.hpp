// Query strings of the list endpoints (CONTRACT.md, "Lists" and each list's filters). Every
// problem is a 400 bad_request (the contract's "bad query parameter syntax"), with details
// naming each broken parameter: an unknown name, a repeated name, a malformed or out-of-range
// value, an empty value, or ill-formed UTF-8. Pure.
//
// Filter values are trimmed of ASCII whitespace like the body fields they match, and must
// not be empty; an empty `?category=` is a 400, not "no filter".
#pragma once

#include <map>
#include <optional>
#include <string>

#include "http/parse/validation.hpp"

namespace http {

// What httplib hands over as Request::params (percent-decoding already done).
using query_map = std::multimap<std::string, std::string>;

inline constexpr int default_limit = 20;
inline constexpr int max_limit = 100;
// `near` without `radius_km` searches this far (the contract leaves it open).
inline constexpr double default_near_radius_km = 50;
inline constexpr double max_radius_km = 20000;

// ?limit= (an integer 1..100, digits only; default 20) and ?cursor= (opaque, non-empty; decode
// it with cursor_codec).
struct page_query {
  int limit = default_limit;
  std::optional<std::string> cursor;
};

// GET /api/v1/users (admin): ?email= exact, trimmed and lower-cased.
struct user_list_query {
  page_query page;
  std::optional<std::string> email;
};

// GET /api/v1/profiles: ?industry= (1..50) &expertise= (1..50).
struct profile_list_query {
  page_query page;
  std::optional<std::string> industry;
  std::optional<std::string> expertise;
};

// GET /api/v1/forum/posts.
struct post_list_query {
  page_query page;
  std::optional<std::string> category;   // 1..50
  std::optional<std::string> tag;        // ^[a-z0-9-]{1,32}$
  std::optional<std::string> status;     // draft | published | closed | archived
  std::optional<std::string> author_id;  // a UUID, lower-cased
  std::optional<std::string> q;          // 1..200 characters
};

// ?near=LAT,LNG&radius_km=R: LAT in [-90, 90], LNG in [-180, 180], R in (0, 20000]; plain
// decimal numbers (no spaces, no inf or nan).
struct geo_near {
  double lat = 0;
  double lng = 0;
  double radius_km = default_near_radius_km;
};

// GET /api/v1/use-cases. radius_km without near is a problem.
struct use_case_list_query {
  page_query page;
  std::optional<std::string> industry;  // 1..50
  std::optional<std::string> tag;       // ^[a-z0-9-]{1,32}$
  std::optional<geo_near> near;
};

// Lists without filters (configs, sessions, replies): limit and cursor only.
checked<page_query> parse_page_query(const query_map& q);
checked<user_list_query> parse_user_list_query(const query_map& q);
checked<profile_list_query> parse_profile_list_query(const query_map& q);
checked<post_list_query> parse_post_list_query(const query_map& q);
checked<use_case_list_query> parse_use_case_list_query(const query_map& q);

}  // namespace http
