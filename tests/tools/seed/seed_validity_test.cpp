// Every seeded record passes the contract's rules: each one goes through the same HTTP
// validators a client's request would, and must come out unchanged (no trimming, no
// lower-casing, nothing refused). All of small; a regular sample of medium and of large.
#include <boost/test/unit_test.hpp>

#include <set>

#include <nlohmann/json.hpp>

#include "http/parse/validate_forum.hpp"
#include "http/parse/validate_profiles.hpp"
#include "http/parse/validate_use_cases.hpp"
#include "http/parse/validate_users.hpp"
#include "tools/seed/seed_cities.hpp"
#include "tools/seed/seed_generator.hpp"
#include "tools/seed/seed_ids.hpp"
#include "tools/seed/seed_words.hpp"

namespace seed = storage::seed;
using json = nlohmann::json;

namespace {

json location_json(const storage::location& l) {
  return {{"lat", l.lat}, {"lng", l.lng}, {"city", *l.city}, {"country", *l.country}};
}

template <class T>
std::string problems_of(const http::checked<T>& c) {
  std::string out;
  for (const auto& p : c.problems)
    out += p.field + ": " + p.problem + "; ";
  return out;
}

void check_user(const seed::user_record& u) {
  auto c = http::parse_registration(
      {{"email", u.email}, {"password", "seed-dev-password"}, {"full_name", u.full_name}});
  BOOST_TEST_REQUIRE(c.ok(), u.email << ": " << problems_of(c));
  BOOST_TEST(c.value.email == u.email);  // already normalized
  BOOST_TEST(c.value.full_name == u.full_name);
  BOOST_TEST(http::is_uuid(u.id));
  BOOST_TEST(u.id == seed::user_id(u.email));
}

void check_profile(const storage::profile& p) {
  json body = {{"display_name", p.display_name}, {"industry", p.industry}, {"expertise", p.expertise}};
  if (p.location)
    body["location"] = location_json(*p.location);
  if (p.bio)
    body["bio"] = *p.bio;
  auto c = http::parse_profile_put(body);
  BOOST_TEST_REQUIRE(c.ok(), p.user_id << ": " << problems_of(c));
  BOOST_TEST(c.value.display_name == p.display_name);
  BOOST_TEST(c.value.industry == p.industry);
  BOOST_TEST(c.value.expertise == p.expertise);
  BOOST_TEST((c.value.bio == p.bio));
  BOOST_TEST(c.value.location.has_value() == p.location.has_value());
}

void check_post(const storage::post& p) {
  json body = {{"title", p.title}, {"content", p.content}, {"category", p.category}, {"tags", p.tags}};
  const std::string status(storage::to_string(p.status));
  if (p.status == storage::post_status::draft || p.status == storage::post_status::published)
    body["status"] = status;  // what a client may create
  else  // closed and archived come from a later PATCH
    BOOST_TEST(http::parse_post_patch({{"status", status}}).ok());
  auto c = http::parse_post_create(body);
  BOOST_TEST_REQUIRE(c.ok(), p.id << ": " << problems_of(c));
  BOOST_TEST(c.value.title == p.title);
  BOOST_TEST(c.value.content == p.content);
  BOOST_TEST(c.value.category == p.category);
  BOOST_TEST(c.value.tags == p.tags);
  BOOST_TEST(http::is_object_id(p.id));
}

void check_reply(const storage::reply& r) {
  auto c = http::parse_reply_create({{"content", r.content}});
  BOOST_TEST_REQUIRE(c.ok(), r.id << ": " << problems_of(c));
  BOOST_TEST(c.value.content == r.content);
  BOOST_TEST(http::is_object_id(r.id));
}

void check_use_case(const storage::use_case& u) {
  auto c = http::parse_use_case_create({{"title", u.title},
                                        {"description", u.description},
                                        {"industry", u.industry},
                                        {"tags", u.tags},
                                        {"location", location_json(u.location)}});
  BOOST_TEST_REQUIRE(c.ok(), u.id << ": " << problems_of(c));
  BOOST_TEST(c.value.title == u.title);
  BOOST_TEST(c.value.description == u.description);
  BOOST_TEST(c.value.tags == u.tags);
  BOOST_TEST(c.value.location.lat == u.location.lat);
  BOOST_TEST(c.value.location.lng == u.location.lng);
}

// Every record of `pl` whose index is a multiple of `stride`.
void check_all(const seed::plan& pl, std::int64_t stride) {
  const auto& n = pl.count();
  check_user(seed::make_admin("admin@p2p.local"));
  for (std::int64_t i = 0; i < n.users; i += stride) {
    check_user(seed::make_user(i));
    check_profile(seed::make_profile(i));
  }
  for (std::int64_t p = 0; p < n.posts; p += stride) {
    check_post(seed::make_post(pl, p));
    for (std::int64_t k = 0; k < pl.replies_of(p); ++k)
      check_reply(seed::make_reply(pl, p, k));
  }
  for (std::int64_t i = 0; i < n.use_cases; i += stride)
    check_use_case(seed::make_use_case(pl, i));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_validity)

BOOST_AUTO_TEST_CASE(every_small_record_passes_the_contract_rules) {
  check_all(seed::plan(seed::size::small), 1);
}

BOOST_AUTO_TEST_CASE(a_sample_of_medium_passes_the_contract_rules) {
  check_all(seed::plan(seed::size::medium), 97);
}

BOOST_AUTO_TEST_CASE(a_sample_of_large_passes_the_contract_rules) {
  check_all(seed::plan(seed::size::large), 4999);
}

// Tags, categories, industries and expertise come only from these lists, so checking each
// entry covers every record of every size.
BOOST_AUTO_TEST_CASE(every_word_list_entry_passes_its_rule) {
  for (const char* tag : seed::tags())
    BOOST_TEST(http::is_tag(tag), tag);
  const http::text_rule fifty{.min_chars = 1, .max_chars = 50};
  for (auto list : {seed::categories(), seed::industries(), seed::expertise_areas()})
    for (const char* item : list)
      BOOST_TEST(http::check_text(item, fifty).ok(), item);
  for (auto list : {seed::first_names(), seed::last_names()})
    for (const auto& n : list) {
      BOOST_TEST(std::string(n.slug).find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos);
      BOOST_TEST(http::check_text(n.display, fifty).ok(), n.display);
    }
}

BOOST_AUTO_TEST_CASE(the_city_table_is_real_places_worldwide) {
  const auto cities = seed::cities();
  BOOST_TEST(cities.size() >= 50u);
  std::set<std::string> countries;
  bool south = false, west = false, east = false;
  for (const auto& c : cities) {
    BOOST_TEST((c.lat >= -90 && c.lat <= 90 && c.lng >= -180 && c.lng <= 180), c.name);
    BOOST_TEST(http::check_text(c.name, http::rules::place).ok(), c.name);
    BOOST_TEST(http::check_text(c.country, http::rules::place).ok(), c.country);
    countries.insert(c.country);
    south |= c.lat < 0;
    west |= c.lng < -100;
    east |= c.lng > 100;
  }
  BOOST_TEST(countries.size() >= 30u);
  BOOST_TEST((south && west && east));
}

BOOST_AUTO_TEST_SUITE_END()
