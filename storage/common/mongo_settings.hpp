// MongoDB pool settings. Every key is described in docs/configuration.md and parsed (with
// unknown keys rejected) in config/settings.cpp.
#pragma once

#include <chrono>
#include <string>

#include "storage/common/backoff.hpp"

namespace storage {

struct mongo_settings {
  std::string url = "mongodb://p2p_user:iiot123@127.0.0.1:27017/p2p_sandbox";
  std::string database = "p2p_sandbox";
  int max_pool_size = 20;  // clients in the mongoc pool
  int min_pool_size = 5;   // clients kept warm
  int max_queue = 200;  // requests waiting for a worker; one more is `overloaded`
  std::chrono::milliseconds wait_queue_timeout{1000};  // wait for a worker/client at most this long
  std::chrono::milliseconds server_selection_timeout{2000};  // never mongoc's default 30 s
  std::chrono::milliseconds connect_timeout{2000};
  bool migrate_on_start = true;
  // The PostgreSQL that a FerretDB server stores in, for the GIN indexes migrations add to its
  // tables (storage/ferretdb/ferretdb_accelerators.hpp); empty: none are added. Not used against MongoDB.
  std::string ferretdb_postgresql_url;
  retry_settings retry;
};

}  // namespace storage
