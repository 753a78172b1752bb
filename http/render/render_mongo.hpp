// The API's JSON for MongoDB documents (CONTRACT.md, "Profiles, forum, use cases"): profiles,
// posts, replies, use cases, list pages and the keyset cursors of those lists. Pure
// functions; thread-safe.
//
// Every field of the contract's shape is always present: an absent optional value is null
// (a profile's location and bio, a location's city and country). Times are RFC 3339 UTC with
// milliseconds; the Mongo stores keep milliseconds since the epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/render/cursor.hpp"
#include "storage/model/geo.hpp"
#include "storage/model/post.hpp"
#include "storage/model/profile.hpp"
#include "storage/model/reply.hpp"
#include "storage/model/use_case.hpp"

namespace http {

// Milliseconds since the Unix epoch as 2026-11-27T10:15:30.123Z.
std::string mongo_time(std::int64_t ms_since_epoch);

// {lat, lng, city, country}
nlohmann::json location_json(const storage::location& l);

// {user_id, display_name, industry, location, expertise, bio, created_at, updated_at}
nlohmann::json profile_json(const storage::profile& p);

// {id, author_id, title, content, category, tags, status, reply_count, created_at, updated_at}
nlohmann::json post_json(const storage::post& p);

// {id, post_id, author_id, content, upvotes, is_best_answer, created_at, updated_at}
nlohmann::json reply_json(const storage::reply& r);

// {id, submitted_by, title, description, industry, tags, location, created_at, updated_at}
nlohmann::json use_case_json(const storage::use_case& u);

// use_case_json plus distance_km, rounded to the metre (three decimals).
nlohmann::json use_case_hit_json(const storage::use_case_hit& h);

// {"items": [render(item)...], "next_cursor": cursor or null}: the page of every list of the API.
template <class T>
nlohmann::json page_json(const std::vector<T>& items, nlohmann::json (*render)(const T&),
                         const std::optional<std::string>& next_cursor) {
  auto out = nlohmann::json::array();
  for (const auto& item : items)
    out.push_back(render(item));
  return {{"items", std::move(out)},
          {"next_cursor", next_cursor ? nlohmann::json(*next_cursor) : nlohmann::json(nullptr)}};
}

// The store position that a ?cursor= text names, for lists ordered by (created_at, id)
// (storage::post_cursor, reply_cursor, use_case_cursor); nullopt when `codec` refuses the
// text for `list` (the caller answers invalid_cursor_error(), a 400).
template <class Cursor>
std::optional<Cursor> decode_time_cursor(const cursor_codec& codec, time_list list, std::string_view text) {
  auto c = codec.decode(list, text);
  if (!c)
    return std::nullopt;
  return Cursor{c->time, std::move(c->id)};
}

// The next_cursor text for a store page's `next` position; nullopt on the last page.
template <class Cursor>
std::optional<std::string> encode_time_cursor(const cursor_codec& codec, time_list list,
                                              const std::optional<Cursor>& next) {
  if (!next)
    return std::nullopt;
  return codec.encode(list, time_cursor{next->created_at_ms, next->id});
}

}  // namespace http
