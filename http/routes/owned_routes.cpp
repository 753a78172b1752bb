#include "http/routes/owned_routes.hpp"

namespace http {

std::optional<std::string> writable_id(exchange& ex, const principal& who, const owner_lookup& owner_of) {
  auto id = object_id_param(ex, 1);
  if (!id)
    return std::nullopt;
  const auto owner = owner_of(ex, *id);
  if (!owner || !allow_owner_or_admin(ex, who, *owner))
    return std::nullopt;
  return id;
}

}  // namespace http
