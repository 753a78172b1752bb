#include "support/pool_stats_wait.hpp"

#include <thread>

#include <boost/test/unit_test.hpp>

#include "actors/messages.hpp"
#include "support/actor_fixture.hpp"

namespace test_env {

actors::pool_stats wait_for_stats(caf::scoped_actor& self, const caf::actor& pool, std::chrono::milliseconds limit,
                                  const std::function<bool(const actors::pool_stats&)>& pred) {
  const auto until = std::chrono::steady_clock::now() + limit;
  actors::pool_stats last;
  for (;;) {
    auto r = ask<actors::pool_stats>(self, pool, std::chrono::seconds{1}, actors::stats_atom::value);
    BOOST_REQUIRE_MESSAGE(r.is_ok(), "stats: " << r.get_status().to_string());
    last = r.value();
    if (pred(last) || std::chrono::steady_clock::now() >= until)
      return last;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
}

}  // namespace test_env
