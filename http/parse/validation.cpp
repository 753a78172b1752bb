#include "http/parse/validation.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <sstream>
#include <unordered_set>

namespace http {

namespace {

// 90, -180, 0.5: numbers as a reader would write them.
std::string show(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string join(std::initializer_list<std::string_view> words) {
  std::string out;
  for (auto w : words)
    out.append(out.empty() ? "" : ", ").append(w);
  return out;
}

}  // namespace

api_error problems_to_error(problem_status status, std::vector<field_problem> problems) {
  if (status == problem_status::validation_failed)
    return validation_failed(std::move(problems));
  auto e = bad_request("the query string breaks one or more rules");
  e.details = std::move(problems);
  return e;
}

void problem_list::add(std::string_view field, std::string_view problem) {
  ++count_;
  if (problems_.size() < max_reported)
    problems_.push_back({printable(field, 100), std::string(problem)});
  else if (problems_.size() == max_reported)
    problems_.push_back({"", "more problems were found; only the first " +
                                 std::to_string(max_reported) + " are listed"});
}

bool is_operator_key(std::string_view key) {
  return (!key.empty() && key.front() == '$') || key.find('.') != std::string_view::npos;
}

object_reader::object_reader(const nlohmann::json& object, std::string path,
                             problem_list& problems)
    : object_(object), path_(std::move(path)), problems_(problems),
      count_at_start_(problems.count()) {
  if (!object_.is_object())
    problems_.add(path_, "must be a JSON object");
}

object_reader::~object_reader() { assert(finished_ && "object_reader::finish() not called"); }

std::string object_reader::path_of(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

bool object_reader::has(std::string_view name) const {
  return object_.is_object() && object_.contains(name);
}

const nlohmann::json* object_reader::find(std::string_view name, presence p) {
  known_.emplace_back(name);
  if (!object_.is_object())
    return nullptr;
  const auto it = object_.find(name);
  if (it == object_.end()) {
    if (p == presence::required)
      add(name, "is required");
    return nullptr;
  }
  if (it->is_null() && p == presence::nullable)
    return nullptr;
  return &*it;
}

const nlohmann::json* object_reader::any(std::string_view name, presence p) {
  return find(name, p);
}

std::optional<std::string> object_reader::text(std::string_view name, const text_rule& rule,
                                               presence p) {
  const auto* v = find(name, p);
  if (!v)
    return std::nullopt;
  if (!v->is_string()) {
    add(name, "must be a string");
    return std::nullopt;
  }
  auto checked = check_text(v->get_ref<const std::string&>(), rule);
  if (!checked.ok()) {
    add(name, checked.problem);
    return std::nullopt;
  }
  return std::move(checked.value);
}

std::optional<std::string> object_reader::one_of(std::string_view name,
                                                 std::initializer_list<std::string_view> allowed,
                                                 presence p) {
  const auto* v = find(name, p);
  if (!v)
    return std::nullopt;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    if (std::find(allowed.begin(), allowed.end(), s) != allowed.end())
      return s;
  }
  add(name, "must be one of: " + join(allowed));
  return std::nullopt;
}

std::optional<bool> object_reader::boolean(std::string_view name, presence p) {
  const auto* v = find(name, p);
  if (!v)
    return std::nullopt;
  if (!v->is_boolean()) {
    add(name, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<double> object_reader::number(std::string_view name, double lo, double hi,
                                            presence p) {
  const auto* v = find(name, p);
  if (!v)
    return std::nullopt;
  if (!v->is_number()) {
    add(name, "must be a number");
    return std::nullopt;
  }
  const auto d = v->get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    add(name, "must be between " + show(lo) + " and " + show(hi));
    return std::nullopt;
  }
  return d;
}

std::optional<std::vector<std::string>> object_reader::text_list(std::string_view name,
                                                                 const text_rule& item,
                                                                 std::size_t max_items,
                                                                 presence p) {
  const auto* v = find(name, p);
  if (!v)
    return std::nullopt;
  if (!v->is_array()) {
    add(name, "must be an array of strings");
    return std::nullopt;
  }
  // Too many items is the array's problem; checking each of them would add only noise.
  if (v->size() > max_items) {
    add(name, "must have at most " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  bool ok = true;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto item_name = std::string(name) + "[" + std::to_string(i) + "]";
    const auto& element = (*v)[i];
    std::string problem;
    if (!element.is_string()) {
      problem = "must be a string";
    } else if (auto c = check_text(element.get_ref<const std::string&>(), item); !c.ok()) {
      problem = std::move(c.problem);
    } else if (!seen.insert(c.value).second) {
      problem = "is a duplicate";
    } else {
      out.push_back(std::move(c.value));
      continue;
    }
    add(item_name, problem);
    ok = false;
  }
  return ok ? std::optional(std::move(out)) : std::nullopt;
}

void object_reader::finish() {
  assert(!finished_);
  finished_ = true;
  if (!object_.is_object())
    return;
  for (const auto& [key, value] : object_.items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end())
      continue;
    add(key, is_operator_key(key) ? "must not start with '$' or contain '.'" : "unknown field");
  }
}

std::optional<storage::location> read_location(object_reader& parent, std::string_view name,
                                               presence p) {
  const auto* v = parent.any(name, p);
  if (!v)
    return std::nullopt;
  object_reader r(*v, parent.path_of(name), parent.problems());
  storage::location out;
  const auto lat = r.number("lat", -90, 90);
  const auto lng = r.number("lng", -180, 180);
  out.city = r.text("city", rules::place, presence::nullable);
  out.country = r.text("country", rules::place, presence::nullable);
  r.finish();
  if (!r.clean())
    return std::nullopt;
  out.lat = *lat;
  out.lng = *lng;
  return out;
}

}  // namespace http
