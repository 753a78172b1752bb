// The machinery of request validation: a list of field problems, a result type that says
// whether they make a 400 or a 422, and a reader that takes one JSON object apart field by
// field, recording every broken field instead of stopping at the first. The per-resource
// parsers (validate_users.hpp, validate_forum.hpp, validate_profiles.hpp,
// validate_use_cases.hpp, query_params.hpp) are built from it. Pure; thread-compatible.
//
// Field paths in problems: "title", "location.lat", "tags[2]"; "" is the body itself.
// No client-sent key ever becomes a field name downstream: every object is read by name, and
// members nobody asked for are reported, operator-like keys ("$gt", "a.b") with a problem of
// their own. A value of the wrong JSON type (an object where a string belongs, a numeric
// string where a number belongs) is a problem, never coerced.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/parse/validate_text.hpp"
#include "http/render/api_error.hpp"
#include "storage/model/geo.hpp"

namespace http {

// Which answer the problems deserve: the contract's 400 bad_request for query strings, 422
// validation_failed for well-formed bodies that break a rule.
enum class problem_status { bad_request = 400, validation_failed = 422 };

// The contract's error for `problems` (details lists them all).
api_error problems_to_error(problem_status status, std::vector<field_problem> problems);

// A parsed value, or the problems that kept it from being one.
template <class T>
struct checked {
  T value{};  // meaningful only when ok()
  std::vector<field_problem> problems;
  problem_status status = problem_status::validation_failed;

  bool ok() const { return problems.empty(); }
  api_error error() const { return problems_to_error(status, problems); }
};

// Collects problems. Field paths are passed through printable(), so client-sent names are
// echoed safely. After max_reported problems one more entry (field "") says that the rest were
// left out, which bounds the error body whatever the request holds.
class problem_list {
public:
  static constexpr std::size_t max_reported = 100;

  void add(std::string_view field, std::string_view problem);
  // Every add() so far, including those left out of the list.
  std::size_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::vector<field_problem> take() { return std::move(problems_); }

private:
  std::vector<field_problem> problems_;
  std::size_t count_ = 0;
};

// `value` with the problems collected for it (moved out of `problems`).
template <class T>
checked<T> make_checked(T value, problem_list& problems,
                        problem_status status = problem_status::validation_failed) {
  return {std::move(value), problems.take(), status};
}

// How a member may appear.
enum class presence {
  required,  // absent: "is required"; null: a type problem
  optional,  // absent: fine; null: a type problem (PATCH: null never clears a required field)
  nullable,  // absent or null: fine, both read as absent
};

// Reads the members of one JSON object by name. Every read (text, one_of, boolean, number,
// text_list, any) marks its name as known; finish() reports each member that was never asked
// for. Each read returns nullopt when the member is absent or broken (a problem is recorded
// then), so callers just keep going.
class object_reader {
public:
  // `path` names the object in problems ("" for the body). A non-object records
  // "must be a JSON object" on `path`; every read then returns nullopt.
  object_reader(const nlohmann::json& object, std::string path, problem_list& problems);
  object_reader(const object_reader&) = delete;
  object_reader& operator=(const object_reader&) = delete;
  ~object_reader();

  std::optional<std::string> text(std::string_view name, const text_rule& rule,
                                  presence p = presence::required);
  // One of `allowed` (exact, case-sensitive).
  std::optional<std::string> one_of(std::string_view name,
                                    std::initializer_list<std::string_view> allowed,
                                    presence p = presence::required);
  std::optional<bool> boolean(std::string_view name, presence p = presence::required);
  // A finite JSON number in [lo, hi]; numeric strings are refused.
  std::optional<double> number(std::string_view name, double lo, double hi,
                               presence p = presence::required);
  // An array of at most `max_items` strings, each checked against `item`, no two equal.
  std::optional<std::vector<std::string>> text_list(std::string_view name, const text_rule& item,
                                                    std::size_t max_items,
                                                    presence p = presence::required);
  // The member as it is, of any type (for free-form values and nested objects); nullptr when
  // absent (or null and `p` is nullable).
  const nlohmann::json* any(std::string_view name, presence p = presence::required);
  // True when the member is present, even as null. Does not mark it as known.
  bool has(std::string_view name) const;

  // Reports unknown and operator-like members. Call exactly once, after the last read.
  void finish();

  // True while no problem has been recorded since this reader was made (nested readers too).
  bool clean() const { return problems_.count() == count_at_start_; }
  std::string path_of(std::string_view name) const;
  problem_list& problems() { return problems_; }

private:
  const nlohmann::json* find(std::string_view name, presence p);
  void add(std::string_view name, std::string_view problem) {
    problems_.add(path_of(name), problem);
  }

  const nlohmann::json& object_;
  std::string path_;
  problem_list& problems_;
  std::size_t count_at_start_;
  std::vector<std::string> known_;
  bool finished_ = false;
};

// Rules the contract states for more than one resource.
namespace rules {
inline constexpr text_rule title{.min_chars = 3, .max_chars = 200};
inline constexpr text_rule long_text{
    .min_chars = 1, .max_chars = 20000, .chars = charset::multiline};  // content, description
inline constexpr text_rule category{.min_chars = 1, .max_chars = 50};  // also industry
inline constexpr text_rule tag{.min_chars = 1,
                               .max_chars = 32,
                               .trim = false,
                               .pattern = is_tag,
                               .pattern_problem = "must match ^[a-z0-9-]{1,32}$"};
inline constexpr std::size_t max_tags = 10;
inline constexpr text_rule place{.min_chars = 1, .max_chars = 100};  // city, country
}  // namespace rules

// True for keys MongoDB would read as an operator or a path: a leading '$' or any '.'.
bool is_operator_key(std::string_view key);

// {lat in [-90, 90], lng in [-180, 180], city?, country?} with city and country 1..100
// characters when given (null reads as absent). Unknown members are reported.
std::optional<storage::location> read_location(object_reader& parent, std::string_view name,
                                               presence p = presence::required);

}  // namespace http
