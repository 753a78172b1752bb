#include "actors/password_hasher.hpp"

#include <algorithm>
#include <vector>

#include "actors/errors.hpp"
#include "storage/crypto/password.hpp"

namespace actors {

namespace {

// One hashing worker, with the front's interface. Detached: each call blocks its thread for tens
// of milliseconds.
password_hasher_actor::behavior_type hasher(password_hasher_actor::pointer) {
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

struct front_state {
  struct worker {
    password_hasher_actor handle;
    size_t jobs = 0;
  };
  std::vector<worker> workers;
  size_t pending = 0;
  size_t max_pending = 0;
};

using front_actor = password_hasher_actor::stateful_pointer<front_state>;

// Sends the job to the least busy worker and answers with its reply; `T` is the answer type.
template <class T, class... Ts>
caf::result<T> dispatch(front_actor self, Ts... msg) {
  auto& st = self->state;
  if (st.pending >= st.max_pending)
    return to_error(storage::status::overloaded("password hashing queue full"));
  auto it = std::min_element(st.workers.begin(), st.workers.end(),
                             [](const auto& a, const auto& b) { return a.jobs < b.jobs; });
  const auto index = static_cast<size_t>(it - st.workers.begin());
  ++st.pending;
  ++it->jobs;
  auto rp = self->make_response_promise<T>();
  auto done = [self, index] {
    --self->state.pending;
    --self->state.workers[index].jobs;
  };
  self->request(it->handle, caf::infinite, msg...)
      .then(
          [rp, done](T& value) mutable {
            done();
            rp.deliver(std::move(value));
          },
          [rp, done](caf::error& err) mutable {
            done();
            rp.deliver(std::move(err));
          });
  return rp;
}

password_hasher_actor::behavior_type front(front_actor self, hasher_settings s) {
  for (size_t i = 0; i < std::max<size_t>(1, s.workers); ++i)
    self->state.workers.push_back({self->spawn<caf::detached + caf::linked>(hasher), 0});
  self->state.max_pending = std::max(s.max_pending, self->state.workers.size());
  return {
      [self](hash_atom a, const std::string& password) { return dispatch<std::string>(self, a, password); },
      [self](verify_atom a, const std::string& hash, const std::string& password) {
        return dispatch<bool>(self, a, hash, password);
      },
      [self](verify_atom a, const std::string& password) { return dispatch<bool>(self, a, password); },
  };
}

}  // namespace

password_hasher_actor spawn_password_hasher(caf::actor_system& sys, hasher_settings s) {
  storage::dummy_verify("warm-up");  // computes the fixed hash now, not on the first login
  return sys.spawn(front, s);
}

}  // namespace actors
