#include "actors/password_hasher.hpp"

#include "actors/errors.hpp"
#include "storage/password.hpp"

namespace actors {

namespace {

// One hashing worker. Detached: each call blocks its thread for tens of milliseconds.
caf::behavior hasher(caf::event_based_actor*) {
  return {
      [](hash_atom, const std::string& password) -> caf::result<std::string> {
        auto h = storage::hash_password(password);
        if (!h.is_ok())
          return to_error(h.get_status());
        return h.value();
      },
      [](verify_atom, const std::string& hash, const std::string& password) {
        return storage::verify_password(hash, password);
      },
      [](verify_atom, const std::string& password) {
        storage::dummy_verify(password);
        return false;
      },
  };
}

}  // namespace

caf::actor spawn_password_hasher(caf::actor_system& sys, size_t workers) {
  storage::dummy_verify("warm-up");  // computes the fixed hash now, not on the first login
  return caf::actor_pool::make(
      sys.dummy_execution_unit(), workers, [&sys] { return sys.spawn<caf::detached>(hasher); },
      caf::actor_pool::round_robin());
}

}  // namespace actors
