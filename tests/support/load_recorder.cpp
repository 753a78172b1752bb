#include "support/load_recorder.hpp"

#include <algorithm>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace faults {

namespace {

// The service answers every request by its deadline (5 s) or sheds it; more than this is a hang.
constexpr std::chrono::milliseconds hang_after{7000};

}  // namespace

load_recorder::load_recorder(int port, std::vector<std::string> tokens, std::string run_id, int clients)
    : port_(port), tokens_(std::move(tokens)), run_id_(std::move(run_id)), clients_(std::max(2, clients)) {}

load_recorder::~load_recorder() { stop(); }

void load_recorder::start() {
  running_ = true;
  for (int i = 0; i < clients_; ++i)
    threads_.emplace_back([this, i] { client(i); });
}

void load_recorder::stop() {
  running_ = false;
  for (auto& t : threads_)
    t.join();
  threads_.clear();
}

std::map<store, load_counters> load_recorder::take_counters() {
  std::lock_guard<std::mutex> lock(mutex_);
  auto out = std::move(counters_);
  counters_.clear();
  return out;
}

std::vector<write_record> load_recorder::acknowledged() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return acknowledged_;
}

void load_recorder::client(int n) {
  httplib::Client http("127.0.0.1", port_);
  http.set_connection_timeout(2, 0);
  http.set_read_timeout(10, 0);
  const std::string token = tokens_[static_cast<size_t>(n) % tokens_.size()];
  // Even clients write users (PostgreSQL), odd ones posts (MongoDB): a store that hangs holds
  // up only its own clients, so the other store's load goes on and is measured.
  const bool user_write = n % 2 == 0;
  const auto target = user_write ? store::postgres : store::mongodb;
  for (int i = 0; running_; ++i) {
    const std::string tag = run_id_ + "-" + std::to_string(n) + "-" + std::to_string(i);
    auto t0 = std::chrono::steady_clock::now();
    httplib::Result res = user_write
        ? http.Post("/api/v1/users",
                    nlohmann::json{{"email", "fault-" + tag + "@example.com"}, {"password", "fault-password-1"},
                                   {"full_name", "Fault " + tag}}.dump(),
                    "application/json")
        : http.Post("/api/v1/forum/posts", {{"Authorization", "Bearer " + token}},
                    nlohmann::json{{"title", "Fault post " + tag}, {"content", "written under a fault"},
                                   {"category", "faults"}, {"tags", {"fault"}}}.dump(),
                    "application/json");
    auto took = std::chrono::steady_clock::now() - t0;
    int status = res ? res->status : 0;
    std::string id;
    if (res && status / 100 == 2) {
      auto body = nlohmann::json::parse(res->body, nullptr, false);
      if (!body.is_discarded() && body.contains("id"))
        id = body["id"].get<std::string>();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto& c = counters_[target];
    ++c.tried;
    ++c.statuses[status];
    if (took > hang_after || status == 0)
      ++c.hangs;
    if (!id.empty()) {
      ++c.acknowledged;
      acknowledged_.push_back({target, id});
    }
  }
}

}  // namespace faults
