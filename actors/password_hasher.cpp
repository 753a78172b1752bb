#include "actors/password_hasher.hpp"

#include <algorithm>
#include <vector>

#include "actors/errors.hpp"
#include "actors/hash_books.hpp"
#include "storage/crypto/password.hpp"

namespace actors {

namespace {

// A worker's interface: the front's, without the owner (the front has already counted it).
using hash_worker_actor = caf::typed_actor<
    caf::replies_to<hash_atom, std::string>::with<std::string>,
    caf::replies_to<verify_atom, std::string, std::string>::with<bool>,
    caf::replies_to<verify_atom, std::string>::with<bool>>;

// One hashing worker. Detached: each call blocks its thread for tens of milliseconds.
hash_worker_actor::behavior_type hasher(hash_worker_actor::pointer) {
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
  hash_books books{hash_books::limits{}};  // set by front()
  std::vector<hash_worker_actor> workers;
};

using front_actor = password_hasher_actor::stateful_pointer<front_state>;

hash_worker_actor spawn_worker(front_actor self) { return self->spawn<caf::detached + caf::linked>(hasher); }

// Admits the job for `owner`, sends it to the worker the books chose and answers with its reply;
// `T` is the answer type. Refused at once (overloaded) when the owner's share or the queue is full.
template <class T, class... Ts>
caf::result<T> dispatch(front_actor self, const hash_owner& owner, Ts... msg) {
  auto& st = self->state;
  const auto a = st.books.admit(owner);
  if (a.outcome == hash_books::verdict::key_full)
    return to_error(storage::status::overloaded("password hashing: this account or address has its share in flight"));
  if (a.outcome == hash_books::verdict::queue_full)
    return to_error(storage::status::overloaded("password hashing queue full"));
  auto rp = self->make_response_promise<T>();
  const auto id = a.id;
  self->request(st.workers[a.worker], caf::infinite, msg...)
      .then(
          [self, rp, id](T& value) mutable {
            self->state.books.release(id);
            rp.deliver(std::move(value));
          },
          [self, rp, id](caf::error& err) mutable {
            self->state.books.release(id);  // a no-op when worker_down ended it already
            rp.deliver(std::move(err));
          });
  return rp;
}

password_hasher_actor::behavior_type front(front_actor self, hasher_settings s) {
  self->state.books = hash_books({s.workers, s.max_pending, s.max_per_client});
  for (size_t i = 0; i < self->state.books.effective().workers; ++i)
    self->state.workers.push_back(spawn_worker(self));
  // A worker that dies ends its jobs in the books (its callers get the error of their request)
  // and is replaced; an exit from anywhere else ends the front, and the links take the workers.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    auto& st = self->state;
    for (size_t i = 0; i < st.workers.size(); ++i)
      if (st.workers[i].address() == msg.source) {
        st.books.worker_down(i);
        st.workers[i] = spawn_worker(self);
        return;
      }
    self->quit(msg.reason);
  });
  return {
      [self](hash_atom a, const hash_owner& owner, const std::string& password) {
        return dispatch<std::string>(self, owner, a, password);
      },
      [self](verify_atom a, const hash_owner& owner, const std::string& hash, const std::string& password) {
        return dispatch<bool>(self, owner, a, hash, password);
      },
      [self](verify_atom a, const hash_owner& owner, const std::string& password) {
        return dispatch<bool>(self, owner, a, password);
      },
  };
}

}  // namespace

password_hasher_actor spawn_password_hasher(caf::actor_system& sys, hasher_settings s) {
  storage::dummy_verify("warm-up");  // computes the fixed hash now, not on the first login
  return sys.spawn(front, s);
}

}  // namespace actors
