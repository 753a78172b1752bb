// The login sessions repository (storage/postgres/session_store on the PostgreSQL pool). Only token
// hashes travel here, never tokens.
//
//   (create_atom, string user_id, string token_hash, int64 expires_at_us) -> session
//   (find_atom, string token_hash)   -> session                 not_found when unknown/expired
//   (list_atom, string user_id)      -> std::vector<session>    active ones, newest first
//   (revoke_atom, string session_id) -> ok_atom                 not_found
//   (purge_atom)                     -> int64_t                 expired sessions deleted
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/store_route.hpp"
#include "storage/model/session.hpp"

namespace actors {

caf::behavior session_repository(caf::event_based_actor* self, pg_route route);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::session)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<storage::session>)
