#include "storage/mongodb/owned_document.hpp"

#include <utility>

namespace storage {

namespace {

result<bson_ptr> found(result<std::optional<bson_ptr>> doc, const owned_collection& coll) {
  if (!doc.is_ok())
    return doc.get_status();
  if (!doc.value())
    return coll.not_found();
  return std::move(*doc.value());
}

}  // namespace

bson_ptr by_id(const bson_oid_t& oid) {
  bson_ptr filter = make_bson();
  append_oid(filter.get(), "_id", oid);
  return filter;
}

result<bson_oid_t> owned_collection::oid(std::string_view id) const {
  auto parsed = parse_oid(id);
  if (!parsed)
    return not_found();
  return *parsed;
}

result<bson_ptr> owned_collection::get(const mongo_context& ctx, std::string_view id,
                                       std::vector<const char*> fields) const {
  auto parsed = oid(id);
  if (!parsed.is_ok())
    return parsed.get_status();
  return get(ctx, parsed.value(), std::move(fields));
}

result<bson_ptr> owned_collection::get(const mongo_context& ctx, const bson_oid_t& oid,
                                       std::vector<const char*> fields) const {
  bson_ptr filter = by_id(oid);
  find_options opts;
  opts.projection = std::move(fields);
  return found(find_one(ctx, name, filter.get(), opts), *this);
}

result<bson_ptr> owned_collection::update(const mongo_context& ctx, std::string_view id,
                                          const bson_t* update) const {
  auto parsed = oid(id);
  if (!parsed.is_ok())
    return parsed.get_status();
  bson_ptr filter = by_id(parsed.value());
  return found(find_one_and_update(ctx, name, filter.get(), update), *this);
}

status owned_collection::remove(const mongo_context& ctx, std::string_view id) const {
  auto parsed = oid(id);
  if (!parsed.is_ok())
    return parsed.get_status();
  auto deleted = remove(ctx, parsed.value());
  if (!deleted.is_ok())
    return deleted.get_status();
  return deleted.value() == 0 ? not_found() : status::ok();
}

result<int64_t> owned_collection::remove(const mongo_context& ctx, const bson_oid_t& oid) const {
  bson_ptr filter = by_id(oid);
  auto w = delete_one(ctx, name, filter.get());
  if (!w.is_ok())
    return w.get_status();
  return w->matched;
}

}  // namespace storage
