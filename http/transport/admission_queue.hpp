// Admission for cpp-httplib's connections: a fixed set of threads (one per connection being
// served, as cpp-httplib works) and a short queue of connections waiting for one. A connection
// is refused only when every thread has a connection and `max_waiting` more wait: a thread that
// has not yet woken for a queued connection counts as free, so how fast the scheduler wakes
// threads never decides who is refused. A connection that finds no place, or that waited in
// it longer than `max_wait`, is not served: its task runs in "refuse" mode (the thread's
// request scope says refused: request_scope.hpp), and the server answers it a fast 503 with
// Retry-After instead of letting it wait without end.
//
// While connections wait (pressure()), connections being served give their thread up early
// when their client is idle or slow (connection_stream), so a crowd of idle, trickling or slow
// clients cannot starve the others for longer than a moment.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace http {

// What the threads serving connections and the queue share; outlives the queue.
struct admission_state {
  std::atomic<size_t> waiting{0};  // connections queued for a thread (beyond the free ones)
  std::atomic<size_t> busy{0};     // threads serving a connection
  std::atomic<uint64_t> refused{0};  // connections answered 503 instead
  std::atomic<uint64_t> refused_heads{0};  // requests refused before parsing (413/414/415/431/400)

  bool pressure() const { return waiting.load(std::memory_order_relaxed) > 0; }
};

class admission_queue : public httplib::TaskQueue {
public:
  admission_queue(size_t threads, size_t max_waiting, std::chrono::milliseconds max_wait, admission_state& state);
  ~admission_queue() override;

  admission_queue(const admission_queue&) = delete;
  admission_queue& operator=(const admission_queue&) = delete;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

private:
  struct job {
    std::function<void()> fn;
    std::chrono::steady_clock::time_point queued_at;
  };
  void work();
  // The queued connections past the free threads, for waiting and pressure(); under mutex_.
  void publish_waiting();

  size_t max_waiting_;
  std::chrono::milliseconds max_wait_;
  admission_state& state_;
  std::mutex mutex_;
  std::condition_variable cond_;
  std::deque<job> jobs_;
  size_t threads_total_ = 0;
  size_t running_ = 0;  // threads that took a connection and are not done with it
  bool shutdown_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace http
