#include "actors/profile_repository.hpp"

namespace actors {

using storage::mongo_context;
using storage::profile_store;

caf::behavior profile_repository(caf::event_based_actor* self, mongo_route route) {
  return {
      [=](upsert_atom, const storage::profile& p) {
        return mongo_call<storage::profile_upsert>(self, route,
                                                   [p](mongo_context& c) { return profile_store(c).upsert(p); });
      },
      [=](get_atom, const std::string& user_id) {
        return mongo_call<storage::profile>(self, route,
                                            [user_id](mongo_context& c) { return profile_store(c).get(user_id); });
      },
      [=](list_atom, const profile_list_query& q) {
        return mongo_call<storage::profile_page>(self, route, [q](mongo_context& c) {
          return profile_store(c).list(q.filter, q.after_user_id, q.limit);
        });
      },
      [=](delete_atom, const std::string& user_id) {
        return mongo_call_status(self, route, [user_id](mongo_context& c) { return profile_store(c).remove(user_id); });
      },
      [=](purge_atom, const std::string& user_id) {
        return mongo_call_status(self, route,
                                 [user_id](mongo_context& c) { return profile_store(c).remove_if_present(user_id); });
      },
  };
}

}  // namespace actors
