// A TCP forwarder between a service and one of its stores, private to a test: the test points
// the service at the proxy's port and can cut the link (every connection closed, new ones
// refused) and restore it, so a store fault is seen by that one service without stopping the
// shared store the other tests use. Thread-safe.
#pragma once

#include <atomic>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace test_env {

class fault_proxy {
public:
  // Forwards 127.0.0.1:port() to 127.0.0.1:target_port.
  explicit fault_proxy(int target_port);
  ~fault_proxy();
  fault_proxy(const fault_proxy&) = delete;
  fault_proxy& operator=(const fault_proxy&) = delete;

  int port() const { return port_; }
  // Closes every forwarded connection and refuses new ones until restore().
  void cut();
  void restore();
  // Connections forwarded so far.
  int accepted() const { return accepted_; }

private:
  void run();
  bool listen_again();

  int target_port_;
  int port_ = 0;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  std::mutex mutex_;
  bool cut_ = false, stop_ = false, changed_ = false;
  std::atomic<int> accepted_{0};
  std::vector<std::pair<int, int>> links_;  // (client, store)
  std::thread thread_;
};

}  // namespace test_env
