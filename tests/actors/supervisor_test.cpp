// The supervisor: forwarding, restart within the budget, escalation past it. No server.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

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

// Every child the factory made, in order, so a test can watch one (monitor it).
struct children {
  std::mutex mutex;
  std::vector<caf::actor> made;

  void add(caf::actor a) {
    std::lock_guard<std::mutex> lock(mutex);
    made.push_back(std::move(a));
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mutex);
    return made.size();
  }
  caf::actor last() {
    std::lock_guard<std::mutex> lock(mutex);
    return made.back();
  }
};

struct supervised : test_env::actor_fixture {
  std::shared_ptr<children> kids = std::make_shared<children>();
  std::shared_ptr<std::atomic<int>> escalations = std::make_shared<std::atomic<int>>(0);

  caf::actor make(int intensity) {
    auto made = kids;
    auto esc = escalations;
    auto sup = sys.spawn(actors::supervisor, std::string("test_child"),
                         actors::child_factory([made](caf::actor_system& s) {
                           auto a = s.spawn(child, static_cast<int>(made->count()));
                           made->add(a);
                           return a;
                         }),
                         actors::restart_budget{intensity, std::chrono::seconds{10}},
                         actors::escalation([esc](const std::string&) { ++*esc; }));
    // The supervisor makes its first child once it runs, not within spawn(): wait for it, so
    // that crash() counts replacements from a known start.
    wait_for_children(1);
    return sup;
  }

  // Polls (1 ms, at most 5 s: spawning takes microseconds) until `n` children were made.
  void wait_for_children(size_t n) {
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (kids->count() < n && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(1ms);
    BOOST_REQUIRE_MESSAGE(kids->count() == n, kids->count() << " children, expected " << n);
  }

  int ping(const caf::actor& sup) {
    auto r = test_env::ask<int>(self, sup, 2s, ping_atom::value);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
    return r.value();
  }

  // Crashes the current child and waits until the supervisor has started its replacement
  // (polled, at most 5 s: a restart takes microseconds).
  void crash(const caf::actor& sup) {
    const size_t before = kids->count();
    auto r = test_env::ask<int>(self, sup, 2s, boom_atom::value);
    BOOST_TEST(!r.is_ok());
    wait_for_children(before + 1);
  }

  // The down message of `who`, waited for up to 3 s.
  bool goes_down(const caf::actor& who) {
    bool down = false;
    self->receive([&](caf::down_msg& dm) { down = dm.source == who.address(); },
                  caf::after(std::chrono::seconds(3)) >> [] {});
    return down;
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
  // The third failure within the period: no replacement, the supervisor goes down.
  auto r = test_env::ask<int>(self, sup, 2s, boom_atom::value);
  BOOST_TEST(!r.is_ok());
  BOOST_TEST(goes_down(sup));
  BOOST_TEST(kids->count() == 3u, "no fourth child");
  BOOST_TEST(escalations->load() == 1);
}

BOOST_AUTO_TEST_CASE(an_exit_to_the_supervisor_stops_the_child) {
  auto sup = make(3);
  BOOST_TEST(ping(sup) == 0);
  const auto kid = kids->last();
  self->monitor(kid);
  self->monitor(sup);
  self->send_exit(sup, caf::exit_reason::user_shutdown);
  // Both go down, in either order; the child must not be replaced.
  std::set<caf::actor_addr> down;
  for (int i = 0; i < 2; ++i)
    self->receive([&](caf::down_msg& dm) { down.insert(dm.source); }, caf::after(std::chrono::seconds(3)) >> [] {});
  BOOST_TEST(down.count(kid.address()) == 1u, "the child stopped");
  BOOST_TEST(down.count(sup.address()) == 1u, "the supervisor stopped");
  BOOST_TEST(kids->count() == 1u, "the child was not restarted");
  BOOST_TEST(escalations->load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
