// MongoDB test helpers: a client pool over the configured database with the project's
// migrations applied, a client for the test's own calls, and a fresh token that tags every
// document a test makes so that it can delete them (tests share the configured database). A
// missing server FAILS the test (BOOST_REQUIRE), never skips it.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "storage/common/mongo_settings.hpp"
#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_client_pool.hpp"
#include "storage/mongodb/mongo_ops.hpp"

namespace mongo_test {

// A client pool built from `s`, reachable and migrated up, or a failed test.
std::shared_ptr<storage::mongo_client_pool> migrated_pool(const storage::mongo_settings& s);

// "not_found", "conflict", ...: the code's name, for readable assertions.
std::string code_of(const storage::status& st);

// One per test (a Boost fixture base). Not thread-safe: ctx() is for the test's own thread;
// threads of the test pop their own clients from `pool`.
struct scratch {
  // The configured settings (test_env::settings().mongodb), or `s`.
  scratch();
  explicit scratch(const storage::mongo_settings& s);

  std::shared_ptr<storage::mongo_client_pool> pool;
  std::string token;  // a fresh ObjectId's 24 hex digits

  // A context on the test's own client, popped at the first call and held until the end.
  storage::mongo_context ctx(std::chrono::milliseconds budget = std::chrono::seconds(10)) const;

  // Deletes every document of `coll` whose string `field` equals `value`; for cleanup, so a
  // failure is ignored.
  void delete_where(const char* coll, const char* field, const std::string& value) const;

  // The _id (hex) of every document of `coll` whose string `field` equals `value` (no field:
  // every document), read in one query; a failed read fails the test.
  std::set<std::string> ids_where(const char* coll, const char* field = nullptr, const std::string& value = {}) const;

private:
  mutable storage::mongo_lease lease_;  // declared after pool: returned before it goes
};

}  // namespace mongo_test
