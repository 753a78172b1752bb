// A steady load of HTTP writes for the fault suite: client threads that create users
// (PostgreSQL) and forum posts (MongoDB) one after another, plus one-shot probes started on
// demand. Every request is kept on the books with its start, its end, its status and, for a
// 2xx, the id written: stop() waits for every request still in flight, so none is dropped, and
// the suite sorts them by when they started relative to a fault.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Client;
}

namespace faults {

enum class store { postgres, mongodb };

using clock = std::chrono::steady_clock;

struct request_record {
  store target;
  clock::time_point start;
  clock::time_point end;
  int status = 0;  // 0: no answer at all (connection refused, reset, or the client's read timeout)
  std::string id;  // of the written row or document, for a 2xx

  double seconds() const { return std::chrono::duration<double>(end - start).count(); }
  bool acknowledged() const { return status / 100 == 2 && !id.empty(); }
};

class load_recorder {
public:
  // `tokens` authenticate the post writes, one per client thread (cycled). Half the clients
  // (at least one each) write to each store.
  load_recorder(int port, std::vector<std::string> tokens, std::string run_id, int clients = 4);
  ~load_recorder();

  void start();
  // Ends the load and waits for every request still in flight (clients and probes): after it,
  // records() holds every request ever started.
  void stop();
  // Starts one write to `target` now, on a thread of its own, so that it starts even while
  // every client is blocked on a hung store.
  void probe(store target);

  std::vector<request_record> records() const;

private:
  void client(int n);
  static request_record write_once(httplib::Client& http, store target, const std::string& token,
                                   const std::string& tag);

  int port_;
  std::vector<std::string> tokens_;
  std::string run_id_;
  int clients_;
  std::atomic<bool> running_{false};
  std::atomic<int> probes_{0};
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;
  std::vector<request_record> records_;
};

}  // namespace faults
