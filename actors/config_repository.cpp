#include "actors/config_repository.hpp"

#include "actors/pg_call.hpp"
#include "storage/postgres/config_store.hpp"

namespace actors {

using storage::pg_connection;

config_repository_actor::behavior_type config_repository(config_repository_actor::pointer self, pg_route route) {
  return {
      [=](get_atom, const std::string& key) {
        return pg_call<storage::config_entry>(self, route, true,
                                              [key](pg_connection& c) { return storage::get_config(c, key); });
      },
      [=](list_atom, const config_list_query& q) {
        return pg_call<storage::config_page>(self, route, true,
                                             [q](pg_connection& c) { return storage::list_configs(c, q.after, q.limit); });
      },
      [=](upsert_atom, const config_put& p) {
        return pg_call<storage::config_upsert_result>(self, route, false, [p](pg_connection& c) {
          return storage::upsert_config(c, p.key, p.value_json, p.description);
        });
      },
      [=](delete_atom, const std::string& key) {
        return pg_call_status(self, route, false, [key](pg_connection& c) { return storage::delete_config(c, key); });
      },
  };
}

}  // namespace actors
