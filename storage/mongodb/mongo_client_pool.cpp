#include "storage/mongodb/mongo_client_pool.hpp"

#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "storage/common/url.hpp"
#include "storage/mongodb/mongo_driver.hpp"
#include "storage/mongodb/mongo_errors.hpp"

namespace storage {

namespace {

constexpr int32_t default_socket_timeout_ms = 10000;

int32_t to_ms32(std::chrono::milliseconds d) {
  return static_cast<int32_t>(std::clamp<int64_t>(d.count(), 1, INT32_MAX));
}

// Replaces every occurrence of `secret` in `text` with "***" (mongoc messages may quote the
// URL's host part, and a badly written URL may leave the password there).
std::string hide(std::string text, const std::string& secret) {
  if (secret.empty())
    return scrub_secrets(text);
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
    text.replace(pos, secret.size(), "***");
  return scrub_secrets(text);
}

}  // namespace

mongo_client_pool::lease::lease(lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      client_(std::exchange(other.client_, nullptr)),
      status_(std::move(other.status_)) {}

mongo_client_pool::lease& mongo_client_pool::lease::operator=(lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::exchange(other.pool_, nullptr);
    client_ = std::exchange(other.client_, nullptr);
    status_ = std::move(other.status_);
  }
  return *this;
}

void mongo_client_pool::lease::release() {
  if (client_ && pool_)
    pool_->push(client_);
  client_ = nullptr;
  pool_ = nullptr;
}

result<std::unique_ptr<mongo_client_pool>> mongo_client_pool::create(const mongo_settings& s) {
  mongo_driver_init();
  const std::string password = [&] {
    auto parts = parse_url(s.url);
    return parts.is_ok() ? parts->password : std::string();
  }();
  bson_error_t error{};
  mongo_uri_ptr uri{mongoc_uri_new_with_error(s.url.c_str(), &error)};
  if (!uri)
    return status::invalid("mongodb url: " + hide(error.message, password));
  if (s.max_pool_size < 1 || s.min_pool_size < 0 || s.min_pool_size > s.max_pool_size)
    return status::invalid("mongodb pool: need 0 <= min_pool_size <= max_pool_size, 1 <= max");
  bool ok = mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_MAXPOOLSIZE, s.max_pool_size) &&
            mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_WAITQUEUETIMEOUTMS,
                                           to_ms32(s.wait_queue_timeout)) &&
            mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS,
                                           to_ms32(s.server_selection_timeout)) &&
            mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_CONNECTTIMEOUTMS,
                                           to_ms32(s.connect_timeout)) &&
            mongoc_uri_set_appname(uri.get(), "p2p-backend");
  if (ok && !mongoc_uri_has_option(uri.get(), MONGOC_URI_SOCKETTIMEOUTMS))
    ok = mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_SOCKETTIMEOUTMS,
                                        default_socket_timeout_ms);
  if (!ok)
    return status::invalid("mongodb url: an option could not be set");
  mongo_pool_ptr pool{mongoc_client_pool_new_with_error(uri.get(), &error)};
  if (!pool)
    return status::invalid("mongodb pool: " + hide(error.message, password));
  // Must precede the first pop: server errors then carry the server's own code.
  mongoc_client_pool_set_error_api(pool.get(), MONGOC_ERROR_API_VERSION_2);
  return std::unique_ptr<mongo_client_pool>(
      new mongo_client_pool(s, std::move(uri), std::move(pool)));
}

mongo_client_pool::mongo_client_pool(const mongo_settings& s, mongo_uri_ptr uri,
                                     mongo_pool_ptr pool)
    : settings_(s), database_(s.database), uri_(std::move(uri)), pool_(std::move(pool)) {
  if (database_.empty()) {
    const char* from_url = mongoc_uri_get_database(uri_.get());
    database_ = from_url ? from_url : "";
  }
}

mongo_client_pool::~mongo_client_pool() {
  // mongoc requires every client back before the pool is destroyed.
  assert(in_use_.load() == 0 && "a mongo lease outlived its pool");
  if (in_use_.load() != 0)
    spdlog::error("mongodb pool destroyed with {} clients still leased", in_use_.load());
}

mongo_client_pool::lease mongo_client_pool::pop() {
  ++waiting_;
  mongoc_client_t* client = mongoc_client_pool_pop(pool_.get());
  --waiting_;
  if (!client) {
    ++timeouts_;
    return lease(status::overloaded(
        "mongodb pool: no client free within " +
        std::to_string(settings_.wait_queue_timeout.count()) + " ms (max_pool_size " +
        std::to_string(settings_.max_pool_size) + ")"));
  }
  ++in_use_;
  ++acquired_;
  return lease(this, client);
}

mongo_client_pool::lease mongo_client_pool::try_pop() {
  mongoc_client_t* client = mongoc_client_pool_try_pop(pool_.get());
  if (!client)
    return lease(status::overloaded("mongodb pool: all " + std::to_string(settings_.max_pool_size) +
                                    " clients are in use"));
  ++in_use_;
  ++acquired_;
  return lease(this, client);
}

void mongo_client_pool::push(mongoc_client_t* client) {
  mongoc_client_pool_push(pool_.get(), client);
  --in_use_;
}

status mongo_client_pool::ping(lease& client, std::chrono::milliseconds* latency) {
  if (!client)
    return client.get_status().is_ok() ? status::internal("ping: empty lease")
                                        : client.get_status();
  bson_ptr cmd = make_bson();
  bson_append_int32(cmd.get(), "ping", -1, 1);
  bson_reply reply;
  bson_error_t error{};
  const auto start = std::chrono::steady_clock::now();
  if (!mongoc_client_command_simple(client.get(), database_.c_str(), cmd.get(), nullptr,
                                    reply.get(), &error))
    return to_status(error, "ping");
  if (latency)
    *latency = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
  return status::ok();
}

status mongo_client_pool::warm_up() {
  std::vector<lease> warm;
  status first;
  for (int i = 0; i < settings_.min_pool_size; ++i) {
    lease l = pop();
    if (!l) {
      first = l.get_status();
      break;
    }
    if (auto st = ping(l); !st.is_ok()) {
      first = st;
      break;  // the server is down or refuses us: more pings would only wait longer
    }
    warm.push_back(std::move(l));
  }
  return first;  // `warm` pushes every client back here
}

std::string mongo_client_pool::redacted_url() const { return redact_url(settings_.url); }

mongo_pool_stats mongo_client_pool::stats() const {
  mongo_pool_stats out;
  out.max = settings_.max_pool_size;
  out.min = settings_.min_pool_size;
  out.in_use = in_use_.load();
  out.waiting = waiting_.load();
  out.acquired = acquired_.load();
  out.timeouts = timeouts_.load();
  return out;
}

}  // namespace storage
