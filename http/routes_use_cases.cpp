// Industrial use cases (CONTRACT.md, "Profiles, forum, use cases"), stored in MongoDB and
// searchable by place. Every route needs a bearer token; reading is open to any user, writing
// to the submitter or an admin. Order of checks as in routes_forum.cpp. Choices where the
// contract is silent: docs/api-mongodb.md.
#include "actors/messages.hpp"
#include "actors/use_case_repository.hpp"
#include "http/access.hpp"
#include "http/query_params.hpp"
#include "http/render_mongo.hpp"
#include "http/routes.hpp"
#include "http/validate_use_cases.hpp"

namespace http {

namespace {

const std::string use_cases_path = "/api/v1/use-cases";

storage::new_use_case to_new_use_case(std::string submitted_by, use_case_create_request r) {
  return {std::move(submitted_by), std::move(r.title), std::move(r.description), std::move(r.industry),
          std::move(r.tags),       std::move(r.location)};
}

storage::use_case_patch to_patch(use_case_patch_request r) {
  return {std::move(r.title), std::move(r.description), std::move(r.industry), std::move(r.tags),
          std::move(r.location)};
}

// The use case {id} of the path when the caller may change it (its submitter or an admin);
// nullopt after a 404 (malformed or missing) or a 403.
std::optional<std::string> writable_use_case(exchange& ex, const principal& who) {
  auto id = object_id_param(ex, 1);
  if (!id)
    return std::nullopt;
  const auto current = ex.ask<storage::use_case>(ex.ctx().actors.use_cases, actors::get_atom::value, *id);
  if (!current || !allow_owner_or_admin(ex, who, current->submitted_by))
    return std::nullopt;
  return id;
}

void create_use_case(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  auto req = parse_use_case_create(*body);
  if (!ex.check(req))
    return;
  const auto created = ex.ask<storage::use_case>(ex.ctx().actors.use_cases, actors::create_atom::value,
                                                 to_new_use_case(who->user_id, std::move(req.value)));
  if (!created)
    return;
  ex.header("Location", use_cases_path + "/" + created->id);
  ex.reply(201, use_case_json(*created));
}

// With ?near= the matches within radius_km come nearest first, each with distance_km, as one
// page of at most `limit` (next_cursor is always null, and a cursor is refused); without it,
// newest first with keyset cursors.
void list_use_cases(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto q = parse_use_case_list_query(ex.req().params);
  if (!ex.check(q))
    return;
  const auto& v = q.value;
  const storage::use_case_filter filter{v.industry, v.tag};
  const auto& repo = ex.ctx().actors.use_cases;
  if (v.near) {
    if (v.page.cursor)
      return ex.fail(problems_to_error(problem_status::bad_request, {{"cursor", "is not supported with near"}}));
    const actors::near_query query{v.near->lat, v.near->lng, v.near->radius_km, filter, v.page.limit};
    if (const auto hits = ex.ask<std::vector<storage::use_case_hit>>(repo, actors::near_atom::value, query))
      ex.reply(200, page_json(*hits, use_case_hit_json, std::nullopt));
    return;
  }
  actors::use_case_list_query query{filter, std::nullopt, v.page.limit};
  const auto& cursors = ex.ctx().cursors;
  if (v.page.cursor &&
      !(query.after = decode_time_cursor<storage::use_case_cursor>(cursors, time_list::use_cases, *v.page.cursor)))
    return ex.fail(invalid_cursor_error());
  if (const auto page = ex.ask<storage::use_case_page>(repo, actors::list_atom::value, query))
    ex.reply(200, page_json(page->items, use_case_json, encode_time_cursor(cursors, time_list::use_cases, page->next)));
}

void get_use_case(exchange& ex) {
  if (!ex.authenticate())
    return;
  const auto id = object_id_param(ex, 1);
  if (!id)
    return;
  if (const auto found = ex.ask<storage::use_case>(ex.ctx().actors.use_cases, actors::get_atom::value, *id))
    ex.reply(200, use_case_json(*found));
}

void patch_use_case(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto id = writable_use_case(ex, *who);
  if (!id)
    return;
  const auto body = ex.json_body();
  if (!body)
    return;
  auto req = parse_use_case_patch(*body);
  if (!ex.check(req))
    return;
  const auto updated = ex.ask<storage::use_case>(ex.ctx().actors.use_cases, actors::update_atom::value, *id,
                                                 to_patch(std::move(req.value)));
  if (updated)
    ex.reply(200, use_case_json(*updated));
}

void delete_use_case(exchange& ex) {
  const auto who = ex.authenticate();
  if (!who)
    return;
  const auto id = writable_use_case(ex, *who);
  if (id && ex.ask<actors::ok_atom>(ex.ctx().actors.use_cases, actors::delete_atom::value, *id))
    ex.no_content();
}

}  // namespace

std::vector<route_spec> use_case_routes() {
  return {
      {"POST", use_cases_path,
       "submit a use case {title, description, industry, tags[], location: {lat, lng, city?, country?}}",
       "any user", create_use_case, 201},
      {"GET", use_cases_path,
       "use cases, newest first; ?industry=&tag=&limit=&cursor=; with ?near=LAT,LNG&radius_km= (default 50) "
       "nearest first with distance_km, one page",
       "any user", list_use_cases},
      {"GET", "/api/v1/use-cases/{id}", "one use case", "any user", get_use_case},
      {"PATCH", "/api/v1/use-cases/{id}",
       "change a use case {title?, description?, industry?, tags?, location?}", "owner or admin", patch_use_case},
      {"DELETE", "/api/v1/use-cases/{id}", "delete a use case", "owner or admin", delete_use_case, 204},
  };
}

}  // namespace http
