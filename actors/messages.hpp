// Every atom, message type and actor interface that actors exchange, each with what it asks
// and answers. The repositories, the hasher and health are typed actors: a message one of them
// does not take, or a reply read as the wrong type, is a compile error (CAF 0.17
// typed_actor). The pools' own protocol (pg_request, mongo_request: a task with its answer) is
// in pool_protocol.hpp, its requests in pg_pool.hpp and mongo_pool.hpp, since they name driver types.
// CAF 0.17: atoms are at most 10 characters.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/hash_owner.hpp"
#include "actors/pool_stats.hpp"
#include "storage/model/config_entry.hpp"
#include "storage/model/post.hpp"
#include "storage/model/profile.hpp"
#include "storage/model/reply.hpp"
#include "storage/model/session.hpp"
#include "storage/model/use_case.hpp"
#include "storage/model/user.hpp"

namespace actors {

// Liveness: (live_atom) -> std::string "pass". Touches no store.
using live_atom = caf::atom_constant<caf::atom("live")>;

// Store health: (check_atom) -> store_health from a pool, health_report from health.
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

// Password hashing (password_hasher.hpp): (hash_atom, owner, password) -> hash;
// (verify_atom, owner, hash, password) -> bool; (verify_atom, owner, password) -> false after
// the same work. `owner` (hash_owner.hpp: account and client address) is who the job is counted
// against.
using hash_atom = caf::atom_constant<caf::atom("hash")>;
using verify_atom = caf::atom_constant<caf::atom("verify")>;

// Internal timers of the pools and supervisors.
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using connect_atom = caf::atom_constant<caf::atom("connect")>;

// ---- Request structs of the repositories

struct user_list_query {
  std::optional<storage::user_cursor> after;
  int limit = 20;
  std::optional<std::string> email;
};

struct config_list_query {
  std::optional<std::string> after;
  int limit = 20;
};

struct config_put {
  std::string key;
  std::string value_json;
  std::optional<std::string> description;
};

struct profile_list_query {
  storage::profile_filter filter;
  std::optional<std::string> after_user_id;  // the previous page's next_after
  int limit = 20;
};

struct post_list_query {
  storage::post_filter filter;
  std::optional<storage::post_cursor> after;  // the previous page's next
  int limit = 20;
};

struct new_reply {
  std::string post_id;
  std::string author_id;
  std::string content;
};

struct reply_list_query {
  std::string post_id;
  std::optional<storage::reply_cursor> after;  // the previous page's next
  int limit = 20;
};

struct use_case_list_query {
  storage::use_case_filter filter;
  std::optional<storage::use_case_cursor> after;  // the previous page's next
  int limit = 20;
};

struct near_query {
  double lat = 0;
  double lng = 0;
  double radius_km = 0;
  storage::use_case_filter filter;
  int limit = 20;
};

// ---- Health

struct health_report {
  std::string status = "fail";  // pass | warn | fail: the worst of the checks
  double uptime_s = 0;
  std::map<std::string, store_health> checks;  // "postgres", "mongodb"
};

// ---- Actor interfaces (each repository header says what every reply means)

using user_repository_actor = caf::typed_actor<
    caf::replies_to<create_atom, storage::new_user>::with<storage::user>,
    caf::replies_to<get_atom, std::string>::with<storage::user>,
    caf::replies_to<by_email_atom, std::string>::with<storage::user>,
    caf::replies_to<list_atom, user_list_query>::with<storage::user_page>,
    caf::replies_to<update_atom, std::string, storage::user_changes>::with<storage::user>,
    caf::replies_to<delete_atom, std::string>::with<ok_atom>>;

using session_repository_actor = caf::typed_actor<
    caf::replies_to<create_atom, std::string, std::string, int64_t>::with<storage::session>,
    caf::replies_to<find_atom, std::string>::with<storage::session>,
    caf::replies_to<list_atom, std::string>::with<std::vector<storage::session>>,
    caf::replies_to<revoke_atom, std::string>::with<ok_atom>,
    caf::replies_to<purge_atom>::with<int64_t>>;

using config_repository_actor = caf::typed_actor<
    caf::replies_to<get_atom, std::string>::with<storage::config_entry>,
    caf::replies_to<list_atom, config_list_query>::with<storage::config_page>,
    caf::replies_to<upsert_atom, config_put>::with<storage::config_upsert_result>,
    caf::replies_to<delete_atom, std::string>::with<ok_atom>>;

using profile_repository_actor = caf::typed_actor<
    caf::replies_to<upsert_atom, storage::profile>::with<storage::profile_upsert>,
    caf::replies_to<get_atom, std::string>::with<storage::profile>,
    caf::replies_to<list_atom, profile_list_query>::with<storage::profile_page>,
    caf::replies_to<delete_atom, std::string>::with<ok_atom>,
    caf::replies_to<purge_atom, std::string>::with<ok_atom>>;

using post_repository_actor = caf::typed_actor<
    caf::replies_to<create_atom, storage::new_post>::with<storage::post>,
    caf::replies_to<get_atom, std::string>::with<storage::post>,
    caf::replies_to<list_atom, post_list_query>::with<storage::post_page>,
    caf::replies_to<update_atom, std::string, storage::post_patch>::with<storage::post>,
    caf::replies_to<delete_atom, std::string>::with<ok_atom>,
    caf::replies_to<owner_atom, std::string>::with<std::string>>;

using reply_repository_actor = caf::typed_actor<
    caf::replies_to<create_atom, new_reply>::with<storage::reply>,
    caf::replies_to<get_atom, std::string>::with<storage::reply>,
    caf::replies_to<list_atom, reply_list_query>::with<storage::reply_page>,
    caf::replies_to<upvote_atom, std::string, std::string>::with<int64_t>,
    caf::replies_to<withdraw_atom, std::string, std::string>::with<int64_t>,
    caf::replies_to<owner_atom, std::string>::with<storage::reply_owner>,
    caf::replies_to<best_atom, std::string>::with<storage::reply>>;

using use_case_repository_actor = caf::typed_actor<
    caf::replies_to<create_atom, storage::new_use_case>::with<storage::use_case>,
    caf::replies_to<get_atom, std::string>::with<storage::use_case>,
    caf::replies_to<update_atom, std::string, storage::use_case_patch>::with<storage::use_case>,
    caf::replies_to<delete_atom, std::string>::with<ok_atom>,
    caf::replies_to<list_atom, use_case_list_query>::with<storage::use_case_page>,
    caf::replies_to<near_atom, near_query>::with<std::vector<storage::use_case_hit>>>;

// What the session janitor and the profile cleanup need of the repositories: a handle to the
// whole repository converts to these.
using session_purger_actor = caf::typed_actor<caf::replies_to<purge_atom>::with<int64_t>>;
using profile_purger_actor = caf::typed_actor<caf::replies_to<purge_atom, std::string>::with<ok_atom>>;

// Argon2id (password_hasher.hpp): a hash; a verification; the same work against a fixed hash.
using password_hasher_actor = caf::typed_actor<
    caf::replies_to<hash_atom, hash_owner, std::string>::with<std::string>,
    caf::replies_to<verify_atom, hash_owner, std::string, std::string>::with<bool>,
    caf::replies_to<verify_atom, hash_owner, std::string>::with<bool>>;

// What health and /metrics ask a pool: its stats and a live check. Both pool handles
// (pg_pool_actor, mongo_pool_actor: pool_handles.hpp) have it as a subset, so they convert to
// it without a cast.
using pool_monitor_actor = caf::typed_actor<
    caf::replies_to<stats_atom>::with<pool_stats>,
    caf::replies_to<check_atom>::with<store_health>>;

// Liveness from memory; readiness from both pools (health.hpp).
using health_actor = caf::typed_actor<
    caf::replies_to<live_atom>::with<std::string>,
    caf::replies_to<check_atom>::with<health_report>>;

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::new_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::user_changes)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::user_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::user_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::session)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<storage::session>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::config_entry)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::config_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::config_upsert_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::config_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::config_put)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::profile)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::profile_upsert)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::profile_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::profile_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::post)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::new_post)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::post_patch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::post_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::post_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::reply_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::reply_owner)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::new_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::reply_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::use_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::new_use_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::use_case_patch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::use_case_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<storage::use_case_hit>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::use_case_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::near_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::health_report)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::hash_owner)
