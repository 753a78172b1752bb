// The fault suite: a steady load of writes while, one at a time, PostgreSQL's postmaster is
// killed (SIGKILL) and restarted, every PostgreSQL backend of the service is terminated,
// FerretDB is stopped and restarted, FerretDB's own PostgreSQL is killed (SIGKILL) and
// restarted, and FerretDB is frozen (SIGSTOP) and thawed. Every request
// is kept on the books (its start, end, status, id), and after each fault:
//   - the fault happened: the hit store answered the status it must (503 for a store that is
//     down, 504 for one that hangs) and/or its pool counted reconnects or broken connections;
//   - every acknowledged write is readable (lost = 0), including those still in flight when
//     the fault ended;
//   - no request went unanswered and none took longer than the hang threshold (the 5 s request
//     deadline plus slack), whenever it started, and some requests started early enough in the
//     fault to outlast the threshold if the deadline were missing;
//   - the hit store's errors were only 503 or 504; every write to the other store succeeded
//     (its own clients, so a hung store holds up none of them);
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

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_handles.hpp"
#include "storage/mongodb/mongo_ops.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migrator.hpp"
#include "support/actor_fixture.hpp"
#include "support/fault_books.hpp"
#include "support/load_recorder.hpp"
#include "support/metrics_text.hpp"
#include "support/mongo_scratch.hpp"
#include "support/pg_scratch.hpp"
#include "support/server_process.hpp"
#include "support/stack_control.hpp"
#include "support/test_env.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using faults::store;

namespace {

using test_env::stack;

constexpr double backoff_cap_s = 2.0;  // the suite's configured retry.backoff_cap_ms, in seconds

// The service answers every request by its 5 s deadline (http.request_timeout_ms) or sheds it;
// 1.5 s more allows for the scheduling of a loaded 2-core machine. Anything longer is a hang.
constexpr double hang_after_s = 6.5;
// Probes start this often during a fault, whatever the clients are blocked on.
constexpr auto probe_every = std::chrono::milliseconds(500);

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
  std::function<void()> begin;  // applies the fault; REQUIREs that it took effect
  std::function<void()> end;    // ends it (restart, thaw); may be empty
  std::chrono::seconds hold;    // how long the fault lasts before `end`
  int must_answer;              // 503 or 504: the hit store must answer it at least once (0: none)
  bool must_reconnect;          // the hit store's pool must count reconnects or broken connections
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
  // The service's connections carry this name, so a fault kills only theirs.
  std::string app_name = "p2p-faults-" + std::to_string(::getpid());

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
  test_env::server_process server{{{"DATABASE_URL", stores.pg_url + "&application_name=" + stores.app_name}},
                                  {"--config", config}};
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

  // Reconnect attempts plus connections found broken, from the service's /metrics.
  double pool_trouble(store which) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(3, 0);
    auto r = c.Get("/metrics");
    BOOST_REQUIRE_MESSAGE(r && r->status == 200, "/metrics did not answer");
    const std::map<std::string, std::string> label{{"store", which == store::postgres ? "postgres" : "mongodb"}};
    const double reconnects = test_env::metric_value(r->body, "p2p_pool_reconnects_total", label);
    const double broken = test_env::metric_value(r->body, "p2p_pool_broken_total", label);
    BOOST_REQUIRE_MESSAGE(reconnects >= 0 && broken >= 0, "/metrics lacks the pool counters");
    return reconnects + broken;
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
      ids = mongo_test::scratch(settings).ids_where(storage::posts_collection);
    }
    return ids;
  }

  // How many acknowledged writes cannot be read back: every one is looked up in its store (one
  // query per store: FerretDB's SQLite backend scans a collection even for an _id lookup, so
  // thousands of GETs would take minutes), and the latest `sample` of each store are read over
  // the API as well.
  int lost(const std::vector<faults::request_record>& records, size_t sample = 25) {
    std::vector<const faults::request_record*> writes;
    for (const auto& r : records)
      if (r.acknowledged())
        writes.push_back(&r);
    std::map<store, std::set<std::string>> held{{store::postgres, stored_ids(store::postgres)},
                                                {store::mongodb, stored_ids(store::mongodb)}};
    std::set<std::string> missing;
    for (const auto* w : writes)
      if (!held[w->target].count(w->id))
        missing.insert(w->id);
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(10, 0);
    httplib::Headers auth{{"Authorization", "Bearer " + tokens[0]}};
    std::map<store, size_t> read;
    for (auto w = writes.rbegin(); w != writes.rend(); ++w) {
      if (read[(*w)->target]++ >= sample)
        continue;
      auto path = ((*w)->target == store::postgres ? "/api/v1/users/" : "/api/v1/forum/posts/") + (*w)->id;
      auto r = c.Get(path.c_str(), auth);
      if (!r || r->status != 200)
        missing.insert((*w)->id);
    }
    return static_cast<int>(missing.size());
  }
};

// Polls until each store has an acknowledged write that started at or after `since` (the load
// is running and both stores take writes); false after 15 s.
bool both_stores_acknowledge(const faults::load_recorder& load, faults::clock::time_point since) {
  const auto until = faults::clock::now() + std::chrono::seconds(15);
  for (;;) {
    bool pg = false, mongo = false;
    for (const auto& r : load.records())
      if (r.acknowledged() && r.start >= since)
        (r.target == store::postgres ? pg : mongo) = true;
    if ((pg && mongo) || faults::clock::now() > until)
      return pg && mongo;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(fault_suite, suite_fixture, *boost::unit_test::label("stops_stores"))

BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_every_fault) {
  const std::string app = stores.app_name;
  std::vector<fault> plan = {
      {"postgres postmaster SIGKILL + restart", store::postgres,
       [] { test_env::signal_store("postgres", SIGKILL); },
       [] { BOOST_REQUIRE_EQUAL(stack("start postgres"), 0); }, 3s, 503, true},
      {"terminate every postgres backend", store::postgres,
       [app] {
         auto c = storage::pg_connection::connect(test_env::pg_url(), 3000ms);
         BOOST_REQUIRE_MESSAGE(c.is_ok(), c.get_status().to_string());
         const storage::pg_statement kill{"fault_kill", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                                        "WHERE application_name = $1", 1};
         auto killed = c.value()->exec(kill, {app});
         BOOST_REQUIRE_MESSAGE(killed.is_ok(), killed.get_status().to_string());
         BOOST_REQUIRE_MESSAGE(std::string(killed->get(0, 0)) != "0", "no backend of the service to terminate");
       },
       {}, 1s, 0, true},
      {"ferretdb stop + restart", store::mongodb, [] { BOOST_REQUIRE_EQUAL(stack("stop ferretdb"), 0); },
       [] { BOOST_REQUIRE_EQUAL(stack("start ferretdb"), 0); }, 3s, 503, false},
      // FerretDB's own PostgreSQL (its backend) killed: FerretDB stays up and answers every
      // command with an error naming its backend, which must be a clean 503, while the
      // application's PostgreSQL keeps serving; FerretDB reconnects once it is back.
      {"ferretdb's postgres SIGKILL + restart", store::mongodb,
       [] { test_env::signal_store("ferretdb-postgres", SIGKILL); },
       [] { BOOST_REQUIRE_EQUAL(stack("start ferretdb"), 0); }, 3s, 503, false},
      // Longer than the hang threshold (6.5 s) by 3.5 s: a write that starts in the freeze's
      // first 3.5 s outlasts the threshold unless the 5 s deadline answers it (504).
      {"ferretdb SIGSTOP 10 s + SIGCONT", store::mongodb, [] { test_env::signal_store("ferretdb", SIGSTOP); },
       [] { test_env::signal_store("ferretdb", SIGCONT); }, 10s, 504, false},
  };

  std::printf("\n%-36s %6s %6s %4s %-26s %-8s %6s %7s %6s %8s %6s\n", "fault", "tried", "acked", "lost",
              "statuses (hit store)", "other ok", "early", "longest", "trbl+", "recovery", "verify");
  for (const auto& f : plan) {
    BOOST_TEST_CONTEXT(f.name) {
      BOOST_REQUIRE_MESSAGE(recovery_seconds(30) < 30, "the service is not healthy before the fault");
      const double trouble_before = pool_trouble(f.hit);
      const store other = f.hit == store::postgres ? store::mongodb : store::postgres;
      faults::load_recorder load(server.port(), tokens, std::to_string(::getpid()) + "-" + std::to_string(&f - plan.data()));
      load.start();
      BOOST_REQUIRE_MESSAGE(both_stores_acknowledge(load, faults::clock::now()), "the load never got going");

      const auto begin = faults::clock::now();
      f.begin();
      // Probes to both stores while the fault lasts: requests that start during it, whatever the
      // clients are stuck on.
      for (auto next = begin; next < begin + f.hold; next += probe_every) {
        std::this_thread::sleep_until(next);
        load.probe(f.hit);
        load.probe(other);
      }
      std::this_thread::sleep_until(begin + f.hold);
      if (f.end)
        f.end();
      const auto end = faults::clock::now();
      const double recovery = recovery_seconds(30);
      BOOST_TEST(both_stores_acknowledge(load, faults::clock::now()), "writes go on after the recovery");
      load.stop();  // every request still in flight ends before the books are read
      const double trouble = pool_trouble(f.hit) - trouble_before;
      const auto records = load.records();
      const auto checked_at = std::chrono::steady_clock::now();
      const int missing = lost(records);
      const double verify = std::chrono::duration<double>(std::chrono::steady_clock::now() - checked_at).count();
      const auto books = faults::read_books(records, f.hit, begin, end, f.hold, hang_after_s);
      const bool other_ok = faults::only_success(books.other_statuses) && books.other_started_during > 0;

      std::printf("%-36s %6d %6d %4d %-26s %-8s %6d %7.1f %6.0f %8.1f %6.1f\n", f.name, books.tried, books.acked,
                  missing, faults::statuses_text(books.hit_statuses).c_str(), other_ok ? "yes" : "NO", books.started_early,
                  books.longest_s, trouble, recovery, verify);
      std::fflush(stdout);

      // The fault happened, and was seen.
      const int errors = (books.hit_statuses.count(503) ? books.hit_statuses.at(503) : 0) +
                         (books.hit_statuses.count(504) ? books.hit_statuses.at(504) : 0);
      BOOST_TEST((errors > 0 || trouble > 0), "no sign of the fault: " << faults::statuses_text(books.hit_statuses));
      if (f.must_answer)
        BOOST_TEST(books.hit_statuses.count(f.must_answer) == 1u,
                   "the hit store never answered " << f.must_answer << ": " << faults::statuses_text(books.hit_statuses));
      if (f.must_reconnect)
        BOOST_TEST(trouble > 0, "the pool counted no reconnect and no broken connection");
      // Nothing lost, nothing hung, nothing else broke.
      BOOST_TEST(missing == 0);
      BOOST_TEST(books.unanswered == 0, "requests without an answer");
      BOOST_TEST(books.longest_s <= hang_after_s, "the longest request took " << books.longest_s << " s");
      BOOST_TEST(books.started_during > 0, "no request to the hit store started during the fault");
      if (static_cast<double>(f.hold.count()) > hang_after_s)
        BOOST_TEST(books.started_early > 0, "no request started early enough to outlast the threshold");
      BOOST_TEST(faults::only_unavailable_or_timeout(books.hit_statuses), faults::statuses_text(books.hit_statuses));
      BOOST_TEST(other_ok, "other store: " << faults::statuses_text(books.other_statuses) << ", "
                                           << books.other_started_during << " started during the fault");
      BOOST_TEST(recovery <= backoff_cap_s + 2.0);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
