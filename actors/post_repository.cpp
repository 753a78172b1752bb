#include "actors/post_repository.hpp"

#include "actors/mongo_call.hpp"
#include "storage/mongodb/post_store.hpp"

namespace actors {

using storage::mongo_context;

post_repository_actor::behavior_type post_repository(post_repository_actor::pointer self, mongo_route route) {
  return {
      [=](create_atom, const storage::new_post& p) {
        return mongo_call<storage::post>(self, route, [p](mongo_context& c) { return storage::create_post(c, p); });
      },
      [=](get_atom, const std::string& id) {
        return mongo_call<storage::post>(self, route, [id](mongo_context& c) { return storage::get_post(c, id); });
      },
      [=](list_atom, const post_list_query& q) {
        return mongo_call<storage::post_page>(self, route,
                                              [q](mongo_context& c) { return storage::list_posts(c, q.filter, q.after, q.limit); });
      },
      [=](update_atom, const std::string& id, const storage::post_patch& patch) {
        return mongo_call<storage::post>(self, route,
                                         [id, patch](mongo_context& c) { return storage::update_post(c, id, patch); });
      },
      [=](delete_atom, const std::string& id) {
        return mongo_call_status(self, route, [id](mongo_context& c) { return storage::delete_post(c, id); });
      },
      [=](owner_atom, const std::string& id) {
        return mongo_call<std::string>(self, route, [id](mongo_context& c) { return storage::get_post_author(c, id); });
      },
  };
}

}  // namespace actors
