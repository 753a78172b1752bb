// Request metrics in Prometheus text format: requests by route template, method and status,
// and a latency histogram by route. Pool gauges and counters are read from the pools at scrape
// time and rendered here too. Thread-safe: observe() is called from every HTTP worker.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "actors/pool_stats.hpp"

namespace http {

class metrics {
public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // One finished request; `route` is the template ("" for unmatched paths, shown as "unmatched").
  void observe(const std::string& route, const std::string& method, int status, double seconds);

  // The whole exposition: request counters, latency histograms, then each store's pool.
  std::string render(const std::vector<std::pair<std::string, actors::pool_stats>>& pools) const;

private:
  struct histogram {
    std::array<uint64_t, buckets.size()> counts{};  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, histogram> latency_;
};

// Prometheus label value escaping (backslash, quote, newline).
std::string escape_label(const std::string& value);

}  // namespace http
