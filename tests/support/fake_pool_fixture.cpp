#include "support/fake_pool_fixture.hpp"

namespace test_env {

actors::pool_stats fake_pool_fixture::stats(const caf::actor& pool) {
  auto r = call<actors::pool_stats>(pool, actors::stats_atom::value);
  BOOST_REQUIRE_MESSAGE(r.is_ok(), "stats: " << r.get_status().to_string());
  return r.value();
}

actors::store_health fake_pool_fixture::check(const caf::actor& pool) {
  auto r = call<actors::store_health>(pool, actors::check_atom::value);
  BOOST_REQUIRE_MESSAGE(r.is_ok(), "check: " << r.get_status().to_string());
  return r.value();
}

caf::actor fake_pool_fixture::scheduled_worker() {
  for (const auto& w : store.workers())
    if (sched.prioritize(w))
      return w;
  BOOST_FAIL("no fake worker has a message waiting");
  return {};
}

}  // namespace test_env
