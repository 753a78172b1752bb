#include "support/fake_pool_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include "support/pool_stats_wait.hpp"

namespace test_env {

actors::pool_stats fake_pool_fixture::stats(const caf::actor& pool) {
  auto r = ask<actors::pool_stats>(self, pool, std::chrono::seconds{1}, actors::stats_atom::value);
  BOOST_REQUIRE_MESSAGE(r.is_ok(), "stats: " << r.get_status().to_string());
  return r.value();
}

bool fake_pool_fixture::eventually(const caf::actor& pool,
                                   const std::function<bool(const actors::pool_stats&)>& pred) {
  return pred(wait_for_stats(self, pool, std::chrono::seconds{3}, pred));
}

}  // namespace test_env
