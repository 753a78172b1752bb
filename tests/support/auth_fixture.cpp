#include "support/auth_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>

#include <unistd.h>

#include "storage/common/time_format.hpp"
#include "storage/common/url.hpp"
#include "storage/crypto/session_token.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/postgres/session_store.hpp"
#include "storage/postgres/user_store.hpp"
#include "support/test_env.hpp"

namespace test_env {

namespace {

std::unique_ptr<storage::pg_connection> connect_pg() {
  auto c = storage::pg_connection::connect(pg_url(), std::chrono::milliseconds(5000));
  BOOST_REQUIRE_MESSAGE(c.is_ok(), "PostgreSQL must be reachable: " << c.get_status().to_string());
  return std::move(c.value());
}

api_response to_response(const httplib::Result& res) {
  api_response out;
  if (!res)
    return out;
  out.status = res->status;
  out.headers = res->headers;
  out.body = nlohmann::json::parse(res->body, nullptr, false);
  if (out.body.is_discarded())
    out.body = nullptr;
  return out;
}

}  // namespace

auth_fixture::auth_fixture() : pg_(connect_pg()), run_id_("r" + storage::format_oid(storage::new_oid()).substr(12)) {}

auth_fixture::~auth_fixture() {
  // A test may have restarted PostgreSQL under this connection.
  if (!pg_->ping().is_ok())
    if (auto c = storage::pg_connection::connect(pg_url(), std::chrono::milliseconds(5000)); c.is_ok())
      pg_ = std::move(c.value());
  const std::pair<const char*, const char*> owned[] = {
      {storage::profiles_collection, "user_id"},     {storage::posts_collection, "author_id"},
      {storage::replies_collection, "author_id"},    {storage::reply_votes_collection, "user_id"},
      {storage::use_cases_collection, "submitted_by"}};
  for (const auto& id : user_ids_) {
    for (const auto& [coll, field] : owned)
      mongo_.delete_where(coll, field, id);
    (void)storage::delete_user(*pg_, id);
  }
}

test_user auth_fixture::user(const std::string& role) {
  const auto n = std::to_string(user_ids_.size());
  storage::new_user nu;
  nu.email = "e2e-" + run_id_ + "-" + n + "@example.com";
  nu.password_hash = "not-a-password-hash";  // these users never log in with a password
  nu.full_name = "E2E " + role + " " + n;
  nu.role = role;
  auto u = storage::create_user(*pg_, nu);
  BOOST_REQUIRE_MESSAGE(u.is_ok(), "create_user: " << u.get_status().to_string());
  user_ids_.push_back(u.value().id);
  const auto token = storage::new_session_token();
  const auto expires = storage::now_micros() + std::int64_t{3600} * 1000 * 1000;
  auto s = storage::create_session(*pg_, u.value().id, storage::token_hash_hex(token), expires);
  BOOST_REQUIRE_MESSAGE(s.is_ok(), "create_session: " << s.get_status().to_string());
  return {u.value().id, nu.email, role, token};
}

std::vector<test_user> auth_fixture::users(int n) {
  std::vector<test_user> out;
  for (int i = 0; i < n; ++i)
    out.push_back(user());
  return out;
}

std::string api_response::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

api_response api_client::send(const std::string& method, const std::string& path, const std::string& body,
                              const std::string& content_type, const std::string& token) const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(30, 0);
  httplib::Headers h;
  if (!token.empty())
    h.emplace("Authorization", "Bearer " + token);
  if (method == "GET")
    return to_response(c.Get(path, h));
  if (method == "DELETE")
    return to_response(c.Delete(path, h, body, content_type));
  if (method == "POST")
    return to_response(c.Post(path, h, body, content_type));
  if (method == "PUT")
    return to_response(c.Put(path, h, body, content_type));
  if (method == "PATCH")
    return to_response(c.Patch(path, h, body, content_type));
  BOOST_FAIL("unknown method " << method);
  return {};
}

api_response api_client::get(const std::string& path, const std::string& token) const {
  return send("GET", path, "", "", token);
}

api_response api_client::del(const std::string& path, const std::string& token) const {
  return send("DELETE", path, "", "", token);
}

api_response api_client::post(const std::string& path, const nlohmann::json& body, const std::string& token) const {
  return send("POST", path, body.dump(), "application/json", token);
}

api_response api_client::put(const std::string& path, const nlohmann::json& body, const std::string& token) const {
  return send("PUT", path, body.dump(), "application/json", token);
}

api_response api_client::patch(const std::string& path, const nlohmann::json& body, const std::string& token) const {
  return send("PATCH", path, body.dump(), "application/json", token);
}

api_fixture::api_fixture() {
  BOOST_REQUIRE_MESSAGE(server.start(), "the service did not start:\n" << server.log());
  api = api_client(server.port());
}

std::string another_token(const std::string& token) {
  if (token.empty())
    return "x";
  return (token[0] == 'x' ? "y" : "x") + token.substr(1);
}

std::string url_encode(const std::string& value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::vector<std::string> detail_fields(const nlohmann::json& error_body) {
  std::vector<std::string> out;
  if (error_body.is_object() && error_body.contains("error"))
    for (const auto& d : error_body["error"]["details"])
      out.push_back(d.value("field", ""));
  return out;
}

std::optional<std::string> leak_in(const std::string& body) {
  static const std::vector<std::string> secrets = [] {
    std::vector<std::string> out = {"127.0.0.1", "localhost", "postgresql://", "postgres://", "mongodb://"};
    char host[256] = {0};
    // Short names could be ordinary words of a message; real hostnames are rarely that short.
    if (::gethostname(host, sizeof host - 1) == 0 && std::string(host).size() >= 5)
      out.emplace_back(host);
    for (const auto& url : {pg_url(), mongo_url()}) {
      auto parts = storage::parse_url(url);
      if (!parts.is_ok())
        continue;
      if (!parts->password.empty())
        out.push_back(parts->password);
      if (parts->port > 0)
        out.push_back(":" + std::to_string(parts->port));
      if (parts->host != "127.0.0.1" && parts->host.size() >= 3)
        out.push_back(parts->host);
    }
    return out;
  }();
  // SQL and driver text: upper-case keywords as PostgreSQL echoes them, its error phrases, the
  // drivers' names, codes and connection messages (which name hosts and ports), C++ debris. Client-sent names that tests echo back are lower-case.
  static const std::regex debris(
      R"(\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WHERE|RETURNING|SQLSTATE)\b|ERROR:|DETAIL:|HINT:|)"
      R"(duplicate key|violates|syntax error|relation "|column "|pg_|libpq|mongoc|E11000|bson_|)"
      R"(No suitable servers|serverSelection|calling hello|target host|connection to server|Connection refused|)"
      R"(Is the server running|std::|\.cpp:|\.hpp:|terminate called)");
  for (const auto& s : secrets)
    if (body.find(s) != std::string::npos)
      return s;
  std::smatch m;
  if (std::regex_search(body, m, debris))
    return m.str();
  return std::nullopt;
}

void check_no_leak(const std::string& body, const std::string& what) {
  const auto leak = leak_in(body);
  BOOST_TEST(!leak, what << ": the error body holds \"" << leak.value_or("") << "\": " << body);
}

void check_error(const api_response& r, int status, const std::string& code, const std::string& what) {
  BOOST_TEST(r.status == status, what << ": status " << r.status << " body " << r.body.dump());
  const auto& e = r.body.is_object() ? r.body.value("error", nlohmann::json::object()) : nlohmann::json::object();
  BOOST_TEST(e.value("code", "") == code, what << ": " << r.body.dump());
  BOOST_TEST(e.contains("message"), what);
  BOOST_TEST((e.contains("details") && e["details"].is_array()), what);
  BOOST_TEST(e.value("request_id", "") == r.header("X-Request-Id"), what);
  BOOST_TEST(!r.header("X-Request-Id").empty(), what);
  check_no_leak(r.body.dump(), what);
}

void check_invalid_field(const api_response& r, const std::string& field, const std::string& what) {
  check_error(r, 422, "validation_failed", what);
  const auto fields = detail_fields(r.body);
  BOOST_TEST((std::find(fields.begin(), fields.end(), field) != fields.end()),
             what << ": details should name " << field << ": " << r.body.dump());
}

}  // namespace test_env
