#include "actors/mongo_worker.hpp"

#include "actors/messages.hpp"

namespace actors {

namespace {

// The worker's own CAF clock: the wall clock in production, where it measures its blocking
// calls; the test clock when a test runs it on CAF's deterministic scheduler.
using clock = caf::actor_clock;

worker_outcome outcome_of(const storage::status& st, clock::time_point started, clock::time_point now) {
  worker_outcome out;
  out.code = st.error_code();
  out.message = st.message();
  out.cause = st.cause();
  out.latency_ms = std::chrono::duration<double, std::milli>(now - started).count();
  return out;
}

}  // namespace

caf::behavior mongo_worker(caf::event_based_actor* self, std::shared_ptr<storage::mongo_client_pool> clients) {
  auto execute = [=](const mongo_request& req) {
    auto started = self->clock().now();
    auto lease = clients->pop();
    if (!lease)
      return outcome_of(lease.get_status(), started, self->clock().now());
    storage::mongo_context ctx(lease.get(), clients->database(), req.budget);
    auto st = req.task(ctx);  // before reading the clock: argument order is unspecified
    auto out = outcome_of(st, started, self->clock().now());
    // A store that hung past the budget (maxTimeMS is the server's own clock; a frozen server
    // answers when it is thawed) may still answer success: too late for the caller.
    out.late = self->clock().now() - started > req.budget;
    return out;
  };
  return {
      // Delegated by the pool: answer the caller, then tell the pool this worker is free.
      [=](run_atom, const mongo_request& req, const caf::actor& pool, caf::actor_id id) {
        auto rp = self->make_response_promise();
        auto out = execute(req);
        req.answer(rp, out.status());
        self->send(pool, done_atom::value, id, out);
      },
      [=](check_atom) {
        auto started = self->clock().now();
        auto lease = clients->pop();
        if (!lease)
          return outcome_of(lease.get_status(), started, self->clock().now());
        auto st = clients->ping(lease);
        return outcome_of(st, started, self->clock().now());
      },
      [=](connect_atom) {
        auto started = self->clock().now();
        auto st = clients->warm_up();
        return outcome_of(st, started, self->clock().now());
      },
  };
}

worker_factory mongo_worker_factory(std::shared_ptr<storage::mongo_client_pool> clients) {
  return [clients = std::move(clients)](caf::actor_system& sys) { return sys.spawn<caf::detached>(mongo_worker, clients); };
}

}  // namespace actors
