#include "app/watchdog.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "app/systemd_notify.hpp"

namespace app {

namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

long long ms(clock::duration d) { return std::chrono::duration_cast<milliseconds>(d).count(); }

// /health answers within 2 s even when a store hangs (actors/health.hpp); a little more here.
constexpr milliseconds health_probe_timeout{3000};

}  // namespace

supervision::supervision(const std::string& host, int port, milliseconds status_every)
    : probe_(host, port), status_every_(status_every) {}

supervision::~supervision() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (status_thread_.joinable())
    status_thread_.join();
  if (watchdog_thread_.joinable())
    watchdog_thread_.join();
}

void supervision::start() {
  if (!systemd::notify_socket_set())
    return;
  status_thread_ = std::thread([this] { readiness_and_status(); });
  if (auto timeout = systemd::watchdog_timeout()) {
    spdlog::info("systemd watchdog: WATCHDOG=1 every {} ms, each after GET /health/live answered",
                 ms(*timeout / 2));
    watchdog_thread_ = std::thread([this, t = *timeout] { watchdog(t); });
  }
}

void supervision::stopping(const std::string& why) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Under the lock: no STATUS= or WATCHDOG=1 of the threads can follow STOPPING=1.
  if (!stop_)
    systemd::stopping(why);
  stop_ = true;
  wake_.notify_all();
}

bool supervision::wait_until(clock::time_point until) {
  std::unique_lock<std::mutex> lock(mutex_);
  wake_.wait_until(lock, until, [this] { return stop_; });
  return !stop_;
}

void supervision::publish_status() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stop_ || !ready_)
    return;
  auto text = "serving; " + health_ + (watchdog_note_.empty() ? "" : "; watchdog: " + watchdog_note_);
  if (text == last_status_)
    return;
  last_status_ = text;
  systemd::status(text);
}

void supervision::readiness_and_status() {
  // Readiness: the front answers /health/ready, through an HTTP thread and the health actor,
  // with both stores passing (or degraded but reachable: warn answers 200 too).
  auto delay = milliseconds(50);
  probe_result ready;
  for (;;) {
    ready = probe_.get("/health/ready", health_probe_timeout);
    if (ready.ok())
      break;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto text = "starting: waiting for /health/ready (" + health_summary(ready) + ")";
      if (!stop_ && text != last_status_)
        systemd::status(text);
      last_status_ = text;
    }
    if (!wait_for(delay))
      return;
    delay = std::min(delay * 2, milliseconds(1000));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_)
      return;
    ready_ = true;
    health_ = health_summary(ready);
    last_status_ = "serving; " + health_;
    systemd::ready(last_status_);
    spdlog::info("systemd: READY=1 ({})", last_status_);
  }
  wake_.notify_all();  // the watchdog starts now

  while (wait_for(status_every_)) {
    auto summary = health_summary(probe_.get("/health", health_probe_timeout));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      health_ = std::move(summary);
    }
    publish_status();
  }
}

void supervision::watchdog(std::chrono::microseconds timeout) {
  const auto interval = timeout / 2;
  const auto probe_timeout = std::max(std::chrono::duration_cast<milliseconds>(timeout / 4), milliseconds(10));
  const auto retry_after = std::max(std::chrono::duration_cast<milliseconds>(timeout / 10), milliseconds(20));
  {
    // systemd arms the watchdog at READY=1 (service_enter_start_post); pings before are moot.
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [this] { return ready_ || stop_; });
    if (stop_)
      return;
  }
  bool failing = false;
  clock::time_point failing_since{};
  std::string failing_outcome;
  auto next = clock::now();
  while (wait_until(next)) {
    const auto result = probe_.get("/health/live", probe_timeout);
    const auto now = clock::now();
    if (result.ok()) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stop_)
          return;
        systemd::watchdog_ping();
        watchdog_note_.clear();
      }
      if (failing) {
        spdlog::info("watchdog: GET /health/live answers again after {} ms; pings resumed", ms(now - failing_since));
        failing = false;
        failing_outcome.clear();
        publish_status();
      }
      next = now + interval;
      continue;
    }
    if (!failing) {
      failing = true;
      failing_since = now;
      spdlog::warn("watchdog: GET /health/live failed ({}); WATCHDOG=1 withheld until it answers: without one "
                   "for {} ms the service manager restarts the process",
                   result.outcome(), ms(timeout));
    }
    if (result.outcome() != failing_outcome) {
      failing_outcome = result.outcome();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        watchdog_note_ = "GET /health/live failing (" + failing_outcome + "), pings withheld";
      }
      publish_status();
    }
    next = now + retry_after;
  }
}

}  // namespace app
