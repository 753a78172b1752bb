#include "support/robust_fixture.hpp"

#include "storage/common/url.hpp"
#include "support/test_env.hpp"

#include <cstdio>
#include <fstream>
#include <memory>

#include <signal.h>

namespace robust {

namespace {

// Strings no answer may carry (the contract: no SQL, stack traces, hostnames or secrets).
const char* const leaks[] = {"SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "postgresql://", "mongodb://", "/work/",
                             "/usr/", ".cpp", ".hpp", "std::", "terminate called", "iiot123", "password_hash",
                             "127.0.0.1:5432", "27017", "libpq", "mongoc", "EXCEPTION_WHAT"};

}  // namespace

service_and_edge& shared() {
  static std::unique_ptr<service_and_edge> s;
  if (!s) {
    auto fresh = std::make_unique<service_and_edge>();
    BOOST_REQUIRE_MESSAGE(fresh->server.start(), "the service must start (both stores up): " << fresh->server.log());
    std::string error;
    BOOST_REQUIRE_MESSAGE(fresh->edge.start({fresh->server.port()}, error), "the edge must start: " << error);
    s = std::move(fresh);
  }
  return *s;
}

int port_of(via v) { return v == via::edge ? shared().edge.port() : shared().server.port(); }

void check_clean(const raw_response& r, const std::string& what, bool allow_no_answer) {
  if (!allow_no_answer)
    BOOST_TEST(r.status != 0, what << ": no answer");
  BOOST_TEST((r.status < 500 || r.status == 503 || r.status == 504), what << ": status " << r.status);
  for (const char* leak : leaks)
    BOOST_TEST(r.body.find(leak) == std::string::npos, what << ": the body leaks '" << leak << "': " << r.body.substr(0, 300));
  for (const auto& [name, value] : r.headers)
    BOOST_TEST(name != "exception_what", what << ": EXCEPTION_WHAT header");
}

probe_result probe(via v, std::chrono::milliseconds limit) {
  probe_result out;
  const auto r = test_env::raw_request(port_of(v), test_env::simple_get("/health/live"), &out.took, "127.0.0.1", limit);
  out.status = r.status;
  check_clean(r, std::string("probe via ") + name_of(v), true);
  return out;
}

void check_alive(const std::string& what) {
  BOOST_TEST(::kill(shared().server.pid(), 0) == 0, what << ": the service process is gone");
  for (via v : {via::direct, via::edge}) {
    // After an attack, allow the service a moment to shed what it still holds (its own
    // deadlines are 1-10 s), then it must answer 200.
    probe_result p;
    for (int i = 0; i < 50 && p.status != 200; ++i)
      p = probe(v, 1s);
    BOOST_TEST(p.status == 200, what << ": /health/live via " << name_of(v) << " after the attack");
  }
}

private_service::private_service(const nlohmann::json& settings)
    : proxy(storage::parse_url(test_env::pg_url()).value().port) {
  static int counter = 0;
  const auto url = storage::parse_url(test_env::pg_url()).value();
  const std::string pg = "postgresql://" + url.user + ":" + url.password + "@127.0.0.1:" +
                         std::to_string(proxy.port()) + "/" + url.database;
  config_path = "/tmp/p2p-robust-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".json";
  std::ofstream(config_path) << settings.dump();
  server = std::make_unique<test_env::server_process>(std::map<std::string, std::string>{{"DATABASE_URL", pg}},
                                                       std::vector<std::string>{"--config", config_path});
  BOOST_REQUIRE_MESSAGE(server->start(), "the private service must start: " << server->log());
}

private_service::~private_service() {
  proxy.restore();
  server.reset();
  std::remove(config_path.c_str());
}

}  // namespace robust
