// The lists and counts as the patched FerretDB serves them (patches/ferretdb: sort pushdown in
// keyset chunks, exact counts in PostgreSQL), checked against the same answer computed in memory,
// on data built to hit the edges: many equal created_at values, filters that PostgreSQL applies
// and filters it leaves to FerretDB's Go code (the q regex), pages smaller and larger than a
// chunk, arrays and look-alike types in counted fields. The same assertions hold on MongoDB.
// Every document carries this run's token and is deleted at the end.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <tuple>

#include "storage/ferretdb/ferretdb_accelerators.hpp"
#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "support/mongo_scratch.hpp"

namespace {

using namespace std::chrono_literals;

// Fills a document (bson_t's alignment attribute is dropped in std::function: see mongo_handles.hpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
using filler = std::function<void(bson_t*)>;
#pragma GCC diagnostic pop

struct row {
  std::string id;
  int64_t created_at_ms;
  std::string tag;
  bool needle;
};

struct pushdown_fixture : mongo_test::scratch {
  std::string category = "pushdown-" + token;
  std::string scratch_coll = "pushdown_" + token;
  std::vector<row> rows;

  // 150 posts over 12 distinct created_at values (so most pages end inside a run of ties), three
  // tags, one in nine titled with a needle for q.
  void make_posts() {
    const int64_t base = storage::now_ms() - 3600'000;
    for (int i = 0; i < 150; ++i) {
      row r{storage::format_oid(storage::new_oid()), base + (i * 7 % 12) * 1000, "t" + std::to_string(i % 3),
            i % 9 == 4};
      auto doc = storage::make_bson();
      storage::append_oid(doc.get(), "_id", *storage::parse_oid(r.id));
      storage::append_string(doc.get(), "author_id", "author-" + token);
      storage::append_string(doc.get(), "title", r.needle ? "a NeedLe in a stack" : "plain title");
      storage::append_string(doc.get(), "content", "body");
      storage::append_string(doc.get(), "category", category);
      storage::append_strings(doc.get(), "tags", {r.tag, "common"});
      storage::append_string(doc.get(), "status", "published");
      storage::append_date_ms(doc.get(), "created_at", r.created_at_ms);
      storage::append_date_ms(doc.get(), "updated_at", r.created_at_ms);
      BOOST_REQUIRE(storage::insert_one(ctx(), storage::posts_collection, doc.get()).is_ok());
      rows.push_back(r);
    }
  }

  // Newest first: created_at desc, then _id desc.
  std::vector<std::string> expected(const std::function<bool(const row&)>& keep) const {
    std::vector<row> kept;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(kept), keep);
    std::sort(kept.begin(), kept.end(), [](const row& a, const row& b) {
      return std::tie(a.created_at_ms, a.id) > std::tie(b.created_at_ms, b.id);
    });
    std::vector<std::string> ids;
    for (const auto& r : kept)
      ids.push_back(r.id);
    return ids;
  }

  std::vector<std::string> paged(const storage::post_filter& f, int page_size, int* pages = nullptr) {
    std::vector<std::string> ids;
    std::optional<storage::post_cursor> after;
    int n = 0;
    for (; n < 400; ++n) {
      auto page = storage::list_posts(ctx(), f, after, page_size);
      BOOST_REQUIRE_MESSAGE(page.is_ok(), page.get_status().to_string());
      BOOST_REQUIRE(static_cast<int>(page->items.size()) <= page_size);
      for (const auto& p : page->items)
        ids.push_back(p.id);
      if (!page->next)
        break;
      BOOST_REQUIRE_EQUAL(static_cast<int>(page->items.size()), page_size);  // only the last page is short
      after = page->next;
    }
    if (pages)
      *pages = n + 1;
    return ids;
  }

  void insert_scratch(std::initializer_list<filler> fill) {
    for (const auto& f : fill) {
      auto doc = storage::make_bson();
      storage::append_oid(doc.get(), "_id", storage::new_oid());
      f(doc.get());
      BOOST_REQUIRE(storage::insert_one(ctx(), scratch_coll.c_str(), doc.get()).is_ok());
    }
  }

  ~pushdown_fixture() {
    for (const auto& r : rows)
      (void)storage::delete_post(ctx(), r.id);
    auto cmd = storage::make_bson();
    storage::append_string(cmd.get(), "drop", scratch_coll);
    storage::bson_reply reply;
    (void)storage::run_command(ctx(), cmd.get(), reply.get(), "drop scratch");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ferretdb_pushdown, pushdown_fixture)

BOOST_AUTO_TEST_CASE(pages_equal_a_sort_in_memory) {
  make_posts();
  const storage::post_filter all{category, {}, {}, {}, {}};
  const storage::post_filter tagged{category, std::string("t1"), {}, {}, {}};
  const storage::post_filter needle{category, {}, {}, {}, std::string("needle")};  // left to Go
  for (int size : {1, 7, 21, 100, 1000}) {
    BOOST_TEST_CONTEXT("page size " << size) {
      int pages = 0;
      BOOST_TEST(paged(all, size, &pages) == expected([](const row&) { return true; }),
                 boost::test_tools::per_element());
      BOOST_TEST(pages == (150 + size - 1) / size);  // the last page knows it is the last
      BOOST_TEST(paged(tagged, size) == expected([](const row& r) { return r.tag == "t1"; }),
                 boost::test_tools::per_element());
      BOOST_TEST(paged(needle, size) == expected([](const row& r) { return r.needle; }),
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(replies_page_oldest_first_through_ties) {
  const storage::mongo_context posts(ctx());
  auto post = storage::create_post(posts, {"author-" + token, "thread", "body", category, {}, storage::post_status::published});
  BOOST_REQUIRE(post.is_ok());
  rows.push_back({post->id, 0, "", false});  // removed (with its replies) at the end
  const int64_t base = storage::now_ms() - 600'000;
  std::vector<std::pair<int64_t, std::string>> made;
  for (int i = 0; i < 45; ++i) {
    const auto oid = storage::new_oid();
    const int64_t at = base + (i * 5 % 9) * 1000;
    auto doc = storage::make_bson();
    storage::append_oid(doc.get(), "_id", oid);
    storage::append_oid(doc.get(), "post_id", *storage::parse_oid(post->id));
    storage::append_string(doc.get(), "author_id", "replier-" + token);
    storage::append_string(doc.get(), "content", "reply " + std::to_string(i));
    storage::append_date_ms(doc.get(), "created_at", at);
    storage::append_date_ms(doc.get(), "updated_at", at);
    BOOST_REQUIRE(storage::insert_one(ctx(), storage::replies_collection, doc.get()).is_ok());
    made.emplace_back(at, storage::format_oid(oid));
  }
  std::sort(made.begin(), made.end());
  std::vector<std::string> want;
  for (const auto& [at, id] : made)
    want.push_back(id);
  for (int size : {1, 4, 45, 100}) {
    std::vector<std::string> seen;
    std::optional<storage::reply_cursor> after;
    for (int n = 0; n < 100; ++n) {
      auto page = storage::list_replies(ctx(), post->id, after, size);
      BOOST_REQUIRE_MESSAGE(page.is_ok(), page.get_status().to_string());
      for (const auto& r : page->items)
        seen.push_back(r.id);
      if (!page->next)
        break;
      after = page->next;
    }
    BOOST_TEST(seen == want, boost::test_tools::per_element());
  }
  auto counted = storage::get_post(posts, post->id);
  BOOST_REQUIRE(counted.is_ok());
  BOOST_TEST(counted->reply_count == 45);
}

// A count is MongoDB's count whatever the stored types: an array holding the value matches, a
// string spelling an ObjectId's hex or a number does not match the ObjectId or the number, and
// int, long and double compare by value.
BOOST_AUTO_TEST_CASE(counts_are_exact_with_arrays_and_look_alike_types) {
  const auto oid = storage::new_oid();
  const std::string hex = storage::format_oid(oid);
  insert_scratch({
      [&](bson_t* d) { storage::append_oid(d, "ref", oid); },
      [&](bson_t* d) { storage::append_string(d, "ref", hex); },
      [&](bson_t* d) { storage::append_string(d, "name", "x"); },
      [&](bson_t* d) { storage::append_strings(d, "name", {"y", "x"}); },
      [&](bson_t* d) { storage::append_string(d, "name", "xx"); },
      [&](bson_t* d) { bson_append_int32(d, "n", -1, 5); },
      [&](bson_t* d) { storage::append_int64(d, "n", 5); },
      [&](bson_t* d) { storage::append_double(d, "n", 5.0); },
      [&](bson_t* d) { storage::append_string(d, "n", "5"); },
      [&](bson_t* d) { storage::append_double(d, "n", 5.5); },
  });
  auto count = [&](const filler& fill) {
    auto filter = storage::make_bson();
    fill(filter.get());
    auto n = storage::count_documents(ctx(), scratch_coll.c_str(), filter.get());
    BOOST_REQUIRE_MESSAGE(n.is_ok(), n.get_status().to_string());
    return n.value();
  };
  BOOST_TEST(count([&](bson_t* f) { storage::append_oid(f, "ref", oid); }) == 1);
  BOOST_TEST(count([&](bson_t* f) { storage::append_string(f, "ref", hex); }) == 1);
  BOOST_TEST(count([&](bson_t* f) { storage::append_string(f, "name", "x"); }) == 2);  // the array too
  BOOST_TEST(count([&](bson_t* f) { bson_append_int32(f, "n", -1, 5); }) == 3);
  BOOST_TEST(count([&](bson_t* f) { storage::append_double(f, "n", 5.5); }) == 1);
  BOOST_TEST(count([&](bson_t* f) { storage::append_string(f, "n", "5"); }) == 1);
  BOOST_TEST(count([&](bson_t* f) { storage::append_string(f, "missing", "x"); }) == 0);
  BOOST_TEST(count([](bson_t*) {}) == 10);
}

// More documents than the first chunks (101, then doubling) with a filter PostgreSQL cannot
// apply: every one comes back, in order.
BOOST_AUTO_TEST_CASE(a_sorted_scan_reads_every_chunk) {
  const int64_t base = 1'700'000'000'000;
  for (int i = 0; i < 500; ++i) {
    auto doc = storage::make_bson();
    storage::append_oid(doc.get(), "_id", storage::new_oid());
    storage::append_date_ms(doc.get(), "at", base + (i * 37 % 500) * 10);
    storage::append_string(doc.get(), "label", i % 2 ? "odd" : "even");
    BOOST_REQUIRE(storage::insert_one(ctx(), scratch_coll.c_str(), doc.get()).is_ok());
  }
  auto filter = storage::make_bson();
  bson_t cond;
  bson_append_document_begin(filter.get(), "label", -1, &cond);
  storage::append_string(&cond, "$regex", "^od");
  bson_append_document_end(filter.get(), &cond);
  storage::find_options opts;
  opts.sort = {{"at", 1}};
  std::vector<int64_t> seen;
  auto st = storage::find(ctx(), scratch_coll.c_str(), filter.get(), opts, [&](const bson_t* doc) {
    seen.push_back(storage::read_date_ms(doc, "at").value_or(-1));
    return storage::status::ok();
  });
  BOOST_REQUIRE_MESSAGE(st.is_ok(), st.to_string());
  BOOST_TEST(seen.size() == 250u);
  BOOST_TEST(std::is_sorted(seen.begin(), seen.end()));
}

// The patch sorts in PostgreSQL only what sorts there as in MongoDB: a sort key holding two types
// fails the find on FerretDB instead of answering in the wrong order. MongoDB sorts it.
BOOST_AUTO_TEST_CASE(a_sort_key_of_two_types_fails_rather_than_misorders) {
  insert_scratch({
      [&](bson_t* d) { storage::append_date_ms(d, "k", 1'700'000'000'000); },
      [&](bson_t* d) { storage::append_string(d, "k", "a string sorts elsewhere"); },
  });
  storage::find_options opts;
  opts.sort = {{"k", -1}};
  auto all = storage::make_bson();
  int n = 0;
  auto st = storage::find(ctx(), scratch_coll.c_str(), all.get(), opts, [&](const bson_t*) {
    ++n;
    return storage::status::ok();
  });
  auto ferret = storage::is_ferretdb(ctx().client(), pool->database(), 5s);
  BOOST_REQUIRE(ferret.is_ok());
  if (ferret.value()) {
    BOOST_TEST(!st.is_ok());
    BOOST_TEST(st.message().find("sort pushdown") != std::string::npos, st.message());
  } else {
    BOOST_TEST(st.is_ok());
    BOOST_TEST(n == 2);
  }
}

BOOST_AUTO_TEST_SUITE_END()
