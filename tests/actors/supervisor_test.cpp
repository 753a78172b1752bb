// The supervisor: forwarding, restart within the budget, escalation past it. No server.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "actors/messages.hpp"
#include "actors/supervisor.hpp"
#include "support/actor_fixture.hpp"

using namespace std::chrono_literals;

namespace {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using boom_atom = caf::atom_constant<caf::atom("boom")>;

// Answers ping with how many children were started before it; throws on boom (a crash).
caf::behavior child(caf::event_based_actor*, int generation) {
  return {
      [=](ping_atom) { return generation; },
      [](boom_atom) -> int { throw std::runtime_error("child crashed"); },
  };
}

struct supervised : test_env::actor_fixture {
  std::shared_ptr<std::atomic<int>> started = std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<std::atomic<int>> escalations = std::make_shared<std::atomic<int>>(0);

  caf::actor make(int intensity) {
    auto counter = started;
    auto esc = escalations;
    return sys.spawn(actors::supervisor, std::string("test_child"),
                     actors::child_factory([counter](caf::actor_system& s) { return s.spawn(child, counter->fetch_add(1)); }),
                     actors::restart_budget{intensity, std::chrono::seconds{10}},
                     actors::escalation([esc](const std::string&) { ++*esc; }));
  }

  int ping(const caf::actor& sup) {
    auto r = test_env::ask<int>(self, sup, 2s, ping_atom::value);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }

  void crash(const caf::actor& sup) {
    auto r = test_env::ask<int>(self, sup, 2s, boom_atom::value);
    BOOST_TEST(!r.is_ok());
    std::this_thread::sleep_for(100ms);  // let the down message reach the supervisor
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(supervisor, supervised)

BOOST_AUTO_TEST_CASE(forwards_and_restarts_a_crashed_child_behind_the_same_handle) {
  auto sup = make(3);
  BOOST_TEST(ping(sup) == 0);
  crash(sup);
  BOOST_TEST(ping(sup) == 1);  // a fresh child answers through the same address
  crash(sup);
  BOOST_TEST(ping(sup) == 2);
  BOOST_TEST(escalations->load() == 0);
  self->send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_CASE(escalates_when_the_restart_budget_is_spent) {
  auto sup = make(2);
  self->monitor(sup);
  crash(sup);
  crash(sup);
  BOOST_TEST(ping(sup) == 2);
  crash(sup);  // the third failure within the period
  bool down = false;
  self->receive([&](caf::down_msg& dm) { down = dm.source == sup.address(); },
                caf::after(std::chrono::seconds(3)) >> [] {});
  BOOST_TEST(down);
  BOOST_TEST(escalations->load() == 1);
}

BOOST_AUTO_TEST_CASE(an_exit_to_the_supervisor_stops_the_child) {
  auto sup = make(3);
  BOOST_TEST(ping(sup) == 0);
  self->monitor(sup);
  self->send_exit(sup, caf::exit_reason::user_shutdown);
  bool down = false;
  self->receive([&](caf::down_msg&) { down = true; }, caf::after(std::chrono::seconds(3)) >> [] {});
  BOOST_TEST(down);
  BOOST_TEST(escalations->load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
