// `seed --reset` in process: seed data goes, everything else stays (what people added to seeded
// posts and replies goes with them), indexes survive, and the data set comes back identical.
#include <boost/test/unit_test.hpp>

#include <set>

#include "cli/seed_fixture.hpp"
#include "storage/crypto/password.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/post_store.hpp"
#include "storage/mongodb/profile_store.hpp"
#include "storage/mongodb/reply_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "tools/seed/seed_generator.hpp"
#include "tools/seed/seed_reset.hpp"
#include "tools/seed/seed_source.hpp"

namespace seed = storage::seed;
using seed_test::world;

namespace {

std::set<std::string> index_names(const world& w, const char* coll) {
  std::set<std::string> out;
  storage::mongo_collection_ptr c{
      mongoc_client_get_collection(w.mongo.client, w.mongo.database.c_str(), coll)};
  storage::mongo_cursor_ptr cursor{mongoc_collection_find_indexes_with_opts(c.get(), nullptr)};
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc))
    out.insert(storage::read_string(doc, "name").value_or(""));
  return out;
}

template <class T>
T required(storage::result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.is_ok(), r.get_status().to_string());
  return std::move(r.value());
}

// A user who is not seed data.
storage::user real_person(storage::pg_connection& pg) {
  const auto hash = required(storage::hash_password("a-real-password", storage::password_params::fastest()));
  return required(storage::create_user(pg, {"real@example.com", hash, "Real Person", "user", true}));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(seed_reset, world)

BOOST_AUTO_TEST_CASE(reset_removes_seed_data_and_nothing_else) {
  run();
  const seed::plan pl(seed::size::small);
  std::map<std::string, std::set<std::string>> indexes;
  for (seed::kind k : seed::all_kinds)
    indexes[seed::collection_of(k)] = index_names(*this, seed::collection_of(k));

  // Someone's own data, some of it attached to seeded posts and replies.
  const auto person = real_person(*pg);
  const storage::mongo_context posts(ctx());
  const storage::mongo_context replies(ctx());
  const auto own_post = required(storage::create_post(posts, {person.id, "My own question", "Body", "General", {"mqtt"},
                                               storage::post_status::published}));
  const auto own_reply = required(storage::create_reply(replies, own_post.id, person.id, "Answering myself"));
  BOOST_REQUIRE(storage::upvote_reply(replies, own_reply.id, person.id).is_ok());
  std::int64_t open_post = 0;
  while (pl.status_of(open_post) != storage::post_status::published || pl.replies_of(open_post) == 0)
    ++open_post;
  const auto seeded_post = seed::make_post(pl, open_post);
  const auto seeded_reply = seed::make_reply(pl, open_post, 0);
  const auto reply_on_seeded = required(storage::create_reply(replies, seeded_post.id, person.id, "Me too"));
  BOOST_REQUIRE(storage::upvote_reply(replies, seeded_reply.id, person.id).is_ok());
  const storage::profile own_profile{person.id, "Real", "Mining", std::nullopt, {}, std::nullopt};
  BOOST_REQUIRE(storage::upsert_profile(ctx(), own_profile).is_ok());

  const auto r = required(seed::reset(*pg, mongo, quiet));
  BOOST_TEST(r.deleted.at("users") == 51);
  BOOST_TEST(r.deleted.at(storage::posts_collection) == 200);
  BOOST_TEST(r.deleted.at(storage::replies_collection) == 800 + 1);  // with "Me too"
  BOOST_TEST(r.deleted.at(storage::reply_votes_collection) == pl.votes_total() + 1);
  BOOST_TEST(digest().counts().empty());

  BOOST_TEST(storage::get_user_by_id(*pg, person.id).is_ok());
  const auto kept_post = required(storage::get_post(posts, own_post.id));
  BOOST_TEST(kept_post.reply_count == 1);
  BOOST_TEST(required(storage::get_reply(replies, own_reply.id)).upvotes == 1);
  BOOST_TEST(storage::get_profile(ctx(), person.id).is_ok());
  BOOST_TEST((storage::get_reply(replies, reply_on_seeded.id).get_status().error_code() == storage::code::not_found));
  BOOST_TEST((storage::get_post(posts, seeded_post.id).get_status().error_code() == storage::code::not_found));
  for (const auto& [coll, names] : indexes) {
    BOOST_TEST(index_names(*this, coll.c_str()) == names, coll);
    BOOST_TEST(!required(seed::collection_exists(mongo, coll + "__seed_reset")), coll);
  }

  run();  // own data is not seed data: the hash is the data set's again
  BOOST_TEST(digest().hex() == seed::expected_digest(pl, options().admin_email).hex());
}

// A reset interrupted after setting a collection aside is finished by the next run.
BOOST_AUTO_TEST_CASE(an_interrupted_reset_is_finished_by_the_next_run) {
  run();
  const auto person = real_person(*pg);
  const auto own_post = required(storage::create_post(ctx(), 
      {person.id, "Kept through it all", "Body", "General", {}, storage::post_status::published}));
  const std::string aside = std::string(storage::posts_collection) + "__seed_reset";
  BOOST_REQUIRE(seed::forget_runs(mongo).is_ok());  // what a reset does first
  BOOST_REQUIRE(seed::set_aside(mongo, storage::posts_collection, aside).is_ok());
  BOOST_TEST((storage::get_post(ctx(), own_post.id).get_status().error_code() ==
              storage::code::not_found));  // set aside, not yet copied back

  run();
  BOOST_TEST(!required(seed::collection_exists(mongo, aside)));
  BOOST_TEST(storage::get_post(ctx(), own_post.id).is_ok());
  BOOST_TEST(digest().hex() ==
             seed::expected_digest(seed::plan(seed::size::small), options().admin_email).hex());
}

BOOST_AUTO_TEST_SUITE_END()
