#include "actors/mongo_worker.hpp"

#include "actors/messages.hpp"

namespace actors {

namespace {

using clock = std::chrono::steady_clock;

worker_outcome outcome_of(const storage::status& st, clock::time_point started) {
  worker_outcome out;
  out.code = st.error_code();
  out.message = st.message();
  out.latency_ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
  return out;
}

}  // namespace

caf::behavior mongo_worker(caf::event_based_actor*, std::shared_ptr<storage::mongo_client_pool> clients) {
  return {
      [=](run_atom, const mongo_request& req) {
        auto started = clock::now();
        auto attempt = [&]() -> storage::status {
          auto lease = clients->pop();
          if (!lease)
            return lease.get_status();
          storage::mongo_context ctx(lease.get(), clients->database(), req.budget);
          return req.task(ctx);
        };
        auto st = attempt();  // the client is back in the pool before anyone is answered
        if (req.answer) {
          auto rp = req.reply_to;
          req.answer(rp, st);
        }
        return outcome_of(st, started);
      },
      [=](check_atom) {
        auto started = clock::now();
        auto lease = clients->pop();
        if (!lease)
          return outcome_of(lease.get_status(), started);
        return outcome_of(clients->ping(lease), started);
      },
      [=](connect_atom) {
        auto started = clock::now();
        return outcome_of(clients->warm_up(), started);
      },
  };
}

}  // namespace actors
