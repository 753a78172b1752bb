// The repositories in front of a fake pool on CAF's deterministic scheduler: each message
// becomes one store call (its budget and whether it may be retried), each store error comes
// back as the same error, and a task that did not run never answers a value
// (actors/store_call.hpp). Their SQL and BSON are tested against the real stores
// (*_pgtest.cpp, *_mongotest.cpp).
#include <functional>
#include <string>
#include <vector>

#include "actors/config_repository.hpp"
#include "actors/messages.hpp"
#include "actors/pg_pool.hpp"
#include "actors/post_repository.hpp"
#include "actors/profile_repository.hpp"
#include "actors/session_repository.hpp"
#include "actors/user_repository.hpp"
#include "support/fake_actors.hpp"
#include "support/actor_harness.hpp"

using namespace std::chrono_literals;
using namespace actors;
using storage::code;

BOOST_FIXTURE_TEST_SUITE(repositories, test_env::actor_harness)

// The worked example of docs/testing.md ("Testing an actor").
BOOST_AUTO_TEST_CASE(a_user_get_is_one_retryable_pool_request_and_its_error_comes_back) {
  test_env::fake_pool pool;  // takes pg_request, answers through its answer, records it
  auto pg = own(pool.spawn(sys));
  auto users = own(sys.spawn(user_repository, pg_route{pg, 250ms}));
  pool.answer_with(storage::status::not_found("no such user"));

  auto r = ask<storage::user>(users, get_atom::value, std::string("u1"));
  expect((get_atom, std::string), from(r.client()).to(users).with(_, "u1"));
  expect((pg_request), from(r.client()).to(pg));  // delegated: the caller stays the sender
  expect((caf::error), from(pg).to(r.client()));  // the answer skips the repository

  BOOST_TEST((r.code() == code::not_found), r.status().to_string());
  BOOST_TEST(pool.requests() == 1);
  BOOST_TEST(pool.last().budget.count() == 250);
  BOOST_TEST(pool.last().idempotent);  // a read: retried once if its connection dies
  BOOST_TEST(pool.last().has_answer);
}

BOOST_AUTO_TEST_CASE(a_worker_that_says_ok_without_running_the_task_gives_an_error_not_a_default_value) {
  test_env::fake_pool pool;  // answers ok, never runs the task
  auto users = own(sys.spawn(user_repository, pg_route{own(pool.spawn(sys)), 250ms}));
  auto r = call<storage::user>(users, get_atom::value, std::string("u1"));
  BOOST_REQUIRE(!r.is_ok());
  BOOST_TEST((r.get_status().error_code() == code::internal), r.get_status().to_string());
  BOOST_TEST(r.get_status().message().find("did not run") != std::string::npos, r.get_status().to_string());
  auto page = call<storage::user_page>(users, list_atom::value, user_list_query{});
  BOOST_TEST((page.get_status().error_code() == code::internal), "an empty page would be a lie");
}

// Each PostgreSQL repository message: one request, retried (idempotent) only when it is a read.
struct pg_row {
  const char* what;
  bool idempotent;
  std::function<storage::status(test_env::actor_harness&, const pg_route&)> send;
};

BOOST_AUTO_TEST_CASE(each_postgresql_message_is_one_request_retried_only_when_it_reads) {
  using H = test_env::actor_harness;
  auto user = [](H& h, const pg_route& r) { return h.own(h.sys.spawn(user_repository, r)); };
  auto session = [](H& h, const pg_route& r) { return h.own(h.sys.spawn(session_repository, r)); };
  auto config = [](H& h, const pg_route& r) { return h.own(h.sys.spawn(config_repository, r)); };
  const std::vector<pg_row> rows = {
      {"user create", false, [=](H& h, const pg_route& r) { return h.call<storage::user>(user(h, r), create_atom::value, storage::new_user{}).get_status(); }},
      {"user get", true, [=](H& h, const pg_route& r) { return h.call<storage::user>(user(h, r), get_atom::value, std::string("u")).get_status(); }},
      {"user by_email", true, [=](H& h, const pg_route& r) { return h.call<storage::user>(user(h, r), by_email_atom::value, std::string("a@b.c")).get_status(); }},
      {"user list", true, [=](H& h, const pg_route& r) { return h.call<storage::user_page>(user(h, r), list_atom::value, user_list_query{}).get_status(); }},
      {"user update", false, [=](H& h, const pg_route& r) { return h.call<storage::user>(user(h, r), update_atom::value, std::string("u"), storage::user_changes{}).get_status(); }},
      {"user delete", false, [=](H& h, const pg_route& r) { return h.call<ok_atom>(user(h, r), delete_atom::value, std::string("u")).get_status(); }},
      {"session create", false, [=](H& h, const pg_route& r) { return h.call<storage::session>(session(h, r), create_atom::value, std::string("u"), std::string("h"), int64_t{1}).get_status(); }},
      {"session find", true, [=](H& h, const pg_route& r) { return h.call<storage::session>(session(h, r), find_atom::value, std::string("h")).get_status(); }},
      {"session list", true, [=](H& h, const pg_route& r) { return h.call<std::vector<storage::session>>(session(h, r), list_atom::value, std::string("u")).get_status(); }},
      {"session revoke", false, [=](H& h, const pg_route& r) { return h.call<ok_atom>(session(h, r), revoke_atom::value, std::string("s")).get_status(); }},
      {"session purge", true, [=](H& h, const pg_route& r) { return h.call<int64_t>(session(h, r), purge_atom::value).get_status(); }},
      {"config get", true, [=](H& h, const pg_route& r) { return h.call<storage::config_entry>(config(h, r), get_atom::value, std::string("k")).get_status(); }},
      {"config list", true, [=](H& h, const pg_route& r) { return h.call<storage::config_page>(config(h, r), list_atom::value, config_list_query{}).get_status(); }},
      {"config upsert", false, [=](H& h, const pg_route& r) { return h.call<storage::config_upsert_result>(config(h, r), upsert_atom::value, config_put{}).get_status(); }},
      {"config delete", false, [=](H& h, const pg_route& r) { return h.call<ok_atom>(config(h, r), delete_atom::value, std::string("k")).get_status(); }},
  };
  const storage::status errors[] = {
      storage::status::not_found("gone"), storage::status::conflict("taken"),
      storage::status::unavailable("down").because(storage::failure_cause::connection_refused),
      storage::status::timeout("slow"), storage::status::overloaded("full"), storage::status::invalid("bad"),
  };
  for (const auto& row : rows) {
    for (const auto& err : errors) {
      test_env::fake_pool pool;
      pool.answer_with(err);
      const pg_route route{own(pool.spawn(sys)), 300ms};
      const auto got = row.send(*this, route);
      BOOST_TEST(pool.requests() == 1, row.what);
      BOOST_TEST(pool.last().idempotent == row.idempotent, row.what);
      BOOST_TEST(pool.last().budget.count() == 300, row.what);
      BOOST_TEST((got.error_code() == err.error_code()), row.what << ": " << got.to_string() << " for " << err.to_string());
      BOOST_TEST(got.message() == err.message(), row.what);
      BOOST_TEST((got.cause() == err.cause()), row.what);
    }
  }
}

BOOST_AUTO_TEST_CASE(mongodb_repositories_send_one_request_with_their_budget_and_map_its_error) {
  test_env::fake_pool pool;
  pool.answer_with(storage::status::unavailable("no server").because(storage::failure_cause::server_unavailable));
  const mongo_route route{own(pool.spawn(sys)), 400ms};
  auto profiles = own(sys.spawn(profile_repository, route));
  auto posts = own(sys.spawn(post_repository, route));
  auto a = call<storage::profile>(profiles, get_atom::value, std::string("u"));
  auto b = call<ok_atom>(profiles, purge_atom::value, std::string("u"));
  auto c = call<storage::post>(posts, get_atom::value, std::string("p"));
  auto d = call<std::string>(posts, owner_atom::value, std::string("p"));
  BOOST_TEST(pool.requests() == 4);
  BOOST_TEST(pool.last().budget.count() == 400);
  for (const auto* st : {&a.get_status(), &b.get_status(), &c.get_status(), &d.get_status()}) {
    BOOST_TEST((st->error_code() == code::unavailable), st->to_string());
    BOOST_TEST((st->cause() == storage::failure_cause::server_unavailable));
  }
}

BOOST_AUTO_TEST_SUITE_END()
