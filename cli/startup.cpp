#include "cli/startup.hpp"

#include <thread>

#include <spdlog/spdlog.h>

#include "storage/backoff.hpp"
#include "storage/ferretdb_accelerators.hpp"
#include "storage/mongo_driver.hpp"
#include "storage/mongo_errors.hpp"
#include "storage/mongo_migrator.hpp"
#include "storage/pg_connection.hpp"
#include "storage/pg_migrator.hpp"

namespace cli {

namespace {

// Runs `attempt` until it succeeds, fails for good (`fatal`), or the attempts run out.
template <class Attempt, class Fatal>
storage::status with_retries(const char* store, const storage::retry_settings& r, Attempt attempt, Fatal fatal) {
  storage::status st;
  for (int n = 0; n < r.startup_attempts; ++n) {
    st = attempt();
    if (st.is_ok() || fatal(st))
      return st;
    if (n + 1 == r.startup_attempts)
      break;
    auto delay = storage::backoff_delay(r, n, storage::random_unit());
    spdlog::warn("{}: attempt {} of {} failed ({}); next in {} ms", store, n + 1, r.startup_attempts,
                 st.message(), delay.count());
    std::this_thread::sleep_for(delay);
  }
  return storage::status::unavailable(std::string(store) + " unreachable after " +
                                      std::to_string(r.startup_attempts) + " attempts: " + st.message());
}

}  // namespace

storage::status start_postgres(const storage::pg_settings& s) {
  if (s.migrate_on_start)
    return storage::migrate_up_on_start(s);  // retries while unavailable, then migrates
  return with_retries("postgresql", s.retry,
                      [&] { return storage::pg_connection::connect(s.url, s.connect_timeout).get_status(); },
                      [](const storage::status& st) { return st.error_code() == storage::code::invalid; });
}

storage::result<std::shared_ptr<storage::mongo_client_pool>> start_mongodb(const storage::mongo_settings& s) {
  storage::mongo_driver_init();
  auto created = storage::mongo_client_pool::create(s);
  if (!created.is_ok())
    return created.get_status();
  std::shared_ptr<storage::mongo_client_pool> pool = std::move(created.value());
  auto is_auth = [](const storage::status& st) {
    // The driver's message may carry context before the prefix.
    return st.message().find(std::string(storage::auth_failed_prefix)) != std::string::npos;
  };
  auto st = with_retries("mongodb", s.retry, [&] { return pool->warm_up(); },
                         [&](const storage::status& e) { return is_auth(e) || e.error_code() == storage::code::invalid; });
  if (!st.is_ok())
    return st;
  if (s.migrate_on_start) {
    auto applied = storage::mongo_migrator(*pool, pool->database()).up();
    if (!applied.is_ok())
      return applied.get_status();
    for (int v : applied.value())
      spdlog::info("mongodb: applied declared collections and indexes, version {}", v);
    if (auto st = accelerate_ferretdb(*pool, s); !st.is_ok())
      return st;
  }
  return pool;
}

storage::status accelerate_ferretdb(storage::mongo_client_pool& pool, const storage::mongo_settings& s,
                                    bool analyze) {
  auto lease = pool.pop();
  if (!lease)
    return lease.get_status();
  auto report = storage::apply_ferretdb_accelerators(lease.get(), pool.database(),
                                                     s.ferretdb_postgresql_url, analyze);
  if (!report.is_ok())
    return report.get_status();
  // FerretDB without its indexes works, but every equality query scans: say so loudly.
  const auto level = report->applied    ? spdlog::level::info
                     : report->ferretdb ? spdlog::level::warn
                                        : spdlog::level::debug;
  spdlog::log(level, "mongodb: {}", storage::describe(report.value()));
  return storage::status::ok();
}

}  // namespace cli
