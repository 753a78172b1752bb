#include "http/routes/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace http {

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string route_label(const std::string& route) { return route.empty() ? "unmatched" : route; }

}  // namespace

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

void metrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  const auto label = route_label(route);
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{label, method, status}];
  auto& h = latency_[label];
  for (size_t i = 0; i < buckets.size(); ++i)
    if (seconds <= buckets[i]) {
      ++h.counts[i];
      break;
    }
  ++h.count;
  h.sum += seconds;
}

std::string metrics::render(const std::vector<std::pair<std::string, actors::pool_stats>>& pools) const {
  std::ostringstream out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    out << "# HELP p2p_http_requests_total HTTP requests by route template, method and status.\n"
        << "# TYPE p2p_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [route, method, status] = key;
      out << "p2p_http_requests_total{route=\"" << escape_label(route) << "\",method=\"" << method
          << "\",status=\"" << status << "\"} " << n << "\n";
    }
    out << "# HELP p2p_http_request_duration_seconds Time to answer, by route template.\n"
        << "# TYPE p2p_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      const auto r = escape_label(route);
      uint64_t cumulative = 0;
      for (size_t i = 0; i < buckets.size(); ++i) {
        cumulative += h.counts[i];
        out << "p2p_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"" << number(buckets[i]) << "\"} "
            << cumulative << "\n";
      }
      out << "p2p_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} " << h.count << "\n"
          << "p2p_http_request_duration_seconds_sum{route=\"" << r << "\"} " << number(h.sum) << "\n"
          << "p2p_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count << "\n";
    }
  }
  auto gauge = [&](const char* name, const char* help, auto value_of) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " gauge\n";
    for (const auto& [store, s] : pools)
      out << name << "{store=\"" << store << "\"} " << value_of(s) << "\n";
  };
  auto counter = [&](const char* name, const char* help, auto value_of) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n";
    for (const auto& [store, s] : pools)
      out << name << "{store=\"" << store << "\"} " << value_of(s) << "\n";
  };
  using ps = actors::pool_stats;
  gauge("p2p_pool_size", "Open connections (PostgreSQL) or workers (MongoDB).", [](const ps& s) { return s.size; });
  gauge("p2p_pool_idle", "Idle connections or workers.", [](const ps& s) { return s.idle; });
  gauge("p2p_pool_in_use", "Connections or workers serving a request.", [](const ps& s) { return s.in_use; });
  gauge("p2p_pool_waiting", "Requests queued for a connection or worker.", [](const ps& s) { return s.waiting; });
  gauge("p2p_pool_max", "The most connections or workers the pool may have.", [](const ps& s) { return s.max; });
  gauge("p2p_pool_up", "1 while the store's link is up, else 0.", [](const ps& s) { return s.state == "up" ? 1 : 0; });
  counter("p2p_pool_acquired_total", "Requests given a connection or worker.", [](const ps& s) { return s.acquired; });
  counter("p2p_pool_timeouts_total", "Requests that waited past their acquire timeout.", [](const ps& s) { return s.timeouts; });
  counter("p2p_pool_overloaded_total", "Requests refused because the queue was full.", [](const ps& s) { return s.overloaded; });
  counter("p2p_pool_reconnects_total", "Connection attempts after a failure.", [](const ps& s) { return s.reconnects; });
  counter("p2p_pool_broken_total", "Connections found dead.", [](const ps& s) { return s.broken; });
  out << "# HELP p2p_store_errors_total Store errors by kind.\n# TYPE p2p_store_errors_total counter\n";
  for (const auto& [store, s] : pools)
    for (const auto& [kind, n] : s.errors_by_kind)
      out << "p2p_store_errors_total{store=\"" << store << "\",kind=\"" << kind << "\"} " << n << "\n";
  return out.str();
}

}  // namespace http
