#include "http/transport/admission_queue.hpp"

#include "http/transport/request_scope.hpp"

namespace http {

namespace {

// Runs a connection task in refuse mode (its request scope says refused).
void refuse(const std::function<void()>& fn) {
  auto& scope = current_request();
  scope.refused = true;
  fn();
  scope.refused = false;
}

}  // namespace

admission_queue::admission_queue(size_t threads, size_t max_waiting, std::chrono::milliseconds max_wait,
                                 admission_state& state)
    : max_waiting_(max_waiting), max_wait_(max_wait), state_(state), threads_total_(threads) {
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i)
    threads_.emplace_back([this] { work(); });
}

admission_queue::~admission_queue() {
  shutdown();
}

void admission_queue::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (jobs_.size() < max_waiting_ + (threads_total_ - running_)) {
      jobs_.push_back({std::move(fn), std::chrono::steady_clock::now()});
      publish_waiting();
      cond_.notify_one();
      return;
    }
  }
  // Called on cpp-httplib's accept thread: refusing hands the socket to the refuser at once.
  ++state_.refused;
  refuse(fn);
}

void admission_queue::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutdown_)
      return;
    shutdown_ = true;
  }
  cond_.notify_all();
  for (auto& t : threads_)
    t.join();
}

void admission_queue::work() {
  for (;;) {
    job j;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cond_.wait(lock, [this] { return shutdown_ || !jobs_.empty(); });
      if (jobs_.empty())
        return;  // shut down, and every queued connection was handled
      j = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
      publish_waiting();
    }
    if (std::chrono::steady_clock::now() - j.queued_at > max_wait_) {
      ++state_.refused;
      refuse(j.fn);
    } else {
      ++state_.busy;
      j.fn();
      --state_.busy;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
    publish_waiting();
  }
}

void admission_queue::publish_waiting() {
  const size_t free = threads_total_ - running_;
  state_.waiting = jobs_.size() > free ? jobs_.size() - free : 0;
}

}  // namespace http
