// Checks on a request body before it is parsed as JSON: nlohmann's parser is iterative, but
// copying, dumping or destroying a value recurses, so a body nested 100 000 levels deep would
// crash the process later; and the parser treats a NUL byte as the end of its input, so
// "{...}\0garbage" would be accepted. Pure, one pass, no allocation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace http {

// Why `body` must not be parsed (nesting deeper than `max_depth`, or a NUL byte), or nullopt.
std::optional<std::string> json_shape_problem(std::string_view body, int max_depth);

}  // namespace http
