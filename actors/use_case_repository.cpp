#include "actors/use_case_repository.hpp"

namespace actors {

using storage::mongo_context;
using storage::use_case_store;

caf::behavior use_case_repository(caf::event_based_actor* self, mongo_route route) {
  return {
      [=](create_atom, const storage::new_use_case& u) {
        return mongo_call<storage::use_case>(self, route, [u](mongo_context& c) { return use_case_store(c).create(u); });
      },
      [=](get_atom, const std::string& id) {
        return mongo_call<storage::use_case>(self, route, [id](mongo_context& c) { return use_case_store(c).get(id); });
      },
      [=](update_atom, const std::string& id, const storage::use_case_patch& patch) {
        return mongo_call<storage::use_case>(self, route,
                                             [id, patch](mongo_context& c) { return use_case_store(c).update(id, patch); });
      },
      [=](delete_atom, const std::string& id) {
        return mongo_call_status(self, route, [id](mongo_context& c) { return use_case_store(c).remove(id); });
      },
      [=](list_atom, const use_case_list_query& q) {
        return mongo_call<storage::use_case_page>(self, route, [q](mongo_context& c) {
          return use_case_store(c).list(q.filter, q.after, q.limit);
        });
      },
      [=](near_atom, const near_query& q) {
        return mongo_call<std::vector<storage::use_case_hit>>(self, route, [q](mongo_context& c) {
          return use_case_store(c).near(q.lat, q.lng, q.radius_km, q.filter, q.limit);
        });
      },
  };
}

}  // namespace actors
