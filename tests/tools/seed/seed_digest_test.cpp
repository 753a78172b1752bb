// The content hash of seed data: independent of record order, sensitive to any change, blind to
// password hashes.
#include <boost/test/unit_test.hpp>

#include "tools/seed/seed_digest.hpp"
#include "tools/seed/seed_pg.hpp"

namespace seed = storage::seed;

BOOST_AUTO_TEST_SUITE(seed_digest)

BOOST_AUTO_TEST_CASE(order_does_not_matter_content_does) {
  seed::content_digest a, b, c;
  a.add("p", "one");
  a.add("p", "two");
  a.add("q", "three");
  b.add("q", "three");
  b.add("p", "two");
  b.add("p", "one");
  c.add("p", "one");
  c.add("p", "tw0");
  c.add("q", "three");
  BOOST_TEST(a.hex() == b.hex());
  BOOST_TEST(a.hex() != c.hex());
  BOOST_TEST(a.hex().size() == 64u);
  BOOST_TEST(a.counts().at("p") == 2);
  seed::content_digest moved;  // the same record under another part is other content
  moved.add("p", "one");
  moved.add("q", "two");
  moved.add("q", "three");
  BOOST_TEST(moved.hex() != a.hex());
}

BOOST_AUTO_TEST_CASE(a_users_text_leaves_out_the_password_hash) {
  storage::user u;
  u.id = "0f9c2d14-7a3b-8c41-9d2e-5b6a7c8d9e0f";
  u.email = "a@b.cd";
  u.password_hash = "$argon2id$one";
  const std::string text = seed::canonical(u);
  u.password_hash = "$argon2id$two";
  BOOST_TEST(seed::canonical(u) == text);
  BOOST_TEST(text.find("argon2") == std::string::npos);
  u.full_name = "changed";
  BOOST_TEST(seed::canonical(u) != text);
}

BOOST_AUTO_TEST_CASE(postgres_array_literals_quote_everything) {
  BOOST_TEST(seed::pg_text_array({}) == "{}");
  BOOST_TEST(seed::pg_text_array({"a", "b c"}) == R"({"a","b c"})");
  BOOST_TEST(seed::pg_text_array({R"(O"Connor\)", "{,}"}) == R"({"O\"Connor\\","{,}"})");
  BOOST_TEST(seed::pg_text_array({"NULL", ""}) == R"({"NULL",""})");
}

BOOST_AUTO_TEST_SUITE_END()
