// A service manager's notification socket, owned by a test: an AF_UNIX datagram socket at a
// fresh path (the child's NOTIFY_SOCKET), whose datagrams a thread of its own records with
// their arrival time. What systemd would see from the process, without systemd. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace test_env {

class notify_socket {
public:
  using clock = std::chrono::steady_clock;

  struct message {
    clock::time_point at;
    std::string text;  // the whole datagram: KEY=VALUE lines
    // Whether the datagram has the line `line` exactly ("READY=1").
    bool has(const std::string& line) const;
    // The value of its STATUS= line, or "".
    std::string status() const;
  };

  notify_socket();
  ~notify_socket();
  notify_socket(const notify_socket&) = delete;
  notify_socket& operator=(const notify_socket&) = delete;

  const std::string& path() const { return path_; }

  // Every datagram so far, in arrival order.
  std::vector<message> messages() const;
  // Arrival times of the datagrams that have `line`.
  std::vector<clock::time_point> times_of(const std::string& line) const;
  // Waits (polling every 10 ms, up to `limit`) for a datagram that has `line`, or whose
  // STATUS= contains `status_part` when `line` is empty; nullopt at the deadline.
  std::optional<message> wait_for_line(const std::string& line, std::chrono::milliseconds limit) const;
  std::optional<message> wait_for_status(const std::string& status_part, std::chrono::milliseconds limit) const;

private:
  void run();

  std::string path_;
  int fd_ = -1;
  int wake_[2] = {-1, -1};
  mutable std::mutex mutex_;
  std::vector<message> messages_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace test_env
