#include "actors/profile_repository.hpp"

#include "actors/mongo_call.hpp"
#include "storage/mongodb/profile_store.hpp"

namespace actors {

using storage::mongo_context;

profile_repository_actor::behavior_type profile_repository(profile_repository_actor::pointer self, mongo_route route) {
  return {
      [=](upsert_atom, const storage::profile& p) {
        return mongo_call<storage::profile_upsert>(self, route,
                                                   [p](mongo_context& c) { return storage::upsert_profile(c, p); });
      },
      [=](get_atom, const std::string& user_id) {
        return mongo_call<storage::profile>(self, route,
                                            [user_id](mongo_context& c) { return storage::get_profile(c, user_id); });
      },
      [=](list_atom, const profile_list_query& q) {
        return mongo_call<storage::profile_page>(self, route, [q](mongo_context& c) {
          return storage::list_profiles(c, q.filter, q.after_user_id, q.limit);
        });
      },
      [=](delete_atom, const std::string& user_id) {
        return mongo_call_status(self, route, [user_id](mongo_context& c) { return storage::delete_profile(c, user_id); });
      },
      [=](purge_atom, const std::string& user_id) {
        return mongo_call_status(self, route,
                                 [user_id](mongo_context& c) { return storage::delete_profile_if_present(c, user_id); });
      },
  };
}

}  // namespace actors
