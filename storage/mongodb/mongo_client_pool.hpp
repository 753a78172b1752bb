// A thread-safe pool of Mongo C driver clients (mongoc_client_pool_t), built from
// storage::mongo_settings. Callers pop() a lease, hand lease.get() to the stores on the same
// thread, and let the lease go: it pushes the client back. The pool does no I/O when created;
// the first command (or warm_up) connects.
//
// Settings applied on top of the URL's own options (ours win):
//   maxPoolSize             max_pool_size
//   waitQueueTimeoutMS      wait_queue_timeout     (pop() gives up after this: overloaded)
//   serverSelectionTimeoutMS server_selection_timeout (a down server fails a call this fast,
//                                                    never mongoc's default 30 s)
//   connectTimeoutMS        connect_timeout
//   socketTimeoutMS         10 s unless the URL sets it (a hung server frees the thread)
//   appname                 p2p-backend
// minPoolSize is NOT passed to mongoc (in mongoc 1.x it caps *idle* clients and is deprecated);
// min_pool_size clients are kept warm by warm_up() instead. The error API is version 2, so
// server errors come back in domain MONGOC_ERROR_SERVER with the server's code.
//
// Thread-safety: every member function may be called from any thread. A lease, like the
// client in it, belongs to one thread at a time. Every lease must be gone before the pool.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "storage/common/mongo_settings.hpp"
#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

struct mongo_pool_stats {
  int max = 0;          // max_pool_size
  int min = 0;          // min_pool_size (kept warm)
  int in_use = 0;       // leases out now
  int waiting = 0;      // threads blocked in pop() now
  uint64_t acquired = 0;    // successful pops since start
  uint64_t timeouts = 0;    // pops that gave up after wait_queue_timeout
};

class mongo_client_pool {
public:
  // A popped client. Empty (operator bool false) when pop() failed; get_status() says why.
  class lease {
  public:
    lease() = default;
    ~lease() { release(); }
    lease(lease&& other) noexcept;
    lease& operator=(lease&& other) noexcept;
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;

    explicit operator bool() const { return client_ != nullptr; }
    mongoc_client_t* get() const { return client_; }
    const status& get_status() const { return status_; }
    // Pushes the client back now (idempotent).
    void release();

  private:
    friend class mongo_client_pool;
    lease(mongo_client_pool* pool, mongoc_client_t* client) : pool_(pool), client_(client) {}
    explicit lease(status why) : status_(std::move(why)) {}

    mongo_client_pool* pool_ = nullptr;
    mongoc_client_t* client_ = nullptr;
    status status_;
  };

  // Parses the URL and builds the pool (no I/O). A malformed URL or option is `invalid`, with
  // a message that never holds the password.
  static result<std::unique_ptr<mongo_client_pool>> create(const mongo_settings& settings);

  ~mongo_client_pool();
  mongo_client_pool(const mongo_client_pool&) = delete;
  mongo_client_pool& operator=(const mongo_client_pool&) = delete;

  // Blocks up to wait_queue_timeout for a free client. On timeout: an empty lease whose status
  // is `overloaded` (the wait queue is full; shed load).
  lease pop();
  // Never blocks: an empty lease (`overloaded`) when max_pool_size clients are out.
  lease try_pop();

  // A round trip ({ping: 1} on the configured database). Connects and authenticates the client
  // if needed, so a wrong password shows here (unavailable, "authentication failed: ...").
  // `latency`, when given, receives the round-trip time on success.
  status ping(lease& client, std::chrono::milliseconds* latency = nullptr);

  // Pops min_pool_size clients (without waiting past wait_queue_timeout), pings each, and pushes
  // them all back, so that many connections are open and authenticated. Returns the first
  // failure, if any. Call at startup and whenever the link is re-established.
  status warm_up();

  const std::string& database() const { return database_; }
  const mongo_settings& settings() const { return settings_; }
  std::string redacted_url() const;
  mongo_pool_stats stats() const;

private:
  mongo_client_pool(const mongo_settings& settings, mongo_uri_ptr uri, mongo_pool_ptr pool);
  void push(mongoc_client_t* client);

  mongo_settings settings_;
  std::string database_;
  mongo_uri_ptr uri_;
  mongo_pool_ptr pool_;
  std::atomic<int> in_use_{0};
  std::atomic<int> waiting_{0};
  std::atomic<uint64_t> acquired_{0};
  std::atomic<uint64_t> timeouts_{0};
};

using mongo_lease = mongo_client_pool::lease;

}  // namespace storage
