// Argon2id hashing and verification on detached workers of their own, so a burst of logins
// never starves the store pools or the scheduler; behind a bounded queue that is fair per
// account and per client address, so that a flood of registrations, logins or password checks
// is refused (overloaded, a 429 with Retry-After) instead of piling up, and a flood by one user
// or one address never refuses anybody else.
//
//   (hash_atom, owner, string password)                 -> string hash     internal on failure
//   (verify_atom, owner, string hash, string password)  -> bool
//   (verify_atom, owner, string password)               -> bool (false)    the same work against
//        a fixed hash, for unknown emails: a login answers in about the same time either way
//   any of these while `owner`'s account or address holds `max_per_client` jobs, or while
//   `max_pending` jobs are in flight in all -> error overloaded, at once
//
// The front actor (event-based, never blocks) keeps the books (hash_books.hpp): it hands each
// admitted job to the least busy worker and counts it until its answer comes back. A worker that
// dies ends its jobs (their callers get an error) and is replaced.
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace actors {

struct hasher_settings {
  size_t workers = 2;         // Argon2id is CPU-bound: one per core
  size_t max_pending = 16;    // jobs running or waiting; one more is overloaded
  size_t max_per_client = 2;  // of those, per account and per client address (below max_pending)
};

password_hasher_actor spawn_password_hasher(caf::actor_system& sys, hasher_settings s);

}  // namespace actors
