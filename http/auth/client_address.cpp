#include "http/auth/client_address.hpp"

#include <algorithm>

#include "http/auth/login_throttle.hpp"
#include "http/transport/request_head.hpp"

namespace http {

namespace {

bool looks_like_ip(std::string_view s) {
  return !s.empty() && s.size() <= 45 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
  });
}

bool is_balancer(std::string_view address, const std::vector<std::string>& balancers) {
  return std::find(balancers.begin(), balancers.end(), address) != balancers.end();
}

}  // namespace

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& balancers) {
  std::string_view address = peer;
  if (is_balancer(peer, balancers)) {
    const auto comma = forwarded_for.rfind(',');
    const auto last = trim_ows(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    if (looks_like_ip(last))
      address = last;
  }
  if (is_balancer(address, balancers))
    return {};
  return std::string(address);
}

actors::hash_owner owner_by_email(std::string_view email, std::string address) {
  return {"email:" + login_throttle::normalise(email), std::move(address)};
}

actors::hash_owner owner_by_user(std::string_view user_id, std::string address) {
  return {"user:" + std::string(user_id), std::move(address)};
}

}  // namespace http
