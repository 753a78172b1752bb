// DELETE /api/v1/users/{id} across both stores: the user and its sessions go in PostgreSQL and
// its profile in MongoDB; with FerretDB stopped the user still goes (204), the profile deletion
// waits in pending_profile_deletions, and once FerretDB is back the profile_cleanup actor
// finishes it. Every test leaves FerretDB running, even when an assertion fails.
#include <boost/test/unit_test.hpp>

#include <thread>

#include "pg_e2e.hpp"
#include "storage/mongodb/profile_store.hpp"
#include "storage/postgres/profile_cleanup_store.hpp"
#include "support/actor_fixture.hpp"
#include "support/mongo_scratch.hpp"
#include "support/stack_control.hpp"

using namespace std::chrono_literals;
using storage::code;

namespace {


// Starts FerretDB again whatever the test did to it.
struct ferretdb_guard {
  ~ferretdb_guard() { (void)test_env::stack("start ferretdb"); }
};

struct deletion_fixture : pg_e2e::fixture {
  mongo_test::scratch mongo;
  std::vector<std::string> profiled;  // their profiles are deleted at the end, whatever happened

  ~deletion_fixture() {
    for (const auto& id : profiled) {
      mongo.delete_where(storage::profiles_collection, "user_id", id);
      (void)storage::finish_profile_deletion(*pg, id);
    }
  }

  // A registered user with a profile made directly in MongoDB.
  pg_e2e::account with_profile() {
    auto a = registered();
    storage::profile p;
    p.user_id = a.id;
    p.display_name = "Deletable";
    p.industry = "testing";
    p.expertise = {"cleanup"};
    auto made = storage::create_profile(mongo.ctx(), p);
    BOOST_REQUIRE_MESSAGE(made.is_ok(), made.get_status().to_string());
    profiled.push_back(a.id);
    return a;
  }

  bool has_profile(const std::string& id) {
    auto got = storage::get_profile(mongo.ctx(), id);
    BOOST_REQUIRE_MESSAGE(got.is_ok() || got.get_status().error_code() == code::not_found,
                          got.get_status().to_string());
    return got.is_ok();
  }

  bool pending(const std::string& id) {
    auto row = storage::find_profile_deletion(*pg, id);
    BOOST_REQUIRE_MESSAGE(row.is_ok() || row.get_status().error_code() == code::not_found,
                          row.get_status().to_string());
    if (row.is_ok())
      last_error = row->last_error.value_or("");
    return row.is_ok();
  }
  std::string last_error;  // of the pending row pending() saw last

  // Polls until `id` has no pending row; the seconds it took, or `limit` when it never went.
  double seconds_until_done(const std::string& id, std::chrono::seconds limit) {
    const auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    while (pending(id) && elapsed() < static_cast<double>(limit.count()))
      std::this_thread::sleep_for(250ms);
    return pending(id) ? static_cast<double>(limit.count()) : elapsed();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(user_deletion_e2e, deletion_fixture)

BOOST_AUTO_TEST_CASE(with_both_stores_up_the_profile_goes_with_the_user) {
  const auto a = with_profile();
  BOOST_REQUIRE(has_profile(a.id));
  auto r = api.del("/api/v1/users/" + a.id, a.token);
  BOOST_TEST(r.status == 204, r.body.dump());
  // At once: the DELETE itself purges the profile (waiting up to 2 s for MongoDB) and removes
  // the pending row before it answers, so both are gone when the 204 arrives. Checked with no
  // grace period: the periodic pass (every 5 s) must not be what finishes it.
  BOOST_TEST(!pending(a.id), "the deletion is still pending after the 204: " << last_error);
  BOOST_TEST(!has_profile(a.id));
}

BOOST_AUTO_TEST_CASE(with_ferretdb_stopped_the_user_goes_and_the_profile_follows_once_it_is_back,
                     *boost::unit_test::label("stops_stores")) {
  ferretdb_guard guard;
  const auto a = with_profile();
  const auto admin = auth.admin();
  BOOST_REQUIRE_EQUAL(test_env::stack("stop ferretdb"), 0);

  auto r = api.del("/api/v1/users/" + a.id, a.token);
  BOOST_TEST(r.status == 204, r.body.dump());
  test_env::check_error(api.get("/api/v1/users/" + a.id, admin.token), 404, "not_found", "the user is gone");
  test_env::check_error(api.get("/api/v1/sessions/current", a.token), 401, "unauthenticated", "its token too");
  auto row = storage::find_profile_deletion(*pg, a.id);
  BOOST_REQUIRE_MESSAGE(row.is_ok(), "a pending row: " << row.get_status().to_string());
  BOOST_TEST(row->attempts >= 1);
  BOOST_TEST(row->last_error.has_value());

  BOOST_REQUIRE_EQUAL(test_env::stack("start ferretdb"), 0);
  // The periodic pass finishes it: the MongoDB pool reconnects within its backoff cap (10 s by
  // default), the next pass starts within 5 s and waits up to 10 s for the purge: 25 s at
  // worst, 30 s allowed.
  const double took = seconds_until_done(a.id, 30s);
  BOOST_TEST(took < 30.0, "still pending 30 s after FerretDB came back: " << last_error);
  BOOST_TEST_MESSAGE("the profile followed " << took << " s after FerretDB came back");
  BOOST_TEST(!has_profile(a.id));
}

BOOST_AUTO_TEST_SUITE_END()
