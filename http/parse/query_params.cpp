#include "http/parse/query_params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

#include "http/render/cursor.hpp"

namespace http {

namespace {

constexpr auto bad = problem_status::bad_request;

bool is_post_status(std::string_view s) {
  return s == "draft" || s == "published" || s == "closed" || s == "archived";
}

constexpr text_rule cursor_rule{
    .min_chars = 1, .max_chars = cursor_codec::max_text_size, .trim = false};
constexpr text_rule email_rule{.min_chars = 1, .max_chars = 254, .lowercase = true};
constexpr text_rule expertise_rule{.min_chars = 1, .max_chars = 50};
constexpr text_rule status_rule{.pattern = is_post_status,
                                .pattern_problem =
                                    "must be one of: draft, published, closed, archived"};
constexpr text_rule uuid_rule{
    .lowercase = true, .pattern = is_uuid, .pattern_problem = "must be a UUID"};
constexpr text_rule search_rule{.min_chars = 1, .max_chars = 200};

// The whole of `s` as a number of type T, or nullopt (no sign '+', no spaces, no suffix).
template <class T>
std::optional<T> parse_number(std::string_view s) {
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size())
    return std::nullopt;
  return v;
}

// Reads parameters by name; finish() reports the names nobody asked for. Repeated names are
// reported once, up front, and then read as absent.
class query_reader {
public:
  query_reader(const query_map& q, problem_list& problems) : q_(q), problems_(problems) {
    for (auto it = q_.begin(); it != q_.end(); it = q_.upper_bound(it->first))
      if (q_.count(it->first) > 1)
        problems_.add(it->first, "must not be repeated");
  }

  const std::string* raw(std::string_view name) {
    known_.emplace_back(name);
    const auto [lo, hi] = q_.equal_range(std::string(name));
    return lo == hi || std::next(lo) != hi ? nullptr : &lo->second;
  }

  std::optional<std::string> text(std::string_view name, const text_rule& rule) {
    const auto* v = raw(name);
    if (!v)
      return std::nullopt;
    auto c = check_text(*v, rule);
    if (!c.ok()) {
      problems_.add(name, c.problem);
      return std::nullopt;
    }
    return std::move(c.value);
  }

  page_query page() {
    page_query out;
    if (const auto* v = raw("limit")) {
      const auto n = parse_number<int>(*v);
      if (n && *n >= 1 && *n <= max_limit)
        out.limit = *n;
      else
        problems_.add("limit", "must be an integer from 1 to " + std::to_string(max_limit));
    }
    out.cursor = text("cursor", cursor_rule);
    return out;
  }

  void add(std::string_view name, std::string_view problem) { problems_.add(name, problem); }

  void finish() {
    for (auto it = q_.begin(); it != q_.end(); it = q_.upper_bound(it->first))
      if (std::find(known_.begin(), known_.end(), it->first) == known_.end())
        problems_.add(it->first, "unknown parameter");
  }

private:
  const query_map& q_;
  problem_list& problems_;
  std::vector<std::string> known_;
};

// "LAT,LNG" in range, or nullopt.
std::optional<geo_near> parse_near(std::string_view s) {
  const auto comma = s.find(',');
  if (comma == std::string_view::npos)
    return std::nullopt;
  const auto lat = parse_number<double>(s.substr(0, comma));
  const auto lng = parse_number<double>(s.substr(comma + 1));
  if (!lat || !lng || !std::isfinite(*lat) || !std::isfinite(*lng) || std::abs(*lat) > 90 ||
      std::abs(*lng) > 180)
    return std::nullopt;
  return geo_near{*lat, *lng, default_near_radius_km};
}

}  // namespace

checked<page_query> parse_page_query(const query_map& q) {
  problem_list problems;
  query_reader r(q, problems);
  auto out = r.page();
  r.finish();
  return make_checked(std::move(out), problems, bad);
}

checked<user_list_query> parse_user_list_query(const query_map& q) {
  problem_list problems;
  query_reader r(q, problems);
  user_list_query out{r.page(), r.text("email", email_rule)};
  r.finish();
  return make_checked(std::move(out), problems, bad);
}

checked<profile_list_query> parse_profile_list_query(const query_map& q) {
  problem_list problems;
  query_reader r(q, problems);
  profile_list_query out;
  out.page = r.page();
  out.industry = r.text("industry", rules::category);
  out.expertise = r.text("expertise", expertise_rule);
  r.finish();
  return make_checked(std::move(out), problems, bad);
}

checked<post_list_query> parse_post_list_query(const query_map& q) {
  problem_list problems;
  query_reader r(q, problems);
  post_list_query out;
  out.page = r.page();
  out.category = r.text("category", rules::category);
  out.tag = r.text("tag", rules::tag);
  out.status = r.text("status", status_rule);
  out.author_id = r.text("author_id", uuid_rule);
  out.q = r.text("q", search_rule);
  r.finish();
  return make_checked(std::move(out), problems, bad);
}

checked<use_case_list_query> parse_use_case_list_query(const query_map& q) {
  problem_list problems;
  query_reader r(q, problems);
  use_case_list_query out;
  out.page = r.page();
  out.industry = r.text("industry", rules::category);
  out.tag = r.text("tag", rules::tag);
  const auto* near = r.raw("near");
  const auto* radius = r.raw("radius_km");
  if (near) {
    out.near = parse_near(*near);
    if (!out.near)
      r.add("near", "must be LAT,LNG with LAT in [-90, 90] and LNG in [-180, 180]");
  }
  if (radius) {
    const auto km = parse_number<double>(*radius);
    if (!km || !std::isfinite(*km) || *km <= 0 || *km > max_radius_km)
      r.add("radius_km", "must be a number greater than 0 and at most 20000");
    else if (!near)
      r.add("radius_km", "needs near");
    else if (out.near)
      out.near->radius_km = *km;
  }
  r.finish();
  return make_checked(std::move(out), problems, bad);
}

}  // namespace http
