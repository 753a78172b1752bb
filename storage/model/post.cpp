#include "storage/model/post.hpp"

namespace storage {

std::string_view to_string(post_status s) {
  switch (s) {
    case post_status::draft: return "draft";
    case post_status::published: return "published";
    case post_status::closed: return "closed";
    case post_status::archived: return "archived";
  }
  return "draft";
}

std::optional<post_status> parse_post_status(std::string_view s) {
  for (auto v : {post_status::draft, post_status::published, post_status::closed,
                 post_status::archived})
    if (to_string(v) == s)
      return v;
  return std::nullopt;
}

}  // namespace storage
