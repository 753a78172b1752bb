#include "tools/seed/seed_documents.hpp"

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/documents.hpp"

namespace storage::seed {

namespace {

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
  bson_ptr doc = post_document(p);
  append_string(doc.get(), marker_field, mark);
  return doc;
}

bson_ptr to_document(const reply& r, const std::string& mark) {
  bson_ptr doc = reply_document(r);
  append_string(doc.get(), marker_field, mark);
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
  bson_ptr doc = use_case_document(u);
  append_string(doc.get(), marker_field, mark);
  return doc;
}

}  // namespace storage::seed
