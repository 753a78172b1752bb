// The connection admission queue without a server: a connection is refused only when every
// thread has one and the queue is full, however late the threads wake.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "http/transport/admission_queue.hpp"
#include "http/transport/request_scope.hpp"

namespace {

// Connection tasks that hold their thread until open(); a task run in refuse mode returns at once.
struct gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool opened = false;
  std::atomic<int> served{0}, refused{0};

  std::function<void()> task() {
    return [this] {
      if (http::current_request().refused) {
        ++refused;
        return;
      }
      std::unique_lock<std::mutex> lock(mutex);
      cv.wait(lock, [this] { return opened; });
      ++served;
    };
  }
  void open() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      opened = true;
    }
    cv.notify_all();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(admission_queue)

BOOST_AUTO_TEST_CASE(threads_not_yet_awake_count_as_free_and_only_the_surplus_is_refused) {
  gate g;
  http::admission_state state;
  {
    // 2 threads, 1 place: enqueued at once, before any thread can have taken one, 3 connections
    // are admitted (2 for the threads, 1 waiting) and the 4th is refused on the spot.
    http::admission_queue queue(2, 1, std::chrono::seconds{30}, state);
    for (int i = 0; i < 4; ++i)
      queue.enqueue(g.task());
    BOOST_TEST(state.refused.load() == 1u);
    BOOST_TEST(g.refused.load() == 1);
    BOOST_TEST(state.waiting.load() <= 1u);  // never counts a connection a free thread will take
    g.open();
  }  // the queue's end joins its threads: every admitted connection ran
  BOOST_TEST(g.served.load() == 3);
  BOOST_TEST(state.waiting.load() == 0u);
  BOOST_TEST(state.busy.load() == 0u);
}

BOOST_AUTO_TEST_CASE(a_connection_waits_only_for_a_busy_thread) {
  gate g;
  http::admission_state state;
  {
    http::admission_queue queue(1, 2, std::chrono::seconds{30}, state);
    queue.enqueue(g.task());
    queue.enqueue(g.task());
    queue.enqueue(g.task());
    BOOST_TEST(state.refused.load() == 0u);
    queue.enqueue(g.task());  // the thread is taken and both places are full
    BOOST_TEST(state.refused.load() == 1u);
    g.open();
  }
  BOOST_TEST(g.served.load() == 3);
}

BOOST_AUTO_TEST_SUITE_END()
