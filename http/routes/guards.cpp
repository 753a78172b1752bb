#include "http/routes/guards.hpp"

#include "http/auth/client_address.hpp"

namespace http {

namespace {

std::string address_of(const exchange& ex) {
  const auto& req = ex.req();
  return client_address(req.remote_addr, req.get_header_value("X-Forwarded-For"), ex.ctx().settings.balancer_addresses);
}

}  // namespace

actors::hash_owner owner_by_email(const exchange& ex, std::string_view email) { return owner_by_email(email, address_of(ex)); }

actors::hash_owner owner_by_user(const exchange& ex, std::string_view user_id) { return owner_by_user(user_id, address_of(ex)); }

}  // namespace http
