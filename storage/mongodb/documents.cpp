#include "storage/mongodb/documents.hpp"

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/geo_cells.hpp"

namespace storage {

namespace {

void append_times(bson_t* doc, int64_t created_at_ms, int64_t updated_at_ms) {
  append_date_ms(doc, "created_at", created_at_ms);
  append_date_ms(doc, "updated_at", updated_at_ms);
}

}  // namespace

bson_ptr post_document(const post& p) {
  bson_ptr doc = make_bson();
  append_oid_hex(doc.get(), "_id", p.id);
  append_string(doc.get(), "author_id", p.author_id);
  append_string(doc.get(), "title", p.title);
  append_string(doc.get(), "content", p.content);
  append_string(doc.get(), "category", p.category);
  append_strings(doc.get(), "tags", p.tags);
  append_string(doc.get(), "status", to_string(p.status));
  if (p.best_answer_id)
    append_oid_hex(doc.get(), "best_answer_id", *p.best_answer_id);
  append_times(doc.get(), p.created_at_ms, p.updated_at_ms);
  return doc;
}

bson_ptr reply_document(const reply& r) {
  bson_ptr doc = make_bson();
  append_oid_hex(doc.get(), "_id", r.id);
  append_oid_hex(doc.get(), "post_id", r.post_id);
  append_string(doc.get(), "author_id", r.author_id);
  append_string(doc.get(), "content", r.content);
  append_times(doc.get(), r.created_at_ms, r.updated_at_ms);
  return doc;
}

bson_ptr use_case_document(const use_case& u) {
  bson_ptr doc = make_bson();
  append_oid_hex(doc.get(), "_id", u.id);
  append_string(doc.get(), "submitted_by", u.submitted_by);
  append_string(doc.get(), "title", u.title);
  append_string(doc.get(), "description", u.description);
  append_string(doc.get(), "industry", u.industry);
  append_strings(doc.get(), "tags", u.tags);
  append_place(doc.get(), u.location);
  append_times(doc.get(), u.created_at_ms, u.updated_at_ms);
  return doc;
}

bson_ptr profile_document(const bson_oid_t& id, const profile& p) {
  bson_ptr doc = make_bson();
  append_oid(doc.get(), "_id", id);
  append_string(doc.get(), "user_id", p.user_id);
  append_profile_fields(doc.get(), p);
  append_times(doc.get(), p.created_at_ms, p.updated_at_ms);
  return doc;
}

void append_profile_fields(bson_t* doc, const profile& p) {
  append_string(doc, "display_name", p.display_name);
  append_string(doc, "industry", p.industry);
  append_strings(doc, "expertise", p.expertise);
  if (p.location)
    append_location(doc, "location", *p.location);
  if (p.bio)
    append_string(doc, "bio", *p.bio);
}

bson_ptr vote_document(std::string_view key, const bson_oid_t& reply_id, const std::optional<bson_oid_t>& post_id,
                       std::string_view user_id, int64_t created_at_ms) {
  bson_ptr doc = make_bson();
  append_string(doc.get(), "_id", key);
  append_oid(doc.get(), "reply_id", reply_id);
  if (post_id)
    append_oid(doc.get(), "post_id", *post_id);
  append_string(doc.get(), "user_id", user_id);
  append_date_ms(doc.get(), "created_at", created_at_ms);
  return doc;
}

void append_place(bson_t* doc, const location& loc) {
  append_location(doc, "location", loc);
  append_strings(doc, "geo_cells", geo_cells_of(loc.lat, loc.lng));
  bson_t point, coords;
  bson_append_document_begin(doc, "geo_point", -1, &point);
  append_string(&point, "type", "Point");
  bson_append_array_begin(&point, "coordinates", -1, &coords);
  bson_append_double(&coords, "0", -1, loc.lng);
  bson_append_double(&coords, "1", -1, loc.lat);
  bson_append_array_end(&point, &coords);
  bson_append_document_end(doc, &point);
}

}  // namespace storage
