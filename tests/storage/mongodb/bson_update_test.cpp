// The partial-update builder: only the given fields are set, updated_at always is.
#include <boost/test/unit_test.hpp>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_json.hpp"
#include "storage/mongodb/bson_update.hpp"

BOOST_AUTO_TEST_SUITE(bson_update)

BOOST_AUTO_TEST_CASE(sets_only_the_given_fields_and_the_update_time) {
  storage::set_update set;
  set.string("title", std::string("New")).string("content", std::nullopt);
  set.strings("tags", std::vector<std::string>{"a", "b"}).strings("other", std::nullopt);
  storage::append_string(set.fields(), "status", "closed");
  const auto update = set.build(0);
  BOOST_TEST(storage::bson_to_json(update.get()) ==
             R"({ "$set" : { "title" : "New", "tags" : [ "a", "b" ], "status" : "closed", )"
             R"("updated_at" : { "$date" : "1970-01-01T00:00:00Z" } } })");
}

BOOST_AUTO_TEST_CASE(an_empty_patch_still_sets_the_update_time) {
  storage::set_update set;
  set.string("title", std::nullopt);
  BOOST_TEST(storage::bson_to_json(set.build(1000).get()) ==
             R"({ "$set" : { "updated_at" : { "$date" : "1970-01-01T00:00:01Z" } } })");
}

BOOST_AUTO_TEST_SUITE_END()
