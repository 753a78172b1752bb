// Argon2id hashing and verification on detached workers of their own, so a burst of logins
// never starves the store pools or the scheduler. Spawned as a caf::actor_pool (round robin:
// jobs are uniform, so load-blind dispatch is fine).
//
//   (hash_atom, string password)                 -> string hash     internal on failure
//   (verify_atom, string hash, string password)  -> bool
//   (verify_atom, string password)               -> bool (false)    the same work against a
//        fixed hash, for unknown emails: a login answers in about the same time either way
#pragma once

#include <caf/all.hpp>

namespace actors {

using hash_atom = caf::atom_constant<caf::atom("hash")>;
using verify_atom = caf::atom_constant<caf::atom("verify")>;

caf::actor spawn_password_hasher(caf::actor_system& sys, size_t workers);

}  // namespace actors
