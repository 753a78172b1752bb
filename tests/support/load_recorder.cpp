#include "support/load_recorder.hpp"

#include <algorithm>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace faults {

namespace {

// One keep-alive connection per client thread (thousands of requests a second must not each
// cost a socket in TIME_WAIT).
std::unique_ptr<httplib::Client> make_client(int port) {
  auto http = std::make_unique<httplib::Client>("127.0.0.1", port);
  http->set_connection_timeout(2, 0);
  // Far past any deadline the service keeps (5 s): a request that gets no answer within 20 s
  // is recorded as unanswered (status 0), and one answered late shows in its duration.
  http->set_read_timeout(20, 0);
  return http;
}

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

void load_recorder::probe(store target) {
  const int n = probes_++;
  const std::string token = tokens_[static_cast<size_t>(n) % tokens_.size()];
  const std::string tag = run_id_ + "-probe-" + std::to_string(n);
  threads_.emplace_back([this, target, token, tag] {
    auto http = make_client(port_);
    auto r = write_once(*http, target, token, tag);
    std::lock_guard<std::mutex> lock(mutex_);
    records_.push_back(std::move(r));
  });
}

std::vector<request_record> load_recorder::records() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return records_;
}

request_record load_recorder::write_once(httplib::Client& http, store target, const std::string& token,
                                         const std::string& tag) {
  request_record r;
  r.target = target;
  r.start = clock::now();
  httplib::Result res = target == store::postgres
      ? http.Post("/api/v1/users",
                  nlohmann::json{{"email", "fault-" + tag + "@example.com"}, {"password", "fault-password-1"},
                                 {"full_name", "Fault " + tag}}.dump(),
                  "application/json")
      : http.Post("/api/v1/forum/posts", {{"Authorization", "Bearer " + token}},
                  nlohmann::json{{"title", "Fault post " + tag}, {"content", "written under a fault"},
                                 {"category", "faults"}, {"tags", {"fault"}}}.dump(),
                  "application/json");
  r.end = clock::now();
  r.status = res ? res->status : 0;
  if (res && r.status / 100 == 2) {
    auto body = nlohmann::json::parse(res->body, nullptr, false);
    if (!body.is_discarded() && body.contains("id") && body["id"].is_string())
      r.id = body["id"].get<std::string>();
  }
  return r;
}

void load_recorder::client(int n) {
  const std::string token = tokens_[static_cast<size_t>(n) % tokens_.size()];
  // Even clients write users (PostgreSQL), odd ones posts (MongoDB): a store that hangs holds
  // up only its own clients, so the other store's load goes on and is measured.
  const auto target = n % 2 == 0 ? store::postgres : store::mongodb;
  auto http = make_client(port_);
  for (int i = 0; running_; ++i) {
    auto r = write_once(*http, target, token, run_id_ + "-" + std::to_string(n) + "-" + std::to_string(i));
    std::lock_guard<std::mutex> lock(mutex_);
    records_.push_back(std::move(r));
  }
}

}  // namespace faults
