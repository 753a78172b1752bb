// The seed command's progress display. On a terminal (stderr is a tty) each phase draws a bar
// with counts, rate and time left, redrawn at most ten times a second; in every case a phase
// ends with one line on stdout: "<phase>: <summary>". Used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "tools/seed/seed_progress.hpp"

namespace cli {

class seed_progress_bar final : public storage::seed::progress {
public:
  // `draw_bar`: draw on stderr (pass isatty(STDERR_FILENO)).
  explicit seed_progress_bar(bool draw_bar) : draw_(draw_bar) {}

  void begin(std::string_view phase, std::int64_t total) override;
  void advance(std::int64_t n) override;
  void end(std::string_view summary) override;

private:
  void draw(bool force);

  bool draw_;
  std::string phase_;
  std::int64_t total_ = 0;
  std::int64_t done_ = 0;
  std::chrono::steady_clock::time_point started_, drawn_;
};

}  // namespace cli
