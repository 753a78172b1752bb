#include "http/parse/validate_use_cases.hpp"

namespace http {

checked<storage::new_use_case> parse_use_case_create(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  storage::new_use_case out;
  out.title = r.text("title", rules::title).value_or("");
  out.description = r.text("description", rules::long_text).value_or("");
  out.industry = r.text("industry", rules::category).value_or("");
  out.tags = r.text_list("tags", rules::tag, rules::max_tags, presence::optional)
                 .value_or(std::vector<std::string>{});
  out.location = read_location(r, "location").value_or(storage::location{});
  r.finish();
  return make_checked(std::move(out), problems);
}

checked<storage::use_case_patch> parse_use_case_patch(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  storage::use_case_patch out;
  out.title = r.text("title", rules::title, presence::optional);
  out.description = r.text("description", rules::long_text, presence::optional);
  out.industry = r.text("industry", rules::category, presence::optional);
  out.tags = r.text_list("tags", rules::tag, rules::max_tags, presence::optional);
  out.location = read_location(r, "location", presence::optional);
  r.finish();
  return make_checked(std::move(out), problems);
}

}  // namespace http
