#include "support/test_env.hpp"

#include <cstdlib>
#include <stdexcept>

#include "storage/common/url.hpp"

namespace test_env {

const config::settings& settings() {
  static const config::settings s = [] {
    auto loaded = config::load_settings("", config::process_environment());
    if (!loaded.is_ok())
      throw std::runtime_error("test environment: " + loaded.get_status().message());
    return loaded.value();
  }();
  return s;
}

std::string pg_url() { return settings().postgres.url; }
std::string mongo_url() { return settings().mongodb.url; }

std::string pgbouncer_url() {
  if (const char* u = std::getenv("P2P_PGBOUNCER_URL"); u && *u)
    return u;
  const char* port = std::getenv("P2P_PGBOUNCER_PORT");
  auto parts = storage::parse_url(pg_url()).value();
  return "postgresql://" + parts.user + ":" + parts.password + "@127.0.0.1:" + (port && *port ? port : "6432") + "/" +
         parts.database;
}

std::string with_password(const std::string& url, const std::string& password) {
  auto sep = url.find("://");
  auto at = url.rfind('@');
  if (sep == std::string::npos || at == std::string::npos || at < sep)
    return url;
  auto colon = url.find(':', sep + 3);
  if (colon == std::string::npos || colon > at)
    return url.substr(0, at) + ":" + password + url.substr(at);
  return url.substr(0, colon + 1) + password + url.substr(at);
}

}  // namespace test_env
