#include "http/parse/json_limits.hpp"

namespace http {

std::optional<std::string> json_shape_problem(std::string_view body, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : body) {
    if (c == '\0')
      return std::string("the body holds a NUL byte");
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth)
          return "the body is nested deeper than " + std::to_string(max_depth) + " levels";
        break;
      case ']':
      case '}':
        --depth;
        break;
      default:
        break;
    }
  }
  return std::nullopt;
}

}  // namespace http
