// Member profiles (CONTRACT.md, "Profiles, forum, use cases"): one per user, keyed by the
// PostgreSQL user's id, stored in MongoDB. Every route needs a bearer token; only the user
// itself writes its profile. Choices where the contract is silent: docs/api-mongodb.md.
#include "actors/messages.hpp"
#include "actors/profile_repository.hpp"
#include "http/parse/query_params.hpp"
#include "http/parse/validate_profiles.hpp"
#include "http/render/render_mongo.hpp"
#include "http/routes/guards.hpp"
#include "http/routes/routes.hpp"

namespace http {

namespace {

// PUT /api/v1/users/{id}/profile: 201 when the profile was created, 200 when replaced.
void put_profile(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto user_id = uuid_param(ex, 1);
  if (!user_id || !allow_self(ex, *who, *user_id))
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  auto req = parse_profile_put(*body);
  if (!ex.check(req))
    return;
  req.value.user_id = *user_id;
  const auto out =
      ex.ask<storage::profile_upsert>(ex.ctx().actors.profiles, actors::upsert_atom::value, std::move(req.value));
  if (!out)
    return;
  if (out->created)
    ex.header("Location", "/api/v1/users/" + *user_id + "/profile");
  ex.reply(out->created ? 201 : 200, profile_json(out->stored));
}

void get_profile(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto user_id = uuid_param(ex, 1);
  if (!user_id)
    return;
  if (const auto p = ex.ask<storage::profile>(ex.ctx().actors.profiles, actors::get_atom::value, *user_id))
    ex.reply(200, profile_json(*p));
}

// GET /api/v1/profiles: ordered by user_id (a stable key; profiles have no "newest first").
void list_profiles(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto q = parse_profile_list_query(ex.req().params);
  if (!ex.check(q))
    return;
  actors::profile_list_query query{{q.value.industry, q.value.expertise}, std::nullopt, q.value.page.limit};
  const auto& cursors = ex.ctx().cursors;
  if (q.value.page.cursor && !(query.after_user_id = cursors.decode(key_list::profiles, *q.value.page.cursor)))
    return ex.fail(invalid_cursor_error());
  const auto page = ex.ask<storage::profile_page>(ex.ctx().actors.profiles, actors::list_atom::value, query);
  if (!page)
    return;
  std::optional<std::string> next;
  if (page->next_after)
    next = cursors.encode(key_list::profiles, *page->next_after);
  ex.reply(200, page_json(page->items, profile_json, next));
}

}  // namespace

std::vector<route_spec> profile_routes() {
  return {
      {"PUT", "/api/v1/users/{id}/profile",
       "create or replace the user's profile {display_name, industry, location?, expertise[], bio?}; "
       "201 when created, 200 when replaced",
       "self", put_profile},
      {"GET", "/api/v1/users/{id}/profile", "the user's profile", "any user", get_profile},
      {"GET", "/api/v1/profiles", "profiles by user id; ?industry=&expertise=&limit=&cursor=", "any user",
       list_profiles},
  };
}

}  // namespace http
