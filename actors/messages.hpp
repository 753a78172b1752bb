// Every atom and message type that actors exchange, each with what it asks and answers.
// CAF 0.17: atoms are at most 10 characters.
#pragma once

#include <caf/all.hpp>

namespace actors {

// Liveness: (live_atom) -> std::string "pass". Touches no store.
using live_atom = caf::atom_constant<caf::atom("live")>;

// Store health: (check_atom) -> health_report (see health.hpp).
using check_atom = caf::atom_constant<caf::atom("check")>;

// Pool statistics: (stats_atom) -> pool_stats (see pool_stats.hpp).
using stats_atom = caf::atom_constant<caf::atom("stats")>;

// A request succeeded and has nothing else to say.
using ok_atom = caf::atom_constant<caf::atom("ok")>;

// Pool -> worker: run a job on your connection.
using run_atom = caf::atom_constant<caf::atom("run")>;
// Worker -> pool: a job the worker answered itself is done; carries the worker_outcome.
using done_atom = caf::atom_constant<caf::atom("done")>;

// Pool -> itself: a queued request's acquire timeout passed.
using expire_atom = caf::atom_constant<caf::atom("expire")>;

// Repository verbs. Each repository header lists which it answers and with what.
using create_atom = caf::atom_constant<caf::atom("create")>;
using get_atom = caf::atom_constant<caf::atom("get")>;
using by_email_atom = caf::atom_constant<caf::atom("by_email")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using update_atom = caf::atom_constant<caf::atom("update")>;
using delete_atom = caf::atom_constant<caf::atom("delete")>;
using find_atom = caf::atom_constant<caf::atom("find")>;
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;
using purge_atom = caf::atom_constant<caf::atom("purge")>;
using upsert_atom = caf::atom_constant<caf::atom("upsert")>;
// Ownership: (owner_atom, id) -> who owns it (post: author_id; reply: its post and author).
using owner_atom = caf::atom_constant<caf::atom("owner")>;
// Forum replies: upvote once per user, withdraw that upvote; both answer the exact count.
using upvote_atom = caf::atom_constant<caf::atom("upvote")>;
using withdraw_atom = caf::atom_constant<caf::atom("withdraw")>;
// Forum replies: mark a reply as its post's one best answer.
using best_atom = caf::atom_constant<caf::atom("best")>;
// Use cases: search by distance from a point.
using near_atom = caf::atom_constant<caf::atom("near")>;

// Password hashing (password_hasher.hpp): (hash_atom, password) -> hash;
// (verify_atom, hash, password) -> bool; (verify_atom, password) -> false after the same work.
using hash_atom = caf::atom_constant<caf::atom("hash")>;
using verify_atom = caf::atom_constant<caf::atom("verify")>;

// Internal timers of the pools and supervisors.
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using connect_atom = caf::atom_constant<caf::atom("connect")>;

}  // namespace actors
