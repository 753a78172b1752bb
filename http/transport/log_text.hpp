// Client-supplied text on its way into a log line (a request target, a method, an exception
// message): cut to a bounded length. Control characters are escaped for every log line by the
// log formatter itself (cli/logging.cpp), so no client text can start a forged line.
#pragma once

#include <string>
#include <string_view>

namespace http {

// `text` with control characters escaped: \n, \r, \t, and \xNN for the others (and DEL).
inline std::string escape_controls(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f)
      out.push_back(ch);
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else
      out += {'\\', 'x', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

// `text`, or its first `max_bytes` bytes followed by "...(N bytes)".
inline std::string log_text(std::string_view text, size_t max_bytes = 512) {
  if (text.size() <= max_bytes)
    return std::string(text);
  return std::string(text.substr(0, max_bytes)) + "...(" + std::to_string(text.size()) + " bytes)";
}

}  // namespace http
