// PostgreSQL test helpers: a throwaway schema per test, reached through the connection's
// search_path, so tests never touch the public schema and can run side by side. A missing
// server FAILS the test (BOOST_REQUIRE), never skips it.
#pragma once

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <random>
#include <string>

#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_migrator.hpp"
#include "support/test_env.hpp"

namespace pg_test {

inline std::unique_ptr<storage::pg_connection> connect(const std::string& url) {
  auto c = storage::pg_connection::connect(url, std::chrono::milliseconds(5000));
  BOOST_REQUIRE_MESSAGE(c.is_ok(), "PostgreSQL must be reachable: " + c.get_status().to_string());
  return std::move(c.value());
}

// `url` with options=-csearch_path=<schema> added (percent-encoded '=').
inline std::string url_with_search_path(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

inline std::string random_suffix() {
  std::random_device rd;
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 12; ++i)
    out += hex[rd() % 16];
  return out;
}

// CREATE SCHEMA test_<random> on construction (optionally migrated up with the project's
// migrations), DROP SCHEMA ... CASCADE on destruction. The schema name is generated here from
// hex digits only, which is why building these two DDL statements from it is safe.
struct scratch_schema {
  std::string name = "test_" + random_suffix();
  std::string url = url_with_search_path(test_env::pg_url(), name);
  std::unique_ptr<storage::pg_connection> admin = pg_test::connect(test_env::pg_url());

  explicit scratch_schema(bool migrate = true) {
    BOOST_REQUIRE(admin->exec_script("CREATE SCHEMA " + name).is_ok());
    if (migrate) {
      storage::migrator_options o;
      o.url = url;
      auto steps = storage::pg_migrator(o).up();
      BOOST_REQUIRE_MESSAGE(steps.is_ok(), steps.get_status().to_string());
    }
  }
  ~scratch_schema() { (void)admin->exec_script("DROP SCHEMA " + name + " CASCADE"); }

  std::unique_ptr<storage::pg_connection> connect() const { return pg_test::connect(url); }

  // The configured pool settings, on this schema, with `size` base and `overflow` extra
  // connections (tests keep pools small).
  storage::pg_settings pool_settings(int size, int overflow) const {
    auto s = test_env::settings().postgres;
    s.url = url;
    s.pool_size = size;
    s.max_overflow = overflow;
    return s;
  }
};

}  // namespace pg_test
