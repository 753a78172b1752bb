// Fake pool workers for actor-level tests without a server: detached actors that speak the
// pool protocol (actors/pool_protocol.hpp) for both pools and do what the test scripts.
//
//   fake_store store;
//   auto pool = actors::spawn_pg_pool(sys, settings, store.factory());
//   store.hold(true);            // jobs wait until release()
//   store.fail_connects(3, storage::status::unavailable("refused"));
//
// A fake never runs the request's task (there is no connection to give it): it answers the
// request with the scripted status through the request's own answer, then reports to the pool
// as a real worker does. Thread-safe: workers run on their own threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "actors/pool_protocol.hpp"
#include "storage/common/status.hpp"

namespace test_env {

class fake_store {
public:
  fake_store();
  // Releases held jobs: a worker still waiting would keep the actor system from ending.
  ~fake_store() { release(); }
  fake_store(const fake_store&) = delete;
  fake_store& operator=(const fake_store&) = delete;

  // The next `n` connects (PostgreSQL workers) answer `why`; later ones succeed.
  void fail_connects(int n, storage::status why);
  // The next `n` pings (the MongoDB pool's probes and checks) answer `why`; later ones succeed.
  void fail_pings(int n, storage::status why);
  // How long each connect takes (0 by default).
  void connect_delay(std::chrono::milliseconds d);
  // While on, jobs wait (held) until release() or hold(false).
  void hold(bool on);
  // Lets every held job go on, and later jobs run at once.
  void release() { hold(false); }
  // The next job's worker crashes (throws) instead of answering.
  void crash_next_job();
  // What jobs answer from now on (ok by default).
  void answer_jobs_with(storage::status st);

  // What happened so far.
  int spawned() const;   // workers made by factory()
  int connects() const;  // connect attempts
  int jobs() const;      // jobs received (held, answered or crashed)
  int held() const;      // jobs waiting now
  int pings() const;
  // The most connects in flight at once since the last reset_peak().
  int peak_connecting() const;
  void reset_peak();

  // Polls `pred` until it holds or `timeout` passes; whether it held.
  static bool eventually(const std::function<bool()>& pred,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds{3000});

  // Spawns fake workers (detached) that share this script.
  actors::worker_factory factory() const;

  struct script;

private:
  int read(int script::*field) const;  // one counter, under the script's lock

  std::shared_ptr<script> s_;
};

}  // namespace test_env
