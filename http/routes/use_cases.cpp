// Industrial use cases (CONTRACT.md, "Profiles, forum, use cases"), stored in MongoDB and
// searchable by place. Every route needs a bearer token; reading is open to any user, writing
// to the submitter or an admin. Order of checks as in forum.cpp. Choices where the
// contract is silent: docs/api-mongodb.md.
#include "actors/messages.hpp"
#include "actors/use_case_repository.hpp"
#include "http/parse/query_params.hpp"
#include "http/parse/validate_use_cases.hpp"
#include "http/render/render_mongo.hpp"
#include "http/routes/guards.hpp"
#include "http/routes/owned_routes.hpp"
#include "http/routes/routes.hpp"

namespace http {

namespace {

const std::string use_cases_path = "/api/v1/use-cases";

// Who may change a use case: its submitter.
std::optional<std::string> use_case_submitter(exchange& ex, const std::string& id) {
  const auto current = ex.ask<storage::use_case>(ex.ctx().actors.use_cases, actors::get_atom::value, id);
  return current ? std::optional(current->submitted_by) : std::nullopt;
}

void create_use_case(exchange& ex) {
  create_owned<storage::use_case>(ex, ex.ctx().actors.use_cases, parse_use_case_create,
                                  &storage::new_use_case::submitted_by, use_case_json, use_cases_path);
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

void get_use_case(exchange& ex) { get_owned<storage::use_case>(ex, ex.ctx().actors.use_cases, use_case_json); }

void patch_use_case(exchange& ex) {
  patch_owned<storage::use_case>(ex, ex.ctx().actors.use_cases, use_case_submitter, parse_use_case_patch,
                                 use_case_json);
}

void delete_use_case(exchange& ex) { delete_owned(ex, ex.ctx().actors.use_cases, use_case_submitter); }

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
