// A production MongoDB URL (a replica set, where reads may go and how writes are acknowledged)
// reaches every client of the pool as written: the pool sets only its own sizing and timeouts.
// No server: a pool does no I/O before its first operation.
#include <boost/test/unit_test.hpp>

#include <mongoc/mongoc.h>

#include "storage/mongodb/mongo_client_pool.hpp"

namespace {

storage::mongo_settings settings_for(const std::string& url) {
  storage::mongo_settings s;
  s.url = url;
  s.database = "p2p";
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mongo_uri_options)

BOOST_AUTO_TEST_CASE(replica_set_read_preference_and_write_concern_reach_every_client) {
  auto pool = storage::mongo_client_pool::create(settings_for(
      "mongodb://app:secret@m1.example:27017,m2.example:27017,m3.example:27017/p2p?replicaSet=rs0"
      "&readPreference=secondaryPreferred&readConcernLevel=majority&w=majority&journal=true&wtimeoutMS=5000"));
  BOOST_REQUIRE_MESSAGE(pool.is_ok(), pool.get_status().message());
  auto a = pool.value()->try_pop();
  auto b = pool.value()->try_pop();
  BOOST_REQUIRE(a);
  BOOST_REQUIRE(b);
  for (mongoc_client_t* c : {a.get(), b.get()}) {
    const mongoc_uri_t* uri = mongoc_client_get_uri(c);
    BOOST_TEST(std::string(mongoc_uri_get_replica_set(uri)) == "rs0");
    BOOST_TEST(mongoc_uri_get_hosts(uri)->next->next != nullptr);  // all three seeds kept
    BOOST_TEST(mongoc_read_prefs_get_mode(mongoc_client_get_read_prefs(c)) == MONGOC_READ_SECONDARY_PREFERRED);
    BOOST_TEST(std::string(mongoc_read_concern_get_level(mongoc_client_get_read_concern(c))) == "majority");
    const mongoc_write_concern_t* wc = mongoc_client_get_write_concern(c);
    BOOST_TEST(mongoc_write_concern_get_wmajority(wc));
    BOOST_TEST(mongoc_write_concern_get_journal(wc));
    BOOST_TEST(mongoc_write_concern_get_wtimeout_int64(wc) == 5000);
    // The pool's own options sit beside them.
    BOOST_TEST(std::string(mongoc_uri_get_appname(uri)) == "p2p-backend");
  }
}

BOOST_AUTO_TEST_CASE(without_options_reads_go_to_the_primary_and_writes_take_the_servers_default) {
  auto pool = storage::mongo_client_pool::create(settings_for("mongodb://app:secret@127.0.0.1:27017/p2p"));
  BOOST_REQUIRE_MESSAGE(pool.is_ok(), pool.get_status().message());
  auto c = pool.value()->try_pop();
  BOOST_REQUIRE(c);
  BOOST_TEST(mongoc_read_prefs_get_mode(mongoc_client_get_read_prefs(c.get())) == MONGOC_READ_PRIMARY);
  const mongoc_write_concern_t* wc = mongoc_client_get_write_concern(c.get());
  BOOST_TEST(!mongoc_write_concern_get_wmajority(wc));
  BOOST_TEST(mongoc_write_concern_get_w(wc) == MONGOC_WRITE_CONCERN_W_DEFAULT);
}

BOOST_AUTO_TEST_CASE(a_bad_option_value_is_refused_without_the_password) {
  auto pool = storage::mongo_client_pool::create(
      settings_for("mongodb://app:hunter2@m1.example/p2p?readPreference=sideways"));
  BOOST_REQUIRE(!pool.is_ok());
  BOOST_TEST(pool.get_status().message().find("hunter2") == std::string::npos, pool.get_status().message());
}

BOOST_AUTO_TEST_SUITE_END()
