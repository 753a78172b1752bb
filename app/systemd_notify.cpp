#include "app/systemd_notify.hpp"

#include <cstdint>
#include <cstdlib>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace app::systemd {

namespace {

// The protocol is newline-separated KEY=VALUE pairs: a newline inside a status would start a
// new (bogus) assignment.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c == '\n' || c == '\r')
      c = ' ';
  return out;
}

void send(const std::string& state) {
  if (!notify_socket_set())
    return;
  // unset_environment = 0: the variables stay for the watchdog thread's later calls.
  if (int r = sd_notify(0, state.c_str()); r < 0)
    spdlog::warn("systemd notification failed (errno {}): {}", -r, state.substr(0, state.find('\n')));
}

}  // namespace

bool notify_socket_set() {
  const char* s = std::getenv("NOTIFY_SOCKET");
  return s && *s;
}

void ready(std::string_view status) { send("READY=1\nSTATUS=" + one_line(status)); }

void status(std::string_view status) { send("STATUS=" + one_line(status)); }

void stopping(std::string_view status) { send("STOPPING=1\nSTATUS=" + one_line(status)); }

void watchdog_ping() { send("WATCHDOG=1"); }

std::optional<std::chrono::microseconds> watchdog_timeout() {
  if (!notify_socket_set())
    return std::nullopt;
  std::uint64_t usec = 0;
  // > 0: enabled for this pid; 0: not asked (or another pid's); < 0: a malformed variable.
  const int r = sd_watchdog_enabled(0, &usec);
  if (r < 0)
    spdlog::warn("ignoring a malformed WATCHDOG_USEC or WATCHDOG_PID (errno {})", -r);
  if (r <= 0 || usec == 0)
    return std::nullopt;
  return std::chrono::microseconds(static_cast<std::chrono::microseconds::rep>(usec));
}

}  // namespace app::systemd
