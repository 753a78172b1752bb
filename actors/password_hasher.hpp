// Argon2id hashing and verification on detached workers of their own, so a burst of logins
// never starves the store pools or the scheduler; behind a bounded queue, so that a flood of
// registrations or logins is refused (overloaded, a 429 with Retry-After) instead of piling up.
//
//   (hash_atom, string password)                 -> string hash     internal on failure
//   (verify_atom, string hash, string password)  -> bool
//   (verify_atom, string password)               -> bool (false)    the same work against a
//        fixed hash, for unknown emails: a login answers in about the same time either way
//   any of these while `max_pending` jobs are in flight -> error overloaded, at once
//
// The front actor (event-based, never blocks) hands each job to the least busy worker and
// counts jobs until their answers come back.
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace actors {

struct hasher_settings {
  size_t workers = 2;       // Argon2id is CPU-bound: one per core
  size_t max_pending = 16;  // jobs running or waiting; one more is overloaded
};

password_hasher_actor spawn_password_hasher(caf::actor_system& sys, hasher_settings s);

}  // namespace actors
