// The documents the MongoDB stores keep by _id (posts, use cases, replies), created, read,
// updated and deleted in one place. A missing document and an id that is no ObjectId are both
// the collection's own not_found ("no such post"), so a malformed id is a 404, never a crash.
// The filters are {_id: ObjectId} (docs/mongodb.md), as before. Thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

// {_id: oid}
bson_ptr by_id(const bson_oid_t& oid);

// Sets `counted` of each item to the number of documents of `coll` whose `field` is the item's
// id: one count per item (count_each: an indexed equality, pushed down on FerretDB too, where an
// aggregate over $in would scan the collection). An id that is no ObjectId counts 0.
template <class T>
status count_per_item(const mongo_context& ctx, const char* coll, const char* field, std::span<T> items,
                      int64_t T::*counted) {
  std::vector<bson_oid_t> ids;
  for (const T& item : items)
    ids.push_back(parse_oid(item.id).value_or(bson_oid_t{}));
  auto counts = count_each(ctx, coll, field, ids);
  if (!counts.is_ok())
    return counts.get_status();
  for (std::size_t i = 0; i < items.size(); ++i)
    items[i].*counted = counts.value()[i];
  return status::ok();
}

struct owned_collection {
  const char* name;     // the collection, e.g. posts_collection
  const char* missing;  // the not_found message, e.g. "no such post"

  status not_found() const { return status::not_found(missing); }

  // The ObjectId `id` spells, or not_found.
  result<bson_oid_t> oid(std::string_view id) const;

  // `item` with a fresh ObjectId as its id and now as created_at and updated_at, after
  // inserting `document(item)` (documents.hpp). T has id, created_at_ms and updated_at_ms.
  template <class T>
  result<T> create(const mongo_context& ctx, T item, bson_ptr (*document)(const T&)) const {
    item.id = format_oid(new_oid());
    item.created_at_ms = item.updated_at_ms = now_ms();
    bson_ptr doc = document(item);
    if (auto w = insert_one(ctx, name, doc.get()); !w.is_ok())
      return w.get_status();
    return item;
  }

  // The document, with only `fields` (and _id) when any are given; or not_found.
  result<bson_ptr> get(const mongo_context& ctx, std::string_view id, std::vector<const char*> fields = {}) const;
  result<bson_ptr> get(const mongo_context& ctx, const bson_oid_t& oid, std::vector<const char*> fields = {}) const;

  // The document after `update` (findAndModify, new: true); or not_found.
  result<bson_ptr> update(const mongo_context& ctx, std::string_view id, const bson_t* update) const;

  // get and update, the document made a model value by `convert` (to_post, to_use_case ...).
  template <class T>
  result<T> get_as(const mongo_context& ctx, std::string_view id, T (*convert)(const bson_t*)) const {
    return converted(get(ctx, id), convert);
  }
  template <class T>
  result<T> update_as(const mongo_context& ctx, std::string_view id, const bson_t* update_doc,
                      T (*convert)(const bson_t*)) const {
    return converted(update(ctx, id, update_doc), convert);
  }

  // Deletes it; not_found when nothing was deleted.
  status remove(const mongo_context& ctx, std::string_view id) const;
  // Deletes it; how many were deleted (0 or 1).
  result<int64_t> remove(const mongo_context& ctx, const bson_oid_t& oid) const;

private:
  template <class T>
  static result<T> converted(const result<bson_ptr>& doc, T (*convert)(const bson_t*)) {
    if (!doc.is_ok())
      return doc.get_status();
    return convert(doc.value().get());
  }
};

}  // namespace storage
