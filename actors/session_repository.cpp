#include "actors/session_repository.hpp"

#include "actors/pg_call.hpp"
#include "storage/postgres/session_store.hpp"

namespace actors {

using storage::pg_connection;

session_repository_actor::behavior_type session_repository(session_repository_actor::pointer self, pg_route route) {
  return {
      [=](create_atom, const std::string& user_id, const std::string& token_hash, int64_t expires_at_us) {
        return pg_call<storage::session>(self, route, false, [=](pg_connection& c) {
          return storage::create_session(c, user_id, token_hash, expires_at_us);
        });
      },
      [=](find_atom, const std::string& token_hash) {
        return pg_call<storage::session>(self, route, true, [token_hash](pg_connection& c) {
          return storage::find_session_by_token_hash(c, token_hash);
        });
      },
      [=](list_atom, const std::string& user_id) {
        return pg_call<std::vector<storage::session>>(self, route, true, [user_id](pg_connection& c) {
          return storage::list_active_sessions(c, user_id);
        });
      },
      [=](revoke_atom, const std::string& session_id) {
        return pg_call_status(self, route, false,
                              [session_id](pg_connection& c) { return storage::revoke_session(c, session_id); });
      },
      [=](purge_atom) {
        return pg_call<int64_t>(self, route, true, [](pg_connection& c) { return storage::purge_expired_sessions(c); });
      },
  };
}

}  // namespace actors
