// End-to-end support for authenticated calls: the real server as a child process, users and
// bearer tokens made directly in PostgreSQL (the `users` and `user_sessions` rows that
// exchange::authenticate() reads), and a small JSON client. Whatever the users made in MongoDB
// (profiles, posts, replies, votes, use cases) is deleted with them at the end, so tests leave
// nothing behind even when an assertion fails. A missing store or server FAILS the test
// (BOOST_REQUIRE), never skips it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "storage/postgres/pg_connection.hpp"
#include "support/mongo_scratch.hpp"
#include "support/server_process.hpp"

namespace test_env {

struct test_user {
  std::string id;     // canonical UUID
  std::string email;  // unique per run
  std::string role;   // "user" | "admin"
  std::string token;  // the bearer token (only its hash is stored)
};

// Makes users with a live session (one hour). Not thread-safe: make every user on the test's
// thread before starting threads.
class auth_fixture {
public:
  auth_fixture();   // connects to PostgreSQL and MongoDB as configured (test_env::settings())
  ~auth_fixture();  // deletes the users (sessions cascade) and their MongoDB documents
  auth_fixture(const auth_fixture&) = delete;
  auth_fixture& operator=(const auth_fixture&) = delete;

  test_user user(const std::string& role = "user");
  test_user admin() { return user("admin"); }
  // `n` users with role "user".
  std::vector<test_user> users(int n);

  // Unique per fixture, [a-z0-9]: tags, categories and industries that isolate this run.
  const std::string& run_id() const { return run_id_; }

private:
  std::unique_ptr<storage::pg_connection> pg_;
  mongo_test::scratch mongo_;
  std::string run_id_;
  std::vector<std::string> user_ids_;
};

// One response with its body parsed (null when empty or not JSON); status 0 when the request
// never got an answer.
struct api_response {
  int status = 0;
  nlohmann::json body;
  httplib::Headers headers;
  std::string header(const std::string& name) const;
};

// Calls the server on 127.0.0.1:`port`. An empty token sends no Authorization header.
// Thread-safe: every call opens its own connection.
class api_client {
public:
  explicit api_client(int port = 0) : port_(port) {}

  api_response get(const std::string& path, const std::string& token = "") const;
  api_response del(const std::string& path, const std::string& token = "") const;
  api_response post(const std::string& path, const nlohmann::json& body, const std::string& token = "") const;
  api_response put(const std::string& path, const nlohmann::json& body, const std::string& token = "") const;
  api_response patch(const std::string& path, const nlohmann::json& body, const std::string& token = "") const;
  // Any method with a raw body and content type (for 400 and 415 cases).
  api_response send(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& content_type, const std::string& token = "") const;

private:
  int port_;
};

// A Boost fixture: the server started (or a failed test), users, and a client for it.
struct api_fixture {
  api_fixture();
  server_process server;
  auth_fixture auth;
  api_client api;
};

// Path-and-query text with `value` percent-encoded (for ?q=, ?near=, cursors).
std::string url_encode(const std::string& value);

// A well-formed token that is not `token`: its first character changed (to 'x', or to 'y' when
// it was an 'x': one random token in 64 starts with one).
std::string another_token(const std::string& token);

// The `field` of every entry of an error body's details.
std::vector<std::string> detail_fields(const nlohmann::json& error_body);

// Checks (BOOST_TEST) that `r` is the contract's error: `status`, `code`, a message, details,
// and the request id of the X-Request-Id header; and that the body leaks nothing
// (check_no_leak). `what` names the case in failure messages.
void check_error(const api_response& r, int status, const std::string& code, const std::string& what = "");

// Checks (BOOST_TEST) that an error body carries none of what the contract keeps out of
// errors: this machine's hostname, the stores' addresses, ports and passwords, connection
// URLs, SQL or driver text (keywords, SQLSTATE, constraint messages, mongoc/E11000 codes) and
// stack-trace debris.
void check_no_leak(const std::string& body, const std::string& what = "");
// The first such text in `body`, if any (what check_no_leak checks).
std::optional<std::string> leak_in(const std::string& body);

// Checks a 422 whose details name `field` (among others).
void check_invalid_field(const api_response& r, const std::string& field, const std::string& what = "");

}  // namespace test_env
