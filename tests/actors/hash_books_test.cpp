// The password hasher's books, without actors or servers: the share of each account and each
// address, the global bound, and the end of a job by its answer or by its worker's death.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "actors/hash_books.hpp"

using actors::hash_books;
using actors::hash_owner;
using verdict = hash_books::verdict;

namespace {

struct step {
  hash_owner owner;
  verdict expected;
};

struct admission_row {
  const char* what;
  hash_books::limits limits;
  std::vector<step> steps;  // admitted one after the other, nothing released
};
std::ostream& operator<<(std::ostream& os, const admission_row& r) { return os << r.what; }

const hash_owner alice_a{"email:alice", "10.0.0.1"};
const hash_owner alice_b{"email:alice", "10.0.0.2"};
const hash_owner bob_a{"email:bob", "10.0.0.1"};
const hash_owner bob_c{"email:bob", "10.0.0.3"};
const hash_owner carol_c{"email:carol", "10.0.0.3"};
const hash_owner local_x{"email:x", ""};
const hash_owner local_y{"email:y", ""};
const hash_owner nobody{"", ""};

const admission_row admission_rows[] = {
    {"an account gets its share and no more", {2, 16, 2},
     {{alice_a, verdict::admitted}, {alice_b, verdict::admitted}, {alice_a, verdict::key_full}, {alice_b, verdict::key_full}}},
    {"an address gets its share and no more, whatever the emails", {2, 16, 2},
     {{alice_a, verdict::admitted}, {bob_a, verdict::admitted}, {{"email:dave", "10.0.0.1"}, verdict::key_full}}},
    {"others still get in past a full account", {2, 16, 2},
     {{alice_a, verdict::admitted}, {alice_b, verdict::admitted}, {alice_a, verdict::key_full}, {bob_c, verdict::admitted},
      {carol_c, verdict::admitted}}},
    {"the global bound holds across distinct owners", {2, 3, 2},
     {{alice_a, verdict::admitted}, {bob_c, verdict::admitted}, {{"email:dave", "10.0.0.4"}, verdict::admitted},
      {{"email:erin", "10.0.0.5"}, verdict::queue_full}}},
    {"a full share is said before a full queue", {2, 2, 1},
     {{alice_a, verdict::admitted}, {bob_c, verdict::admitted}, {alice_a, verdict::key_full}, {carol_c, verdict::key_full},
      {{"email:dave", "10.0.0.4"}, verdict::queue_full}}},
    {"one owner never fills the queue: the share is kept below it", {1, 3, 10},
     {{alice_a, verdict::admitted}, {alice_a, verdict::admitted}, {alice_a, verdict::key_full}, {bob_c, verdict::admitted}}},
    {"an empty address counts for nothing", {2, 16, 1},
     {{local_x, verdict::admitted}, {local_y, verdict::admitted}, {{"email:z", ""}, verdict::admitted}}},
    {"an owner with neither key meets only the global bound", {2, 3, 1},
     {{nobody, verdict::admitted}, {nobody, verdict::admitted}, {nobody, verdict::admitted}, {nobody, verdict::queue_full}}},
    {"a queue of one takes one job", {1, 1, 2}, {{alice_a, verdict::admitted}, {bob_c, verdict::queue_full}}},
};

std::vector<hash_books::ticket> admit_all(hash_books& b, std::initializer_list<hash_owner> owners) {
  std::vector<hash_books::ticket> out;
  for (const auto& o : owners) {
    const auto a = b.admit(o);
    BOOST_TEST_REQUIRE((a.outcome == verdict::admitted));
    out.push_back(a.id);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hash_books_rules)

BOOST_DATA_TEST_CASE(admission, boost::unit_test::data::make(admission_rows), row) {
  hash_books b{row.limits};
  size_t admitted = 0;
  for (size_t i = 0; i < row.steps.size(); ++i) {
    const auto a = b.admit(row.steps[i].owner);
    BOOST_TEST((a.outcome == row.steps[i].expected), row.what << ": step " << i);
    admitted += a.outcome == verdict::admitted;
    BOOST_TEST(b.pending() == admitted, row.what << ": step " << i << " (a refusal counts nothing)");
  }
}

BOOST_AUTO_TEST_CASE(an_answer_gives_the_place_back_to_both_keys_once) {
  hash_books b{{2, 16, 2}};
  const auto t = admit_all(b, {alice_a, alice_a});
  BOOST_TEST((b.admit(alice_b).outcome == verdict::key_full));
  BOOST_TEST((b.admit(bob_a).outcome == verdict::key_full));
  BOOST_TEST(b.release(t[0]));
  BOOST_TEST(b.held_by_account("email:alice") == 1u);
  BOOST_TEST(b.held_by_address("10.0.0.1") == 1u);
  BOOST_TEST(!b.release(t[0]), "a second release of the same job");
  BOOST_TEST(b.held_by_account("email:alice") == 1u);
  BOOST_TEST((b.admit(bob_a).outcome == verdict::admitted));
  BOOST_TEST(b.pending() == 2u);
}

BOOST_AUTO_TEST_CASE(nothing_is_held_once_every_job_has_ended) {
  hash_books b{{2, 16, 2}};
  const auto t = admit_all(b, {alice_a, bob_c, local_x, nobody});
  for (auto id : t)
    BOOST_TEST(b.release(id));
  BOOST_TEST(b.pending() == 0u);
  BOOST_TEST(b.keys() == 0u, "keys of ended jobs are forgotten");
  BOOST_TEST(b.jobs_on(0) + b.jobs_on(1) == 0u);
  BOOST_TEST(!b.release(12345), "an unknown ticket");
}

BOOST_AUTO_TEST_CASE(jobs_go_to_the_least_busy_worker) {
  hash_books b{{3, 16, 2}};
  std::vector<size_t> workers;
  for (const auto& o : {alice_a, bob_c, local_x, local_y}) {
    const auto a = b.admit(o);
    workers.push_back(a.worker);
  }
  BOOST_TEST((std::vector<size_t>(workers.begin(), workers.begin() + 3) == std::vector<size_t>{0, 1, 2}));
  BOOST_TEST(b.jobs_on(workers[3]) == 2u);
}

BOOST_AUTO_TEST_CASE(a_dead_worker_ends_its_jobs_and_their_late_answers_count_nothing) {
  hash_books b{{2, 16, 2}};
  const auto a1 = b.admit(alice_a);  // worker 0
  const auto b1 = b.admit(bob_c);    // worker 1
  const auto a2 = b.admit(alice_b);  // worker 0
  BOOST_TEST_REQUIRE(a1.worker == 0u);
  BOOST_TEST_REQUIRE(b1.worker == 1u);
  BOOST_TEST_REQUIRE(a2.worker == 0u);
  BOOST_TEST(b.worker_down(0) == 2u);
  BOOST_TEST(b.pending() == 1u);
  BOOST_TEST(b.jobs_on(0) == 0u);
  BOOST_TEST(b.held_by_account("email:alice") == 0u);
  BOOST_TEST(b.held_by_address("10.0.0.1") == 0u);
  // The error answers of the dead worker's requests come after: they end nothing more.
  BOOST_TEST(!b.release(a1.id));
  BOOST_TEST(!b.release(a2.id));
  BOOST_TEST(b.held_by_account("email:bob") == 1u);
  BOOST_TEST((b.admit(alice_a).outcome == verdict::admitted));
  BOOST_TEST((b.admit(alice_a).outcome == verdict::admitted));
  BOOST_TEST(b.release(b1.id));
  BOOST_TEST(b.worker_down(1) == 0u, "a worker with no jobs");
}

BOOST_AUTO_TEST_CASE(limits_are_made_sound) {
  const hash_books zero{{0, 0, 0}};
  BOOST_TEST(zero.effective().workers == 1u);
  BOOST_TEST(zero.effective().max_pending == 1u);
  BOOST_TEST(zero.effective().per_key == 1u);
  const hash_books wide{{4, 2, 9}};
  BOOST_TEST(wide.effective().max_pending == 4u, "at least one job per worker");
  BOOST_TEST(wide.effective().per_key == 3u, "one less than the queue");
  const hash_books usual{{2, 16, 2}};
  BOOST_TEST(usual.effective().per_key == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
