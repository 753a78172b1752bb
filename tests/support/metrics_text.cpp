#include "support/metrics_text.hpp"

#include <cstdlib>
#include <sstream>

namespace test_env {

namespace {

// `name{a="x",b="y"} 12` -> the labels; false when `line` is not a sample of `name`.
bool parse_sample(const std::string& line, const std::string& name, std::map<std::string, std::string>& labels,
                  double& value) {
  if (line.compare(0, name.size(), name) != 0)
    return false;
  size_t at = name.size();
  if (at < line.size() && line[at] == '{') {
    const auto close = line.find('}', at);
    if (close == std::string::npos)
      return false;
    const std::string inner = line.substr(at + 1, close - at - 1);
    size_t p = 0;
    while (p < inner.size()) {
      const auto eq = inner.find("=\"", p);
      const auto end = eq == std::string::npos ? std::string::npos : inner.find('"', eq + 2);
      if (end == std::string::npos)
        return false;
      labels[inner.substr(p, eq - p)] = inner.substr(eq + 2, end - eq - 2);
      p = end + 1;
      if (p < inner.size() && inner[p] == ',')
        ++p;
    }
    at = close + 1;
  }
  if (at >= line.size() || line[at] != ' ')
    return false;  // another metric whose name starts with `name`
  char* end = nullptr;
  value = std::strtod(line.c_str() + at + 1, &end);
  return end != line.c_str() + at + 1;
}

}  // namespace

double metric_value(const std::string& text, const std::string& name,
                    const std::map<std::string, std::string>& labels) {
  std::istringstream in(text);
  std::string line;
  double sum = 0;
  bool found = false;
  while (std::getline(in, line)) {
    std::map<std::string, std::string> have;
    double v = 0;
    if (line.empty() || line[0] == '#' || !parse_sample(line, name, have, v))
      continue;
    bool match = true;
    for (const auto& [k, want] : labels)
      match = match && have.count(k) && have[k] == want;
    if (match) {
      sum += v;
      found = true;
    }
  }
  return found ? sum : -1;
}

}  // namespace test_env
