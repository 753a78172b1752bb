#include "actors/health.hpp"

#include <memory>

#include "actors/messages.hpp"

namespace actors {

namespace {

int severity(const std::string& status) {
  return status == "pass" ? 0 : status == "warn" ? 1 : 2;
}

// Collects the checks of one report; answers when the last one is in.
struct gathering {
  caf::typed_response_promise<health_report> rp;
  health_report report;
  int outstanding = 0;

  void add(const std::string& name, store_health h) {
    if (severity(h.status) > severity(report.status) || report.checks.empty())
      report.status = h.status;
    report.checks[name] = std::move(h);
    if (--outstanding == 0)
      rp.deliver(std::move(report));
  }
};

}  // namespace

health_actor::behavior_type health(health_actor::pointer self, health_targets targets) {
  const auto started = self->clock().now();  // CAF's clock: a test moves it
  return {
      [](live_atom) { return std::string("pass"); },
      [=](check_atom) -> caf::result<health_report> {
        auto g = std::make_shared<gathering>();
        g->rp = self->make_response_promise<health_report>();
        g->report.status = "pass";
        g->report.uptime_s = std::chrono::duration<double>(self->clock().now() - started).count();
        std::vector<std::pair<std::string, pool_monitor_actor>> stores;
        if (targets.postgres)
          stores.emplace_back("postgres", targets.postgres);
        if (targets.mongodb)
          stores.emplace_back("mongodb", targets.mongodb);
        g->outstanding = static_cast<int>(stores.size());
        if (stores.empty()) {
          g->rp.deliver(g->report);
          return g->rp;
        }
        for (auto& [name, pool] : stores) {
          // Each pool gets its own timeout: one hanging store cannot delay the other's answer.
          self->request(pool, targets.per_store_timeout, check_atom::value)
              .then([g, n = name](store_health& h) { g->add(n, std::move(h)); },
                    [g, n = name](caf::error&) {
                      store_health h;
                      h.status = "fail";
                      h.pool.state = "unknown";
                      h.pool.last_error = "no answer within the health deadline";
                      h.pool.last_cause = storage::failure_cause::timeout;
                      g->add(n, std::move(h));
                    });
        }
        return g->rp;
      },
  };
}

}  // namespace actors
