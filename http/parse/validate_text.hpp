// Rules for single text values, shared by body and query validation: UTF-8, character
// classes, lengths in code points, and the contract's patterns (ids, tags, config keys,
// e-mail addresses). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace http {

// Code points in `s`, or nullopt when `s` is not well-formed UTF-8 (overlong forms, surrogates
// and values above U+10FFFF are rejected).
std::optional<std::size_t> utf8_length(std::string_view s);

// `s` made safe to echo in an error body: at most `max_chars` code points (then "..."),
// ill-formed bytes and control characters replaced by '?'. Always valid UTF-8.
std::string printable(std::string_view s, std::size_t max_chars = 64);

// Which characters a text may hold. No class admits U+0000.
enum class charset {
  line,       // no control characters (U+0000..U+001F, U+007F): names, titles, tags
  multiline,  // like line, but tab, LF and CR are allowed: content, descriptions, bios
  any,        // everything but U+0000: passwords
};

// One text field's rule. Aggregate: spell rules with designated initializers.
struct text_rule {
  std::size_t min_chars = 1;  // code points, counted after trimming
  std::size_t max_chars = std::numeric_limits<std::size_t>::max();
  charset chars = charset::line;
  bool trim = true;        // strip leading and trailing ASCII whitespace first
  bool lowercase = false;  // then fold ASCII letters to lower case
  bool (*pattern)(std::string_view) = nullptr;  // a last check on the normalized text
  std::string_view pattern_problem = "has an invalid format";
};

// The outcome of check_text(): the normalized text, or one problem describing what is wrong
// ("must be at most 200 characters"). Exactly one of the two is meaningful.
struct text_check {
  std::string value;
  std::string problem;
  bool ok() const { return problem.empty(); }
};

// Checks `raw` against `rule` in this order: UTF-8, trimming, lower-casing, characters,
// length, pattern. Reports the first broken rule only.
text_check check_text(std::string_view raw, const text_rule& rule);

// ASCII whitespace stripped from both ends.
std::string_view trim_ascii(std::string_view s);

// A canonical UUID (8-4-4-4-12 hex digits), either case.
bool is_uuid(std::string_view s);
// A MongoDB ObjectId: exactly 24 hex digits, either case.
bool is_object_id(std::string_view s);
// ^[a-z0-9-]{1,32}$
bool is_tag(std::string_view s);
// ^[a-z0-9_.-]{1,64}$ (the same rule as storage::is_valid_config_key, without libpq).
bool is_config_key(std::string_view s);
// The contract's "RFC 5322 simple form": local@domain, at most 254 characters, printable ASCII.
// The local part is 1..64 RFC 5322 atext characters with single inner dots; the domain has at
// least two dot-separated labels of 1..63 letters, digits and inner hyphens. No quoted local
// parts, comments, IP literals or non-ASCII addresses.
bool is_email(std::string_view s);

}  // namespace http
