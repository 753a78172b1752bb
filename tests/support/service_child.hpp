// The real binary (P2P_BINARY; when `env` sets P2P_TEST_FAULT, P2P_TESTABLE_BINARY, the same
// with the test faults of tests/hooks/) as a child whose environment the test controls exactly,
// as a service manager would: the test's own environment minus `unset`, plus `env`, where "{pid}"
// in a value becomes the child's pid (WATCHDOG_PID) and "{log_stream}" the device:inode of the
// child's stderr (JOURNAL_STREAM). stdout and stderr go to one log file. A child still running
// at destruction is killed (SIGKILL). Not thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace test_env {

class service_child {
public:
  service_child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                const std::vector<std::string>& unset = {});
  ~service_child();
  service_child(const service_child&) = delete;
  service_child& operator=(const service_child&) = delete;

  pid_t pid() const { return pid_; }
  std::string log() const;
  void signal(int sig) const;

  // Waits up to `limit`: the exit code, 128 + the signal when a signal ended it, -1 on timeout.
  int wait_exit(std::chrono::milliseconds limit);
  // Polls the log (every 10 ms, up to `limit`) for `text`; when it was first seen, or nullopt.
  std::optional<std::chrono::steady_clock::time_point> wait_for_log(const std::string& text,
                                                                   std::chrono::milliseconds limit) const;

private:
  std::string log_path_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace test_env
