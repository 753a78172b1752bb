#include "actors/supervisor.hpp"

#include <deque>

#include <spdlog/spdlog.h>

namespace actors {

namespace {

struct supervisor_state {
  caf::actor child;
  std::deque<caf::actor_clock::time_point> restarts;  // CAF's clock: a test moves it
  bool stopping = false;
};

bool is_clean(const caf::error& reason) {
  return !reason || reason == caf::exit_reason::normal || reason == caf::exit_reason::user_shutdown;
}

}  // namespace

caf::behavior supervisor(caf::event_based_actor* self, std::string name, child_factory make,
                         restart_budget budget, escalation escalate) {
  auto st = std::make_shared<supervisor_state>();
  auto start = [=] {
    st->child = make(self->system());
    self->monitor(st->child);
  };
  start();

  self->set_down_handler([=](caf::down_msg& dm) {
    if (dm.source != st->child.address())
      return;
    if (st->stopping || is_clean(dm.reason)) {
      self->quit(dm.reason);
      return;
    }
    auto now = self->clock().now();
    while (!st->restarts.empty() && now - st->restarts.front() > budget.period)
      st->restarts.pop_front();
    auto why = self->system().render(dm.reason);
    if (static_cast<int>(st->restarts.size()) >= budget.intensity) {
      auto msg = name + " failed " + std::to_string(st->restarts.size() + 1) + " times within " +
                 std::to_string(budget.period.count()) + " s (last: " + why + ")";
      spdlog::critical("supervisor: {}; escalating", msg);
      if (escalate)
        escalate(msg);
      self->quit(dm.reason);
      return;
    }
    st->restarts.push_back(now);
    spdlog::error("supervisor: {} failed ({}); restart {} of {} within {} s", name, why,
                  st->restarts.size(), budget.intensity, budget.period.count());
    start();
  });

  self->set_exit_handler([=](caf::exit_msg& em) {
    st->stopping = true;
    self->send_exit(st->child, em.reason);
    self->quit(em.reason);
  });

  // Everything else goes to the child; delegation keeps the original sender and request id.
  self->set_default_handler([=](caf::scheduled_actor*, caf::message_view& x) -> caf::result<caf::message> {
    self->delegate(st->child, x.move_content_to_message());
    return caf::delegated<caf::message>{};
  });
  return {[](caf::unit_t) {}};  // a behavior that matches nothing real; all work is forwarded
}

}  // namespace actors
