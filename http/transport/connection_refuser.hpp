// Answers connections the server will not serve (admission_queue refused them) and closes them
// gracefully, on one thread of its own, so the accept thread never waits on such a client:
// the answer is sent at once without blocking, the write side is closed, and what the client
// still sends is read and dropped until it closes too (or a second passes), so that the answer
// is not lost to a reset. At most `max_open` sockets linger; past that they close at once.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace http {

class connection_refuser {
public:
  explicit connection_refuser(size_t max_open = 1024);
  ~connection_refuser();

  connection_refuser(const connection_refuser&) = delete;
  connection_refuser& operator=(const connection_refuser&) = delete;

  // Takes ownership of `sock`: sends `answer` (a whole HTTP response) and closes it.
  void refuse(int sock, const std::string& answer);

private:
  struct lingering {
    int sock;
    std::chrono::steady_clock::time_point until;
  };
  void run();

  size_t max_open_;
  int wake_[2] = {-1, -1};  // a pipe that interrupts the poll when a socket arrives or on stop
  std::mutex mutex_;
  std::vector<lingering> incoming_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace http
