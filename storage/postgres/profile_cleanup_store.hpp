// Deleting a user across both stores, the PostgreSQL side (table `pending_profile_deletions`,
// migrations/postgres/0002). A user is deleted together with a row that says "this user's
// MongoDB profile is still to be deleted"; the row goes once MongoDB has confirmed the
// deletion. Whatever happens to MongoDB or to the process in between, the row keeps the work
// from being forgotten (actors/profile_cleanup retries it).
//
// Free functions over one pg_connection (one thread at a time); the SQL is in the .cpp as
// named constants. Several processes may work the queue at once: every step is idempotent
// (deleting an absent profile or row is fine), so an overlap costs a repeated call, never a
// wrong answer.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/model/profile_deletion.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace storage {

// Deletes the user (its sessions go with it: FK cascade) and queues the deletion of its
// profile, in one transaction: either both happen or neither. The queued row is due after
// `first_retry_in` (the caller makes the first attempt itself). not_found when there is no such
// user (or `user_id` is not a canonical UUID); then nothing is queued.
status delete_user_and_queue_profile(pg_connection& c, const std::string& user_id,
                                     std::chrono::milliseconds first_retry_in);

// Claims the rows that are due (next_attempt_at in the past), the longest due first, at most
// `limit` (1..1000, else invalid), for `lease`: until then no other instance gets them. Safe
// with any number of instances (FOR UPDATE SKIP LOCKED); a claimed row that is neither finished
// nor failed within the lease is due again. The rows come back as they were before the claim.
result<std::vector<pending_profile_deletion>> claim_profile_deletions(pg_connection& c, int limit,
                                                                     std::chrono::milliseconds lease);

// The row of `user_id`; not_found when there is none (or a malformed id).
result<pending_profile_deletion> find_profile_deletion(pg_connection& c, const std::string& user_id);

// The profile is gone: deletes the row. It is not an error if the row did not exist.
status finish_profile_deletion(pg_connection& c, const std::string& user_id);

// An attempt failed: attempts + 1, `error` as last_error (at most 500 bytes are kept), due
// again `retry_in` from now. It is not an error if the row did not exist (finished meanwhile).
status record_profile_deletion_failure(pg_connection& c, const std::string& user_id,
                                       const std::string& error, std::chrono::milliseconds retry_in);

}  // namespace storage
