// Prose for the seed data: titles, posts, replies, use-case descriptions and bios, composed
// from templates and word lists with the caller's rng. Deterministic for a given rng state.
// Every result is trimmed UTF-8 without control characters other than '\n' (paragraph breaks),
// and within the contract's lengths: titles 3..200, content and descriptions 1..20000, bios
// at most 2000 characters. Thread-compatible (the rng is the caller's).
#pragma once

#include <string>
#include <string_view>

#include "tools/seed/seed_random.hpp"

namespace storage::seed {

std::string post_title(rng& r);
// One to four paragraphs separated by a blank line.
std::string post_content(rng& r);
std::string reply_content(rng& r);
std::string use_case_title(rng& r, std::string_view city);
std::string use_case_description(rng& r, std::string_view industry);
std::string bio(rng& r, std::string_view job_title, std::string_view industry,
                std::string_view expertise);

}  // namespace storage::seed
