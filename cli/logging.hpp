// Process-wide logging: human-readable lines by default, JSON lines with --log-format json.
#pragma once

#include <string>

namespace cli {

// Replaces spdlog's default logger (stderr). `level` and `format` were validated by config.
void setup_logging(const std::string& level, const std::string& format);

}  // namespace cli
