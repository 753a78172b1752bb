// The seed records, generated one at a time by index from a plan (seed_plan.hpp): the same
// index gives the same record on every machine. Records use the stores' own types (profile,
// post, reply, use_case from storage/*_store.hpp) with every field set as the database will
// hold it, derived ones included (reply_count, upvotes, is_best_answer). Every text satisfies
// the contract's rules; tests/tools/seed/seed_validity_test.cpp runs each through the HTTP
// validators. Pure functions; thread-safe.
//
// Times: users were created in the two years before base_time_ms; posts and use cases in the
// last year, after their author; replies after their post (within 30 days), votes after their
// reply; nothing after base_time_ms. ObjectIds carry their document's created_at (seed_ids.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <bson/bson.h>

#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/profile_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "storage/mongodb/use_case_store.hpp"
#include "tools/seed/seed_plan.hpp"

namespace storage::seed {

// Seeded users' e-mail domain (reserved for seed data).
inline constexpr const char* email_domain = "seed.p2p.local";

// A PostgreSQL user row as seeded (the password hash is added by the writer: it is the same
// for every seeded user of a run and is not part of the data set).
struct user_record {
  std::string id;     // seed_ids.hpp user_id(email)
  std::string email;  // lower case, "<first>.<last>.<n>@seed.p2p.local"
  std::string full_name;
  std::string role = "user";
  bool is_active = true;
  std::int64_t created_at_us = 0;  // updated_at is the same
};

// An upvote document of forum_reply_votes.
struct vote_record {
  std::string id;  // "<reply id>:<user id>", as reply_store keys votes
  std::string reply_id;
  std::string post_id;
  std::string user_id;
  std::int64_t created_at_ms = 0;
};

// User i (0-based), the same in every size. About 2% are inactive (never user 0).
user_record make_user(std::int64_t i);

// The admin: role admin, named "Seed Admin", created before every other user.
user_record make_admin(const std::string& email);

// The profile of user i. Every seeded user has one.
profile make_profile(std::int64_t i);
// The ObjectId of a seeded profile (derived from its user_id).
bson_oid_t profile_oid(const profile& p);

post make_post(const plan& pl, std::int64_t post_index);

// Reply `k` (0-based) of post `post_index`, k < pl.replies_of(post_index).
reply make_reply(const plan& pl, std::int64_t post_index, std::int64_t k);

// The upvotes of `r`, which is reply k of post `post_index`: exactly r.upvotes distinct users,
// none of them its author.
std::vector<vote_record> make_votes(const plan& pl, const reply& r, std::int64_t post_index,
                                    std::int64_t k);

use_case make_use_case(const plan& pl, std::int64_t i);

}  // namespace storage::seed
