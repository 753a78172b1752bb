#include "actors/reply_repository.hpp"

#include <cstdint>

#include "actors/mongo_call.hpp"
#include "storage/mongodb/reply_store.hpp"

namespace actors {

using storage::mongo_context;

reply_repository_actor::behavior_type reply_repository(reply_repository_actor::pointer self, mongo_route route) {
  return {
      [=](create_atom, const new_reply& r) {
        return mongo_call<storage::reply>(self, route, [r](mongo_context& c) {
          return storage::create_reply(c, r.post_id, r.author_id, r.content);
        });
      },
      [=](get_atom, const std::string& id) {
        return mongo_call<storage::reply>(self, route, [id](mongo_context& c) { return storage::get_reply(c, id); });
      },
      [=](list_atom, const reply_list_query& q) {
        return mongo_call<storage::reply_page>(self, route,
                                               [q](mongo_context& c) { return storage::list_replies(c, q.post_id, q.after, q.limit); });
      },
      [=](upvote_atom, const std::string& id, const std::string& user_id) {
        return mongo_call<int64_t>(self, route,
                                   [id, user_id](mongo_context& c) { return storage::upvote_reply(c, id, user_id); });
      },
      [=](withdraw_atom, const std::string& id, const std::string& user_id) {
        return mongo_call<int64_t>(self, route,
                                   [id, user_id](mongo_context& c) { return storage::withdraw_upvote(c, id, user_id); });
      },
      [=](owner_atom, const std::string& id) {
        return mongo_call<storage::reply_owner>(self, route, [id](mongo_context& c) { return storage::get_reply_owner(c, id); });
      },
      [=](best_atom, const std::string& id) {
        return mongo_call<storage::reply>(self, route,
                                          [id](mongo_context& c) { return storage::mark_best_answer(c, id); });
      },
  };
}

}  // namespace actors
