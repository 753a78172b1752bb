// The pools' shared bookkeeping, without actors or servers: growth, the idle stack, the wait
// queue with deadlines, lifetimes, maintenance and counters. Time is passed in.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

#include "actors/pool_books.hpp"

using namespace std::chrono_literals;
using books = actors::pool_books<std::string>;
using actors::pool_limits;

BOOST_AUTO_TEST_SUITE(pool_books)

namespace {

const books::time_point t0 = books::clock::now();

pool_limits limits(int base, int max, int max_queue = 2, int max_connecting = 2) {
  return {base, max, max_queue, max_connecting, 30000ms};
}

// A pool with `open` open connections (ids 1..open, opened at t0, expiring at t0 + 1 h) and
// `connecting` more being opened (ids 101..), and `queued` waiting jobs.
books make(pool_limits l, int open, int connecting = 0, int queued = 0) {
  books b{l};
  for (int i = 1; i <= open; ++i)
    b.add_open(i, t0, t0 + 1h);
  for (int i = 0; i < connecting; ++i)
    b.add_connecting(101 + i);
  for (int i = 0; i < queued; ++i)
    b.enqueue("job" + std::to_string(i), t0 + 1s);
  return b;
}

struct growth_row {
  const char* what;
  int base, max, max_connecting;
  int open, connecting, queued;
  bool backing_off, after_failures;
  int expected;
};
std::ostream& operator<<(std::ostream& os, const growth_row& r) { return os << r.what; }

const growth_row growth_rows[] = {
    {"an empty pool opens its base size", 3, 6, 4, 0, 0, 0, false, false, 3},
    {"the base size is opened within the connect limit", 6, 8, 2, 0, 0, 0, false, false, 2},
    {"connects in flight count against the limit", 6, 8, 2, 0, 1, 0, false, false, 1},
    {"a full base with nobody waiting opens nothing", 2, 4, 2, 2, 0, 0, false, false, 0},
    {"each waiting request past those being opened opens one", 2, 6, 4, 2, 1, 3, false, false, 2},
    {"overflow stops at max", 2, 3, 4, 2, 0, 5, false, false, 1},
    {"a pool at max opens nothing", 2, 3, 4, 3, 0, 5, false, false, 0},
    {"after failures one probe at a time", 4, 8, 4, 0, 0, 3, false, true, 1},
    {"after failures, a probe in flight is enough", 4, 8, 4, 0, 1, 3, false, true, 0},
    {"nothing while a backoff delay runs", 4, 8, 4, 0, 0, 3, true, true, 0},
};

struct maintenance_row {
  const char* what;
  int base;
  std::chrono::milliseconds idle_for;   // since the connection last finished work
  std::chrono::milliseconds expires_in;  // from the maintenance time
  bool closed, pinged;
};
std::ostream& operator<<(std::ostream& os, const maintenance_row& r) { return os << r.what; }

// Two open connections; the rules apply to connection 2 (connection 1 was just used, lives long).
const maintenance_row maintenance_rows[] = {
    {"a fresh connection is left alone", 1, 10ms, 1h, false, false},
    {"an expired connection closes", 2, 10ms, -1ms, true, false},
    {"a surplus connection idle past overflow_idle closes", 1, 31s, 1h, true, false},
    {"a base connection idle long is pinged, not closed", 2, 31s, 1h, false, true},
    {"a connection idle past the ping interval is pinged", 2, 6s, 1h, false, true},
    {"a surplus connection idle less than overflow_idle is pinged", 1, 6s, 1h, false, true},
};

struct return_row {
  const char* what;
  std::chrono::milliseconds expires_in;  // at the return
  bool renewed;                          // the worker reconnected while serving (lives 1 h more)
  books::returned expected;
};
std::ostream& operator<<(std::ostream& os, const return_row& r) { return os << r.what; }

const return_row return_rows[] = {
    {"a live connection goes back to the idle stack", 1s, false, books::returned::idle},
    {"a connection past its lifetime is recycled", -1ms, false, books::returned::expired},
    {"at its lifetime exactly, too", 0ms, false, books::returned::expired},
    {"a connection renewed while serving lives on", -1ms, true, books::returned::idle},
};

}  // namespace

BOOST_DATA_TEST_CASE(openings_follow_base_demand_and_limits, boost::unit_test::data::make(growth_rows), row) {
  auto b = make(limits(row.base, row.max, 10, row.max_connecting), row.open, row.connecting, row.queued);
  BOOST_TEST(b.openings(row.backing_off, row.after_failures) == row.expected);
}

BOOST_DATA_TEST_CASE(maintenance_closes_expired_and_surplus_and_pings_the_long_idle,
                     boost::unit_test::data::make(maintenance_rows), row) {
  const auto now = t0 + 1h;
  books b{limits(row.base, 4)};
  b.add_open(1, now, now + 1h);
  b.add_open(2, now - row.idle_for, now + row.expires_in);
  auto chores = b.maintain(now, 5000ms);
  BOOST_TEST(chores.close.size() == (row.closed ? 1u : 0u));
  BOOST_TEST(chores.ping.size() == (row.pinged ? 1u : 0u));
  BOOST_TEST(b.knows(2) == !row.closed);
  BOOST_TEST(b.idle_count() == 1 + (row.closed || row.pinged ? 0 : 1));
  BOOST_TEST(b.open_count() == (row.closed ? 1 : 2));
}

BOOST_DATA_TEST_CASE(a_returning_worker_is_idle_again_or_recycled, boost::unit_test::data::make(return_rows), row) {
  const auto now = t0 + 10s;
  books b{limits(1, 2)};
  b.add_open(7, t0, now + row.expires_in);
  auto id = b.take_idle();
  BOOST_REQUIRE(id == books::worker_id{7});
  BOOST_REQUIRE(b.start(7, now + 1s, now - 1s).has_value());
  std::optional<books::time_point> renewed;
  if (row.renewed)
    renewed = now + 1h;
  BOOST_TEST(static_cast<int>(b.give_back(7, now, renewed)) == static_cast<int>(row.expected));
  BOOST_TEST(b.knows(7) == (row.expected == books::returned::idle));
  BOOST_TEST(b.idle_count() == (row.expected == books::returned::idle ? 1 : 0));
  if (row.expected == books::returned::idle)
    BOOST_TEST((b.find(7)->last_used == now));
}

BOOST_AUTO_TEST_CASE(the_idle_stack_hands_out_the_most_recently_used_first) {
  auto b = make(limits(3, 3), 3);  // pushed 1, 2, 3
  BOOST_TEST(*b.take_idle() == 3u);
  BOOST_TEST(*b.take_idle() == 2u);
  BOOST_REQUIRE(b.start(3, t0 + 1s, t0));
  BOOST_TEST((b.give_back(3, t0 + 1ms) == books::returned::idle));
  BOOST_TEST(*b.take_idle() == 3u);  // just used: out first again
  BOOST_TEST(*b.take_idle() == 1u);
  BOOST_TEST(!b.take_idle().has_value());
}

BOOST_AUTO_TEST_CASE(start_counts_acquires_but_not_the_pools_own_pings) {
  auto b = make(limits(2, 2), 2);
  auto a = *b.take_idle();
  auto left = b.start(a, t0 + 1500ms, t0 + 500ms);
  BOOST_REQUIRE(left.has_value());
  BOOST_TEST(left->count() == 1000);
  auto p = *b.take_idle();
  BOOST_REQUIRE(b.start(p, t0 + 2s, t0, false));
  auto s = b.stats();
  BOOST_TEST(s.acquired == 1u);
  BOOST_TEST(s.in_use == 2);
  BOOST_TEST(s.idle == 0);
}

BOOST_AUTO_TEST_CASE(a_job_whose_deadline_passed_in_the_queue_leaves_its_worker_unused) {
  auto b = make(limits(1, 1), 1);
  auto id = *b.take_idle();
  BOOST_TEST(!b.start(id, t0 + 1s, t0 + 1s).has_value());  // no time left
  auto s = b.stats();
  BOOST_TEST(s.timeouts == 1u);
  BOOST_TEST(s.acquired == 0u);
  BOOST_TEST(s.idle == 1);  // back on the stack, never used
}

BOOST_AUTO_TEST_CASE(the_queue_refuses_past_max_queue_and_serves_oldest_first) {
  auto b = make(limits(1, 1, 2), 0);
  BOOST_TEST(b.enqueue("a", t0 + 1s).has_value());
  BOOST_TEST(b.enqueue("b", t0 + 2s).has_value());
  BOOST_TEST(!b.enqueue("c", t0 + 3s).has_value());
  BOOST_TEST(b.stats().overloaded == 1u);
  BOOST_TEST(b.waiting_count() == 2);
  BOOST_TEST(!b.next_assignment().has_value());  // nobody idle
  b.add_open(1, t0, t0 + 1h);
  auto first = b.next_assignment();
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->job == "a");
  BOOST_TEST(first->worker == 1u);
  BOOST_TEST((first->deadline == t0 + 1s));
  BOOST_TEST(!b.next_assignment().has_value());  // "b" waits for a worker
  BOOST_TEST(b.waiting_count() == 1);
}

BOOST_AUTO_TEST_CASE(an_expired_ticket_times_out_once_and_a_served_one_not_at_all) {
  auto b = make(limits(1, 1, 4), 0);
  auto ta = *b.enqueue("a", t0 + 1s);
  auto tb = *b.enqueue("b", t0 + 1s);
  auto gone = b.expire(tb);
  BOOST_REQUIRE(gone.has_value());
  BOOST_TEST(*gone == "b");
  BOOST_TEST(!b.expire(tb).has_value());
  b.add_open(1, t0, t0 + 1h);
  BOOST_TEST(b.next_assignment()->job == "a");
  BOOST_TEST(!b.expire(ta).has_value());  // served before its wait ended
  BOOST_TEST(b.stats().timeouts == 1u);
}

BOOST_AUTO_TEST_CASE(drain_hands_back_every_waiting_job_oldest_first) {
  auto b = make(limits(1, 1, 5), 0, 0, 3);
  auto jobs = b.drain();
  BOOST_TEST(jobs == (std::vector<std::string>{"job0", "job1", "job2"}), boost::test_tools::per_element());
  BOOST_TEST(b.waiting_count() == 0);
}

BOOST_AUTO_TEST_CASE(gauges_count_connecting_idle_busy_and_waiting) {
  auto b = make(limits(2, 5, 5), 3, 1, 2);
  auto id = *b.take_idle();
  BOOST_REQUIRE(b.start(id, t0 + 1s, t0));
  auto s = b.stats();
  BOOST_TEST(s.size == 3);
  BOOST_TEST(s.connecting == 1);
  BOOST_TEST(s.idle == 2);
  BOOST_TEST(s.in_use == 1);
  BOOST_TEST(s.waiting == 2);
  BOOST_TEST(s.max == 5);
  BOOST_TEST(b.remove(id));
  BOOST_TEST(!b.remove(id));
  BOOST_TEST((b.give_back(id, t0) == books::returned::unknown));
  BOOST_TEST(b.stats().size == 2);
}

BOOST_AUTO_TEST_CASE(a_connecting_worker_opens_into_the_idle_stack) {
  books b{limits(1, 2)};
  b.add_connecting(5);
  BOOST_TEST(b.open_count() == 0);
  BOOST_TEST(!b.take_idle().has_value());
  b.add_open(5, t0, t0 + 1h);
  BOOST_TEST(b.open_count() == 1);
  BOOST_TEST(b.connecting_count() == 0);
  BOOST_TEST(*b.take_idle() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
