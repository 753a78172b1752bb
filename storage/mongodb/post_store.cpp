#include "storage/mongodb/post_store.hpp"

#include <algorithm>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"
#include "storage/mongodb/bson_update.hpp"
#include "storage/mongodb/documents.hpp"

namespace storage {

namespace {

post to_post(const bson_t* doc) {
  post p;
  p.id = read_oid_hex(doc, "_id").value_or("");
  p.author_id = read_string(doc, "author_id").value_or("");
  p.title = read_string(doc, "title").value_or("");
  p.content = read_string(doc, "content").value_or("");
  p.category = read_string(doc, "category").value_or("");
  p.tags = read_strings(doc, "tags");
  p.status = parse_post_status(read_string(doc, "status").value_or("")).value_or(post_status::draft);
  p.best_answer_id = read_oid_hex(doc, "best_answer_id");
  p.created_at_ms = read_date_ms(doc, "created_at").value_or(0);
  p.updated_at_ms = read_date_ms(doc, "updated_at").value_or(0);
  return p;
}

bson_ptr by_id(const bson_oid_t& oid) {
  bson_ptr filter = make_bson();
  append_oid(filter.get(), "_id", oid);
  return filter;
}

status no_post() { return status::not_found("no such post"); }

// Sets reply_count of each post from forum_replies: one count on {post_id} per post, an
// indexed equality on both servers (an aggregate over $in would scan every reply on FerretDB).
status count_replies(const mongo_context& ctx, std::vector<post*> posts) {
  std::vector<bson_oid_t> ids;
  for (const post* p : posts)
    ids.push_back(parse_oid(p->id).value_or(bson_oid_t{}));
  auto counts = count_each(ctx, replies_collection, "post_id", ids);
  if (!counts.is_ok())
    return counts.get_status();
  for (size_t i = 0; i < posts.size(); ++i)
    posts[i]->reply_count = counts.value()[i];
  return status::ok();
}

result<post> counted(const mongo_context& ctx, post p) {
  if (auto st = count_replies(ctx, {&p}); !st.is_ok())
    return st;
  return p;
}

}  // namespace

result<post> create_post(const mongo_context& ctx, const new_post& in) {
  post p;
  const bson_oid_t oid = new_oid();
  p.id = format_oid(oid);
  p.author_id = in.author_id;
  p.title = in.title;
  p.content = in.content;
  p.category = in.category;
  p.tags = in.tags;
  p.status = in.status;
  p.created_at_ms = p.updated_at_ms = now_ms();
  bson_ptr doc = post_document(p);
  if (auto w = insert_one(ctx, posts_collection, doc.get()); !w.is_ok())
    return w.get_status();
  return p;
}

result<post> get_post(const mongo_context& ctx, std::string_view id) {
  auto oid = parse_oid(id);
  if (!oid)
    return no_post();
  bson_ptr filter = by_id(*oid);
  auto doc = find_one(ctx, posts_collection, filter.get());
  if (!doc.is_ok())
    return doc.get_status();
  if (!doc.value())
    return no_post();
  return counted(ctx, to_post(doc.value()->get()));
}

result<post_page> list_posts(const mongo_context& ctx, const post_filter& f, const std::optional<post_cursor>& after,
                                   int limit) {
  limit = std::clamp(limit, 1, 1000);
  filter_builder where;
  if (f.category)
    where.equals("category", *f.category);
  if (f.tag)
    where.equals("tags", *f.tag);  // matches an array element
  if (f.status)
    where.equals("status", to_string(*f.status));
  if (f.author_id)
    where.equals("author_id", *f.author_id);
  if (f.q) {
    if (f.q->find('\0') != std::string::npos)
      return status::invalid("q must not contain a NUL character");
    where.contains_any({"title", "content"}, *f.q);
  }
  if (after) {
    auto oid = parse_oid(after->id);
    if (!oid)
      return status::invalid("malformed cursor");
    where.after_keyset("created_at", after->created_at_ms, *oid, /*descending=*/true);
  }
  bson_ptr filter = where.build();
  find_options opts;
  opts.sort = {{"created_at", -1}, {"_id", -1}};
  opts.limit = limit + 1;  // one more tells whether a next page exists
  post_page page;
  bool more = false;
  auto st = find(ctx, posts_collection, filter.get(), opts, [&](const bson_t* doc) {
    if (static_cast<int>(page.items.size()) == limit)
      more = true;
    else
      page.items.push_back(to_post(doc));
    return status::ok();
  });
  if (!st.is_ok())
    return st;
  std::vector<post*> items;
  for (auto& p : page.items)
    items.push_back(&p);
  if (auto counting = count_replies(ctx, items); !counting.is_ok())
    return counting;
  if (more)
    page.next = post_cursor{page.items.back().created_at_ms, page.items.back().id};
  return page;
}

result<post> update_post(const mongo_context& ctx, std::string_view id, const post_patch& patch) {
  auto oid = parse_oid(id);
  if (!oid)
    return no_post();
  if (patch.empty())
    return get_post(ctx, id);
  bson_ptr filter = by_id(*oid);
  set_update set;
  set.string("title", patch.title).string("content", patch.content).string("category", patch.category);
  set.strings("tags", patch.tags);
  if (patch.status)
    append_string(set.fields(), "status", to_string(*patch.status));
  bson_ptr update = set.build(now_ms());
  auto doc = find_one_and_update(ctx, posts_collection, filter.get(), update.get());
  if (!doc.is_ok())
    return doc.get_status();
  if (!doc.value())
    return no_post();
  return counted(ctx, to_post(doc.value()->get()));
}

status delete_post(const mongo_context& ctx, std::string_view id) {
  auto oid = parse_oid(id);
  if (!oid)
    return no_post();
  bson_ptr filter = by_id(*oid);
  auto deleted = delete_one(ctx, posts_collection, filter.get());
  if (!deleted.is_ok())
    return deleted.get_status();
  // Replies and votes next, also when the post was already gone: that finishes a removal whose
  // later steps failed earlier.
  bson_ptr of_post = make_bson();
  append_oid(of_post.get(), "post_id", *oid);
  for (const char* coll : {replies_collection, reply_votes_collection})
    if (auto w = delete_many(ctx, coll, of_post.get()); !w.is_ok())
      return w.get_status();
  return deleted->matched == 0 ? no_post() : status::ok();
}

result<std::string> get_post_author(const mongo_context& ctx, std::string_view id) {
  auto oid = parse_oid(id);
  if (!oid)
    return no_post();
  bson_ptr filter = by_id(*oid);
  find_options opts;
  opts.projection = {"author_id"};
  auto doc = find_one(ctx, posts_collection, filter.get(), opts);
  if (!doc.is_ok())
    return doc.get_status();
  if (!doc.value())
    return no_post();
  return read_string(doc.value()->get(), "author_id").value_or("");
}

}  // namespace storage
