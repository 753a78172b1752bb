#include "cli/seed_progress_bar.hpp"

#include <algorithm>
#include <cstdio>

namespace cli {

namespace {

constexpr int bar_width = 28;
constexpr auto redraw_every = std::chrono::milliseconds(100);

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

void seed_progress_bar::begin(std::string_view phase, std::int64_t total) {
  phase_ = std::string(phase);
  total_ = total;
  done_ = 0;
  started_ = std::chrono::steady_clock::now();
  draw(true);
}

void seed_progress_bar::advance(std::int64_t n) {
  done_ += n;
  draw(false);
}

void seed_progress_bar::end(std::string_view summary) {
  if (draw_)
    std::fputs("\r\033[K", stderr);  // clear the bar's line
  if (summary.empty())
    std::printf("%-18s %lld in %.1f s\n", (phase_ + ":").c_str(), static_cast<long long>(done_),
                seconds_since(started_));
  else
    std::printf("%-18s %.*s\n", (phase_ + ":").c_str(), static_cast<int>(summary.size()), summary.data());
  std::fflush(stdout);
}

void seed_progress_bar::draw(bool force) {
  if (!draw_)
    return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - drawn_ < redraw_every)
    return;
  drawn_ = now;
  const double elapsed = seconds_since(started_);
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
  if (total_ > 0) {
    const auto filled = static_cast<int>(std::min<std::int64_t>(done_, total_) * bar_width / total_);
    const std::string bar = "[" + std::string(static_cast<size_t>(filled), '#') +
                            std::string(static_cast<size_t>(bar_width - filled), '.') + "]";
    std::string left;
    if (rate > 0) {
      const auto seconds = static_cast<long long>(static_cast<double>(total_ - done_) / rate);
      left = "  " + std::to_string(seconds) + " s left";
    }
    std::fprintf(stderr, "\r\033[K%-18s %s %3lld%% %lld/%lld  %.0f/s%s", (phase_ + ":").c_str(),
                 bar.c_str(), static_cast<long long>(done_ * 100 / total_),
                 static_cast<long long>(done_), static_cast<long long>(total_), rate, left.c_str());
  } else {
    std::fprintf(stderr, "\r\033[K%-18s %lld  %.0f/s", (phase_ + ":").c_str(),
                 static_cast<long long>(done_), rate);
  }
  std::fflush(stderr);
}

}  // namespace cli
