// The real binary reading its secrets from files and from systemd credentials
// (config/secrets.hpp): it serves with no URL in its environment or on its command line, keeps
// the passwords out of its log and `config show`, refuses unreadable files with exit 2, and
// instances sharing a cursor key accept each other's cursors.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "storage/common/url.hpp"
#include "support/auth_fixture.hpp"
#include "support/free_port.hpp"
#include "support/service_child.hpp"
#include "support/test_env.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The variables that could give a secret another way: all removed from the child.
const std::vector<std::string> secret_variables = {"DATABASE_URL", "MONGODB_URL", "DATABASE_URL_FILE", "MONGODB_URL_FILE",
                                                   "P2P_CURSOR_KEY_FILE", "CREDENTIALS_DIRECTORY", "NOTIFY_SOCKET"};

struct secret_dir {
  fs::path dir;
  explicit secret_dir(const std::string& stem) {
    dir = fs::temp_directory_path() / ("p2p-" + stem + "-" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  ~secret_dir() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(dir / name) << content << "\n";
    fs::permissions(dir / name, fs::perms::owner_read);
    return (dir / name).string();
  }
};

// A serve child on a free port, waited for until /health/live answers.
struct instance {
  int port = test_env::free_port();
  std::unique_ptr<test_env::service_child> child;
  explicit instance(std::map<std::string, std::string> env) {
    env["P2P_HTTP_HOST"] = "127.0.0.1";
    env["P2P_HTTP_PORT"] = std::to_string(port);
    child = std::make_unique<test_env::service_child>(std::vector<std::string>{"serve"}, env, secret_variables);
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(0, 200000);
    bool up = false;
    for (const auto until = std::chrono::steady_clock::now() + 60s; !up && std::chrono::steady_clock::now() < until;) {
      auto r = c.Get("/health/live");
      up = r && r->status == 200;
      if (!up)
        std::this_thread::sleep_for(50ms);
    }
    BOOST_REQUIRE_MESSAGE(up, "the instance must start:\n" << child->log());
  }
  ~instance() {
    child->signal(SIGTERM);
    child->wait_exit(20000ms);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets_e2e)

BOOST_AUTO_TEST_CASE(serve_takes_its_urls_from_files_and_keeps_the_passwords_out_of_the_log) {
  secret_dir d("url-files");
  instance a({{"DATABASE_URL_FILE", d.write("database-url", test_env::pg_url())},
              {"MONGODB_URL_FILE", d.write("mongodb-url", test_env::mongo_url())}});
  test_env::api_client api(a.port);
  const auto health = api.get("/health");
  BOOST_TEST(health.status == 200, health.body.dump());
  BOOST_TEST(health.body["checks"]["postgres"]["status"] == "pass");
  BOOST_TEST(health.body["checks"]["mongodb"]["status"] == "pass");
  BOOST_REQUIRE(a.child->wait_for_log("secrets: postgres.url from DATABASE_URL_FILE " + (d.dir / "database-url").string(), 3000ms));
  const auto log = a.child->log();
  BOOST_TEST(log.find("mongodb.url from MONGODB_URL_FILE") != std::string::npos, log);
  // No key file: the key every instance shares, from PostgreSQL (never the key itself).
  BOOST_TEST(log.find("cursor key postgres (service_secrets)") != std::string::npos, log);
  BOOST_TEST(log.find("cursor key: postgres (service_secrets), ") != std::string::npos, log);
  for (const auto& url : {test_env::pg_url(), test_env::mongo_url()}) {
    const auto pw = storage::parse_url(url).value().password;
    BOOST_REQUIRE(!pw.empty());
    BOOST_TEST(log.find(":" + pw + "@") == std::string::npos, "a password reached the log");
  }
}

BOOST_AUTO_TEST_CASE(instances_that_share_a_cursor_key_accept_each_others_cursors) {
  const std::string key = "a-cursor-key-shared-by-every-instance-0123456789";
  secret_dir files("cursor-file");
  secret_dir creds("credentials");
  creds.write("database-url", test_env::pg_url());
  creds.write("mongodb-url", test_env::mongo_url());
  creds.write("cursor-key", key);
  // One instance with a key file, one with systemd credentials only, one with no key (it takes
  // PostgreSQL's shared key, which the file and the credential override on the other two).
  instance a({{"P2P_CURSOR_KEY_FILE", files.write("key", key)},
              {"DATABASE_URL", test_env::pg_url()},
              {"MONGODB_URL", test_env::mongo_url()}});
  instance b({{"CREDENTIALS_DIRECTORY", creds.dir.string()}});
  instance c({{"DATABASE_URL", test_env::pg_url()}, {"MONGODB_URL", test_env::mongo_url()}});
  BOOST_TEST(b.child->wait_for_log("cursor key credential cursor-key", 3000ms).has_value(), b.child->log());

  test_env::auth_fixture auth;
  const auto admin = auth.admin();
  auth.user();  // at least two users: page 1 of one has a next cursor
  const auto page = test_env::api_client(a.port).get("/api/v1/users?limit=1", admin.token);
  BOOST_REQUIRE_MESSAGE(page.status == 200 && page.body["next_cursor"].is_string(), page.body.dump());
  const auto next = "/api/v1/users?limit=1&cursor=" + test_env::url_encode(page.body["next_cursor"].get<std::string>());
  const auto on_b = test_env::api_client(b.port).get(next, admin.token);
  BOOST_TEST(on_b.status == 200, on_b.body.dump());
  const auto on_c = test_env::api_client(c.port).get(next, admin.token);
  test_env::check_error(on_c, 400, "bad_request", "a cursor sealed with another key");
}

BOOST_AUTO_TEST_CASE(config_show_redacts_a_url_from_a_file_and_a_bad_file_exits_2) {
  secret_dir d("show");
  const std::string url = "postgresql://app:fr0m-a-f1le@db.internal:6432/p2p";
  {
    test_env::service_child show({"config", "show"}, {{"DATABASE_URL_FILE", d.write("pg", url)}}, secret_variables);
    BOOST_TEST(show.wait_exit(30000ms) == 0);
    const auto out = show.log();
    BOOST_TEST(out.find("fr0m-a-f1le") == std::string::npos, out);
    BOOST_TEST(out.find("postgresql://app:***@db.internal:6432/p2p") != std::string::npos, out);
    BOOST_TEST(out.find("\"postgres.url\": \"DATABASE_URL_FILE " + (d.dir / "pg").string()) != std::string::npos, out);
  }
  {
    // Two problems, both named at once, neither with a secret; exit 2 as for any bad configuration.
    test_env::service_child bad({"serve"},
                                {{"DATABASE_URL_FILE", (d.dir / "absent").string()},
                                 {"MONGODB_URL_FILE", d.dir.string()},
                                 {"P2P_HTTP_PORT", std::to_string(test_env::free_port())}},
                                secret_variables);
    BOOST_TEST(bad.wait_exit(30000ms) == 2);
    const auto out = bad.log();
    BOOST_TEST(out.find("DATABASE_URL_FILE: cannot read " + (d.dir / "absent").string() + ": No such file or directory") !=
                   std::string::npos,
               out);
    BOOST_TEST(out.find("MONGODB_URL_FILE: cannot read " + d.dir.string() + ": Is a directory") != std::string::npos, out);
  }
}

BOOST_AUTO_TEST_SUITE_END()
