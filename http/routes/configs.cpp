// System configuration entries (CONTRACT.md, "Users, sessions, configuration"): admin only,
// keys ^[a-z0-9_.-]{1,64}$, values any JSON, stored in PostgreSQL as jsonb. Choices where the
// contract is silent: docs/api.md.
#include "actors/config_repository.hpp"
#include "actors/messages.hpp"
#include "http/parse/query_params.hpp"
#include "http/parse/validate_users.hpp"
#include "http/render/render_mongo.hpp"
#include "http/render/render_pg.hpp"
#include "http/routes/guards.hpp"
#include "http/routes/routes.hpp"

namespace http {

namespace {

// 401 without a valid token, 403 for a caller who is no admin; false after rendering that.
bool admin(exchange& ex) {
  const auto who = ex.authenticate();
  return who && allow_admin(ex, *who);
}

// The admin's {key}: nullopt after a 401, a 403, or a 404 for a key that breaks the key rule
// (such an entry cannot exist, and a path that names nothing is a 404).
std::optional<std::string> admin_key(exchange& ex) {
  if (!admin(ex))
    return std::nullopt;
  auto key = ex.path_param(1);
  if (!is_config_key(key)) {
    ex.not_found();
    return std::nullopt;
  }
  return key;
}

void list_configs(exchange& ex) {
  if (!admin(ex))
    return;
  const auto q = parse_page_query(ex.req().params);
  if (!ex.check(q))
    return;
  actors::config_list_query query{std::nullopt, q.value.limit};
  if (q.value.cursor) {
    query.after = ex.ctx().cursors.decode(key_list::configs, *q.value.cursor);
    if (!query.after)
      return ex.fail(invalid_cursor_error());
  }
  const auto page = ex.ask<storage::config_page>(ex.ctx().actors.configs, actors::list_atom::value, query);
  if (!page)
    return;
  std::optional<std::string> next;
  if (page->next_after)
    next = ex.ctx().cursors.encode(key_list::configs, *page->next_after);
  ex.reply(200, page_json(page->items, config_json, next));
}

void get_config(exchange& ex) {
  const auto key = admin_key(ex);
  if (!key)
    return;
  if (const auto entry = ex.ask<storage::config_entry>(ex.ctx().actors.configs, actors::get_atom::value, *key))
    ex.reply(200, config_json(*entry));
}

// 201 when the key is new, 200 when its value was replaced. A description that is absent or
// null keeps the current one (none for a new key).
void put_config(exchange& ex) {
  const auto key = admin_key(ex);
  if (!key)
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  const auto req = parse_config_put(*body);
  if (!ex.check(req))
    return;
  const auto out = ex.ask<storage::config_upsert_result>(
      ex.ctx().actors.configs, actors::upsert_atom::value,
      actors::config_put{*key, req.value.value.dump(), req.value.description});
  if (out)
    ex.reply(out->created ? 201 : 200, config_json(out->entry));
}

void delete_config(exchange& ex) {
  const auto key = admin_key(ex);
  if (key && ex.ask<actors::ok_atom>(ex.ctx().actors.configs, actors::delete_atom::value, *key))
    ex.no_content();
}

}  // namespace

std::vector<route_spec> config_routes() {
  return {
      {"GET", "/api/v1/configs", "list configuration entries ordered by key; ?limit=, ?cursor=", "admin",
       list_configs},
      {"GET", "/api/v1/configs/{key}", "one entry {key, value, description, created_at, updated_at}", "admin",
       get_config},
      {"PUT", "/api/v1/configs/{key}", "create or replace {value, description?}; 201 when created, 200 when replaced",
       "admin", put_config},
      {"DELETE", "/api/v1/configs/{key}", "delete an entry", "admin", delete_config, 204},
  };
}

}  // namespace http
