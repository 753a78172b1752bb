// The digests, MACs and encodings of storage/crypto against published test vectors.
#include <boost/test/unit_test.hpp>

#include <string>

#include "storage/crypto/digest.hpp"
#include "storage/crypto/encoding.hpp"
#include "storage/crypto/random.hpp"

namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crypto_digest)

BOOST_AUTO_TEST_CASE(sha256_matches_fips_180_vectors) {
  BOOST_TEST(storage::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(storage::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(storage::to_hex(storage::sha256("abc")) == storage::sha256_hex("abc"));
}

BOOST_AUTO_TEST_CASE(hmac_sha256_matches_rfc_4231_and_refuses_any_change) {
  storage::mac_key key{'J', 'e', 'f', 'e'};  // HMAC pads a short key with zeros: RFC 4231 case 2
  const std::string data = "what do ya want for nothing?";
  const auto mac = storage::hmac_sha256(data, key);
  BOOST_TEST(storage::to_hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  BOOST_TEST(storage::hmac_sha256_verify(mac, data, key));
  BOOST_TEST(!storage::hmac_sha256_verify(mac, data + "!", key));
  auto flipped = mac;
  flipped[31] ^= 1;
  BOOST_TEST(!storage::hmac_sha256_verify(flipped, data, key));
  BOOST_TEST(!storage::hmac_sha256_verify(std::span(mac).first(31), data, key));
  BOOST_TEST(storage::derive_mac_key("secret") == storage::derive_mac_key("secret"));
  BOOST_TEST(storage::derive_mac_key("secret") != storage::derive_mac_key("secreT"));
}

BOOST_AUTO_TEST_CASE(short_hash_is_siphash_2_4) {
  storage::short_hash_key key{};
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<std::uint8_t>(i);
  // The reference implementation's first vector (key 00..0f, empty input), read big-endian.
  BOOST_TEST(storage::short_hash("", key) == 0x310e0edd47db6f72ULL);
  BOOST_TEST(storage::short_hash("a", key) != storage::short_hash("b", key));
}

BOOST_AUTO_TEST_CASE(base64url_round_trips_rfc_4648_vectors_and_refuses_padding) {
  BOOST_TEST(storage::base64url_encode(bytes("")) == "");
  BOOST_TEST(storage::base64url_encode(bytes("f")) == "Zg");
  BOOST_TEST(storage::base64url_encode(bytes("fo")) == "Zm8");
  BOOST_TEST(storage::base64url_encode(bytes("foobar")) == "Zm9vYmFy");
  BOOST_TEST(storage::base64url_encode(bytes("\xfb\xff")) == "-_8");  // the url-safe alphabet
  BOOST_TEST(storage::base64url_decode("Zm9vYmFy").value_or("?") == "foobar");
  BOOST_TEST(storage::base64url_decode("-_8").value_or("?") == "\xfb\xff");
  BOOST_TEST(!storage::base64url_decode("Zm8=").has_value());
  BOOST_TEST(!storage::base64url_decode("Zm8 ").has_value());
  BOOST_TEST(!storage::base64url_decode("+/8").has_value());
}

BOOST_AUTO_TEST_CASE(random_bytes_differ_between_draws) {
  BOOST_TEST(storage::random_array<32>() != storage::random_array<32>());
}

BOOST_AUTO_TEST_SUITE_END()
