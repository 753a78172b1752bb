// The supervisor on CAF's deterministic scheduler: forwarding, restart within the budget,
// escalation past it, restarts that age out of the period (simulated time), one-for-one, and an
// exit that stops the child. No server, no wall clock.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/messages.hpp"
#include "actors/supervisor.hpp"
#include "support/actor_harness.hpp"

using namespace std::chrono_literals;

namespace {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using boom_atom = caf::atom_constant<caf::atom("boom")>;

// Answers ping with its generation (how many children were made before it); throws on boom.
caf::behavior child(caf::event_based_actor*, int generation) {
  return {
      [=](ping_atom) { return generation; },
      [](boom_atom) -> int { throw std::runtime_error("child crashed"); },
  };
}

struct supervised : test_env::actor_harness {
  // Per supervisor: the children made, in order, and the escalations.
  struct record {
    std::vector<caf::actor> children;
    int escalations = 0;
  };

  std::pair<caf::actor, std::shared_ptr<record>> make(int intensity, std::chrono::seconds period = 10s) {
    auto rec = std::make_shared<record>();
    auto sup = own(sys.spawn(actors::supervisor, std::string("test_child"),
                             actors::child_factory([rec](caf::actor_system& s) {
                               auto a = s.spawn(child, static_cast<int>(rec->children.size()));
                               rec->children.push_back(a);
                               return a;
                             }),
                             actors::restart_budget{intensity, period},
                             actors::escalation([rec](const std::string&) { ++rec->escalations; })));
    sched.run();  // the first child
    return {sup, rec};
  }

  int ping(const caf::actor& sup) {
    auto r = call<int>(sup, ping_atom::value);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }

  void crash(const caf::actor& sup) {
    ask<int>(sup, boom_atom::value);
    sched.run();
  }

  // Whether `a` still takes messages: a dead actor answers a request with an error at once.
  bool alive(const caf::actor& a) { return call<int>(a, ping_atom::value).is_ok(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(supervisor, supervised)

BOOST_AUTO_TEST_CASE(forwards_to_its_child_and_restarts_a_crashed_one_behind_the_same_handle) {
  auto [sup, rec] = make(3);
  BOOST_REQUIRE(rec->children.size() == 1u);
  auto kid = rec->children[0];
  auto r = ask<int>(sup, ping_atom::value);
  expect((ping_atom), from(r.client()).to(sup));
  expect((ping_atom), from(r.client()).to(kid));  // delegated: the caller is still the sender
  expect((int), from(kid).to(r.client()).with(0));
  BOOST_TEST(r.value() == 0);
  crash(sup);
  BOOST_TEST(rec->children.size() == 2u);
  BOOST_TEST(ping(sup) == 1);  // a fresh child answers through the same address
  crash(sup);
  BOOST_TEST(ping(sup) == 2);
  BOOST_TEST(rec->escalations == 0);
}

BOOST_AUTO_TEST_CASE(escalates_when_the_restart_budget_is_spent_within_the_period) {
  auto [sup, rec] = make(2);
  crash(sup);
  advance(4s);
  crash(sup);
  BOOST_TEST(ping(sup) == 2);
  advance(5s);  // the first restart is 9 s old: still within the 10 s period
  crash(sup);   // the third failure: no replacement, the supervisor goes down
  BOOST_TEST(rec->children.size() == 3u, "no fourth child");
  BOOST_TEST(rec->escalations == 1);
  BOOST_TEST(!alive(sup));
}

BOOST_AUTO_TEST_CASE(restarts_older_than_the_period_no_longer_count) {
  auto [sup, rec] = make(2);
  crash(sup);
  crash(sup);
  advance(10s + 1ms);  // both restarts are now older than the period
  crash(sup);
  crash(sup);
  BOOST_TEST(rec->escalations == 0);
  BOOST_TEST(rec->children.size() == 5u);
  BOOST_TEST(ping(sup) == 4);
  crash(sup);  // the third within 10 s
  BOOST_TEST(rec->escalations == 1);
}

BOOST_AUTO_TEST_CASE(one_for_one_a_crash_restarts_only_the_failed_child) {
  auto [a, rec_a] = make(3);
  auto [b, rec_b] = make(3);
  crash(a);
  BOOST_TEST(rec_a->children.size() == 2u);
  BOOST_TEST(rec_b->children.size() == 1u);
  BOOST_TEST(ping(a) == 1);
  BOOST_TEST(ping(b) == 0, "the other supervisor's child kept running");
}

BOOST_AUTO_TEST_CASE(an_exit_to_the_supervisor_stops_the_child_without_a_restart) {
  auto [sup, rec] = make(3);
  auto kid = rec->children[0];
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  sched.run();
  BOOST_TEST(!alive(kid), "the child stopped");
  BOOST_TEST(!alive(sup), "the supervisor stopped");
  BOOST_TEST(rec->children.size() == 1u, "the child was not restarted");
  BOOST_TEST(rec->escalations == 0);
}

BOOST_AUTO_TEST_SUITE_END()
