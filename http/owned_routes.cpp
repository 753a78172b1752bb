#include "http/owned_routes.hpp"

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

void delete_owned(exchange& ex, const caf::actor& repo, const owner_lookup& owner_of) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto id = writable_id(ex, *who, owner_of);
  if (id && ex.ask<actors::ok_atom>(repo, actors::delete_atom::value, *id))
    ex.no_content();
}

}  // namespace http
