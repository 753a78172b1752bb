#include "http/transport/guarded_server.hpp"

#include <algorithm>

#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "http/transport/log_text.hpp"
#include "http/transport/request_id.hpp"
#include "http/transport/request_scope.hpp"

namespace http {

namespace {

// The connection in the thread's request scope while it is served.
struct serving_scope {
  explicit serving_scope(const connection_stream& s) { current_request().connection = &s; }
  ~serving_scope() { current_request().connection = nullptr; }
  serving_scope(const serving_scope&) = delete;
  serving_scope& operator=(const serving_scope&) = delete;
};

// Chunked framing costs a few bytes per chunk on top of the body.
constexpr size_t chunk_framing_slack = 64 << 10;

const char* reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

// The X-Request-Id of a raw head when it is one the service accepts.
std::string request_id_of(std::string_view head) {
  constexpr std::string_view name = "\r\nx-request-id:";
  std::string lower(head.substr(0, std::min<size_t>(head.size(), 65536)));
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = lower.find(name);
  if (at == std::string::npos)
    return choose_request_id({});
  const auto start = at + name.size();
  const auto end = lower.find("\r\n", start);
  std::string_view value = head.substr(start, (end == std::string::npos ? head.size() : end) - start);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  return choose_request_id(value);
}

}  // namespace

std::string guarded_server::raw_refusal(int status, const char* code, const char* message,
                                        const std::string& request_id, int retry_after_s) const {
  const auto [content_type, body] = render_(status, code, message, request_id, retry_after_s);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  out += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  out += "X-Request-Id: " + request_id + "\r\nConnection: close\r\n";
  out += "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n";
  if (retry_after_s > 0)
    out += "Retry-After: " + std::to_string(retry_after_s) + "\r\n";
  out += "\r\n" + body;
  return out;
}

guarded_server::guarded_server(connection_limits limits, admission_state& admission, refusal_renderer render)
    : limits_(limits), admission_(admission), render_(std::move(render)) {
  const bool reuse_port = limits_.reuse_port;
  set_socket_options([reuse_port](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (reuse_port)
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof yes);
  });
  const auto threads = limits_.threads;
  const auto waiting = limits_.max_waiting;
  const auto max_wait = limits_.max_wait;
  new_task_queue = [this, threads, waiting, max_wait] {
    return new admission_queue(threads, waiting, max_wait, admission_);
  };
  set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    // An answer given while the body is not read to its end: the connection ends after it,
    // and says so (a balancer then never sends another request on it).
    if (current_request().must_close()) {
      res.set_header("Connection", "close");
      res.headers.erase("Keep-Alive");
    }
    if (answer_hook_)
      answer_hook_(req, res);
  });
}

bool guarded_server::set_backlog(int backlog) { return ::listen(svr_sock_, backlog) == 0; }

void guarded_server::answer_refusal(connection_stream& strm, const head_refusal& refusal) {
  const auto id = request_id_of(strm.head());
  const auto line = std::string_view(strm.head()).substr(0, strm.head().find("\r\n"));
  spdlog::info("access refused before parsing: status={} code={} request_line={} request_id={}", refusal.status,
               refusal.code, log_text(line, 256), id);
  ++admission_.refused_heads;
  const auto answer = raw_refusal(refusal.status, refusal.code, refusal.message, id);
  strm.write(answer.data(), answer.size());
  strm.linger();
}

bool guarded_server::process_and_close_socket(socket_t sock) {
  if (current_request().refused) {
    refuser_.refuse(sock, raw_refusal(503, "overloaded", "the service has too many connections; retry shortly",
                                      generate_request_id(), 1));
    return true;
  }
  // A balancer's pooled connection is never cut for pressure: the pool is bounded (below the
  // thread count), and cutting an idle one races with the balancer sending on it.
  std::string peer;
  int peer_port = 0;
  const bool balancer = [&] {
    connection_stream probe(sock, {}, {});
    probe.get_remote_ip_and_port(peer, peer_port);
    return std::find(limits_.balancers.begin(), limits_.balancers.end(), peer) != limits_.balancers.end();
  }();
  connection_stream strm(sock, limits_.timeouts, [this, balancer] { return !balancer && admission_.pressure(); });
  serving_scope scope(strm);
  const std::chrono::milliseconds keep_alive{keep_alive_timeout_sec_ * 1000};
  bool ok = true;
  for (size_t served = 0; served < keep_alive_max_count_; ++served) {
    const bool first = served == 0;
    // An idle client gives its thread up soon when others wait for one.
    if (strm.wait_for_request(first ? limits_.first_request : keep_alive,
                              first ? limits_.idle_grace : limits_.keep_alive_grace) !=
        connection_stream::wait_result::ready)
      break;
    head_facts facts;
    head_refusal refusal;
    const auto got = strm.read_head(limits_.head, facts, refusal);
    if (got == connection_stream::head_result::refused) {
      answer_refusal(strm, refusal);
      break;
    }
    if (got != connection_stream::head_result::ok)
      break;  // too slow (or gone): close without an answer, as nginx does
    if (!method_served(facts.method)) {
      answer_refusal(strm, {501, "not_implemented", "the method is not implemented"});
      break;
    }
    strm.begin_body(facts.content_length ? *facts.content_length
                    : facts.chunked     ? limits_.head.max_body_bytes + chunk_framing_slack
                                        : 0,
                    facts.chunked);
    // A body that cpp-httplib will not read (GET, HEAD, OPTIONS), or a chunked one whose end
    // only its reader can prove: this request is the connection's last.
    const bool unread_body = facts.chunked || (facts.content_length && *facts.content_length > 0 &&
                                               !method_reads_body(facts.method));
    const bool last = served + 1 == keep_alive_max_count_ || facts.close || unread_body || stopping();
    bool closed = false;
    current_request().begin_request();
    ok = process_request(strm, last, closed, [](httplib::Request& req) { req.ranges.clear(); });
    // Drop what is left of a body that was refused (413) or never read (a body on GET), so the
    // answer is not lost to a reset. A read that failed (too slow, gone) ends the connection at
    // once, as before: lingering on a slow client would hold the thread for it.
    if (strm.over_budget() || (strm.body_unread() && !strm.spoiled())) {
      strm.linger();
      break;
    }
    if (!ok || closed || last || strm.spoiled())
      break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace http
