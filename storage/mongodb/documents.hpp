// The documents of the forum, use-case, profile and vote collections, written field by field
// in one place, so that the stores and the seed (tools/seed) write one shape. Each takes a
// model value whose ids are 24 hex digits (the caller made them) and writes its times as dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <bson/bson.h>

#include "storage/model/geo.hpp"
#include "storage/model/post.hpp"
#include "storage/model/profile.hpp"
#include "storage/model/reply.hpp"
#include "storage/model/use_case.hpp"
#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

// forum_posts: {_id, author_id, title, content, category, tags, status, best_answer_id?,
// created_at, updated_at}. reply_count is counted, never stored.
bson_ptr post_document(const post& p);

// forum_replies: {_id, post_id, author_id, content, created_at, updated_at}.
bson_ptr reply_document(const reply& r);

// use_cases: {_id, submitted_by, title, description, industry, tags, location, geo_cells,
// geo_point, created_at, updated_at} (the place as append_place writes it).
bson_ptr use_case_document(const use_case& u);

// user_profiles: {_id, user_id, display_name, industry, expertise, location?, bio?, created_at,
// updated_at}. The store makes a fresh _id; the seed derives one from the user_id.
bson_ptr profile_document(const bson_oid_t& id, const profile& p);

// The fields of a profile its owner sets (display_name, industry, expertise, location?, bio?),
// as profile_document writes them and as an upsert's $set writes them.
void append_profile_fields(bson_t* doc, const profile& p);

// forum_reply_votes: {_id: key ("<reply id>:<user id>", unique per reply and user), reply_id,
// post_id?, user_id, created_at}.
bson_ptr vote_document(std::string_view key, const bson_oid_t& reply_id, const std::optional<bson_oid_t>& post_id,
                       std::string_view user_id, int64_t created_at_ms);

// A use case's place: its location, its grid cells (geo_cells.hpp) and its GeoJSON twin
// {type: "Point", coordinates: [lng, lat]}.
void append_place(bson_t* doc, const location& loc);

}  // namespace storage
