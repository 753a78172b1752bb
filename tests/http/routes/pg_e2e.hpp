// Support for the end-to-end tests of the PostgreSQL half (users_e2etest, sessions_e2etest,
// configs_e2etest): the api_fixture of support/auth_fixture.hpp (the real binary, users with
// tokens made directly in PostgreSQL, a client) plus accounts registered and logged in over
// HTTP with emails unique to the run. Whatever the tests register is deleted directly in
// PostgreSQL at the end, so a failed assertion leaves nothing behind. A missing server FAILS.
#pragma once

#include <boost/test/unit_test.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/auth_fixture.hpp"
#include "support/test_env.hpp"

namespace pg_e2e {

using nlohmann::json;

inline const std::string default_password = "correct horse battery";

// A user registered and logged in over HTTP.
struct account {
  std::string id;
  std::string email;
  std::string password;
  std::string token;
};

// The member names of a JSON object.
inline std::set<std::string> keys_of(const json& j) {
  std::set<std::string> out;
  if (j.is_object())
    for (const auto& [k, v] : j.items())
      out.insert(k);
  return out;
}

inline const std::set<std::string> user_keys{"id", "email", "full_name", "role", "is_active", "created_at",
                                             "updated_at"};
inline const std::set<std::string> session_keys{"id", "user_id", "expires_at", "created_at"};

struct fixture : test_env::api_fixture {
  std::unique_ptr<storage::pg_connection> pg;
  std::vector<std::string> registered_ids;  // deleted at the end (already gone is fine)
  int emails = 0;

  fixture() {
    auto c = storage::pg_connection::connect(test_env::pg_url(), std::chrono::milliseconds(5000));
    BOOST_REQUIRE_MESSAGE(c.is_ok(), "PostgreSQL must be reachable: " << c.get_status().to_string());
    pg = std::move(c.value());
  }
  ~fixture() {
    for (const auto& id : registered_ids)
      (void)storage::delete_user(*pg, id);
  }

  // pgapi-<run>-<n>@example.com, never used before.
  std::string fresh_email() { return "pgapi-" + auth.run_id() + "-" + std::to_string(emails++) + "@example.com"; }

  // POST /api/v1/users, which must answer 201; the user's JSON.
  json register_user(const std::string& email, const std::string& password = default_password,
                     const std::string& full_name = "Pat Example") {
    auto r = api.post("/api/v1/users", {{"email", email}, {"password", password}, {"full_name", full_name}});
    BOOST_REQUIRE_MESSAGE(r.status == 201, "register " << email << ": " << r.status << " " << r.body.dump());
    registered_ids.push_back(r.body["id"]);
    return r.body;
  }

  // POST /api/v1/sessions, which must answer 201; the token.
  std::string login(const std::string& email, const std::string& password = default_password) {
    auto r = api.post("/api/v1/sessions", {{"email", email}, {"password", password}});
    BOOST_REQUIRE_MESSAGE(r.status == 201, "login " << email << ": " << r.status << " " << r.body.dump());
    return r.body["token"];
  }

  // A fresh user, registered and logged in.
  account registered() {
    account a;
    a.email = fresh_email();
    a.password = default_password;
    a.id = register_user(a.email)["id"];
    a.token = login(a.email);
    return a;
  }
};

}  // namespace pg_e2e
