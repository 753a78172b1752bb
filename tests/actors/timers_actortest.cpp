// The actors that live by their own timers, on CAF's deterministic scheduler with fakes behind
// their interfaces: the session janitor (first purge, period, a failed or silent purge), health
// (both pools asked at once, the worst status, a silent pool cut off at its own timeout,
// uptime by the actor's clock) and the revocation listener (events, a broken link waited out
// with backoff, an empty slice that lasts its slice). No server, no wall clock.
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "actors/health.hpp"
#include "actors/messages.hpp"
#include "actors/revocation_listener.hpp"
#include "actors/session_janitor.hpp"
#include "support/fake_actors.hpp"
#include "support/actor_harness.hpp"

using namespace std::chrono_literals;
using namespace actors;
using storage::code;

namespace {

actors::store_health health_of(const char* status) {
  actors::store_health h;
  h.status = status;
  h.latency_ms = 1.0;
  return h;
}

// A scripted notification source: opens and waits answer what the case queued (then ok and
// nothing), and count.
class script_source : public notification_source {
public:
  std::deque<storage::status> opens;
  std::deque<storage::result<std::vector<std::string>>> waits;
  int opened = 0, waited = 0;
  bool open_now = false;

  storage::status open() override {
    ++opened;
    auto st = storage::status::ok();
    if (!opens.empty()) {
      st = opens.front();
      opens.pop_front();
    }
    open_now = st.is_ok();
    return st;
  }
  bool is_open() const override { return open_now; }
  storage::result<std::vector<std::string>> wait(std::chrono::milliseconds) override {
    ++waited;
    if (waits.empty())
      return std::vector<std::string>{};
    auto r = waits.front();
    waits.pop_front();
    return r;
  }
  void close() override { open_now = false; }
};

// What the listener told the session cache, in order.
struct cache_calls {
  std::vector<std::string> log;
  revocation_events events() {
    return {[this](const std::string& t) { log.push_back("token " + t); },
            [this](const std::string& u) { log.push_back("user " + u); },
            [this](bool on) { log.push_back(on ? "listening" : "not listening"); }};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(session_janitor, test_env::actor_harness)

BOOST_AUTO_TEST_CASE(purges_first_after_first_then_every_period) {
  test_env::fake_purger purger;
  auto sessions = own(purger.spawn_sessions(sys));
  own(sys.spawn(actors::session_janitor, sessions, janitor_settings{30s, 600s, 30s}));
  sched.run();
  advance(30s - 1ms);
  BOOST_TEST(purger.purges() == 0);
  advance(1ms);
  BOOST_TEST(purger.purges() == 1);
  advance(600s - 1ms);
  BOOST_TEST(purger.purges() == 1);
  advance(1ms);
  BOOST_TEST(purger.purges() == 2);
}

BOOST_AUTO_TEST_CASE(a_failed_purge_is_tried_again_at_the_next_tick) {
  test_env::fake_purger purger;
  purger.answer(storage::status::unavailable("postgresql is down"));
  purger.answer(storage::status::unavailable("postgresql is down"));
  auto sessions = own(purger.spawn_sessions(sys));
  own(sys.spawn(actors::session_janitor, sessions, janitor_settings{10ms, 50ms, 1000ms}));
  sched.run();
  advance(10ms);
  BOOST_TEST(purger.purges() == 1);  // failed
  advance(50ms);
  BOOST_TEST(purger.purges() == 2);  // failed
  advance(50ms);
  BOOST_TEST(purger.purges() == 3);  // answered
  advance(50ms);
  BOOST_TEST(purger.purges() == 4, "it goes on after failures");
}

BOOST_AUTO_TEST_CASE(a_purge_that_never_answers_is_given_up_after_its_wait_and_none_overlaps) {
  test_env::fake_purger purger;
  purger.silent(true);
  auto sessions = own(purger.spawn_sessions(sys));
  own(sys.spawn(actors::session_janitor, sessions, janitor_settings{10ms, 50ms, 200ms}));
  sched.run();
  advance(10ms);
  BOOST_TEST(purger.purges() == 1);
  advance(199ms);  // no second purge while the first is out, though the period passed
  BOOST_TEST(purger.purges() == 1);
  advance(1ms);  // the wait ends: the next tick is a period later
  advance(49ms);
  BOOST_TEST(purger.purges() == 1);
  advance(1ms);
  BOOST_TEST(purger.purges() == 2);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(health, test_env::actor_harness)

BOOST_AUTO_TEST_CASE(live_touches_no_pool_and_check_reports_the_worst_of_both) {
  test_env::fake_monitor pg, mongo;
  pg.answer_check(health_of("pass"));
  mongo.answer_check(health_of("warn"));
  auto h = own(sys.spawn(actors::health, health_targets{own(pg.spawn(sys)), own(mongo.spawn(sys)), 1500ms}));
  BOOST_TEST(call<std::string>(h, live_atom::value).value() == "pass");
  BOOST_TEST(pg.checks() + mongo.checks() == 0);
  auto r = call<health_report>(h, check_atom::value);
  BOOST_REQUIRE(r.is_ok());
  BOOST_TEST(r.value().status == "warn");
  BOOST_TEST(r.value().checks.at("postgres").status == "pass");
  BOOST_TEST(r.value().checks.at("mongodb").status == "warn");
  mongo.answer_check(health_of("fail"));
  BOOST_TEST(call<health_report>(h, check_atom::value).value().status == "fail");
}

BOOST_AUTO_TEST_CASE(a_silent_pool_is_cut_off_at_its_own_timeout_and_the_other_still_reports) {
  test_env::fake_monitor pg, mongo;
  mongo.silent(true);
  auto h = own(sys.spawn(actors::health, health_targets{own(pg.spawn(sys)), own(mongo.spawn(sys)), 1500ms}));
  auto r = ask<health_report>(h, check_atom::value);
  sched.run();
  BOOST_TEST(pg.checks() == 1);
  BOOST_TEST(mongo.checks() == 1, "both asked at once");
  advance(1499ms);
  BOOST_TEST(!r.arrived());
  advance(1ms);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r.value().status == "fail");
  BOOST_TEST(r.value().checks.at("postgres").status == "pass");
  const auto& m = r.value().checks.at("mongodb");
  BOOST_TEST(m.status == "fail");
  BOOST_TEST((m.pool.last_cause == storage::failure_cause::timeout));
}

BOOST_AUTO_TEST_CASE(uptime_is_read_from_the_actors_clock) {
  test_env::fake_monitor pg, mongo;
  auto h = own(sys.spawn(actors::health, health_targets{own(pg.spawn(sys)), own(mongo.spawn(sys)), 1500ms}));
  sched.run();
  advance(90s);
  BOOST_TEST(call<health_report>(h, check_atom::value).value().uptime_s == 90.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(revocation_listener, test_env::actor_harness)

BOOST_AUTO_TEST_CASE(notifications_reach_the_cache_in_order_and_unknown_payloads_are_ignored) {
  auto source = std::make_shared<script_source>();
  const std::string token(64, 'a');
  source->waits.push_back(std::vector<std::string>{"t:" + token, "x:what", "u:4b3c7f0e-1d2a-4c5b-8e9f-0a1b2c3d4e5f"});
  cache_calls cache;
  own(sys.spawn(actors::revocation_listener_on, listener_settings{}, cache.events(), source));
  sched.run();
  BOOST_TEST(source->opened == 1);
  const std::vector<std::string> expected{"not listening", "listening", "token " + token,
                                          "user 4b3c7f0e-1d2a-4c5b-8e9f-0a1b2c3d4e5f"};
  BOOST_TEST(cache.log == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_empty_slice_lasts_its_slice_by_the_actors_clock) {
  auto source = std::make_shared<script_source>();
  cache_calls cache;
  listener_settings s;
  s.slice = 200ms;
  own(sys.spawn(actors::revocation_listener_on, s, cache.events(), source));
  sched.run();
  BOOST_TEST(source->waited == 1, "no busy loop on a source that answers at once");
  advance(199ms);
  BOOST_TEST(source->waited == 1);
  advance(1ms);
  BOOST_TEST(source->waited == 2);
}

BOOST_AUTO_TEST_CASE(a_broken_link_stops_trust_and_is_reopened_after_the_backoff) {
  auto source = std::make_shared<script_source>();
  source->waits.push_back(storage::status::unavailable("connection lost"));
  source->opens = {storage::status::ok(), storage::status::unavailable("refused"), storage::status::unavailable("refused")};
  cache_calls cache;
  listener_settings s;
  s.retry.backoff_initial = 100ms;
  s.retry.backoff_cap = 1000ms;
  own(sys.spawn(actors::revocation_listener_on, s, cache.events(), source));
  sched.run();  // open, then the wait that finds the link broken
  BOOST_TEST(source->opened == 1);
  BOOST_TEST(cache.log.back() == "not listening");
  // Reopened only by a timer (within the first ceiling, 100 ms), refused twice more with the
  // ceiling doubling (200, 400 ms), then listening again.
  for (auto ceiling : {100ms, 200ms, 400ms}) {
    const int before = source->opened;
    sched.run();
    BOOST_TEST(source->opened == before, "no attempt without time passing");
    advance(ceiling);
    BOOST_TEST(source->opened == before + 1, "one attempt within " << ceiling.count() << " ms");
  }
  BOOST_TEST(cache.log.back() == "listening");
}

BOOST_AUTO_TEST_SUITE_END()
