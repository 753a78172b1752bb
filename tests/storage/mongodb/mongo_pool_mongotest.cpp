// The Mongo client pool against the real server (FerretDB in the stack, MONGODB_URL): SCRAM
// authentication, refusals, unreachable servers, wait-queue timeouts and warm-up.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "storage/common/url.hpp"
#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"
#include "storage/mongodb/mongo_ops.hpp"
#include "storage/mongodb/profile_store.hpp"
#include "support/test_env.hpp"

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

storage::mongo_settings settings_with_url(const std::string& url) {
  auto s = test_env::settings().mongodb;
  s.url = url;
  return s;
}

std::unique_ptr<storage::mongo_client_pool> make_pool(const storage::mongo_settings& s) {
  auto pool = storage::mongo_client_pool::create(s);
  BOOST_REQUIRE_MESSAGE(pool.is_ok(), pool.get_status().to_string());
  return std::move(pool.value());
}

std::string with_option(const std::string& url, const std::string& option) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + option;
}

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mongo_pool)

BOOST_AUTO_TEST_CASE(authenticates_with_scram_sha_256) {
  std::string url = test_env::mongo_url();
  if (url.find("authMechanism") == std::string::npos)
    url = with_option(url, "authMechanism=SCRAM-SHA-256");
  auto pool = make_pool(settings_with_url(url));
  auto lease = pool->pop();
  BOOST_REQUIRE(lease);
  std::chrono::milliseconds latency{-1};
  auto st = pool->ping(lease, &latency);
  BOOST_REQUIRE_MESSAGE(st.is_ok(), "MongoDB at " << pool->redacted_url() << ": " << st.to_string());
  BOOST_TEST(latency.count() >= 0);
  // And a command that needs an authenticated user (ping alone may not on every server).
  storage::mongo_context ctx(lease.get(), pool->database(), 5s);
  auto cmd = storage::make_bson();
  bson_append_int32(cmd.get(), "connectionStatus", -1, 1);
  storage::bson_reply reply;
  BOOST_REQUIRE(storage::run_command(ctx, cmd.get(), reply.get(), "connectionStatus").is_ok());
  auto user = storage::read_string(reply.get(), "authInfo.authenticatedUsers.0.user");
  BOOST_TEST(user.value_or("") == storage::parse_url(url)->user);
}

BOOST_AUTO_TEST_CASE(wrong_password_is_refused_as_an_auth_failure) {
  const std::string secret = "definitely-not-the-password";
  auto pool = make_pool(settings_with_url(test_env::with_password(test_env::mongo_url(), secret)));
  auto lease = pool->pop();
  BOOST_REQUIRE(lease);
  auto st = pool->ping(lease);
  BOOST_TEST_MESSAGE("refusal: " << st.to_string());
  BOOST_REQUIRE(!st.is_ok());
  BOOST_TEST(storage::to_string(st.error_code()) == "unavailable");
  BOOST_TEST(st.message().find("authentication failed") != std::string::npos);
  BOOST_TEST(st.message().find(secret) == std::string::npos);
  // A store call with that client fails the same way.
  storage::mongo_context ctx(lease.get(), pool->database(), 5s);
  auto got = storage::get_profile(ctx, "nobody");
  BOOST_TEST(storage::to_string(got.get_status().error_code()) == "unavailable");
  BOOST_TEST(got.get_status().message().find("authentication failed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unreachable_server_fails_fast_as_unavailable) {
  auto s = settings_with_url("mongodb://p2p_user:iiot123@127.0.0.1:1/p2p_sandbox");
  auto pool = make_pool(s);  // no I/O yet
  auto lease = pool->pop();
  BOOST_REQUIRE(lease);
  auto start = clock_type::now();
  storage::mongo_context ctx(lease.get(), pool->database(), 10s);
  auto got = storage::get_profile(ctx, "anyone");
  const double took = seconds_since(start);
  BOOST_TEST_MESSAGE("unreachable: " << got.get_status().to_string() << " after " << took << " s");
  BOOST_TEST(storage::to_string(got.get_status().error_code()) == "unavailable");
  BOOST_TEST(took < 5.0);
  BOOST_TEST(got.get_status().message().find("iiot123") == std::string::npos);
  start = clock_type::now();
  auto st = pool->ping(lease);
  BOOST_TEST(storage::to_string(st.error_code()) == "unavailable");
  BOOST_TEST(seconds_since(start) < 5.0);
}

BOOST_AUTO_TEST_CASE(bad_url_is_invalid_without_the_password) {
  for (const char* url : {"http://u:pw123@h/", "mongodb://u:pw123@/db", "mongodb://u:pw123@h:99999/db",
                          "not a url at all"}) {
    auto pool = storage::mongo_client_pool::create(settings_with_url(url));
    BOOST_TEST_CONTEXT(url) {
      BOOST_REQUIRE(!pool.is_ok());
      BOOST_TEST(storage::to_string(pool.get_status().error_code()) == "invalid");
      BOOST_TEST(pool.get_status().message().find("pw123") == std::string::npos,
                 pool.get_status().message());
    }
  }
}

BOOST_AUTO_TEST_CASE(wait_queue_timeout_gives_overloaded) {
  auto s = test_env::settings().mongodb;
  s.max_pool_size = 2;
  s.min_pool_size = 0;
  s.wait_queue_timeout = 200ms;
  auto pool = make_pool(s);
  auto a = pool->pop();
  auto b = pool->pop();
  BOOST_REQUIRE(a);
  BOOST_REQUIRE(b);
  BOOST_TEST(pool->stats().in_use == 2);
  auto start = clock_type::now();
  auto c = pool->pop();
  const double waited = seconds_since(start);
  BOOST_TEST(!c);
  BOOST_TEST(storage::to_string(c.get_status().error_code()) == "overloaded");
  BOOST_TEST(waited >= 0.15);
  BOOST_TEST(waited < 2.0);
  BOOST_TEST(!pool->try_pop());
  BOOST_TEST(pool->stats().timeouts == 1u);
  a.release();
  auto d = pool->try_pop();  // the client came back
  BOOST_TEST(static_cast<bool>(d));
  BOOST_TEST(pool->stats().in_use == 2);
}

BOOST_AUTO_TEST_CASE(warm_up_opens_min_pool_size_clients) {
  auto s = test_env::settings().mongodb;
  s.min_pool_size = 3;
  auto pool = make_pool(s);
  auto st = pool->warm_up();
  BOOST_REQUIRE_MESSAGE(st.is_ok(), st.to_string());
  BOOST_TEST(pool->stats().in_use == 0);
  BOOST_TEST(pool->stats().acquired == 3u);
  // Warm clients answer at once.
  auto lease = pool->try_pop();
  BOOST_REQUIRE(lease);
  BOOST_TEST(pool->ping(lease).is_ok());
}

// Against a port where nothing listens, any round trip fails as `unavailable` (shown first,
// with a budget); with the budget spent the same call answers `timeout`, so it never tried to
// reach the server.
BOOST_AUTO_TEST_CASE(spent_budget_is_a_timeout_without_a_round_trip) {
  auto pool = make_pool(settings_with_url("mongodb://p2p_user:unused@127.0.0.1:1/p2p_sandbox"));
  auto lease = pool->pop();
  BOOST_REQUIRE(lease);
  storage::mongo_context with_budget(lease.get(), pool->database(), 3000ms);
  auto tried = storage::get_profile(with_budget, "anyone");
  BOOST_TEST(storage::to_string(tried.get_status().error_code()) == "unavailable", tried.get_status().to_string());
  storage::mongo_context spent(lease.get(), pool->database(), 0ms);
  auto got = storage::get_profile(spent, "anyone");
  BOOST_TEST(storage::to_string(got.get_status().error_code()) == "timeout", got.get_status().to_string());
}

BOOST_AUTO_TEST_SUITE_END()
