// The API's JSON for MongoDB documents and the cursors of their lists (http/render/render_mongo.hpp).
#include <boost/test/unit_test.hpp>

#include "http/render/render_mongo.hpp"

using nlohmann::json;

namespace {

constexpr std::int64_t nov_27_ms = 1795774530123;  // 2026-11-27T10:15:30.123Z

const http::cursor_codec& codec() {
  static const http::cursor_codec c(http::cursor_key_from_secret("render_mongo unit test"));
  return c;
}

storage::post sample_post() {
  storage::post p;
  p.id = "507f1f77bcf86cd799439011";
  p.author_id = "123e4567-e89b-12d3-a456-426614174000";
  p.title = "Title";
  p.content = "Content";
  p.category = "automation";
  p.tags = {"opc-ua", "iiot"};
  p.status = storage::post_status::closed;
  p.reply_count = 3;
  p.best_answer_id = "507f1f77bcf86cd799439012";
  p.created_at_ms = nov_27_ms;
  p.updated_at_ms = nov_27_ms + 1;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(render_mongo)

BOOST_AUTO_TEST_CASE(times_are_rfc3339_utc_with_milliseconds_from_milliseconds) {
  BOOST_TEST(http::mongo_time(0) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(http::mongo_time(nov_27_ms) == "2026-11-27T10:15:30.123Z");
  BOOST_TEST(http::mongo_time(-1) == "1969-12-31T23:59:59.999Z");
}

BOOST_AUTO_TEST_CASE(a_post_has_exactly_the_contract_fields) {
  const json expected = {{"id", "507f1f77bcf86cd799439011"},
                         {"author_id", "123e4567-e89b-12d3-a456-426614174000"},
                         {"title", "Title"},
                         {"content", "Content"},
                         {"category", "automation"},
                         {"tags", {"opc-ua", "iiot"}},
                         {"status", "closed"},
                         {"reply_count", 3},
                         {"created_at", "2026-11-27T10:15:30.123Z"},
                         {"updated_at", "2026-11-27T10:15:30.124Z"}};
  BOOST_TEST(http::post_json(sample_post()) == expected);
}

BOOST_AUTO_TEST_CASE(a_reply_has_exactly_the_contract_fields) {
  storage::reply r{"507f1f77bcf86cd799439012", "507f1f77bcf86cd799439011", "u1", "Hi", 20, true, nov_27_ms, nov_27_ms};
  const json expected = {{"id", "507f1f77bcf86cd799439012"}, {"post_id", "507f1f77bcf86cd799439011"},
                         {"author_id", "u1"},                {"content", "Hi"},
                         {"upvotes", 20},                    {"is_best_answer", true},
                         {"created_at", "2026-11-27T10:15:30.123Z"}, {"updated_at", "2026-11-27T10:15:30.123Z"}};
  BOOST_TEST(http::reply_json(r) == expected);
}

BOOST_AUTO_TEST_CASE(absent_optional_values_are_null_not_missing) {
  storage::profile p;
  p.user_id = "u1";
  p.display_name = "Ada";
  p.industry = "Energy";
  const auto j = http::profile_json(p);
  BOOST_TEST(j["location"].is_null());
  BOOST_TEST(j["bio"].is_null());
  BOOST_TEST(j["expertise"] == json::array());
  BOOST_TEST(j.size() == 8u);

  p.location = storage::location{52.52, 13.405, "Berlin", std::nullopt};
  p.bio = "Bio";
  const auto with = http::profile_json(p);
  BOOST_TEST(with["location"] == json({{"lat", 52.52}, {"lng", 13.405}, {"city", "Berlin"}, {"country", nullptr}}));
  BOOST_TEST(with["bio"] == "Bio");
}

BOOST_AUTO_TEST_CASE(a_use_case_and_a_near_hit) {
  storage::use_case u;
  u.id = "507f1f77bcf86cd799439013";
  u.submitted_by = "u2";
  u.title = "Press line";
  u.description = "D";
  u.industry = "Automotive";
  u.location = {48.1351, 11.582, "Munich", "DE"};
  u.created_at_ms = u.updated_at_ms = nov_27_ms;
  const auto j = http::use_case_json(u);
  BOOST_TEST(j.size() == 9u);
  BOOST_TEST(j["submitted_by"] == "u2");
  BOOST_TEST(j["tags"] == json::array());
  BOOST_TEST(j["location"] == json({{"lat", 48.1351}, {"lng", 11.582}, {"city", "Munich"}, {"country", "DE"}}));
  BOOST_TEST(!j.contains("distance_km"));

  const auto hit = http::use_case_hit_json({u, 504.41602812});
  BOOST_TEST(hit["distance_km"].get<double>() == 504.416);
  BOOST_TEST(hit.size() == 10u);
}

BOOST_AUTO_TEST_CASE(pages_carry_items_and_a_cursor_or_null) {
  const std::vector<storage::post> posts{sample_post(), sample_post()};
  const auto last = http::page_json(posts, http::post_json, std::nullopt);
  BOOST_TEST(last["items"].size() == 2u);
  BOOST_TEST(last["next_cursor"].is_null());
  const auto more = http::page_json(std::vector<storage::post>{}, http::post_json, std::string("abc"));
  BOOST_TEST(more == json({{"items", json::array()}, {"next_cursor", "abc"}}));
}

BOOST_AUTO_TEST_CASE(time_cursors_round_trip_through_the_store_positions) {
  const std::optional<storage::post_cursor> next = storage::post_cursor{nov_27_ms, "507f1f77bcf86cd799439011"};
  const auto text = http::encode_time_cursor(codec(), http::time_list::posts, next);
  BOOST_REQUIRE(text.has_value());
  const auto back = http::decode_time_cursor<storage::post_cursor>(codec(), http::time_list::posts, *text);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->created_at_ms == nov_27_ms);
  BOOST_TEST(back->id == "507f1f77bcf86cd799439011");
  // Another list's cursor, garbage, and the last page.
  BOOST_TEST(!http::decode_time_cursor<storage::reply_cursor>(codec(), http::time_list::replies, *text));
  BOOST_TEST(!http::decode_time_cursor<storage::use_case_cursor>(codec(), http::time_list::use_cases, "garbage"));
  BOOST_TEST(!http::encode_time_cursor(codec(), http::time_list::posts, std::optional<storage::post_cursor>{}));
}

BOOST_AUTO_TEST_SUITE_END()
