#include "support/fake_actors.hpp"

#include <boost/test/unit_test.hpp>

#include "actors/errors.hpp"
#include "actors/mongo_pool.hpp"
#include "actors/pg_pool.hpp"

namespace test_env {

// -- fake_pool --------------------------------------------------------------------------------

struct fake_pool::state {
  caf::actor self;
  storage::status answer = storage::status::ok();
  bool holding = false;
  std::deque<std::function<void()>> held;
  std::vector<seen> requests;
};

namespace {

template <class Request>
void take(fake_pool_actor::pointer self, const std::shared_ptr<fake_pool::state>& s, Request& req, bool idempotent) {
  s->requests.push_back({req.budget, idempotent, static_cast<bool>(req.answer)});
  auto rp = self->make_response_promise();
  if (!req.answer) {
    actors::deliver_status(rp, storage::status::internal("a pool request needs an answer"));
    return;
  }
  auto answer = [req, rp, st = s->answer]() mutable { req.answer(rp, st); };
  if (s->holding)
    s->held.push_back(std::move(answer));
  else
    answer();
}

fake_pool_actor::behavior_type pool_behavior(fake_pool_actor::pointer self, std::shared_ptr<fake_pool::state> s) {
  return {
      [=](actors::pg_request& req) { take(self, s, req, req.idempotent); },
      [=](actors::mongo_request& req) { take(self, s, req, false); },
      [=](caf::atom_value) {  // release (any atom: the case's word)
        auto now = std::move(s->held);
        s->held.clear();
        for (auto& a : now)
          a();
      },
      [](actors::stats_atom) { return actors::pool_stats{}; },
      [](actors::check_atom) { return actors::store_health{"pass", 1.0, actors::pool_stats{}}; },
  };
}

}  // namespace

fake_pool::fake_pool() : s_(std::make_shared<state>()) {}

fake_pool_actor fake_pool::spawn(caf::actor_system& sys) {
  if (!s_->self)
    s_->self = caf::actor_cast<caf::actor>(sys.spawn(pool_behavior, s_));
  return caf::actor_cast<fake_pool_actor>(s_->self);  // what it was spawned as, above
}

const caf::actor& fake_pool::actor() const { return s_->self; }
void fake_pool::answer_with(storage::status st) { s_->answer = std::move(st); }
void fake_pool::hold(bool on) { s_->holding = on; }
void fake_pool::release() {
  s_->holding = false;
  caf::anon_send(s_->self, caf::atom("release"));
}
int fake_pool::requests() const { return static_cast<int>(s_->requests.size()); }
const fake_pool::seen& fake_pool::last() const {
  BOOST_REQUIRE_MESSAGE(!s_->requests.empty(), "the fake pool got no request");
  return s_->requests.back();
}

// -- fake_monitor -----------------------------------------------------------------------------

struct fake_monitor::state {
  actors::store_health health{"pass", 1.0, actors::pool_stats{}};
  bool silent = false;
  int checks = 0;
};

fake_monitor::fake_monitor() : s_(std::make_shared<state>()) {}

actors::pool_monitor_actor fake_monitor::spawn(caf::actor_system& sys) {
  auto s = s_;
  return sys.spawn([s](actors::pool_monitor_actor::pointer self) -> actors::pool_monitor_actor::behavior_type {
    return {
        [s](actors::stats_atom) { return s->health.pool; },
        [s, self](actors::check_atom) -> caf::result<actors::store_health> {
          ++s->checks;
          auto rp = self->make_response_promise<actors::store_health>();
          if (!s->silent)
            rp.deliver(s->health);
          return rp;
        },
    };
  });
}

void fake_monitor::answer_check(actors::store_health h) { s_->health = std::move(h); }
void fake_monitor::silent(bool on) { s_->silent = on; }
int fake_monitor::checks() const { return s_->checks; }

// -- fake_purger ------------------------------------------------------------------------------

struct fake_purger::state {
  std::deque<storage::status> answers;
  bool silent = false;
  int purges = 0;
  std::vector<std::string> ids;

  // The next scripted answer (ok when none is left).
  storage::status next() {
    ++purges;
    if (answers.empty())
      return storage::status::ok();
    auto st = answers.front();
    answers.pop_front();
    return st;
  }
};

fake_purger::fake_purger() : s_(std::make_shared<state>()) {}

actors::session_purger_actor fake_purger::spawn_sessions(caf::actor_system& sys) {
  auto s = s_;
  return sys.spawn([s](actors::session_purger_actor::pointer self) -> actors::session_purger_actor::behavior_type {
    return {
        [s, self](actors::purge_atom) -> caf::result<int64_t> {
          auto rp = self->make_response_promise<int64_t>();
          auto st = s->next();
          if (s->silent)
            return rp;
          if (st.is_ok())
            rp.deliver(int64_t{0});
          else
            rp.deliver(actors::to_error(st));
          return rp;
        },
    };
  });
}

actors::profile_purger_actor fake_purger::spawn_profiles(caf::actor_system& sys) {
  auto s = s_;
  return sys.spawn([s](actors::profile_purger_actor::pointer self) -> actors::profile_purger_actor::behavior_type {
    return {
        [s, self](actors::purge_atom, const std::string& id) -> caf::result<actors::ok_atom> {
          auto rp = self->make_response_promise<actors::ok_atom>();
          s->ids.push_back(id);
          auto st = s->next();
          if (s->silent)
            return rp;
          if (st.is_ok())
            rp.deliver(actors::ok_atom::value);
          else
            rp.deliver(actors::to_error(st));
          return rp;
        },
    };
  });
}

void fake_purger::answer(storage::status st) { s_->answers.push_back(std::move(st)); }
void fake_purger::silent(bool on) { s_->silent = on; }
int fake_purger::purges() const { return s_->purges; }
const std::vector<std::string>& fake_purger::purged_ids() const { return s_->ids; }

}  // namespace test_env
