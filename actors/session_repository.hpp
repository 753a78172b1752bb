// The login sessions repository (storage/postgres/session_store on the PostgreSQL pool). Only token
// hashes travel here, never tokens.
//
//   (create_atom, string user_id, string token_hash, int64 expires_at_us) -> session
//   (find_atom, string token_hash)   -> session                 not_found when unknown/expired
//   (list_atom, string user_id)      -> std::vector<session>    active ones, newest first
//   (revoke_atom, string session_id) -> ok_atom                 not_found
//   (purge_atom)                     -> int64_t                 expired sessions deleted
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"

namespace actors {

session_repository_actor::behavior_type session_repository(session_repository_actor::pointer self, pg_route route);

}  // namespace actors
