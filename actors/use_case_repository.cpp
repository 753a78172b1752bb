#include "actors/use_case_repository.hpp"

#include "actors/mongo_call.hpp"
#include "storage/mongodb/use_case_store.hpp"

namespace actors {

using storage::mongo_context;

use_case_repository_actor::behavior_type use_case_repository(use_case_repository_actor::pointer self, mongo_route route) {
  return {
      [=](create_atom, const storage::new_use_case& u) {
        return mongo_call<storage::use_case>(self, route, [u](mongo_context& c) { return storage::create_use_case(c, u); });
      },
      [=](get_atom, const std::string& id) {
        return mongo_call<storage::use_case>(self, route, [id](mongo_context& c) { return storage::get_use_case(c, id); });
      },
      [=](update_atom, const std::string& id, const storage::use_case_patch& patch) {
        return mongo_call<storage::use_case>(self, route,
                                             [id, patch](mongo_context& c) { return storage::update_use_case(c, id, patch); });
      },
      [=](delete_atom, const std::string& id) {
        return mongo_call_status(self, route, [id](mongo_context& c) { return storage::delete_use_case(c, id); });
      },
      [=](list_atom, const use_case_list_query& q) {
        return mongo_call<storage::use_case_page>(self, route, [q](mongo_context& c) {
          return storage::list_use_cases(c, q.filter, q.after, q.limit);
        });
      },
      [=](near_atom, const near_query& q) {
        return mongo_call<std::vector<storage::use_case_hit>>(self, route, [q](mongo_context& c) {
          return storage::near_use_cases(c, q.lat, q.lng, q.radius_km, q.filter, q.limit);
        });
      },
  };
}

}  // namespace actors
