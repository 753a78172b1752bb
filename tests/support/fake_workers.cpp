#include "support/fake_workers.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "actors/messages.hpp"
#include "actors/mongo_pool.hpp"
#include "actors/pg_pool.hpp"
#include "actors/worker_outcome.hpp"

namespace test_env {

struct fake_store::script {
  mutable std::mutex mutex;
  std::condition_variable released;
  int failing_connects = 0;
  storage::status connect_error = storage::status::ok();
  int failing_pings = 0;
  storage::status ping_error = storage::status::ok();
  std::chrono::milliseconds delay{0};
  bool holding = false;
  bool crash_next = false;
  storage::status job_answer = storage::status::ok();
  int spawned = 0, connects = 0, jobs = 0, held = 0, pings = 0;
  int connecting = 0, peak = 0;
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

// Waits while the script holds jobs; the status the job answers, or a throw for a crash.
storage::status serve_job(const script_ptr& s) {
  std::unique_lock<std::mutex> lock(s->mutex);
  ++s->jobs;
  if (s->crash_next) {
    s->crash_next = false;
    throw std::runtime_error("fake worker crashed");
  }
  ++s->held;
  s->released.wait(lock, [&] { return !s->holding; });
  --s->held;
  return s->job_answer;
}

template <class Request>
void answer_job(caf::event_based_actor* self, const script_ptr& s, const Request& req, const caf::actor& pool,
                caf::actor_id id) {
  auto rp = self->make_response_promise();
  auto st = serve_job(s);
  req.answer(rp, st);
  self->send(pool, actors::done_atom::value, id, outcome_of(st));
}

caf::behavior fake_worker(caf::event_based_actor* self, script_ptr s) {
  return {
      [=](actors::connect_atom) {
        storage::status st = storage::status::ok();
        std::chrono::milliseconds delay;
        {
          std::lock_guard<std::mutex> lock(s->mutex);
          ++s->connects;
          s->peak = std::max(s->peak, ++s->connecting);
          delay = s->delay;
          if (s->failing_connects > 0) {
            --s->failing_connects;
            st = s->connect_error;
          }
        }
        std::this_thread::sleep_for(delay);
        std::lock_guard<std::mutex> lock(s->mutex);
        --s->connecting;
        return outcome_of(st);
      },
      [=](actors::check_atom) {
        std::lock_guard<std::mutex> lock(s->mutex);
        ++s->pings;
        if (s->failing_pings > 0) {
          --s->failing_pings;
          return outcome_of(s->ping_error);
        }
        return outcome_of(storage::status::ok());
      },
      [=](actors::run_atom, const actors::pg_request& req, bool, const caf::actor& pool, caf::actor_id id) {
        answer_job(self, s, req, pool, id);
      },
      [=](actors::run_atom, const actors::mongo_request& req, const caf::actor& pool, caf::actor_id id) {
        answer_job(self, s, req, pool, id);
      },
  };
}

}  // namespace

fake_store::fake_store() : s_(std::make_shared<script>()) {}

void fake_store::fail_connects(int n, storage::status why) {
  std::lock_guard<std::mutex> lock(s_->mutex);
  s_->failing_connects = n;
  s_->connect_error = std::move(why);
}

void fake_store::fail_pings(int n, storage::status why) {
  std::lock_guard<std::mutex> lock(s_->mutex);
  s_->failing_pings = n;
  s_->ping_error = std::move(why);
}

void fake_store::connect_delay(std::chrono::milliseconds d) {
  std::lock_guard<std::mutex> lock(s_->mutex);
  s_->delay = d;
}

void fake_store::hold(bool on) {
  {
    std::lock_guard<std::mutex> lock(s_->mutex);
    s_->holding = on;
  }
  s_->released.notify_all();
}

void fake_store::crash_next_job() {
  std::lock_guard<std::mutex> lock(s_->mutex);
  s_->crash_next = true;
}

void fake_store::answer_jobs_with(storage::status st) {
  std::lock_guard<std::mutex> lock(s_->mutex);
  s_->job_answer = std::move(st);
}

int fake_store::read(int script::*field) const {
  std::lock_guard<std::mutex> lock(s_->mutex);
  return (*s_).*field;
}

int fake_store::spawned() const { return read(&script::spawned); }
int fake_store::connects() const { return read(&script::connects); }
int fake_store::jobs() const { return read(&script::jobs); }
int fake_store::held() const { return read(&script::held); }
int fake_store::pings() const { return read(&script::pings); }
int fake_store::peak_connecting() const { return read(&script::peak); }

void fake_store::reset_peak() {
  std::lock_guard<std::mutex> lock(s_->mutex);
  s_->peak = s_->connecting;
}

bool fake_store::eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{2});
  }
  return true;
}

actors::worker_factory fake_store::factory() const {
  auto s = s_;
  return [s](caf::actor_system& sys) {
    {
      std::lock_guard<std::mutex> lock(s->mutex);
      ++s->spawned;
    }
    return sys.spawn<caf::detached>(fake_worker, s);
  };
}

}  // namespace test_env
