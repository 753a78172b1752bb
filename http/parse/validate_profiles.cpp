#include "http/parse/validate_profiles.hpp"

namespace http {

namespace {

constexpr text_rule display_name_rule{.min_chars = 1, .max_chars = 100};
constexpr text_rule expertise_rule{.min_chars = 1, .max_chars = 50};
constexpr std::size_t max_expertise = 20;
constexpr text_rule bio_rule{.min_chars = 0, .max_chars = 2000, .chars = charset::multiline};

}  // namespace

checked<storage::profile> parse_profile_put(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  storage::profile out;
  out.display_name = r.text("display_name", display_name_rule).value_or("");
  out.industry = r.text("industry", rules::category).value_or("");
  out.location = read_location(r, "location", presence::nullable);
  out.expertise = r.text_list("expertise", expertise_rule, max_expertise, presence::optional)
                      .value_or(std::vector<std::string>{});
  out.bio = r.text("bio", bio_rule, presence::nullable);
  r.finish();
  return make_checked(std::move(out), problems);
}

}  // namespace http
