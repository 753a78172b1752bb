#include "http/validate_forum.hpp"

namespace http {

checked<post_create_request> parse_post_create(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  post_create_request out;
  out.title = r.text("title", rules::title).value_or("");
  out.content = r.text("content", rules::long_text).value_or("");
  out.category = r.text("category", rules::category).value_or("");
  out.tags = r.text_list("tags", rules::tag, rules::max_tags, presence::optional).value_or(
      std::vector<std::string>{});
  // Only these two at creation: a post is closed or archived by a later PATCH.
  out.status = r.one_of("status", {"draft", "published"}, presence::optional).value_or("published");
  r.finish();
  return make_checked(std::move(out), problems);
}

checked<post_patch_request> parse_post_patch(const nlohmann::json& body) {
  problem_list problems;
  object_reader r(body, "", problems);
  post_patch_request out;
  out.title = r.text("title", rules::title, presence::optional);
  out.content = r.text("content", rules::long_text, presence::optional);
  out.category = r.text("category", rules::category, presence::optional);
  out.tags = r.text_list("tags", rules::tag, rules::max_tags, presence::optional);
  out.status =
      r.one_of("status", {"draft", "published", "closed", "archived"}, presence::optional);
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
