#include "storage/mongodb/post_store.hpp"

#include <span>
#include <utility>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"
#include "storage/mongodb/bson_update.hpp"
#include "storage/mongodb/documents.hpp"
#include "storage/mongodb/keyset_page.hpp"
#include "storage/mongodb/owned_document.hpp"

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

const owned_collection owned_posts{posts_collection, "no such post"};

// Sets reply_count of each post from forum_replies: one count on {post_id} per post, an
// indexed equality on both servers (an aggregate over $in would scan every reply on FerretDB).
status count_replies(const mongo_context& ctx, std::span<post> posts) {
  return count_per_item(ctx, replies_collection, "post_id", posts, &post::reply_count);
}

result<post> counted(const mongo_context& ctx, result<post> p) {
  if (!p.is_ok())
    return p;
  if (auto st = count_replies(ctx, {&p.value(), 1}); !st.is_ok())
    return st;
  return p;
}

}  // namespace

result<post> create_post(const mongo_context& ctx, const new_post& in) {
  post p;
  p.author_id = in.author_id;
  p.title = in.title;
  p.content = in.content;
  p.category = in.category;
  p.tags = in.tags;
  p.status = in.status;
  return owned_posts.create(ctx, std::move(p), post_document);
}

result<post> get_post(const mongo_context& ctx, std::string_view id) {
  return counted(ctx, owned_posts.get_as(ctx, id, to_post));
}

result<post_page> list_posts(const mongo_context& ctx, const post_filter& f, const std::optional<post_cursor>& after,
                                   int limit) {
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
  auto page = created_page<post_page>(ctx, posts_collection, where, after, /*descending=*/true, limit, to_post);
  if (!page.is_ok())
    return page;
  if (auto counting = count_replies(ctx, page->items); !counting.is_ok())
    return counting;
  return page;
}

result<post> update_post(const mongo_context& ctx, std::string_view id, const post_patch& patch) {
  if (patch.empty())
    return get_post(ctx, id);
  set_update set;
  set.string("title", patch.title).string("content", patch.content).string("category", patch.category);
  set.strings("tags", patch.tags);
  if (patch.status)
    append_string(set.fields(), "status", to_string(*patch.status));
  bson_ptr update = set.build(now_ms());
  return counted(ctx, owned_posts.update_as(ctx, id, update.get(), to_post));
}

status delete_post(const mongo_context& ctx, std::string_view id) {
  auto oid = owned_posts.oid(id);
  if (!oid.is_ok())
    return oid.get_status();
  auto deleted = owned_posts.remove(ctx, oid.value());
  if (!deleted.is_ok())
    return deleted.get_status();
  // Replies and votes next, also when the post was already gone: that finishes a removal whose
  // later steps failed earlier.
  bson_ptr of_post = make_bson();
  append_oid(of_post.get(), "post_id", oid.value());
  for (const char* coll : {replies_collection, reply_votes_collection})
    if (auto w = delete_many(ctx, coll, of_post.get()); !w.is_ok())
      return w.get_status();
  return deleted.value() == 0 ? owned_posts.not_found() : status::ok();
}

result<std::string> get_post_author(const mongo_context& ctx, std::string_view id) {
  auto doc = owned_posts.get(ctx, id, {"author_id"});
  if (!doc.is_ok())
    return doc.get_status();
  return read_string(doc.value().get(), "author_id").value_or("");
}

}  // namespace storage
