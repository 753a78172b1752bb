#include "actors/post_repository.hpp"

namespace actors {

using storage::mongo_context;
using storage::post_store;

caf::behavior post_repository(caf::event_based_actor* self, mongo_route route) {
  return {
      [=](create_atom, const storage::new_post& p) {
        return mongo_call<storage::post>(self, route, [p](mongo_context& c) { return post_store(c).create(p); });
      },
      [=](get_atom, const std::string& id) {
        return mongo_call<storage::post>(self, route, [id](mongo_context& c) { return post_store(c).get(id); });
      },
      [=](list_atom, const post_list_query& q) {
        return mongo_call<storage::post_page>(self, route,
                                              [q](mongo_context& c) { return post_store(c).list(q.filter, q.after, q.limit); });
      },
      [=](update_atom, const std::string& id, const storage::post_patch& patch) {
        return mongo_call<storage::post>(self, route,
                                         [id, patch](mongo_context& c) { return post_store(c).update(id, patch); });
      },
      [=](delete_atom, const std::string& id) {
        return mongo_call_status(self, route, [id](mongo_context& c) { return post_store(c).remove(id); });
      },
      [=](owner_atom, const std::string& id) {
        return mongo_call<std::string>(self, route, [id](mongo_context& c) { return post_store(c).author_of(id); });
      },
  };
}

}  // namespace actors
