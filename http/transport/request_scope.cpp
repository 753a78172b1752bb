#include "http/transport/request_scope.hpp"

#include "http/transport/connection_stream.hpp"

namespace http {

bool request_scope::must_close() const { return connection && (connection->body_unread() || connection->spoiled()); }

bool request_scope::over_budget() const { return connection && connection->over_budget(); }

request_scope& current_request() {
  thread_local request_scope scope;
  return scope;
}

}  // namespace http
