#include "actors/reply_repository.hpp"

#include <cstdint>

namespace actors {

using storage::mongo_context;
using storage::reply_store;

caf::behavior reply_repository(caf::event_based_actor* self, mongo_route route) {
  return {
      [=](create_atom, const new_reply& r) {
        return mongo_call<storage::reply>(self, route, [r](mongo_context& c) {
          return reply_store(c).create(r.post_id, r.author_id, r.content);
        });
      },
      [=](get_atom, const std::string& id) {
        return mongo_call<storage::reply>(self, route, [id](mongo_context& c) { return reply_store(c).get(id); });
      },
      [=](list_atom, const reply_list_query& q) {
        return mongo_call<storage::reply_page>(self, route,
                                               [q](mongo_context& c) { return reply_store(c).list(q.post_id, q.after, q.limit); });
      },
      [=](upvote_atom, const std::string& id, const std::string& user_id) {
        return mongo_call<int64_t>(self, route,
                                   [id, user_id](mongo_context& c) { return reply_store(c).upvote(id, user_id); });
      },
      [=](withdraw_atom, const std::string& id, const std::string& user_id) {
        return mongo_call<int64_t>(self, route,
                                   [id, user_id](mongo_context& c) { return reply_store(c).withdraw_upvote(id, user_id); });
      },
      [=](owner_atom, const std::string& id) {
        return mongo_call<storage::reply_owner>(self, route, [id](mongo_context& c) { return reply_store(c).owner_of(id); });
      },
      [=](best_atom, const std::string& id) {
        return mongo_call<storage::reply>(self, route,
                                          [id](mongo_context& c) { return reply_store(c).mark_best_answer(id); });
      },
  };
}

}  // namespace actors
