#include "http/parse/validate_forum.hpp"

namespace http {

namespace {

// The validators admit only names parse_post_status knows.
std::optional<storage::post_status> status_of(const std::optional<std::string>& s) {
  return s ? storage::parse_post_status(*s) : std::nullopt;
}

}  // namespace

checked<storage::new_post> parse_post_create(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  storage::new_post out;
  out.title = r.text("title", rules::title).value_or("");
  out.content = r.text("content", rules::long_text).value_or("");
  out.category = r.text("category", rules::category).value_or("");
  out.tags = r.text_list("tags", rules::tag, rules::max_tags, presence::optional).value_or(
      std::vector<std::string>{});
  // Only these two at creation: a post is closed or archived by a later PATCH.
  out.status = status_of(r.one_of("status", {"draft", "published"}, presence::optional))
                   .value_or(storage::post_status::published);
  r.finish();
  return make_checked(std::move(out), problems);
}

checked<storage::post_patch> parse_post_patch(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  storage::post_patch out;
  out.title = r.text("title", rules::title, presence::optional);
  out.content = r.text("content", rules::long_text, presence::optional);
  out.category = r.text("category", rules::category, presence::optional);
  out.tags = r.text_list("tags", rules::tag, rules::max_tags, presence::optional);
  out.status = status_of(r.one_of("status", {"draft", "published", "closed", "archived"}, presence::optional));
  r.finish();
  return make_checked(std::move(out), problems);
}

checked<reply_create_request> parse_reply_create(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  reply_create_request out;
  out.content = r.text("content", rules::long_text).value_or("");
  r.finish();
  return make_checked(std::move(out), problems);
}

}  // namespace http
