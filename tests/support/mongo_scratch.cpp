#include "support/mongo_scratch.hpp"

#include <boost/test/unit_test.hpp>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_migrator.hpp"
#include "support/test_env.hpp"

namespace mongo_test {

std::shared_ptr<storage::mongo_client_pool> migrated_pool(const storage::mongo_settings& s) {
  auto p = storage::mongo_client_pool::create(s);
  BOOST_REQUIRE_MESSAGE(p.is_ok(), p.get_status().to_string());
  auto up = storage::mongo_migrator(*p.value(), p.value()->database()).up();
  BOOST_REQUIRE_MESSAGE(up.is_ok(), "MongoDB must be reachable and migrated: " << up.get_status().to_string());
  return std::move(p.value());
}

std::string code_of(const storage::status& st) { return std::string(storage::to_string(st.error_code())); }

scratch::scratch() : scratch(test_env::settings().mongodb) {}

scratch::scratch(const storage::mongo_settings& s)
    : pool(migrated_pool(s)), token(storage::format_oid(storage::new_oid())) {}

storage::mongo_context scratch::ctx(std::chrono::milliseconds budget) const {
  if (!lease_) {
    lease_ = pool->pop();
    BOOST_REQUIRE_MESSAGE(lease_, "a MongoDB client for the test: " << lease_.get_status().to_string());
  }
  return {lease_.get(), pool->database(), budget};
}

void scratch::delete_where(const char* coll, const char* field, const std::string& value) const {
  auto filter = storage::make_bson();
  storage::append_string(filter.get(), field, value);
  (void)storage::delete_many(ctx(), coll, filter.get());
}

std::set<std::string> scratch::ids_where(const char* coll, const char* field, const std::string& value) const {
  auto filter = storage::make_bson();
  if (field)
    storage::append_string(filter.get(), field, value);
  storage::find_options only_ids;
  only_ids.projection = {"_id"};
  std::set<std::string> ids;
  auto st = storage::find(ctx(std::chrono::seconds(60)), coll, filter.get(), only_ids, [&](const bson_t* doc) {
    ids.insert(storage::read_oid_hex(doc, "_id").value_or(""));
    return storage::status::ok();
  });
  BOOST_REQUIRE_MESSAGE(st.is_ok(), st.to_string());
  return ids;
}

}  // namespace mongo_test
