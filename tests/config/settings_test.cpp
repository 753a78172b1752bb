#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <thread>

#include "config/settings.hpp"

namespace {

std::string message_of(const storage::result<config::settings>& r) {
  return r.get_status().message();
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings_parsing)

BOOST_AUTO_TEST_CASE(defaults_follow_the_original_design) {
  config::settings s;
  // Twice the cores, at least 4, at most the origin's 20 + 40.
  const unsigned hc = std::thread::hardware_concurrency();
  const int cores = hc == 0 ? 2 : static_cast<int>(hc);
  BOOST_TEST(s.postgres.pool_size == std::clamp(2 * cores, 4, 20));
  BOOST_TEST(s.postgres.max_overflow == std::clamp(2 * cores, 4, 40));
  BOOST_TEST(s.postgres.pre_ping);
  BOOST_TEST(s.postgres.recycle.count() == 3600);
  BOOST_TEST(s.mongodb.max_pool_size == 20);
  BOOST_TEST(s.mongodb.min_pool_size == 5);
  BOOST_TEST(s.postgres.retry.startup_attempts == 5);
}

BOOST_AUTO_TEST_CASE(the_shipped_default_file_parses_to_the_built_in_defaults) {
  std::ifstream in(std::string(P2P_SOURCE_DIR) + "/config/default.json");
  BOOST_REQUIRE(in.good());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parsed = config::parse_settings(text);
  BOOST_REQUIRE_MESSAGE(parsed.is_ok(), message_of(parsed));
  // Every key of the file is a real key, and every value equals the built-in default.
  BOOST_TEST(config::to_redacted_json(parsed.value()) == config::to_redacted_json(config::settings{}));
}

BOOST_AUTO_TEST_CASE(a_good_file_overrides_only_what_it_names) {
  auto parsed = config::parse_settings(R"({
    "http": {"port": 9000, "threads": 8},
    "postgres": {"pool_size": 5, "acquire_timeout_ms": 750, "recycle_jitter": 0.2,
                 "retry": {"backoff_cap_ms": 4000}},
    "mongodb": {"min_pool_size": 2},
    "log": {"format": "json"}})");
  BOOST_REQUIRE_MESSAGE(parsed.is_ok(), message_of(parsed));
  const auto& s = parsed.value();
  BOOST_TEST(s.http.port == 9000);
  BOOST_TEST(s.http.threads == 8);
  BOOST_TEST(s.http.host == "127.0.0.1");
  BOOST_TEST(s.postgres.pool_size == 5);
  BOOST_TEST(s.postgres.max_overflow == storage::pg_settings{}.max_overflow);
  BOOST_TEST(s.postgres.acquire_timeout.count() == 750);
  BOOST_TEST(s.postgres.recycle_jitter == 0.2);
  BOOST_TEST(s.postgres.retry.backoff_cap.count() == 4000);
  BOOST_TEST(s.postgres.retry.backoff_initial.count() == 500);
  BOOST_TEST(s.mongodb.min_pool_size == 2);
  BOOST_TEST(s.log.format == "json");
}

BOOST_AUTO_TEST_CASE(every_bad_key_is_reported_at_once_with_its_path) {
  auto parsed = config::parse_settings(R"({
    "http": {"port": "eighty", "bogus": 1},
    "postgres": {"pool_size": -1, "pre_ping": "yes", "url": "http://x"},
    "mongodb": {"retry": {"backoff_initial_ms": 1.5}},
    "log": {"level": "loud"},
    "extra": true})");
  BOOST_REQUIRE(!parsed.is_ok());
  BOOST_TEST((parsed.get_status().error_code() == storage::code::invalid));
  const auto msg = message_of(parsed);
  for (const char* expected :
       {"http.port: must be an integer", "http.bogus: unknown key", "postgres.pool_size: must be in",
        "postgres.pre_ping: must be true or false", "postgres.url: scheme must be postgresql://",
        "mongodb.retry.backoff_initial_ms: must be an integer", "log.level: must be one of",
        "extra: unknown key"})
    BOOST_TEST(contains(msg, expected), "missing \"" << expected << "\" in:\n" << msg);
}

BOOST_AUTO_TEST_CASE(three_bad_keys_name_all_three) {
  auto parsed = config::parse_settings(R"({"http": {"prot": 1}, "postgres": {"pool_size": "x"}, "log": {"format": "xml"}})");
  BOOST_REQUIRE(!parsed.is_ok());
  const auto msg = message_of(parsed);
  BOOST_TEST(contains(msg, "http.prot"));
  BOOST_TEST(contains(msg, "postgres.pool_size"));
  BOOST_TEST(contains(msg, "log.format"));
}

BOOST_AUTO_TEST_CASE(wrong_shapes_are_refused) {
  BOOST_TEST(!config::parse_settings("not json").is_ok());
  BOOST_TEST(!config::parse_settings("[1,2]").is_ok());
  auto section = config::parse_settings(R"({"http": 5})");
  BOOST_REQUIRE(!section.is_ok());
  BOOST_TEST(contains(message_of(section), "http: must be an object"));
}

BOOST_AUTO_TEST_CASE(relations_between_keys_are_checked) {
  auto parsed = config::parse_settings(
      R"({"mongodb": {"min_pool_size": 30, "max_pool_size": 10},
          "postgres": {"retry": {"backoff_initial_ms": 20000, "backoff_cap_ms": 1000}}})");
  BOOST_REQUIRE(!parsed.is_ok());
  BOOST_TEST(contains(message_of(parsed), "mongodb.min_pool_size"));
  BOOST_TEST(contains(message_of(parsed), "postgres.retry.backoff_initial_ms"));
}

BOOST_AUTO_TEST_CASE(environment_overrides_the_file) {
  config::settings s;
  auto st = config::apply_environment(
      s, {{"DATABASE_URL", "postgresql://a:b@db.example:6543/x"},
          {"MONGODB_URL", "mongodb://m:n@mongo.example:27018/y"},
          {"P2P_HTTP_HOST", "0.0.0.0"},
          {"P2P_HTTP_PORT", "8080"},
          {"P2P_LOG_LEVEL", "debug"}});
  BOOST_REQUIRE_MESSAGE(st.is_ok(), st.message());
  BOOST_TEST(s.postgres.url == "postgresql://a:b@db.example:6543/x");
  BOOST_TEST(s.mongodb.url == "mongodb://m:n@mongo.example:27018/y");
  BOOST_TEST(s.http.host == "0.0.0.0");
  BOOST_TEST(s.http.port == 8080);
  BOOST_TEST(s.log.level == "debug");
}

BOOST_AUTO_TEST_CASE(bad_environment_values_are_all_reported) {
  config::settings s;
  auto st = config::apply_environment(
      s, {{"DATABASE_URL", "mysql://x"}, {"P2P_HTTP_PORT", "80a"}, {"P2P_LOG_LEVEL", "chatty"}});
  BOOST_REQUIRE(!st.is_ok());
  BOOST_TEST(contains(st.message(), "DATABASE_URL"));
  BOOST_TEST(contains(st.message(), "P2P_HTTP_PORT"));
  BOOST_TEST(contains(st.message(), "P2P_LOG_LEVEL"));
  BOOST_TEST(s.http.port == 8000);  // nothing applied from a bad value
}

BOOST_AUTO_TEST_CASE(printed_configuration_never_shows_a_password) {
  config::settings s;
  s.postgres.url = "postgresql://p2p_user:s3cret-pg@127.0.0.1:5432/p2p_sandbox";
  s.mongodb.url = "mongodb://p2p_user:s3cret-mongo@127.0.0.1:27017/p2p_sandbox";
  auto text = config::to_redacted_json(s);
  BOOST_TEST(!contains(text, "s3cret"));
  BOOST_TEST(contains(text, "postgresql://p2p_user:***@127.0.0.1:5432/p2p_sandbox"));
  BOOST_TEST(contains(text, "mongodb://p2p_user:***@127.0.0.1:27017/p2p_sandbox"));
}

BOOST_AUTO_TEST_CASE(load_settings_names_the_file_in_errors) {
  auto missing = config::load_settings("/nonexistent/p2p.json", {});
  BOOST_REQUIRE(!missing.is_ok());
  BOOST_TEST(contains(missing.get_status().message(), "/nonexistent/p2p.json"));
}

BOOST_AUTO_TEST_SUITE_END()
