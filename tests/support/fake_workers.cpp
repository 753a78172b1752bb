#include "support/fake_workers.hpp"

#include <deque>
#include <functional>

#include "actors/messages.hpp"
#include "actors/mongo_pool.hpp"
#include "actors/pg_pool.hpp"
#include "actors/worker_outcome.hpp"

namespace test_env {

struct fake_store::script {
  int failing_connects = 0;
  storage::status connect_error = storage::status::ok();
  int failing_pings = 0;
  storage::status ping_error = storage::status::ok();
  bool holding_connects = false;
  bool holding = false;
  bool crash_next = false;
  storage::status job_answer = storage::status::ok();
  int spawned = 0, connects = 0, held_connects = 0, jobs = 0, held = 0, pings = 0;
  std::vector<caf::actor> workers;
};

namespace {

using script_ptr = std::shared_ptr<fake_store::script>;

actors::worker_outcome outcome_of(const storage::status& st) {
  actors::worker_outcome out;
  out.code = st.error_code();
  out.message = st.message();
  out.cause = st.cause();
  out.latency_ms = 1.0;
  return out;
}

// What one worker holds until it is released: each entry answers one connect or job.
using held_list = std::deque<std::function<void()>>;

storage::status next_connect(const script_ptr& s) {
  ++s->connects;
  if (s->failing_connects > 0) {
    --s->failing_connects;
    return s->connect_error;
  }
  return storage::status::ok();
}

template <class Request>
void take_job(caf::event_based_actor* self, const script_ptr& s, const std::shared_ptr<held_list>& held,
              const Request& req, const caf::actor& pool, caf::actor_id id) {
  auto rp = self->make_response_promise();  // as a real worker: the request is answered by us
  ++s->jobs;
  if (s->crash_next) {
    s->crash_next = false;
    self->quit(caf::sec::runtime_error);
    return;
  }
  auto answer = [self, s, req, rp, pool, id]() mutable {
    const auto st = s->job_answer;
    req.answer(rp, st);
    self->send(pool, actors::done_atom::value, id, outcome_of(st));
  };
  if (!s->holding) {
    answer();
    return;
  }
  ++s->held;
  held->push_back([s, answer]() mutable {
    --s->held;
    answer();
  });
}

caf::behavior fake_worker(caf::event_based_actor* self, script_ptr s) {
  auto held = std::make_shared<held_list>();
  return {
      [=](actors::connect_atom) -> caf::result<actors::worker_outcome> {
        if (!s->holding_connects)
          return outcome_of(next_connect(s));
        auto rp = self->make_response_promise<actors::worker_outcome>();
        ++s->held_connects;
        held->push_back([s, rp]() mutable {
          --s->held_connects;
          rp.deliver(outcome_of(next_connect(s)));
        });
        return rp;
      },
      [=](actors::check_atom) {
        ++s->pings;
        if (s->failing_pings > 0) {
          --s->failing_pings;
          return outcome_of(s->ping_error);
        }
        return outcome_of(storage::status::ok());
      },
      [=](actors::run_atom, const actors::pg_request& req, bool, const caf::actor& pool, caf::actor_id id) {
        take_job(self, s, held, req, pool, id);
      },
      [=](actors::run_atom, const actors::mongo_request& req, const caf::actor& pool, caf::actor_id id) {
        take_job(self, s, held, req, pool, id);
      },
      [=](release_atom) {
        auto now = std::move(*held);
        held->clear();
        for (auto& answer : now)
          answer();
      },
  };
}

}  // namespace

fake_store::fake_store() : s_(std::make_shared<script>()) {}

void fake_store::fail_connects(int n, storage::status why) {
  s_->failing_connects = n;
  s_->connect_error = std::move(why);
}

void fake_store::fail_pings(int n, storage::status why) {
  s_->failing_pings = n;
  s_->ping_error = std::move(why);
}

void fake_store::hold_connects(bool on) {
  s_->holding_connects = on;
  if (!on)
    release();
}

void fake_store::hold(bool on) {
  s_->holding = on;
  if (!on)
    release();
}

void fake_store::release() {
  s_->holding = false;
  s_->holding_connects = false;
  for (const auto& w : s_->workers)
    caf::anon_send(w, release_atom::value);
}

void fake_store::crash_next_job() { s_->crash_next = true; }

void fake_store::answer_jobs_with(storage::status st) { s_->job_answer = std::move(st); }

int fake_store::spawned() const { return s_->spawned; }
int fake_store::connects() const { return s_->connects; }
int fake_store::held_connects() const { return s_->held_connects; }
int fake_store::jobs() const { return s_->jobs; }
int fake_store::held() const { return s_->held; }
int fake_store::pings() const { return s_->pings; }
const std::vector<caf::actor>& fake_store::workers() const { return s_->workers; }

actors::worker_factory fake_store::factory() const {
  auto s = s_;
  return [s](caf::actor_system& sys) {
    ++s->spawned;
    auto w = sys.spawn(fake_worker, s);
    s->workers.push_back(w);
    return w;
  };
}

}  // namespace test_env
