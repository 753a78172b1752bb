// auth.max_hashes_per_client: its default, the file key and its environment override.
#include <boost/test/unit_test.hpp>

#include <string>

#include "config/settings.hpp"

BOOST_AUTO_TEST_SUITE(hash_share_settings)

BOOST_AUTO_TEST_CASE(two_jobs_per_client_by_default) { BOOST_TEST(config::settings{}.auth.max_hashes_per_client == 2u); }

BOOST_AUTO_TEST_CASE(the_file_sets_it_within_its_range) {
  auto good = config::parse_settings(R"({"auth": {"max_hashes_per_client": 4}})");
  BOOST_REQUIRE_MESSAGE(good.is_ok(), good.get_status().message());
  BOOST_TEST(good.value().auth.max_hashes_per_client == 4u);
  for (const char* bad : {R"({"auth": {"max_hashes_per_client": 0}})", R"({"auth": {"max_hashes_per_client": "2"}})"}) {
    auto parsed = config::parse_settings(bad);
    BOOST_TEST_REQUIRE(!parsed.is_ok(), bad);
    BOOST_TEST(parsed.get_status().message().find("auth.max_hashes_per_client") != std::string::npos, parsed.get_status().message());
  }
}

BOOST_AUTO_TEST_CASE(the_environment_overrides_it_and_a_bad_value_applies_nothing) {
  config::settings s;
  BOOST_REQUIRE(config::apply_environment(s, {{"P2P_MAX_HASHES_PER_CLIENT", "3"}}).is_ok());
  BOOST_TEST(s.auth.max_hashes_per_client == 3u);
  for (const char* bad : {"0", "x", "", "2a", "100001"}) {
    const auto st = config::apply_environment(s, {{"P2P_MAX_HASHES_PER_CLIENT", bad}});
    BOOST_TEST(!st.is_ok(), "'" << bad << "' was accepted");
    BOOST_TEST(st.message().find("P2P_MAX_HASHES_PER_CLIENT") != std::string::npos);
    BOOST_TEST(s.auth.max_hashes_per_client == 3u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
