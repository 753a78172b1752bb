#include "config/settings.hpp"

#include <cstdlib>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "config/settings_reader.hpp"
#include "storage/common/url.hpp"

namespace config {

namespace {

using json = nlohmann::json;

// The tree's fields are listed once, in `visit`; a reader (settings_reader.hpp) and a writer
// walk them.
using detail::reader;

class writer {
public:
  template <class F>
  void section(const char* key, F&& body) {
    json saved = std::move(current_);
    current_ = json::object();
    body();
    saved[key] = std::move(current_);
    current_ = std::move(saved);
  }
  void field(const char* key, std::string& v, std::initializer_list<const char*> = {}) { current_[key] = v; }
  void field(const char* key, bool& v) { current_[key] = v; }
  template <class Int>
  void field(const char* key, Int& v, long long, long long) { current_[key] = v; }
  void field(const char* key, double& v, double, double) { current_[key] = v; }
  template <class Rep, class Period>
  void field(const char* key, std::chrono::duration<Rep, Period>& v, long long, long long) {
    current_[key] = v.count();
  }
  void url(const char* key, std::string& v, const char*) { current_[key] = storage::redact_url(v); }
  void addresses(const char* key, std::vector<std::string>& v) { current_[key] = v; }
  void pooler(const char* key, storage::pg_pooler& v) { current_[key] = reader::pooler_name(v); }
  json take() { return std::move(current_); }

private:
  json current_ = json::object();
};

constexpr long long kDay = 86400;

template <class V>
void visit_retry(V& v, storage::retry_settings& r) {
  v.section("retry", [&] {
    v.field("startup_attempts", r.startup_attempts, 1, 1000);
    v.field("backoff_initial_ms", r.backoff_initial, 1, 600000);
    v.field("backoff_cap_ms", r.backoff_cap, 1, 3600000);
  });
}

template <class V>
void visit(V& v, settings& s) {
  v.section("http", [&] {
    auto& h = s.http;
    v.field("host", h.host);
    v.field("port", h.port, 0, 65535);
    v.field("threads", h.threads, 1, 4096);
    v.field("max_waiting_connections", h.max_waiting_connections, 0, 65536);
    v.field("max_connection_wait_ms", h.max_connection_wait, 1, 600000);
    v.field("listen_backlog", h.listen_backlog, 1, 65535);
    v.field("reuse_port", h.reuse_port);
    v.addresses("balancer_addresses", h.balancer_addresses);
    v.field("keep_alive_max_count", h.keep_alive_max_count, 1, 1000000);
    v.field("keep_alive_timeout_s", h.keep_alive_timeout, 1, 3600);
    v.field("header_timeout_s", h.header_timeout, 1, 3600);
    v.field("body_timeout_s", h.body_timeout, 1, 3600);
    v.field("write_timeout_s", h.write_timeout, 1, 3600);
    v.field("max_body_bytes", h.max_body_bytes, 1, 1LL << 30);
    v.field("max_request_line_bytes", h.max_request_line_bytes, 256, 1 << 20);
    v.field("max_header_bytes", h.max_header_bytes, 1024, 1 << 24);
    v.field("max_header_count", h.max_header_count, 8, 100000);
    v.field("max_json_depth", h.max_json_depth, 2, 10000);
    v.field("request_timeout_ms", h.request_timeout, 1, 600000);
    v.field("shutdown_grace_s", h.shutdown_grace, 0, 3600);
  });
  v.section("postgres", [&] {
    auto& p = s.postgres;
    v.url("url", p.url, "postgresql");
    v.url("direct_url", p.direct_url, "postgresql");
    v.pooler("pooler", p.pooler);
    v.field("instances", p.instances, 1, 10000);
    v.field("pooler_client_limit", p.pooler_client_limit, 0, 1000000);
    v.field("pool_size", p.pool_size, 0, 1000);
    v.field("max_overflow", p.max_overflow, 0, 1000);
    v.field("max_queue", p.max_queue, 0, 1000000);
    v.field("acquire_timeout_ms", p.acquire_timeout, 1, 600000);
    v.field("pre_ping", p.pre_ping);
    v.field("pre_ping_idle_ms", p.pre_ping_idle, 0, 3600000);
    v.field("recycle_s", p.recycle, 1, 30 * kDay);
    v.field("recycle_jitter", p.recycle_jitter, 0.0, 0.5);
    v.field("overflow_idle_s", p.overflow_idle, 1, kDay);
    v.field("max_connecting", p.max_connecting, 1, 1000);
    v.field("connect_timeout_ms", p.connect_timeout, 100, 600000);
    v.field("migrate_on_start", p.migrate_on_start);
    visit_retry(v, p.retry);
  });
  v.section("mongodb", [&] {
    auto& m = s.mongodb;
    v.url("url", m.url, "mongodb");
    v.field("database", m.database);
    v.field("max_pool_size", m.max_pool_size, 1, 10000);
    v.field("min_pool_size", m.min_pool_size, 0, 10000);
    v.field("max_queue", m.max_queue, 0, 1000000);
    v.field("wait_queue_timeout_ms", m.wait_queue_timeout, 1, 600000);
    v.field("server_selection_timeout_ms", m.server_selection_timeout, 1, 600000);
    v.field("connect_timeout_ms", m.connect_timeout, 1, 600000);
    v.field("migrate_on_start", m.migrate_on_start);
    v.url("ferretdb_postgresql_url", m.ferretdb_postgresql_url, "postgresql");
    visit_retry(v, m.retry);
  });
  v.section("log", [&] {
    v.field("level", s.log.level, {"trace", "debug", "info", "warn", "error", "critical", "off"});
    v.field("format", s.log.format, {"text", "json"});
  });
  v.section("auth", [&] {
    auto& a = s.auth;
    v.field("session_ttl_s", a.session_ttl, 60, 365 * kDay);
    v.field("session_cache_s", a.session_cache, 0, 3600);
    v.field("stale_if_error_s", a.stale_if_error, 0, 3600);
    v.field("unknown_token_cache_s", a.unknown_token_cache, 0, 3600);
    v.field("max_pending_hashes", a.max_pending_hashes, 1, 100000);
    v.field("max_hashes_per_client", a.max_hashes_per_client, 1, 100000);
    v.field("max_concurrent_validations", a.max_concurrent_validations, 1, 10000);
    v.field("validation_wait_ms", a.validation_wait, 0, 60000);
  });
}

// Rules that tie two keys together.
void check_relations(reader& r, const settings& s) {
  if (s.postgres.pool_size + s.postgres.max_overflow < 1)
    r.error("postgres.pool_size", "pool_size + max_overflow must be at least 1");
  if (s.mongodb.min_pool_size > s.mongodb.max_pool_size)
    r.error("mongodb.min_pool_size", "must not exceed mongodb.max_pool_size");
  for (auto* r2 : {&s.postgres.retry, &s.mongodb.retry})
    if (r2->backoff_initial > r2->backoff_cap)
      r.error(r2 == &s.postgres.retry ? "postgres.retry.backoff_initial_ms"
                                      : "mongodb.retry.backoff_initial_ms",
              "must not exceed backoff_cap_ms");
  if (s.auth.stale_if_error < s.auth.session_cache)
    r.error("auth.stale_if_error_s", "must not be less than auth.session_cache_s");
  if (s.http.max_request_line_bytes > s.http.max_header_bytes)
    r.error("http.max_request_line_bytes", "must not exceed http.max_header_bytes");
  if (s.mongodb.database.empty())
    r.error("mongodb.database", "must not be empty");
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (auto& l : lines)
    out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

storage::result<settings> parse_settings(const std::string& json_text) {
  json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded())
    return storage::status::invalid("configuration is not valid JSON");
  if (!root.is_object())
    return storage::status::invalid("configuration must be a JSON object");
  settings s;
  reader r(root);
  visit(r, s);
  r.finish();
  check_relations(r, s);
  if (!r.errors().empty())
    return storage::status::invalid(join(r.errors()));
  return s;
}

storage::status apply_environment(settings& s, const environment& env) {
  std::vector<std::string> errors;
  auto get = [&](const char* k) -> const std::string* {
    auto it = env.find(k);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto* v = get("DATABASE_URL")) {
    if (auto e = reader::check_url(*v, "postgresql"); !e.empty())
      errors.push_back("DATABASE_URL: " + e);
    else
      s.postgres.url = *v;
  }
  if (auto* v = get("DATABASE_DIRECT_URL")) {
    if (auto e = reader::check_url(*v, "postgresql"); !e.empty())
      errors.push_back("DATABASE_DIRECT_URL: " + e);
    else
      s.postgres.direct_url = *v;
  }
  if (auto* v = get("P2P_PG_POOLER")) {
    if (*v == "none")
      s.postgres.pooler = storage::pg_pooler::none;
    else if (*v == "transaction")
      s.postgres.pooler = storage::pg_pooler::transaction;
    else if (*v == "auto")
      s.postgres.pooler = storage::pg_pooler::automatic;
    else
      errors.push_back("P2P_PG_POOLER: must be one of none|transaction|auto");
  }
  if (auto* v = get("P2P_MIGRATE_ON_START")) {
    if (*v == "0" || *v == "false")
      s.postgres.migrate_on_start = s.mongodb.migrate_on_start = false;
    else if (*v == "1" || *v == "true")
      s.postgres.migrate_on_start = s.mongodb.migrate_on_start = true;
    else
      errors.push_back("P2P_MIGRATE_ON_START: must be 0 or 1");
  }
  if (auto* v = get("P2P_PG_INSTANCES")) {
    char* end = nullptr;
    long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || n < 1 || n > 10000)
      errors.push_back("P2P_PG_INSTANCES: must be an integer in 1..10000");
    else
      s.postgres.instances = static_cast<int>(n);
  }
  if (auto* v = get("MONGODB_URL")) {
    if (auto e = reader::check_url(*v, "mongodb"); !e.empty())
      errors.push_back("MONGODB_URL: " + e);
    else
      s.mongodb.url = *v;
  }
  if (auto* v = get("FERRETDB_POSTGRESQL_URL")) {
    if (v->empty())
      s.mongodb.ferretdb_postgresql_url.clear();
    else if (auto e = reader::check_url(*v, "postgresql"); !e.empty())
      errors.push_back("FERRETDB_POSTGRESQL_URL: " + e);
    else
      s.mongodb.ferretdb_postgresql_url = *v;
  }
  if (auto* v = get("P2P_HTTP_HOST")) {
    if (v->empty())
      errors.push_back("P2P_HTTP_HOST: must not be empty");
    else
      s.http.host = *v;
  }
  if (auto* v = get("P2P_HTTP_PORT")) {
    char* end = nullptr;
    long port = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || port < 0 || port > 65535)
      errors.push_back("P2P_HTTP_PORT: must be an integer in 0..65535");
    else
      s.http.port = static_cast<int>(port);
  }
  if (auto* v = get("P2P_MAX_HASHES_PER_CLIENT")) {
    char* end = nullptr;
    long n = std::strtol(v->c_str(), &end, 10);
    if (v->empty() || *end != '\0' || n < 1 || n > 100000)
      errors.push_back("P2P_MAX_HASHES_PER_CLIENT: must be an integer in 1..100000");
    else
      s.auth.max_hashes_per_client = static_cast<size_t>(n);
  }
  // Reuse the file parser's rules for the enumerated keys.
  json log = json::object();
  if (auto* v = get("P2P_LOG_LEVEL"))
    log["level"] = *v;
  if (auto* v = get("P2P_LOG_FORMAT"))
    log["format"] = *v;
  if (!log.empty()) {
    auto parsed = parse_settings(json{{"log", log}}.dump());
    if (!parsed.is_ok()) {
      auto msg = parsed.get_status().message();
      for (auto [from, to] : {std::pair{"log.level", "P2P_LOG_LEVEL"}, {"log.format", "P2P_LOG_FORMAT"}})
        if (auto pos = msg.find(from); pos != std::string::npos)
          msg.replace(pos, std::string(from).size(), to);
      errors.push_back(msg);
    } else {
      s.log = parsed->log;
    }
  }
  if (!errors.empty())
    return storage::status::invalid(join(errors));
  return storage::status::ok();
}

storage::result<settings> load_settings(const std::string& path, const environment& env) {
  settings s;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in)
      return storage::status::invalid("cannot read configuration file " + path);
    std::stringstream buf;
    buf << in.rdbuf();
    auto parsed = parse_settings(buf.str());
    if (!parsed.is_ok())
      return storage::status::invalid("in " + path + ":\n" + parsed.get_status().message());
    s = std::move(parsed.value());
  }
  if (auto st = apply_environment(s, env); !st.is_ok())
    return storage::status::invalid("in the environment:\n" + st.message());
  if (auto st = apply_secret_files(s, env); !st.is_ok())
    return storage::status::invalid("in the secret files:\n" + st.message());
  return s;
}

environment process_environment() {
  environment env;
  for (const char* k : {"DATABASE_URL", "DATABASE_DIRECT_URL", "P2P_PG_POOLER", "P2P_PG_INSTANCES",
                        "P2P_MIGRATE_ON_START", "MONGODB_URL", "FERRETDB_POSTGRESQL_URL", "P2P_HTTP_HOST",
                        "P2P_HTTP_PORT", "P2P_LOG_LEVEL", "P2P_LOG_FORMAT", "P2P_MAX_HASHES_PER_CLIENT", "DATABASE_URL_FILE",
                        "DATABASE_DIRECT_URL_FILE", "MONGODB_URL_FILE", "P2P_CURSOR_KEY_FILE", "CREDENTIALS_DIRECTORY"})
    if (const char* v = std::getenv(k))
      env[k] = v;
  return env;
}

std::string to_redacted_json(const settings& s) {
  writer w;
  settings copy = s;
  visit(w, copy);
  auto doc = w.take();
  // Not configuration keys: where each secret came from (a variable, a file path), never its value.
  doc["secret_sources"] = {{"postgres.url", s.secrets.postgres_url},
                           {"postgres.direct_url", s.secrets.postgres_direct_url},
                           {"mongodb.url", s.secrets.mongodb_url},
                           {"cursor_key", s.secrets.cursor_key}};
  return doc.dump(2);
}

}  // namespace config
