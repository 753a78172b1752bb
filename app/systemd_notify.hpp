// The service manager's notification channel: systemd's sd_notify protocol through libsystemd
// (sd_notify, sd_watchdog_enabled). Every function does nothing when NOTIFY_SOCKET is unset, so
// a process started by hand, by scripts/run or by the tests behaves as if this file did not
// exist. Thread-safe: each call sends one datagram on a socket of its own.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace app::systemd {

// Whether a service manager listens (NOTIFY_SOCKET is set).
bool notify_socket_set();

// READY=1 with a STATUS= line. Send once, when the service answers as it should.
void ready(std::string_view status);
// STATUS=: one line a person reads in `systemctl status`. Newlines become spaces.
void status(std::string_view status);
// STOPPING=1 with a STATUS= line: draining has begun.
void stopping(std::string_view status);
// WATCHDOG=1: the service proved itself alive just now.
void watchdog_ping();

// WATCHDOG_USEC, when the manager asks this process for pings (WATCHDOG_PID unset or ours);
// pings are then due at least every half of it.
std::optional<std::chrono::microseconds> watchdog_timeout();

}  // namespace app::systemd
