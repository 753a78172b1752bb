// The vocabulary of the seed data: people's names, industries, expertise, forum categories and
// tags. Constant data; thread-safe. Every value already satisfies the contract's rules (tags
// match ^[a-z0-9-]{1,32}$, categories and industries are 1..50 characters, expertise items
// 1..50); tests/tools/seed/seed_validity_test.cpp checks it. The order is part of the seed data:
// append, never reorder.
#pragma once

#include <span>

namespace storage::seed {

// A name as shown (UTF-8, may hold accents) and its ASCII form for e-mail addresses.
struct name {
  const char* display;
  const char* slug;  // [a-z]+
};

std::span<const name> first_names();
std::span<const name> last_names();
std::span<const char* const> industries();
std::span<const char* const> expertise_areas();
std::span<const char* const> categories();
std::span<const char* const> tags();
std::span<const char* const> job_titles();

}  // namespace storage::seed
