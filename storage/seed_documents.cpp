#include "storage/seed_documents.hpp"

#include "storage/bson_fields.hpp"
#include "storage/bson_oid.hpp"
#include "storage/geo_cells.hpp"

namespace storage::seed {

namespace {

void append_oid_hex(bson_t* doc, const char* key, const std::string& hex) {
  append_oid(doc, key, parse_oid(hex).value_or(bson_oid_t{}));
}

// The times and the marker that close every seeded document.
void append_tail(bson_t* doc, std::int64_t created, std::int64_t updated, const std::string& mark) {
  append_date_ms(doc, "created_at", created);
  append_date_ms(doc, "updated_at", updated);
  append_string(doc, marker_field, mark);
}

}  // namespace

bson_ptr to_document(const profile& p, const std::string& mark) {
  bson_ptr doc = make_bson();
  append_oid(doc.get(), "_id", profile_oid(p));
  append_string(doc.get(), "user_id", p.user_id);
  append_string(doc.get(), "display_name", p.display_name);
  append_string(doc.get(), "industry", p.industry);
  append_strings(doc.get(), "expertise", p.expertise);
  if (p.location)
    append_location(doc.get(), "location", *p.location);
  if (p.bio)
    append_string(doc.get(), "bio", *p.bio);
  append_tail(doc.get(), p.created_at_ms, p.updated_at_ms, mark);
  return doc;
}

bson_ptr to_document(const post& p, const std::string& mark) {
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
  append_tail(doc.get(), p.created_at_ms, p.updated_at_ms, mark);
  return doc;
}

bson_ptr to_document(const reply& r, const std::string& mark) {
  bson_ptr doc = make_bson();
  append_oid_hex(doc.get(), "_id", r.id);
  append_oid_hex(doc.get(), "post_id", r.post_id);
  append_string(doc.get(), "author_id", r.author_id);
  append_string(doc.get(), "content", r.content);
  append_tail(doc.get(), r.created_at_ms, r.updated_at_ms, mark);
  return doc;
}

bson_ptr to_document(const vote_record& v, const std::string& mark) {
  bson_ptr doc = make_bson();
  append_string(doc.get(), "_id", v.id);
  append_oid_hex(doc.get(), "reply_id", v.reply_id);
  append_oid_hex(doc.get(), "post_id", v.post_id);
  append_string(doc.get(), "user_id", v.user_id);
  append_date_ms(doc.get(), "created_at", v.created_at_ms);
  append_string(doc.get(), marker_field, mark);
  return doc;
}

bson_ptr to_document(const use_case& u, const std::string& mark) {
  bson_ptr doc = make_bson();
  append_oid_hex(doc.get(), "_id", u.id);
  append_string(doc.get(), "submitted_by", u.submitted_by);
  append_string(doc.get(), "title", u.title);
  append_string(doc.get(), "description", u.description);
  append_string(doc.get(), "industry", u.industry);
  append_strings(doc.get(), "tags", u.tags);
  append_location(doc.get(), "location", u.location);
  append_strings(doc.get(), "geo_cells", geo_cells_of(u.location.lat, u.location.lng));
  bson_t point, coords;  // the GeoJSON twin use_case_store writes: [lng, lat]
  bson_append_document_begin(doc.get(), "geo_point", -1, &point);
  append_string(&point, "type", "Point");
  bson_append_array_begin(&point, "coordinates", -1, &coords);
  bson_append_double(&coords, "0", -1, u.location.lng);
  bson_append_double(&coords, "1", -1, u.location.lat);
  bson_append_array_end(&point, &coords);
  bson_append_document_end(doc.get(), &point);
  append_tail(doc.get(), u.created_at_ms, u.updated_at_ms, mark);
  return doc;
}

}  // namespace storage::seed
