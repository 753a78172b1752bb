// Reading the service's /metrics (Prometheus text format) in tests.
#pragma once

#include <map>
#include <string>

namespace test_env {

// The sum of every sample of metric `name` whose labels include `labels` (other labels may be
// there too), e.g. metric_value(text, "p2p_store_errors_total", {{"store", "mongodb"}}) adds up
// every kind; -1 when no sample matches.
double metric_value(const std::string& text, const std::string& name,
                    const std::map<std::string, std::string>& labels = {});

}  // namespace test_env
