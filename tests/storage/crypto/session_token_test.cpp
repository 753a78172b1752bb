#include <boost/test/unit_test.hpp>

#include <set>

#include "storage/crypto/session_token.hpp"

BOOST_AUTO_TEST_SUITE(session_token)

BOOST_AUTO_TEST_CASE(tokens_are_43_base64url_characters_and_unique) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto t = storage::new_session_token();
    BOOST_TEST(t.size() == storage::session_token_size);
    BOOST_TEST(t.size() == 43u);
    BOOST_TEST(storage::looks_like_token(t), t);
    seen.insert(t);
  }
  BOOST_TEST(seen.size() == 200u);
}

BOOST_AUTO_TEST_CASE(token_hash_is_sha256_lower_hex) {
  // SHA-256("abc"), FIPS 180-2 test vector.
  BOOST_TEST(storage::token_hash_hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const auto t = storage::new_session_token();
  const auto h = storage::token_hash_hex(t);
  BOOST_TEST(h.size() == 64u);
  BOOST_TEST(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(h == storage::token_hash_hex(t));
  BOOST_TEST(h != storage::token_hash_hex(storage::new_session_token()));
}

BOOST_AUTO_TEST_CASE(junk_bearer_values_are_rejected_cheaply) {
  const auto good = storage::new_session_token();
  for (const std::string& bad :
       {std::string(), good.substr(1), good + "A", good.substr(0, 42) + "=",
        good.substr(0, 42) + "+",
        good.substr(0, 10) + " " + good.substr(11), std::string(43, '.'),
        good.substr(0, 42) + "B" /* a stray bit in the last character */, std::string(43, '\0')})
    BOOST_TEST(!storage::looks_like_token(bad), bad);
  BOOST_TEST(storage::looks_like_token(std::string(43, 'A')));
  BOOST_TEST(storage::looks_like_token(std::string(42, '_') + "w"));
}

BOOST_AUTO_TEST_SUITE_END()
