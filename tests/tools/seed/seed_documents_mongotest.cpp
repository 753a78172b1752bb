// The seed writes the stores' documents: for each kind, a document a store wrote and the seed's
// document of the same value are the same BSON (fields, order, types and values), but for the
// seed's marker and, for a profile, the _id (the seed derives it from the user_id). Against the
// real server, so what is compared is what the store really stored. Every document carries this
// run's token and is deleted at the end.
#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_json.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/profile_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "storage/mongodb/use_case_store.hpp"
#include "support/mongo_scratch.hpp"
#include "tools/seed/seed_documents.hpp"

namespace {

// Canonical Extended JSON of `doc` without the fields named in `drop`: keeps order and types.
std::string without(const bson_t* doc, std::initializer_list<const char*> drop) {
  storage::bson_ptr copy = storage::make_bson();
  bson_iter_t it;
  BOOST_REQUIRE(bson_iter_init(&it, doc));
  while (bson_iter_next(&it)) {
    bool dropped = false;
    for (const char* d : drop)
      dropped = dropped || std::string(bson_iter_key(&it)) == d;
    if (!dropped)
      BOOST_REQUIRE(bson_append_iter(copy.get(), nullptr, 0, &it));
  }
  return storage::bson_to_canonical_json(copy.get());
}

struct documents_fixture : mongo_test::scratch {
  const std::string mark = "test-" + token;

  // The stored document of `coll` whose `field` is the string `value`.
  storage::bson_ptr stored(const char* coll, const char* field, const std::string& value) {
    storage::bson_ptr filter = storage::make_bson();
    storage::append_string(filter.get(), field, value);
    return stored(coll, filter.get());
  }
  storage::bson_ptr stored(const char* coll, const bson_t* filter) {
    auto doc = storage::find_one(ctx(), coll, filter);
    BOOST_REQUIRE_MESSAGE(doc.is_ok(), doc.get_status().to_string());
    BOOST_REQUIRE_MESSAGE(doc.value().has_value(), "nothing stored in " << coll);
    return std::move(*doc.value());
  }
  storage::bson_ptr stored_by_id(const char* coll, const std::string& id) {
    storage::bson_ptr filter = storage::make_bson();
    storage::append_oid_hex(filter.get(), "_id", id);
    return stored(coll, filter.get());
  }

  ~documents_fixture() {
    delete_where(storage::posts_collection, "author_id", "author-" + token);  // its replies and votes below
    delete_where(storage::replies_collection, "author_id", "author-" + token);
    delete_where(storage::reply_votes_collection, "user_id", "voter-" + token);
    delete_where(storage::use_cases_collection, "submitted_by", "author-" + token);
    for (const char* kind : {"-full", "-bare"})
      delete_where(storage::profiles_collection, "user_id", "user-" + token + kind);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(seed_documents, documents_fixture)

BOOST_AUTO_TEST_CASE(a_seeded_post_reply_and_vote_are_the_stores_documents) {
  auto p = storage::create_post(ctx(), {"author-" + token, "Seed and store", "the same fields", "cat-" + token,
                                        {"plc", "safety"}, storage::post_status::published});
  BOOST_REQUIRE_MESSAGE(p.is_ok(), p.get_status().to_string());
  const auto post_doc = stored_by_id(storage::posts_collection, p->id);
  const auto seeded_post = storage::seed::to_document(p.value(), mark);
  BOOST_TEST(without(post_doc.get(), {}) == without(seeded_post.get(), {storage::seed::marker_field}));
  BOOST_TEST(storage::read_string(seeded_post.get(), storage::seed::marker_field).value_or("") == mark);

  auto r = storage::create_reply(ctx(), p->id, "author-" + token, "a reply");
  BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  const auto reply_doc = stored_by_id(storage::replies_collection, r->id);
  BOOST_TEST(without(reply_doc.get(), {}) ==
             without(storage::seed::to_document(r.value(), mark).get(), {storage::seed::marker_field}));

  auto votes = storage::upvote_reply(ctx(), r->id, "voter-" + token);
  BOOST_REQUIRE_MESSAGE(votes.is_ok(), votes.get_status().to_string());
  const std::string key = r->id + ":voter-" + token;
  const auto vote_doc = stored(storage::reply_votes_collection, "_id", key);
  // The store stamps the vote itself; the seed's record takes that time.
  const storage::seed::vote_record v{key, r->id, p->id, "voter-" + token,
                                     storage::read_date_ms(vote_doc.get(), "created_at").value_or(-1)};
  BOOST_TEST(without(vote_doc.get(), {}) ==
             without(storage::seed::to_document(v, mark).get(), {storage::seed::marker_field}));
}

BOOST_AUTO_TEST_CASE(a_seeded_use_case_is_the_stores_document) {
  auto u = storage::create_use_case(ctx(), {"author-" + token, "Seed and store", "the same fields", "energy",
                                            {"mqtt"}, storage::location{48.1, 11.6, "Munich", "DE"}});
  BOOST_REQUIRE_MESSAGE(u.is_ok(), u.get_status().to_string());
  const auto doc = stored_by_id(storage::use_cases_collection, u->id);
  BOOST_TEST(without(doc.get(), {}) ==
             without(storage::seed::to_document(u.value(), mark).get(), {storage::seed::marker_field}));
}

BOOST_AUTO_TEST_CASE(a_seeded_profile_is_the_stores_document_but_its_id) {
  for (const bool optional_fields : {true, false}) {
    storage::profile in;
    in.user_id = "user-" + token + (optional_fields ? "-full" : "-bare");
    in.display_name = "Seed Store";
    in.industry = "energy";
    in.expertise = {"plc", "scada"};
    if (optional_fields) {
      in.location = storage::location{59.3, 18.1, "Stockholm", "SE"};
      in.bio = "writes both ways";
    }
    auto p = storage::create_profile(ctx(), in);
    BOOST_REQUIRE_MESSAGE(p.is_ok(), p.get_status().to_string());
    const auto doc = stored(storage::profiles_collection, "user_id", in.user_id);
    const auto seeded = storage::seed::to_document(p.value(), mark);
    BOOST_TEST(without(doc.get(), {"_id"}) == without(seeded.get(), {"_id", storage::seed::marker_field}));
    BOOST_TEST(storage::read_oid_hex(doc.get(), "_id").has_value());
    BOOST_TEST(storage::read_oid_hex(seeded.get(), "_id").has_value());
  }
}

BOOST_AUTO_TEST_SUITE_END()
