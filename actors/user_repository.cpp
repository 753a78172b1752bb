#include "actors/user_repository.hpp"

#include "actors/pg_call.hpp"
#include "storage/postgres/user_store.hpp"

namespace actors {

using storage::pg_connection;

user_repository_actor::behavior_type user_repository(user_repository_actor::pointer self, pg_route route) {
  return {
      [=](create_atom, const storage::new_user& u) {
        return pg_call<storage::user>(self, route, false, [u](pg_connection& c) { return storage::create_user(c, u); });
      },
      [=](get_atom, const std::string& id) {
        return pg_call<storage::user>(self, route, true, [id](pg_connection& c) { return storage::get_user_by_id(c, id); });
      },
      [=](by_email_atom, const std::string& email) {
        return pg_call<storage::user>(self, route, true,
                                      [email](pg_connection& c) { return storage::get_user_by_email(c, email); });
      },
      [=](list_atom, const user_list_query& q) {
        return pg_call<storage::user_page>(self, route, true, [q](pg_connection& c) {
          return storage::list_users(c, q.after, q.limit, q.email);
        });
      },
      [=](update_atom, const std::string& id, const storage::user_changes& ch) {
        return pg_call<storage::user>(self, route, false,
                                      [id, ch](pg_connection& c) { return storage::update_user(c, id, ch); });
      },
      [=](delete_atom, const std::string& id) {
        return pg_call_status(self, route, false, [id](pg_connection& c) { return storage::delete_user(c, id); });
      },
  };
}

}  // namespace actors
