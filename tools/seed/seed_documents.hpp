// The seeded MongoDB documents: the stores' document layouts (docs/mongodb.md), field for field
// and in the stores' order, plus the marker `seed: "<set>"`, where <set> is "users" for
// profiles (shared by every size) and the size ("small", "medium", "large") for the forum and
// use cases. The stores ignore the marker; seeding and reset find seed data by it.
// tests/cli/seed_e2etest.cpp reads seeded documents back through the stores. Pure; thread-safe.
#pragma once

#include <string>

#include "storage/mongodb/mongo_handles.hpp"
#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/profile_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "storage/mongodb/use_case_store.hpp"
#include "tools/seed/seed_generator.hpp"

namespace storage::seed {

inline constexpr const char* marker_field = "seed";

bson_ptr to_document(const profile& p, const std::string& mark);
bson_ptr to_document(const post& p, const std::string& mark);
bson_ptr to_document(const reply& r, const std::string& mark);
bson_ptr to_document(const vote_record& v, const std::string& mark);
bson_ptr to_document(const use_case& u, const std::string& mark);

}  // namespace storage::seed
