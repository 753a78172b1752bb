#include "tools/seed/seed_reset.hpp"

#include <chrono>
#include <unordered_set>
#include <vector>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "tools/seed/seed_digest.hpp"
#include "tools/seed/seed_pg.hpp"

namespace storage::seed {

namespace {

constexpr size_t delete_batch = 1000;  // ids per $in
constexpr size_t user_batch = 5000;    // ids per DELETE ... = ANY($1)

using id_set = std::unordered_set<std::string>;

// Calls `f` with consecutive slices of at most `n` ids; stops at the first failure.
template <class F>
status for_each_slice(const std::vector<std::string>& ids, size_t n, F f) {
  for (size_t i = 0; i < ids.size(); i += n) {
    const auto first = ids.begin() + static_cast<std::ptrdiff_t>(i);
    const auto last = ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + n));
    if (auto st = f(std::vector<std::string>(first, last)); !st.is_ok())
      return st;
  }
  return status::ok();
}

constexpr const char* collections[] = {reply_votes_collection, replies_collection, posts_collection,
                                       use_cases_collection, profiles_collection};

std::string aside_of(const char* coll) { return std::string(coll) + "__seed_reset"; }

// Removes the marked documents of `coll` by setting it aside and copying the rest back.
status remove_marked(const mongo_target& mongo, const char* coll, reset_result& r, progress& out) {
  out.begin(std::string("delete ") + coll, 0);
  auto marked = has_marked(mongo, coll);
  if (!marked.is_ok())
    return marked.get_status();
  if (!marked.value()) {
    out.end("nothing seeded");
    return status::ok();
  }
  if (auto st = set_aside(mongo, coll, aside_of(coll)); !st.is_ok())
    return st;
  auto tally = copy_back_and_drop(mongo, aside_of(coll), coll, out);
  if (!tally.is_ok())
    return tally.get_status();
  r.deleted[coll] += tally->dropped;
  out.end("deleted " + std::to_string(tally->dropped) + ", kept " + std::to_string(tally->copied) +
          " not seeded");
  return status::ok();
}

// The values of `field` (an ObjectId as hex, or a string) of every document of `coll` that is
// marked or not, with their _id (hex or string).
status read_pairs(const mongo_target& mongo, const char* coll, bool marked, const char* field,
                  std::vector<std::pair<std::string, std::string>>& out) {
  return scan(mongo, coll, marked, {"_id", field}, [&](const bson_t* doc) {
    auto id = read_oid_hex(doc, "_id");
    if (!id)
      id = read_string(doc, "_id");
    auto value = read_oid_hex(doc, field);
    if (!value)
      value = read_string(doc, field);
    if (id && value)
      out.emplace_back(*id, *value);
    return status::ok();
  });
}

// Every _id of `coll` (all documents, marked or not).
status read_ids(const mongo_target& mongo, const char* coll, id_set& out) {
  for (bool marked : {true, false}) {
    auto st = scan(mongo, coll, marked, {"_id"}, [&](const bson_t* doc) {
      if (auto id = read_oid_hex(doc, "_id"))
        out.insert(*id);
      return status::ok();
    });
    if (!st.is_ok())
      return st;
  }
  return status::ok();
}

// Deletes, in batches, the documents of `coll` listed in `ids`.
status delete_listed(const mongo_target& mongo, const char* coll, const std::vector<std::string>& ids,
                     bool object_ids, reset_result& r) {
  return for_each_slice(ids, delete_batch, [&](const std::vector<std::string>& batch) {
    auto n = delete_ids(mongo, coll, batch, object_ids);
    if (!n.is_ok())
      return n.get_status();
    r.deleted[coll] += n.value();
    return status::ok();
  });
}

// Unmarked documents of `child` whose `parent_field` no longer names a document of `parent`.
status delete_orphans(const mongo_target& mongo, const char* child, const char* parent_field,
                      const char* parent, bool child_oid_ids, reset_result& r, progress& out) {
  out.begin(std::string("orphans in ") + child, 0);
  std::vector<std::pair<std::string, std::string>> children;  // read before the parents
  if (auto st = read_pairs(mongo, child, /*marked=*/false, parent_field, children); !st.is_ok())
    return st;
  id_set parents;
  if (!children.empty())
    if (auto st = read_ids(mongo, parent, parents); !st.is_ok())
      return st;
  std::vector<std::string> orphans;
  for (const auto& [id, parent_id] : children)
    if (!parents.contains(parent_id))
      orphans.push_back(id);
  const std::int64_t before = r.deleted[child];
  if (auto st = delete_listed(mongo, child, orphans, child_oid_ids, r); !st.is_ok())
    return st;
  out.end("deleted " + std::to_string(r.deleted[child] - before));
  return status::ok();
}

status delete_seeded_users(pg_connection& pg, const mongo_target& mongo, reset_result& r,
                           progress& out) {
  std::vector<std::string> ids;
  if (auto st = each_seeded_user(pg, [&](const user& u) { ids.push_back(u.id); }); !st.is_ok())
    return st;
  out.begin("delete users", static_cast<std::int64_t>(ids.size()));
  auto st = for_each_slice(ids, user_batch, [&](const std::vector<std::string>& batch) {
    auto n = delete_users(pg, batch);
    if (!n.is_ok())
      return n.get_status();
    r.deleted[users_part] += n.value();
    out.advance(static_cast<std::int64_t>(batch.size()));
    return status::ok();
  });
  if (!st.is_ok())
    return st;
  out.end("deleted " + std::to_string(r.deleted[users_part]));
  // Profiles that people re-created for seeded users carry no marker.
  const id_set seeded(ids.begin(), ids.end());
  std::vector<std::pair<std::string, std::string>> profiles;
  if (auto st = read_pairs(mongo, profiles_collection, false, "user_id", profiles); !st.is_ok())
    return st;
  std::vector<std::string> stale;
  for (const auto& [id, user_id] : profiles)
    if (seeded.contains(user_id))
      stale.push_back(id);
  return delete_listed(mongo, profiles_collection, stale, true, r);
}

}  // namespace

result<reset_result> reset(pg_connection& pg, const mongo_target& mongo, progress& out) {
  const auto t0 = std::chrono::steady_clock::now();
  reset_result r;
  // First, so that an interrupted reset never leaves a run recorded as complete.
  auto forgotten = forget_runs(mongo);
  if (!forgotten.is_ok())
    return forgotten.get_status();
  if (auto st = finish_interrupted_reset(mongo, out); !st.is_ok())
    return st;
  for (const char* coll : collections)
    if (auto st = remove_marked(mongo, coll, r, out); !st.is_ok())
      return st;
  if (auto st = delete_orphans(mongo, replies_collection, "post_id", posts_collection, true, r, out);
      !st.is_ok())
    return st;
  if (auto st = delete_orphans(mongo, reply_votes_collection, "reply_id", replies_collection,
                               false, r, out);
      !st.is_ok())
    return st;
  if (auto st = delete_seeded_users(pg, mongo, r, out); !st.is_ok())
    return st;
  r.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

status finish_interrupted_reset(const mongo_target& mongo, progress& out) {
  for (const char* coll : collections) {
    auto exists = collection_exists(mongo, aside_of(coll));
    if (!exists.is_ok())
      return exists.get_status();
    if (!exists.value())
      continue;
    out.begin(std::string("restore ") + coll, 0);
    auto tally = copy_back_and_drop(mongo, aside_of(coll), coll, out);
    if (!tally.is_ok())
      return tally.get_status();
    out.end("copied back " + std::to_string(tally->copied) + " not seeded");
  }
  return status::ok();
}

}  // namespace storage::seed
