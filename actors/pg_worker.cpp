#include "actors/pg_worker.hpp"

#include <memory>

#include "actors/messages.hpp"

namespace actors {

namespace {

// The statement_timeout for a remaining budget. Budgets differ by a few milliseconds from one
// request to the next, and each change costs a round trip; so budgets over a second are
// rounded up to a multiple of 500 ms (the caller's own deadline still answers on time).
std::chrono::milliseconds statement_timeout_for(std::chrono::milliseconds budget) {
  constexpr long long step = 500;
  if (budget.count() <= 1000)
    return budget;
  return std::chrono::milliseconds{(budget.count() + step - 1) / step * step};
}

worker_outcome outcome_of(const storage::status& st, const storage::pg_connection* conn) {
  worker_outcome out;
  out.code = st.error_code();
  out.message = st.message();
  out.cause = st.cause();
  out.broken = conn == nullptr || conn->is_broken();
  out.backend_pid = conn ? conn->backend_pid() : 0;
  return out;
}

}  // namespace

caf::behavior pg_worker(caf::event_based_actor* self, std::string url,
                        std::chrono::milliseconds connect_timeout, storage::pg_protocol protocol) {
  // The connection lives as long as the behavior, i.e. as long as this worker.
  auto conn = std::make_shared<std::unique_ptr<storage::pg_connection>>();
  auto reconnect = [=]() -> storage::status {
    conn->reset();
    auto opened = storage::pg_connection::connect(url, connect_timeout, protocol);
    if (!opened.is_ok())
      return opened.get_status();
    *conn = std::move(opened.value());
    return storage::status::ok();
  };
  // Runs one request: validation, the task, one retry of an idempotent task whose connection
  // died under it.
  auto execute = [=](const pg_request& req, bool validate) -> worker_outcome {
    bool reconnected = false;
    auto attempt = [&]() -> storage::status {
      if (!*conn || (validate && !(*conn)->ping().is_ok())) {
        reconnected = true;
        if (auto st = reconnect(); !st.is_ok())
          return st;
      }
      auto run = [&]() -> storage::status {
        if (auto st = (*conn)->set_statement_timeout(statement_timeout_for(req.budget)); !st.is_ok())
          return st;
        return req.task(**conn);
      };
      auto st = run();
      if (!st.is_ok() && (*conn)->is_broken() && req.idempotent) {
        reconnected = true;
        if (auto again = reconnect(); again.is_ok())
          st = run();
      }
      return st;
    };
    auto st = attempt();  // first: it may replace the connection that outcome_of reads
    auto out = outcome_of(st, conn->get());
    out.reconnected = reconnected;
    return out;
  };
  return {
      [=](connect_atom) {
        auto st = reconnect();  // before reading the pointer it replaces
        return outcome_of(st, conn->get());
      },
      // Delegated by the pool: answer the caller, then tell the pool this worker is free.
      [=](run_atom, const pg_request& req, bool validate, const caf::actor& pool, caf::actor_id id) {
        auto rp = self->make_response_promise();
        auto out = execute(req, validate);
        req.answer(rp, out.status());
        self->send(pool, done_atom::value, id, out);
      },
  };
}

worker_factory pg_worker_factory(const storage::pg_settings& settings) {
  const auto protocol =
      settings.pooler == storage::pg_pooler::none ? storage::pg_protocol::prepared : storage::pg_protocol::unnamed;
  return [url = settings.url, timeout = settings.connect_timeout, protocol](caf::actor_system& sys) {
    return sys.spawn<caf::detached>(pg_worker, url, timeout, protocol);
  };
}

}  // namespace actors
