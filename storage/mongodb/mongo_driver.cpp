#include "storage/mongodb/mongo_driver.hpp"

#include <mutex>
#include <string_view>

#include <spdlog/spdlog.h>

#include "storage/mongodb/mongo_errors.hpp"

namespace storage {

namespace {

// Called by mongoc on whatever thread logs; spdlog's default logger is thread-safe.
void forward_log(mongoc_log_level_t level, const char* domain, const char* message, void*) {
  auto to = mongo_log_forward_level(level);
  if (to == spdlog::level::off)
    return;
  std::string_view text = message ? message : "";
  // FerretDB has no endSessions; mongoc warns about it on every pool shutdown. Harmless.
  if (text.find("endSessions") != std::string_view::npos)
    to = spdlog::level::debug;
  // A warning about a URI may quote it: never let a password through.
  spdlog::log(to, "mongoc [{}]: {}", domain ? domain : "-", scrub_secrets(text));
}

}  // namespace

spdlog::level::level_enum mongo_log_forward_level(mongoc_log_level_t level) {
  switch (level) {
    case MONGOC_LOG_LEVEL_ERROR:
    case MONGOC_LOG_LEVEL_CRITICAL: return spdlog::level::err;
    case MONGOC_LOG_LEVEL_WARNING: return spdlog::level::warn;
    case MONGOC_LOG_LEVEL_MESSAGE:
    case MONGOC_LOG_LEVEL_INFO: return spdlog::level::debug;
    case MONGOC_LOG_LEVEL_DEBUG:
    case MONGOC_LOG_LEVEL_TRACE: return spdlog::level::off;
  }
  return spdlog::level::off;
}

void mongo_driver_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    mongoc_init();
    // Trace lines are compiled in on some builds; this keeps them from even being formatted.
    mongoc_log_trace_disable();
    mongoc_log_set_handler(forward_log, nullptr);
  });
}

}  // namespace storage
