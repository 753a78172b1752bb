#include "storage/mongodb/profile_store.hpp"

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"
#include "storage/mongodb/documents.hpp"
#include "storage/mongodb/keyset_page.hpp"

namespace storage {

namespace {

profile to_profile(const bson_t* doc) {
  profile p;
  p.user_id = read_string(doc, "user_id").value_or("");
  p.display_name = read_string(doc, "display_name").value_or("");
  p.industry = read_string(doc, "industry").value_or("");
  p.location = read_location(doc, "location");
  p.expertise = read_strings(doc, "expertise");
  p.bio = read_string(doc, "bio");
  p.created_at_ms = read_date_ms(doc, "created_at").value_or(0);
  p.updated_at_ms = read_date_ms(doc, "updated_at").value_or(0);
  return p;
}

bson_ptr by_user(std::string_view user_id) {
  bson_ptr filter = make_bson();
  append_string(filter.get(), "user_id", user_id);
  return filter;
}

}  // namespace

result<profile_upsert> upsert_profile(const mongo_context& ctx, const profile& p) {
  const int64_t now = now_ms();
  bson_ptr filter = by_user(p.user_id);
  bson_ptr update = make_bson();
  bson_t set, unset, on_insert;
  bson_append_document_begin(update.get(), "$set", -1, &set);
  append_profile_fields(&set, p);
  append_date_ms(&set, "updated_at", now);
  bson_append_document_end(update.get(), &set);
  if (!p.location || !p.bio) {
    bson_append_document_begin(update.get(), "$unset", -1, &unset);
    if (!p.location)
      append_string(&unset, "location", "");
    if (!p.bio)
      append_string(&unset, "bio", "");
    bson_append_document_end(update.get(), &unset);
  }
  bson_append_document_begin(update.get(), "$setOnInsert", -1, &on_insert);
  append_date_ms(&on_insert, "created_at", now);
  bson_append_document_end(update.get(), &on_insert);

  // Two upserts of a new user may race on MongoDB: both miss, both insert, one hits the unique
  // index. The loser's retry then finds the winner's document and updates it.
  for (int attempt = 0;; ++attempt) {
    bool created = false;
    auto doc = find_one_and_update(ctx, profiles_collection, filter.get(), update.get(),
                                   /*upsert=*/true, &created);
    if (!doc.is_ok()) {
      if (doc.get_status().error_code() == code::conflict && attempt == 0)
        continue;
      return doc.get_status();
    }
    if (!doc.value())
      return status::internal("upsert user_profiles: the server returned no document");
    return profile_upsert{to_profile(doc.value()->get()), created};
  }
}

result<profile> create_profile(const mongo_context& ctx, const profile& p) {
  profile stored = p;
  stored.created_at_ms = stored.updated_at_ms = now_ms();
  bson_ptr doc = profile_document(new_oid(), stored);
  if (auto w = insert_one(ctx, profiles_collection, doc.get()); !w.is_ok()) {
    if (w.get_status().error_code() == code::conflict)
      return status::conflict("a profile for this user already exists");
    return w.get_status();
  }
  return stored;
}

result<profile> get_profile(const mongo_context& ctx, std::string_view user_id) {
  bson_ptr filter = by_user(user_id);
  auto doc = find_one(ctx, profiles_collection, filter.get());
  if (!doc.is_ok())
    return doc.get_status();
  if (!doc.value())
    return status::not_found("no profile for this user");
  return to_profile(doc.value()->get());
}

result<profile_page> list_profiles(const mongo_context& ctx, const profile_filter& f,
                                         const std::optional<std::string>& after_user_id,
                                         int limit) {
  filter_builder where;
  if (f.industry)
    where.equals("industry", *f.industry);
  if (f.expertise)
    where.equals("expertise", *f.expertise);  // matches an array element
  if (after_user_id)
    where.greater_than("user_id", *after_user_id);
  bson_ptr filter = where.build();
  profile_page page;
  auto more = read_page(ctx, profiles_collection, filter.get(), {{"user_id", 1}}, limit, page.items, to_profile);
  if (!more.is_ok())
    return more.get_status();
  if (more.value())
    page.next_after = page.items.back().user_id;
  return page;
}

status delete_profile(const mongo_context& ctx, std::string_view user_id) {
  bson_ptr filter = by_user(user_id);
  auto w = delete_one(ctx, profiles_collection, filter.get());
  if (!w.is_ok())
    return w.get_status();
  if (w->matched == 0)
    return status::not_found("no profile for this user");
  return status::ok();
}

status delete_profile_if_present(const mongo_context& ctx, std::string_view user_id) {
  auto st = delete_profile(ctx, user_id);
  return st.error_code() == code::not_found ? status::ok() : st;
}

}  // namespace storage
