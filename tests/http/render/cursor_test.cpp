#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

#include "http/render/cursor.hpp"

using http::cursor_codec;
using http::key_list;
using http::time_cursor;
using http::time_list;

namespace {

const cursor_codec& codec() {
  static const cursor_codec c(http::cursor_key_from_secret("unit-test secret"));
  return c;
}

bool is_base64url(const std::string& s) {
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_'))
      return false;
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cursor)

BOOST_AUTO_TEST_CASE(time_cursors_round_trip) {
  const time_cursor cases[] = {
      {1764238530123456, "123e4567-e89b-12d3-a456-426614174000"},
      {1764238530123, "507f1f77bcf86cd799439011"},
      {0, ""},
      {-1, "x"},
      {std::numeric_limits<std::int64_t>::min(), std::string(cursor_codec::max_id_size, 'i')},
      {std::numeric_limits<std::int64_t>::max(), "z"},
  };
  for (const auto& c : cases) {
    const auto text = codec().encode(time_list::posts, c);
    BOOST_TEST_CONTEXT(text) {
      BOOST_TEST(is_base64url(text));
      BOOST_TEST(text.size() <= cursor_codec::max_text_size);
      const auto back = codec().decode(time_list::posts, text);
      BOOST_TEST(back.has_value());
      BOOST_TEST((back && *back == c));
    }
  }
}

BOOST_AUTO_TEST_CASE(key_cursors_round_trip) {
  for (const std::string& key : {std::string("feature.flags"), std::string("a"), std::string(),
                                 std::string(64, 'k')}) {
    const auto text = codec().encode(key_list::configs, key);
    BOOST_TEST(is_base64url(text));
    const auto back = codec().decode(key_list::configs, text);
    BOOST_TEST((back && *back == key), key);
  }
}

BOOST_AUTO_TEST_CASE(a_cursor_of_one_list_fails_on_another) {
  const auto posts = codec().encode(time_list::posts, {42, "507f1f77bcf86cd799439011"});
  BOOST_TEST(!codec().decode(time_list::use_cases, posts).has_value());
  BOOST_TEST(!codec().decode(time_list::replies, posts).has_value());
  BOOST_TEST(!codec().decode(key_list::configs, posts).has_value());
  const auto configs = codec().encode(key_list::configs, "key");
  BOOST_TEST(!codec().decode(key_list::profiles, configs).has_value());
  BOOST_TEST(!codec().decode(time_list::users, configs).has_value());
}

BOOST_AUTO_TEST_CASE(a_cursor_holds_only_within_its_key) {
  const auto text = codec().encode(time_list::users, {7, "id"});
  const cursor_codec other(http::cursor_key_from_secret("another secret"));
  BOOST_TEST(!other.decode(time_list::users, text).has_value());
  const cursor_codec same(http::cursor_key_from_secret("unit-test secret"));
  BOOST_TEST(same.decode(time_list::users, text).has_value());
  BOOST_TEST((http::random_cursor_key() != http::random_cursor_key()));
}

BOOST_AUTO_TEST_CASE(every_changed_character_is_detected) {
  const auto text = codec().encode(time_list::posts, {1764238530123, "507f1f77bcf86cd799439011"});
  int accepted = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (char replacement : {'A', 'f', '-', '_'}) {
      auto tampered = text;
      if (tampered[i] == replacement)
        continue;
      tampered[i] = replacement;
      if (codec().decode(time_list::posts, tampered))
        ++accepted;
    }
  }
  BOOST_TEST(accepted == 0);
  BOOST_TEST(!codec().decode(time_list::posts, text.substr(0, text.size() - 1)).has_value());
  BOOST_TEST(!codec().decode(time_list::posts, text + "A").has_value());
}

BOOST_AUTO_TEST_CASE(garbage_is_refused) {
  const auto good = codec().encode(time_list::posts, {1, "a"});
  for (const std::string& bad : {std::string(), std::string("!!!!"), std::string("abc"),
                                std::string("AAAA"), good + "=", good + "==", "=" + good,
                                std::string(" ") + good, std::string(600, 'A'),
                                std::string(513, 'A'), std::string("a\0b", 3), std::string("\xFF")})
    BOOST_TEST(!codec().decode(time_list::posts, bad).has_value(), bad.size());
}

BOOST_AUTO_TEST_CASE(invalid_cursor_error_is_a_400) {
  const auto e = http::invalid_cursor_error();
  BOOST_TEST(e.status == 400);
  BOOST_TEST(e.code == "bad_request");
  BOOST_TEST(e.message == "invalid cursor");
}

BOOST_AUTO_TEST_SUITE_END()
