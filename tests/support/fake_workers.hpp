// Fake pool workers for the actor harness (tests/support/actor_harness.hpp): event-based actors
// on CAF's test scheduler (never detached) that speak the pool protocol (actors/pool_protocol.hpp)
// for both pools and do what the case scripts. The case scripts them between scheduler steps;
// nothing here waits or runs on another thread.
//
//   fake_store store;
//   auto pool = own(actors::spawn_pg_pool(sys, settings, store.factory()));
//   sched.run();                  // the pool's connects, answered by the fakes
//   store.hold(true);             // jobs wait in their worker ...
//   store.release(); sched.run(); // ... until released
//
// A fake never runs the request's task (there is no connection to give it): it answers with the
// scripted status through the request's own answer, then reports to the pool as a real worker
// does. So a store_call's value never arrives from a fake: its caller gets `internal` ("task
// did not run") for a scripted success, or the scripted error.
#pragma once

#include <memory>
#include <vector>

#include <caf/all.hpp>

#include "actors/pool_protocol.hpp"
#include "storage/common/status.hpp"

namespace test_env {

// Test-only: tells a fake worker to answer what it holds.
using release_atom = caf::atom_constant<caf::atom("release")>;

class fake_store {
public:
  fake_store();

  // The next `n` connects (PostgreSQL workers) answer `why`; later ones succeed.
  void fail_connects(int n, storage::status why);
  // The next `n` pings (the MongoDB pool's probes and checks) answer `why`; later ones succeed.
  void fail_pings(int n, storage::status why);
  // While on, connects wait in their worker until release().
  void hold_connects(bool on);
  // While on, jobs wait in their worker until release().
  void hold(bool on);
  // Sends every worker holding a connect or a job the word to answer it (run the scheduler to
  // deliver); later ones run at once.
  void release();
  // The next job's worker fails (quits with an error) instead of answering: nobody answers
  // its caller, and the pool sees the worker go down.
  void crash_next_job();
  // What jobs answer from now on (ok by default).
  void answer_jobs_with(storage::status st);

  // What happened so far.
  int spawned() const;        // workers made by factory()
  int connects() const;       // connect attempts
  int held_connects() const;  // connects waiting now
  int jobs() const;           // jobs received (held, answered or crashed)
  int held() const;           // jobs waiting now
  int pings() const;
  // Every worker made, in order (for expect's from/to).
  const std::vector<caf::actor>& workers() const;

  // Spawns fake workers (event-based, on the caller's scheduler) that share this script.
  actors::worker_factory factory() const;

  struct script;

private:
  std::shared_ptr<script> s_;
};

}  // namespace test_env
