// Users and the list of a user's sessions (CONTRACT.md, "Users, sessions, configuration"),
// stored in PostgreSQL. Choices where the contract is silent: docs/api.md.
#include <algorithm>
#include <tuple>

#include "actors/messages.hpp"
#include "actors/password_hasher.hpp"
#include "actors/session_repository.hpp"
#include "actors/user_repository.hpp"
#include "http/auth/client_address.hpp"
#include "http/auth/login_throttle.hpp"
#include "http/parse/query_params.hpp"
#include "http/parse/validate_users.hpp"
#include "http/render/render_mongo.hpp"
#include "http/render/render_pg.hpp"
#include "http/routes/guards.hpp"
#include "http/routes/routes.hpp"

namespace http {

namespace {

// A call on the user of the path's {id} that only that user or an admin may make.
struct user_call {
  principal who;
  std::string user_id;  // canonical, lower-case
};

// 401 without a valid token, 404 for a malformed id, 403 for another user who is no admin;
// nullopt after rendering that.
std::optional<user_call> self_or_admin(exchange& ex) {
  auto who = ex.authenticate();
  if (!who)
    return std::nullopt;
  auto id = uuid_param(ex, 1);
  if (!id || !allow_owner_or_admin(ex, *who, *id))
    return std::nullopt;
  return user_call{std::move(*who), std::move(*id)};
}

// The position of ?cursor= on a (time, id) list: true with `after` set (left empty without a
// cursor); false after a 400 for a cursor this server did not issue for `list`.
bool read_cursor(exchange& ex, time_list list, const std::optional<std::string>& text,
                 std::optional<time_cursor>& after) {
  if (!text)
    return true;
  after = ex.ctx().cursors.decode(list, *text);
  if (!after)
    ex.fail(invalid_cursor_error());
  return after.has_value();
}

// Argon2id on the hasher workers, counted against `owner`'s share; nullopt after rendering the
// error.
std::optional<std::string> hash_password(exchange& ex, const actors::hash_owner& owner, const std::string& password) {
  return ex.ask<std::string>(ex.ctx().actors.passwords, actors::hash_atom::value, owner, password);
}

void register_user(exchange& ex) {
  const auto body = ex.json_body();
  if (!body)
    return;
  const auto req = parse_registration(*body);
  if (!ex.check(req))
    return;
  const auto hash = hash_password(ex, owner_by_email(ex, req.value.email), req.value.password);
  if (!hash)
    return;
  const auto user = ex.ask<storage::user>(ex.ctx().actors.users, actors::create_atom::value,
                                          storage::new_user{req.value.email, *hash, req.value.full_name});
  if (!user)
    return;
  ex.header("Location", "/api/v1/users/" + user->id);
  ex.reply(201, user_json(*user));
}

void get_user(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto id = uuid_param(ex, 1);
  if (!id)
    return;
  if (const auto user = ex.ask<storage::user>(ex.ctx().actors.users, actors::get_atom::value, *id))
    ex.reply(200, user_json(*user));
}

void list_users(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who || !allow_admin(ex, *who))
    return;
  const auto q = parse_user_list_query(ex.req().params);
  if (!ex.check(q))
    return;
  std::optional<time_cursor> after;
  if (!read_cursor(ex, time_list::users, q.value.page.cursor, after))
    return;
  actors::user_list_query query{std::nullopt, q.value.page.limit, q.value.email};
  if (after)
    query.after = storage::user_cursor{after->time, after->id};
  const auto page = ex.ask<storage::user_page>(ex.ctx().actors.users, actors::list_atom::value, query);
  if (!page)
    return;
  std::optional<std::string> next;
  if (page->next)
    next = ex.ctx().cursors.encode(time_list::users, time_cursor{page->next->created_at_us, page->next->id});
  ex.reply(200, page_json(page->items, user_json, next));
}

// Changing one's own email or password first proves the current password, so that a stolen
// token alone cannot take the account over: missing, 422; wrong, 403. A wrong one counts as a
// failed login for the account's email, so guesses through PATCH are held (429) like guesses
// at login. True when the change may go on; false after rendering the error.
bool check_current_password(exchange& ex, const std::string& user_id, const std::optional<std::string>& current) {
  if (!current) {
    ex.fail(problems_to_error(problem_status::validation_failed,
                              {{"current_password", "is required to change your own email or password"}}));
    return false;
  }
  const auto user = ex.ask<storage::user>(ex.ctx().actors.users, actors::get_atom::value, user_id);
  if (!user)
    return false;
  // Admitted, the attempt counts as a failure until it succeeds; one that cannot be decided
  // (the hasher failed) is refunded.
  auto& logins = ex.ctx().logins;
  if (const int wait = logins.admit(user->email, login_throttle::clock::now()); wait > 0) {
    ex.fail({429, "overloaded", "too many wrong passwords for this account; retry later", {}, wait});
    return false;
  }
  const auto matches = ex.ask<bool>(ex.ctx().actors.passwords, actors::verify_atom::value, owner_by_user(ex, user_id),
                                    user->password_hash, *current);
  if (!matches) {
    logins.refund(user->email);
    return false;
  }
  if (!*matches) {
    ex.fail({403, "forbidden", "the current password is wrong", {}, 0});
    return false;
  }
  logins.succeeded(user->email);
  return true;
}

// Only an admin may change role and is_active, even to their current values. A deactivation
// or a change of role revokes every session of the user in the same statement as the change
// (storage/postgres/pg_queries.hpp, user_update); a new password revokes the user's other sessions
// (all of them when an admin sets it). The cached sessions are forgotten as well, so each
// holds at once on this instance. Users changing their own email or password give their
// current password; an admin changing another user does not.
void patch_user(exchange& ex) {
  const auto call = self_or_admin(ex);
  if (!call)
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  const auto req = parse_user_patch(*body);
  if (!ex.check(req))
    return;
  const auto& p = req.value;
  if (p.sets_privileged_fields() && !allow_admin(ex, call->who))
    return;
  if (is_self(call->who, call->user_id) && p.sets_credentials() &&
      !check_current_password(ex, call->user_id, p.current_password))
    return;
  storage::user_changes changes{p.full_name, p.email, std::nullopt, p.role, p.is_active};
  if (p.password) {
    changes.password_hash = hash_password(ex, owner_by_user(ex, call->who.user_id), *p.password);
    if (!changes.password_hash)
      return;
    // A new password ends every other session of the user (a stolen token stops working);
    // the caller's own survives when they change their own password.
    if (is_self(call->who, call->user_id))
      changes.keep_session_id = call->who.session_id;
  }
  const auto user = ex.ask<storage::user>(ex.ctx().actors.users, actors::update_atom::value, call->user_id, changes);
  if (!user)
    return;
  if (p.sets_privileged_fields() || p.password)
    ex.forget_user_sessions(user->id);
  ex.reply(200, user_json(*user));
}

// The user and its sessions go in PostgreSQL at once; the MongoDB profile follows (at once,
// or later when MongoDB is down): actors/profile_cleanup.hpp.
void delete_user(exchange& ex) {
  const auto call = self_or_admin(ex);
  if (!call || !ex.ask<actors::ok_atom>(ex.ctx().actors.cleanup, actors::delete_atom::value, call->user_id))
    return;
  ex.forget_user_sessions(call->user_id);
  ex.no_content();
}

// The store answers a user's active sessions newest first, at most 100; pages are cut from
// that answer by the same (created_at, id) keyset the other lists use.
std::vector<storage::session> page_of(const std::vector<storage::session>& all, const std::optional<time_cursor>& after,
                                      int limit, std::optional<time_cursor>& next) {
  auto first = all.begin();
  if (after)
    first = std::find_if(all.begin(), all.end(), [&](const storage::session& s) {
      return std::tie(s.created_at_us, s.id) < std::tie(after->time, after->id);
    });
  const auto count = std::min<std::ptrdiff_t>(limit, all.end() - first);
  std::vector<storage::session> page(first, first + count);
  if (first + count != all.end())
    next = time_cursor{page.back().created_at_us, page.back().id};
  return page;
}

void list_user_sessions(exchange& ex) {
  const auto call = self_or_admin(ex);
  if (!call)
    return;
  const auto q = parse_page_query(ex.req().params);
  if (!ex.check(q))
    return;
  // The store lists nothing for an unknown user; an admin asking about one gets a 404.
  if (!is_self(call->who, call->user_id) &&
      !ex.ask<storage::user>(ex.ctx().actors.users, actors::get_atom::value, call->user_id))
    return;
  std::optional<time_cursor> after;
  if (!read_cursor(ex, time_list::sessions, q.value.cursor, after))
    return;
  const auto all = ex.ask<std::vector<storage::session>>(ex.ctx().actors.sessions, actors::list_atom::value, call->user_id);
  if (!all)
    return;
  std::optional<time_cursor> next;
  const auto page = page_of(*all, after, q.value.limit, next);
  std::optional<std::string> next_text;
  if (next)
    next_text = ex.ctx().cursors.encode(time_list::sessions, *next);
  ex.reply(200, page_json(page, session_json, next_text));
}

}  // namespace

std::vector<route_spec> user_routes() {
  return {
      {"POST", "/api/v1/users", "register {email, password, full_name}; the email is trimmed and lower-cased",
       "none", register_user, 201},
      {"GET", "/api/v1/users", "list users, newest first; ?email= exact match, ?limit=, ?cursor=", "admin",
       list_users},
      {"GET", "/api/v1/users/{id}", "a user", "any user", get_user},
      {"PATCH", "/api/v1/users/{id}", "change {full_name?, email?, password?, current_password?}; one's own email or password needs "
       "current_password; role and is_active: admin only (either revokes the user's sessions)",
       "self or admin", patch_user},
      {"DELETE", "/api/v1/users/{id}", "delete a user, its sessions and its MongoDB profile", "self or admin",
       delete_user, 204},
      {"GET", "/api/v1/users/{id}/sessions", "the user's active sessions, newest first; ?limit=, ?cursor=",
       "self or admin", list_user_sessions},
  };
}

}  // namespace http
