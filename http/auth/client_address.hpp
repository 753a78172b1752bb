// Who a request is for, as far as fair shares of password work go (actors::hash_owner).
//
// The client's address: a request from a balancer (http.balancer_addresses: the edge) carries
// the address the edge saw in X-Forwarded-For (the edge sets it to $remote_addr, replacing
// whatever the client sent: config/edge/proxy.conf); its last entry is taken. From anyone else
// the peer's own address is the client's, and X-Forwarded-For is ignored (a client cannot pick
// its own share). An address that is itself a balancer's (a balancer's request without
// X-Forwarded-For: probes, the local benchmark and tools) is no client: it counts for nothing,
// like the edge's trusted addresses (docs/edge.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actors/hash_owner.hpp"

namespace http {

// `peer`: the connection's remote address; `forwarded_for`: the X-Forwarded-For header (empty
// when absent). Empty when the address counts for nothing. A forwarded entry that is not an IP
// address (only hex digits, '.' and ':', at most 45 characters) is ignored in favour of the peer.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& balancers);

// The owner of a password job: an account and the client address. A login or a registration
// is counted under the email it names ("email:" + normalised, as the login throttle keys it),
// an authenticated caller's work under their user id ("user:" + id).
actors::hash_owner owner_by_email(std::string_view email, std::string address);
actors::hash_owner owner_by_user(std::string_view user_id, std::string address);

}  // namespace http
