// storage/postgres/service_secret_store: the secret every instance shares (the cursor key),
// made once and never replaced, against a migrated scratch schema.
#include <boost/test/unit_test.hpp>

#include <latch>
#include <thread>
#include <vector>

#include "storage/postgres/service_secret_store.hpp"
#include "support/pg_scratch.hpp"

using storage::code;

namespace {

bool same(code a, code b) { return a == b; }

}  // namespace

BOOST_AUTO_TEST_SUITE(service_secret_store)

BOOST_AUTO_TEST_CASE(the_first_call_makes_the_secret_and_every_later_call_reads_it) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  auto first = storage::get_or_create_service_secret(*c, storage::cursor_key_secret_name, 32);
  BOOST_REQUIRE_MESSAGE(first.is_ok(), first.get_status().to_string());
  BOOST_TEST(first->created);
  BOOST_TEST(first->value.size() == 32u);
  BOOST_TEST(first->value != std::string(32, '\0'));
  // Another connection (another instance) gets the same bytes, and makes none.
  auto other = s.connect();
  auto second = storage::get_or_create_service_secret(*other, storage::cursor_key_secret_name, 32);
  BOOST_REQUIRE_MESSAGE(second.is_ok(), second.get_status().to_string());
  BOOST_TEST(!second->created);
  BOOST_TEST((second->value == first->value));
  // Another name is another secret.
  auto another = storage::get_or_create_service_secret(*c, "another.secret", 32);
  BOOST_REQUIRE(another.is_ok());
  BOOST_TEST(another->created);
  BOOST_TEST((another->value != first->value));
}

BOOST_AUTO_TEST_CASE(an_existing_row_is_never_replaced_and_a_short_one_is_refused) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  // Rows put there by hand: 40 bytes 0x00..0x27 (a zero byte first), and 2 bytes above 0x7f.
  BOOST_REQUIRE(c->exec_script("INSERT INTO service_secrets (name, value) VALUES ('cursor_key', decode('"
                               "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627"
                               "', 'hex')), ('short', decode('ff80', 'hex'))")
                    .is_ok());
  std::string expected(1, '\0');
  for (int i = 1; i < 40; ++i)
    expected.push_back(static_cast<char>(i));
  auto got = storage::get_or_create_service_secret(*c, "cursor_key", 32);
  BOOST_REQUIRE_MESSAGE(got.is_ok(), got.get_status().to_string());
  BOOST_TEST(!got->created);
  BOOST_TEST((got->value == expected));
  auto stored = c->exec({"test_secret_count", "SELECT count(*)::text FROM service_secrets WHERE name = 'cursor_key'", 0}, {});
  BOOST_REQUIRE(stored.is_ok());
  BOOST_TEST(stored->get(0, 0) == "1");
  // Shorter than asked for: refused with a message that names the row, not its bytes.
  auto short_one = storage::get_or_create_service_secret(*c, "short", 32);
  BOOST_REQUIRE(!short_one.is_ok());
  BOOST_TEST(same(short_one.get_status().error_code(), code::invalid));
  BOOST_TEST(short_one.get_status().message().find("holds 2 bytes") != std::string::npos, short_one.get_status().message());
  auto again = storage::get_or_create_service_secret(*c, "short", 2);
  BOOST_REQUIRE(again.is_ok());
  BOOST_TEST((again->value == std::string("\xff\x80")));
}

BOOST_AUTO_TEST_CASE(bad_names_and_sizes_are_invalid) {
  pg_test::scratch_schema s;
  auto c = s.connect();
  for (const auto& name : {std::string(), std::string("Cursor"), std::string("a b"), std::string(65, 'a')})
    BOOST_TEST(same(storage::get_or_create_service_secret(*c, name, 32).get_status().error_code(), code::invalid), name);
  BOOST_TEST(same(storage::get_or_create_service_secret(*c, "k", 0).get_status().error_code(), code::invalid));
  BOOST_TEST(same(storage::get_or_create_service_secret(*c, "k", 1025).get_status().error_code(), code::invalid));
}

// Instances starting together: each its own connection, all released at once, many rounds.
// Exactly one creates the secret in each round; every one returns that secret.
BOOST_AUTO_TEST_CASE(concurrent_callers_all_get_the_one_secret_made) {
  pg_test::scratch_schema s;
  constexpr int callers = 6;
  constexpr int rounds = 20;
  std::vector<std::unique_ptr<storage::pg_connection>> conns;
  for (int i = 0; i < callers; ++i)
    conns.push_back(s.connect());
  for (int round = 0; round < rounds; ++round) {
    const auto name = "race-" + std::to_string(round);
    std::latch start(callers);
    std::vector<storage::result<storage::service_secret>> got(callers, storage::status::internal("not run"));
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i)
      threads.emplace_back([&, i] {
        start.arrive_and_wait();  // every caller released together
        got[i] = storage::get_or_create_service_secret(*conns[i], name, 32);
      });
    for (auto& t : threads)
      t.join();
    int created = 0;
    for (int i = 0; i < callers; ++i) {
      BOOST_REQUIRE_MESSAGE(got[i].is_ok(), got[i].get_status().to_string());
      created += got[i]->created ? 1 : 0;
      BOOST_TEST((got[i]->value == got[0]->value), "round " << round << ": caller " << i << " got another secret");
    }
    BOOST_TEST(created == 1, "round " << round << ": " << created << " callers created the secret");
  }
}

BOOST_AUTO_TEST_SUITE_END()
