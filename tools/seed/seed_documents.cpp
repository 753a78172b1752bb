#include "tools/seed/seed_documents.hpp"

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/documents.hpp"

namespace storage::seed {

namespace {

// Each is the stores' document (documents.hpp) and the marker.
bson_ptr marked(bson_ptr doc, const std::string& mark) {
  append_string(doc.get(), marker_field, mark);
  return doc;
}

}  // namespace

bson_ptr to_document(const profile& p, const std::string& mark) {
  return marked(profile_document(profile_oid(p), p), mark);
}

bson_ptr to_document(const post& p, const std::string& mark) { return marked(post_document(p), mark); }

bson_ptr to_document(const reply& r, const std::string& mark) { return marked(reply_document(r), mark); }

bson_ptr to_document(const vote_record& v, const std::string& mark) {
  // Seeded ids are well formed; a malformed one would be the zero ObjectId, as before.
  const auto oid_of = [](const std::string& hex) { return parse_oid(hex).value_or(bson_oid_t{}); };
  return marked(vote_document(v.id, oid_of(v.reply_id), oid_of(v.post_id), v.user_id, v.created_at_ms), mark);
}

bson_ptr to_document(const use_case& u, const std::string& mark) { return marked(use_case_document(u), mark); }

}  // namespace storage::seed
