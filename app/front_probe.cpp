#include "app/front_probe.hpp"

#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/server.hpp"

namespace app {

namespace {

std::string loopback_for(const std::string& host) {
  if (host == "0.0.0.0" || host.empty())
    return "127.0.0.1";
  if (host == "::" || host == "[::]")
    return "::1";
  return host;
}

std::string error_text(httplib::Error e) {
  switch (e) {
    case httplib::Error::Connection: return "connection refused or failed";
    case httplib::Error::Read: return "timeout or read error";
    case httplib::Error::Write: return "write error";
    case httplib::Error::ConnectionTimeout: return "connect timeout";
    default: return httplib::to_string(e);
  }
}

}  // namespace

std::string probe_result::outcome() const { return status ? std::to_string(status) : error; }

front_probe::front_probe(const std::string& host, int port) : host_(loopback_for(host)), port_(port) {}

probe_result front_probe::get(const std::string& path, std::chrono::milliseconds timeout) const {
  httplib::Client client(host_, port_);
  const auto half = std::chrono::duration_cast<std::chrono::microseconds>(timeout) / 2;
  client.set_connection_timeout(half);
  client.set_read_timeout(half);
  client.set_write_timeout(half);
  client.set_keep_alive(false);
  probe_result out;
  auto res = client.Get(path.c_str(), {{"User-Agent", http::supervision_probe_agent}});
  if (!res) {
    out.error = error_text(res.error());
    return out;
  }
  out.status = res->status;
  out.body = std::move(res->body);
  return out;
}

std::string health_summary(const probe_result& health) {
  if (health.status == 0)
    return "health check: " + health.outcome();
  auto body = nlohmann::json::parse(health.body, nullptr, false);
  if (!body.is_object() || !body.contains("checks") || !body["checks"].is_object())
    return "health check: HTTP " + std::to_string(health.status);
  // PostgreSQL first, as everywhere in the docs; then any other check.
  std::vector<std::string> names;
  for (const char* known : {"postgres", "mongodb"})
    if (body["checks"].contains(known))
      names.emplace_back(known);
  for (const auto& [name, check] : body["checks"].items())
    if (name != "postgres" && name != "mongodb")
      names.push_back(name);
  std::string out;
  for (const auto& name : names) {
    const auto& check = body["checks"][name];
    const auto status = check.value("status", std::string("unknown"));
    const auto state = check.value("state", std::string("unknown"));
    const std::string word = status == "pass" ? "up" : state != "up" ? state : status;
    out += (out.empty() ? "" : "; ") + name + " " + word;
  }
  return out.empty() ? "no stores checked" : out;
}

}  // namespace app
