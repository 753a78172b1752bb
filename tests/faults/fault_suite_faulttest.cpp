// The fault suite: a steady load of writes while, one at a time, PostgreSQL's postmaster is
// killed (SIGKILL) and restarted, every PostgreSQL backend is terminated, FerretDB is stopped
// and restarted, FerretDB's own PostgreSQL is killed (SIGKILL) and restarted, and FerretDB is
// frozen (SIGSTOP) and thawed. After each fault:
//   - every acknowledged write is readable (lost = 0);
//   - during the fault only 503 or 504 came back as errors (never another 5xx, never a hang);
//   - the other store's writes kept succeeding (its own clients, so a hung store holds up none);
//   - /health is `pass` again within the backoff cap plus 2 s of the fault's end.
// It prints a table per fault. The service runs on a private PostgreSQL schema and MongoDB
// database, dropped at the end, so the suite's thousands of writes never pile up in the shared
// development data (where a growing FerretDB collection would slow every later run).
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "storage/bson_fields.hpp"
#include "storage/bson_oid.hpp"
#include "storage/mongo_collections.hpp"
#include "storage/mongo_handles.hpp"
#include "storage/mongo_ops.hpp"
#include "storage/pg_connection.hpp"
#include "storage/pg_migrator.hpp"
#include "support/actor_fixture.hpp"
#include "support/mongo_scratch.hpp"
#include "support/pg_scratch.hpp"
#include "support/load_recorder.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"
#include "support/stack_control.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using faults::store;

namespace {

using test_env::stack;
using test_env::store_pid;

constexpr double backoff_cap_s = 2.0;  // the suite's configured retry.backoff_cap_ms, in seconds

// Short backoff, and MongoDB's `database` (the URL's path names only the auth database).
std::string write_config(const std::string& mongo_database) {
  const std::string path = "/tmp/p2p-faults-" + std::to_string(::getpid()) + ".json";
  std::ofstream(path) << R"({
    "postgres": {"retry": {"backoff_initial_ms": 100, "backoff_cap_ms": 2000}},
    "mongodb": {"database": ")" << mongo_database << R"(", "retry": {"backoff_initial_ms": 100, "backoff_cap_ms": 2000}},
    "log": {"level": "warn"}})";
  return path;
}

struct fault {
  const char* name;
  store hit;                    // the store the fault takes away
  std::function<void()> begin;  // applies the fault
  std::function<void()> end;    // ends it (restart, thaw); may be empty
  std::chrono::seconds hold = 3s;  // how long the fault lasts before `end`
};

// Runs `sql` on a fresh connection (the suite kills connections, so none is kept).
bool pg_exec(const std::string& sql) {
  auto c = storage::pg_connection::connect(test_env::pg_url(), 5000ms);
  return c.is_ok() && c.value()->exec_script(sql).is_ok();
}

// A private PostgreSQL schema and MongoDB database, migrated; dropped at the end.
struct private_stores {
  std::string name = "faults_" + storage::format_oid(storage::new_oid());
  std::string pg_url = pg_test::url_with_search_path(test_env::pg_url(), name);

  private_stores() {
    BOOST_REQUIRE(pg_exec("CREATE SCHEMA " + name));
    storage::migrator_options o;
    o.url = pg_url;
    auto steps = storage::pg_migrator(o).up();
    BOOST_REQUIRE_MESSAGE(steps.is_ok(), steps.get_status().to_string());
    auto mongo = test_env::settings().mongodb;
    mongo.database = name;
    (void)mongo_test::migrated_pool(mongo);
  }
  ~private_stores() {
    (void)pg_exec("DROP SCHEMA " + name + " CASCADE");
    auto mongo = test_env::settings().mongodb;
    mongo.database = name;
    mongo_test::scratch db(mongo);
    auto drop = storage::make_bson();
    storage::append_int64(drop.get(), "dropDatabase", 1);
    storage::bson_reply reply;
    (void)storage::run_command(db.ctx(), drop.get(), reply.get(), "dropDatabase");
  }
};

struct suite_fixture {
  private_stores stores;
  std::string config = write_config(stores.name);
  test_env::server_process server{{{"DATABASE_URL", stores.pg_url}}, {"--config", config}};
  std::vector<std::string> tokens;
  test_env::stack_guard restore;  // the last member: the stack is back before the rest goes

  suite_fixture() {
    BOOST_REQUIRE_MESSAGE(server.start(), server.log());
    httplib::Client c("127.0.0.1", server.port());
    const std::string run = std::to_string(::getpid());
    for (int i = 0; i < 4; ++i) {
      const std::string email = "fault-client-" + run + "-" + std::to_string(i) + "@example.com";
      auto reg = c.Post("/api/v1/users", json{{"email", email}, {"password", "fault-password-1"}, {"full_name", "Client"}}.dump(),
                        "application/json");
      BOOST_REQUIRE_MESSAGE(reg && reg->status == 201, (reg ? reg->body : "no answer"));
      auto login = c.Post("/api/v1/sessions", json{{"email", email}, {"password", "fault-password-1"}}.dump(), "application/json");
      BOOST_REQUIRE(login && login->status == 201);
      tokens.push_back(json::parse(login->body)["token"].get<std::string>());
    }
  }
  ~suite_fixture() { std::remove(config.c_str()); }

  int health_status() {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(3, 0);
    auto r = c.Get("/health");
    return r ? r->status : 0;
  }

  // Seconds from now until /health passes (or `limit`).
  double recovery_seconds(double limit) {
    auto t0 = std::chrono::steady_clock::now();
    for (;;) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (health_status() == 200 || s > limit)
        return s;
      std::this_thread::sleep_for(100ms);
    }
  }

  // The ids the private stores hold (only this suite writes there).
  std::set<std::string> stored_ids(store which) {
    std::set<std::string> ids;
    if (which == store::postgres) {
      auto c = storage::pg_connection::connect(stores.pg_url, 5000ms);
      BOOST_REQUIRE_MESSAGE(c.is_ok(), c.get_status().to_string());
      const storage::pg_statement all{"fault_user_ids", "SELECT id::text FROM users", 0};
      auto rows = c.value()->exec(all, {});
      BOOST_REQUIRE_MESSAGE(rows.is_ok(), rows.get_status().to_string());
      for (int r = 0; r < rows->rows(); ++r)
        ids.emplace(rows->get(r, 0));
    } else {
      auto settings = test_env::settings().mongodb;
      settings.database = stores.name;
      mongo_test::scratch db(settings);
      storage::find_options only_ids;
      only_ids.projection = {"_id"};
      auto st = storage::find(db.ctx(std::chrono::seconds(60)), storage::posts_collection, storage::make_bson().get(),
                              only_ids, [&](const bson_t* doc) {
                                ids.insert(storage::read_oid_hex(doc, "_id").value_or(""));
                                return storage::status::ok();
                              });
      BOOST_REQUIRE_MESSAGE(st.is_ok(), st.to_string());
    }
    return ids;
  }

  // How many acknowledged writes cannot be read back: every one is looked up in its store (one
  // query per store: FerretDB's SQLite backend scans a collection even for an _id lookup, so
  // thousands of GETs would take minutes), and the latest `sample` of each store are read over
  // the API as well.
  int lost(const std::vector<faults::write_record>& writes, size_t sample = 25) {
    std::map<store, std::set<std::string>> held{{store::postgres, stored_ids(store::postgres)},
                                                {store::mongodb, stored_ids(store::mongodb)}};
    std::set<std::string> missing;
    for (const auto& w : writes)
      if (!held[w.target].count(w.id))
        missing.insert(w.id);
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(10, 0);
    httplib::Headers auth{{"Authorization", "Bearer " + tokens[0]}};
    std::map<store, size_t> read;
    for (auto w = writes.rbegin(); w != writes.rend(); ++w) {
      if (read[w->target]++ >= sample)
        continue;
      auto path = (w->target == store::postgres ? "/api/v1/users/" : "/api/v1/forum/posts/") + w->id;
      auto r = c.Get(path.c_str(), auth);
      if (!r || r->status != 200)
        missing.insert(w->id);
    }
    return static_cast<int>(missing.size());
  }
};

bool only_unavailable_or_timeout(const faults::load_counters& c) {
  for (const auto& [status, n] : c.statuses)
    if (status / 100 != 2 && status != 503 && status != 504)
      return false;
  return true;
}

std::string statuses_text(const faults::load_counters& c) {
  std::string out;
  for (const auto& [status, n] : c.statuses)
    out += (out.empty() ? "" : " ") + std::to_string(status) + "x" + std::to_string(n);
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(fault_suite, suite_fixture)

BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_every_fault) {
  std::vector<fault> plan = {
      {"postgres postmaster SIGKILL + restart", store::postgres,
       [] { ::kill(store_pid("postgres"), SIGKILL); }, [] { stack("start postgres"); }},
      {"terminate every postgres backend", store::postgres,
       [] {
         auto c = storage::pg_connection::connect(test_env::pg_url(), 3000ms);
         const storage::pg_statement kill{"fault_kill", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                        "WHERE usename = current_user AND pid <> pg_backend_pid()", 0};
         if (c.is_ok())
           (void)c.value()->exec(kill, {});
       },
       {}},
      {"ferretdb stop + restart", store::mongodb, [] { stack("stop ferretdb"); },
       [] { stack("start ferretdb"); }},
      // FerretDB's own PostgreSQL (its backend) killed: the MongoDB endpoints fail for a while,
      // the application's PostgreSQL keeps serving, and FerretDB reconnects once it is back.
      {"ferretdb's postgres postmaster SIGKILL + restart", store::mongodb,
       [] { ::kill(store_pid("ferretdb-postgres"), SIGKILL); }, [] { stack("start ferretdb"); }},
      // Longer than the request deadline (5 s): writes waiting on it must end in 504, not hang.
      {"ferretdb SIGSTOP 7 s + SIGCONT", store::mongodb, [] { ::kill(store_pid("ferretdb"), SIGSTOP); },
       [] { ::kill(store_pid("ferretdb"), SIGCONT); }, 7s},
  };

  std::printf("\n%-40s %7s %7s %5s %-28s %-9s %-10s %s\n", "fault", "tried", "acked", "lost", "statuses (hit store)",
              "other ok", "recovery s", "verify s");
  for (const auto& f : plan) {
    BOOST_TEST_CONTEXT(f.name) {
      BOOST_REQUIRE_MESSAGE(recovery_seconds(30) < 30, "the service is not healthy before the fault");
      faults::load_recorder load(server.port(), tokens, std::to_string(::getpid()) + "-" + std::to_string(&f - plan.data()));
      load.start();
      std::this_thread::sleep_for(1s);
      load.take_counters();  // the fault's window starts now
      f.begin();
      std::this_thread::sleep_for(f.hold);
      if (f.end)
        f.end();
      double recovery = recovery_seconds(30);
      auto during = load.take_counters();
      std::this_thread::sleep_for(1s);
      load.stop();
      load.take_counters();
      auto writes = load.acknowledged();
      auto checked_at = std::chrono::steady_clock::now();
      int missing = lost(writes);
      double verify = std::chrono::duration<double>(std::chrono::steady_clock::now() - checked_at).count();

      const store other = f.hit == store::postgres ? store::mongodb : store::postgres;
      const auto& hit = during[f.hit];
      const auto& kept = during[other];
      bool other_ok = kept.tried > 0 && kept.acknowledged == kept.tried;
      std::printf("%-40s %7d %7d %5d %-28s %-9s %-10.1f %.1f\n", f.name, hit.tried + kept.tried,
                  hit.acknowledged + kept.acknowledged, missing, statuses_text(hit).c_str(), other_ok ? "yes" : "NO",
                  recovery, verify);
      std::fflush(stdout);
      BOOST_TEST(missing == 0);
      BOOST_TEST(only_unavailable_or_timeout(hit), statuses_text(hit));
      BOOST_TEST(hit.hangs == 0);
      BOOST_TEST(other_ok, "other store: " << statuses_text(kept));
      BOOST_TEST(recovery <= backoff_cap_s + 2.0);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
