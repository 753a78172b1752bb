// Deleting a user across both stores. PostgreSQL holds the user and MongoDB its profile, and
// no transaction spans both, so the deletion is made durable first and finished later:
//
//   1. one PostgreSQL transaction deletes the user (sessions cascade) and queues the profile
//      deletion in `pending_profile_deletions` (storage/postgres/profile_cleanup_store.hpp);
//   2. the profile repository purges the profile (deletes it if present);
//   3. on success the queued row is deleted; on failure it stays, with the error and a time
//      for the next attempt, and a periodic pass retries it until MongoDB confirms.
//
// So a user deleted while MongoDB is down is still deleted at once, and its profile follows
// when MongoDB is back (also after a restart of this process: the queue is in PostgreSQL).
//
//   (delete_atom, string user_id) -> ok_atom   not_found when there is no such user (or the id
//        is malformed); other store errors as the pool reports them. Answers after steps 1-3,
//        waiting at most `purge_wait` for MongoDB: a failed or slow purge is left to the
//        periodic pass and does not fail the request.
//   (purge_atom) -> ok_atom   a pass now (or the one running), answered when it ends.
//   (tick_atom) internal: every `tick`, one pass over at most `batch` due rows, one row at a
//        time, each purge given up to `pass_wait` (longer than the profile repository's own
//        deadline, so a slow but working MongoDB is waited for). A pass stops at the first
//        failure that says MongoDB itself is in trouble (unavailable, timeout, overloaded): the
//        other rows would fail the same way.
//
// Event-based and never blocking: SQL runs on the PostgreSQL pool (like pg_call), the purge on
// the MongoDB pool through the profile repository. One pass at a time per actor.
#pragma once

#include <chrono>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"
#include "storage/common/status.hpp"

namespace actors {

struct cleanup_settings {
  std::chrono::milliseconds tick{5000};          // a pass over the due rows this often
  int batch = 50;                                // rows per pass at most
  std::chrono::milliseconds purge_wait{2000};    // a DELETE request waits this long for MongoDB
  std::chrono::milliseconds pass_wait{10000};    // the periodic pass waits this long per row
  std::chrono::milliseconds backoff_cap{300000}; // the longest wait between two attempts
};

// When a row is due again after its `failed_attempts`-th failure (>= 1) for reason `why`. A
// store in trouble (unavailable, timeout, overloaded) is not the row's fault: the row is due
// at the next tick, and since a pass stops at the first such failure (and the pool fails fast
// while MongoDB is down) that costs one cheap call per tick. Any other failure backs off per
// row: tick * 2^(failed_attempts - 1), at most backoff_cap. Pure.
std::chrono::milliseconds cleanup_retry_delay(const cleanup_settings& s, int failed_attempts, storage::code why);

// `profiles` purges a user's profile: (purge_atom, string user_id) -> ok_atom.
caf::behavior profile_cleanup(caf::event_based_actor* self, pg_route pg, profile_purger_actor profiles,
                              cleanup_settings s);

}  // namespace actors
