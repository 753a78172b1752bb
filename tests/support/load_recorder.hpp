// A steady load of HTTP writes for the fault suite: client threads that create users
// (PostgreSQL) and forum posts (MongoDB) and record every id that got a 2xx, every status, and
// every request that took longer than the service's deadline allows.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace faults {

enum class store { postgres, mongodb };

struct write_record {
  store target;
  std::string id;
};

struct load_counters {
  int tried = 0;
  int acknowledged = 0;
  std::map<int, int> statuses;  // HTTP status -> count (0: no answer at all)
  int hangs = 0;                // answered later than the deadline allows, or never
};

class load_recorder {
public:
  // `tokens` authenticate the post writes, one per client thread (cycled). Half the clients
  // (at least one each) write to each store.
  load_recorder(int port, std::vector<std::string> tokens, std::string run_id, int clients = 4);
  ~load_recorder();

  void start();
  void stop();

  // Counters since the last take (per store), and every acknowledged write so far.
  std::map<store, load_counters> take_counters();
  std::vector<write_record> acknowledged() const;

private:
  void client(int n);

  int port_;
  std::vector<std::string> tokens_;
  std::string run_id_;
  int clients_;
  std::atomic<bool> running_{false};
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;
  std::map<store, load_counters> counters_;
  std::vector<write_record> acknowledged_;
};

}  // namespace faults
