// Bounds how many token validations ask PostgreSQL at once, so that a flood of unknown tokens
// (each a cache miss) cannot take the whole pool: past the bound a validation waits a moment
// for a place, then gives up (the request gets 429 with Retry-After). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace http {

class validation_gate {
public:
  explicit validation_gate(size_t places) : free_(places) {}

  // A place, held until the pass is destroyed; empty (false) when none came free in time.
  class pass {
  public:
    pass() = default;
    explicit pass(validation_gate* g) : gate_(g) {}
    pass(pass&& o) noexcept : gate_(o.gate_) { o.gate_ = nullptr; }
    pass& operator=(pass&&) = delete;
    ~pass() {
      if (gate_)
        gate_->leave();
    }
    explicit operator bool() const { return gate_ != nullptr; }

  private:
    validation_gate* gate_ = nullptr;
  };

  pass enter(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!cond_.wait_for(lock, wait, [this] { return free_ > 0; }))
      return pass{};
    --free_;
    return pass{this};
  }

private:
  void leave() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++free_;
    }
    cond_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable cond_;
  size_t free_;
};

}  // namespace http
