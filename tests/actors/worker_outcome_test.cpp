// What the pools' error counters book for a finished job.
#include <boost/test/unit_test.hpp>

#include "actors/pool_stats.hpp"
#include "actors/worker_outcome.hpp"

BOOST_AUTO_TEST_SUITE(worker_outcome_rules)

BOOST_AUTO_TEST_CASE(a_success_after_the_budget_counts_as_a_timeout_and_nothing_else_changes) {
  actors::worker_outcome on_time;
  BOOST_TEST(storage::to_string(on_time.counted_code()) == storage::to_string(storage::code::ok));
  actors::worker_outcome late;
  late.late = true;
  BOOST_TEST(storage::to_string(late.counted_code()) == storage::to_string(storage::code::timeout));
  actors::worker_outcome late_failure;  // a late failure keeps its own kind
  late_failure.late = true;
  late_failure.code = storage::code::unavailable;
  BOOST_TEST(storage::to_string(late_failure.counted_code()) == storage::to_string(storage::code::unavailable));

  actors::pool_stats stats;
  for (const auto* o : {&on_time, &late, &late_failure})
    stats.count_outcome(o->counted_code());
  BOOST_TEST(stats.errors == 2u);
  BOOST_TEST(stats.errors_by_kind["timeout"] == 1u);
  BOOST_TEST(stats.errors_by_kind["unavailable"] == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
