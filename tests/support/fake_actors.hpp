// Fakes behind the interfaces the actors under test talk to, for the actor harness
// (tests/support/actor_harness.hpp): event-based actors on CAF's test scheduler, scripted by the
// case between scheduler steps, that record what they were asked.
//
//   fake_pool       a PostgreSQL or MongoDB pool: takes pg_request / mongo_request, answers each
//                   through the request's own answer with the scripted status (the task never
//                   runs: there is no connection), records budget and idempotence; its handle
//                   converts to pg_pool_actor and mongo_pool_actor (empty stats, "pass")
//   fake_monitor    a pool's monitor interface (pool_monitor_actor): stats_atom, check_atom
//   fake_purger     session_purger_actor / profile_purger_actor: scripted purge answers
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/pool_handles.hpp"
#include "actors/pool_stats.hpp"
#include "storage/common/status.hpp"

namespace test_env {

// Both pools' interfaces in one (so it converts to either handle), and the release word.
using fake_pool_actor = caf::typed_actor<
    caf::reacts_to<actors::pg_request>,
    caf::reacts_to<actors::mongo_request>,
    caf::reacts_to<caf::atom_value>,
    caf::replies_to<actors::stats_atom>::with<actors::pool_stats>,
    caf::replies_to<actors::check_atom>::with<actors::store_health>>;

class fake_pool {
public:
  struct seen {
    std::chrono::milliseconds budget{0};
    bool idempotent = false;  // always false for a MongoDB request
    bool has_answer = false;
  };

  fake_pool();
  // The pool actor (spawned on first use in `sys`).
  fake_pool_actor spawn(caf::actor_system& sys);
  const caf::actor& actor() const;

  // What every request answers from now on (ok by default: a store_call then answers
  // `internal`, its task never having run).
  void answer_with(storage::status st);
  // The next request is held (no answer) until release() (run the scheduler after).
  void hold(bool on);
  void release();

  int requests() const;
  const seen& last() const;  // fails the case when there was no request

  struct state;

private:
  std::shared_ptr<state> s_;
};

class fake_monitor {
public:
  fake_monitor();
  actors::pool_monitor_actor spawn(caf::actor_system& sys);
  // What check_atom answers; nothing at all (the asker's timeout ends it) when `silent`.
  void answer_check(actors::store_health h);
  void silent(bool on);
  int checks() const;

  struct state;

private:
  std::shared_ptr<state> s_;
};

class fake_purger {
public:
  fake_purger();
  actors::session_purger_actor spawn_sessions(caf::actor_system& sys);
  actors::profile_purger_actor spawn_profiles(caf::actor_system& sys);
  // The next purges answer these, in order (then ok / 0); nothing at all when `silent`.
  void answer(storage::status st);
  void silent(bool on);
  int purges() const;
  const std::vector<std::string>& purged_ids() const;  // profile purges, in order

  struct state;

private:
  std::shared_ptr<state> s_;
};

}  // namespace test_env
