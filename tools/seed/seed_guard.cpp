#include "tools/seed/seed_guard.hpp"

#include <vector>

#include "storage/common/url.hpp"

namespace storage::seed {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "h1:1,h2:2" or "h1,h2" split at commas.
std::vector<std::string_view> split_hosts(std::string_view list) {
  std::vector<std::string_view> out;
  while (true) {
    const auto comma = list.find(',');
    out.push_back(list.substr(0, comma));
    if (comma == std::string_view::npos)
      return out;
    list.remove_prefix(comma + 1);
  }
}

// Appends to `why` when a host of `url` is not loopback or its database is not the dev one.
void check_url(std::string_view store, const std::string& url, const std::string& database,
               std::vector<std::string>& why) {
  auto parts = parse_url(url);
  if (!parts.is_ok()) {
    why.push_back(std::string(store) + " URL is not valid");
    return;
  }
  std::vector<std::string_view> hosts = split_hosts(parts->host);
  for (const char* key : {"host", "hostaddr"})
    if (auto it = parts->query.find(key); it != parts->query.end())
      for (auto h : split_hosts(it->second))
        hosts.push_back(h);
  for (auto h : hosts)
    if (!is_loopback_host(h))
      why.push_back(std::string(store) + " host " + std::string(h) + " is not local");
  if (database != dev_database)
    why.push_back(std::string(store) + " database is " + (database.empty() ? "(none)" : database) +
                  ", not " + dev_database);
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  std::string h = lower(host);
  if (!h.empty() && h.front() == '[') {  // [::1] or [::1]:port
    const auto close = h.find(']');
    h = close == std::string::npos ? h : h.substr(1, close - 1);
  } else if (h.find(':') != h.rfind(':')) {
    // More than one ':' without brackets: a bare IPv6 address, no port.
  } else if (const auto colon = h.find(':'); colon != std::string::npos) {
    h = h.substr(0, colon);
  }
  return h == "127.0.0.1" || h == "localhost" || h == "::1";
}

status check_dev_target(const std::string& pg_url, const std::string& mongo_url,
                        const std::string& mongo_database) {
  std::vector<std::string> why;
  auto pg = parse_url(pg_url);
  check_url("postgresql", pg_url, pg.is_ok() ? pg->database : std::string(), why);
  check_url("mongodb", mongo_url, mongo_database, why);
  if (why.empty())
    return status::ok();
  std::string message;
  for (const auto& w : why)
    message += (message.empty() ? "" : "; ") + w;
  return status::invalid(message);
}

}  // namespace storage::seed
