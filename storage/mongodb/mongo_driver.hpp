// Process-wide setup of the Mongo C driver. Every entry point that creates mongoc objects
// (mongo_client_pool, the tests) calls mongo_driver_init() first; it is cheap after the first
// call and thread-safe.
//
// mongoc_cleanup() is deliberately never called: pools may live in static storage until exit,
// and cleaning up under them is undefined behavior. The OS reclaims everything at exit.
#pragma once

#include <mongoc/mongoc.h>

#include <spdlog/common.h>

namespace storage {

// Runs mongoc_init() once (std::call_once) and installs the log handler below.
void mongo_driver_init();

// The spdlog level a mongoc log line is forwarded at, or spdlog::level::off when it is dropped.
// DEBUG and TRACE (server monitor chatter, one line per heartbeat) are dropped; INFO and
// MESSAGE go to debug; WARNING to warn; ERROR and CRITICAL to error. Pure: unit-tested.
spdlog::level::level_enum mongo_log_forward_level(mongoc_log_level_t level);

}  // namespace storage
