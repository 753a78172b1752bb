// Small helpers shared by the tests of http/parse/ (validation, validate_*, query_params):
// looking up field problems by field, and table-driven field cases.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "http/render/api_error.hpp"

namespace validation_test {

// The fields named in `problems`, in order.
inline std::vector<std::string> fields_of(const std::vector<http::field_problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems)
    out.push_back(p.field);
  return out;
}

// The problem recorded on `field`, or "" when there is none.
inline std::string problem_on(const std::vector<http::field_problem>& problems,
                              std::string_view field) {
  for (const auto& p : problems)
    if (p.field == field)
      return p.problem;
  return {};
}

// `unit` repeated `n` times.
inline std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out.append(unit);
  return out;
}

// One field of a body set to a value, and whether the body must then pass.
struct field_case {
  const char* what;
  std::string field;
  nlohmann::json value;
  bool ok;
};

// For each case: `base` with the field set, parsed by `parse`. A passing case has no problem;
// a failing one has at least one, and all of them on the field or on its items ("tags[1]",
// "location.lat").
template <class Parse>
void check_cases(const nlohmann::json& base, const std::vector<field_case>& cases, Parse parse) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      auto body = base;
      body[c.field] = c.value;
      const auto fields = fields_of(parse(body).problems);
      BOOST_TEST(fields.empty() == c.ok);
      for (const auto& f : fields)
        BOOST_TEST(f.rfind(c.field, 0) == 0u, f);
    }
  }
}

}  // namespace validation_test
