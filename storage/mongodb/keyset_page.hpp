// One page of a MongoDB store's list, read in one place: the store builds its filter and its
// order (their shapes are chosen for FerretDB's pushdown, docs/mongodb.md, and stay as they
// were), and read_page asks for one document more than the page holds, which tells whether a
// next page exists. created_page adds the (created_at, _id) keyset that posts and use cases
// (newest first) and replies (oldest first) share. Thread-compatible, as mongo_context.
#pragma once

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace storage {

// Up to `limit` items (clamped to 1..1000) of `filter` in `order`, each converted by `to_item`,
// appended to `items`; true when a next page exists.
template <class Item, class ToItem>
result<bool> read_page(const mongo_context& ctx, const char* coll, const bson_t* filter,
                       std::vector<std::pair<const char*, int>> order, int limit,
                       std::vector<Item>& items, ToItem to_item) {
  limit = std::clamp(limit, 1, 1000);
  find_options opts;
  opts.sort = std::move(order);
  opts.limit = limit + 1;  // one more tells whether a next page exists
  bool more = false;
  auto st = find(ctx, coll, filter, opts, [&](const bson_t* doc) {
    if (static_cast<int>(items.size()) == limit)
      more = true;
    else
      items.push_back(to_item(doc));
    return status::ok();
  });
  if (!st.is_ok())
    return st;
  return more;
}

// A page of `where` after `after` in (created_at, _id) order, both descending or both
// ascending; `next` is the last item's {created_at_ms, id} when a next page exists. A cursor
// whose id is no ObjectId is `invalid`. Page has `items` and `next` (post_page, use_case_page,
// reply_page); Cursor is {created_at_ms, id}.
template <class Page, class Cursor, class ToItem>
result<Page> created_page(const mongo_context& ctx, const char* coll, filter_builder& where,
                          const std::optional<Cursor>& after, bool descending, int limit, ToItem to_item) {
  if (after) {
    auto oid = parse_oid(after->id);
    if (!oid)
      return status::invalid("malformed cursor");
    where.after_keyset("created_at", after->created_at_ms, *oid, descending);
  }
  bson_ptr filter = where.build();
  const int direction = descending ? -1 : 1;
  Page page;
  auto more = read_page(ctx, coll, filter.get(), {{"created_at", direction}, {"_id", direction}}, limit,
                        page.items, to_item);
  if (!more.is_ok())
    return more.get_status();
  if (more.value())
    page.next = Cursor{page.items.back().created_at_ms, page.items.back().id};
  return page;
}

}  // namespace storage
