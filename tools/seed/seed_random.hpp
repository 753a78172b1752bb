// The seed data's own randomness: splitmix64 expands a seed, xoshiro256** draws, and every
// mapping to a value is integer arithmetic written here. The same seed gives the same values
// on every machine, compiler and standard library (std:: distributions differ between
// implementations, so none is used). Not for secrets. Thread-compatible (a value type).
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "storage/crypto/digest.hpp"  // sha256, for ids derived from names
#include "storage/crypto/encoding.hpp"  // to_hex

namespace storage::seed {

// One step of splitmix64 (Steele, Lea, Flood 2014): advances `state` and returns the output.
std::uint64_t splitmix64(std::uint64_t& state);

// What a stream draws for. Each record kind has its own stream per index, so adding a draw to
// one kind never shifts the values of another.
enum class stream : std::uint64_t {
  user = 1,
  profile,
  post_shape,   // a post's status and reply weight (read by the plan)
  best_answer,  // which reply of a post is its best answer (read by the plan)
  post,
  post_text,
  reply,
  reply_text,
  vote_shape,  // how many upvotes a reply gets (read by the plan)
  vote,
  use_case,
};

// xoshiro256** (Blackman, Vigna 2018), seeded with four splitmix64 outputs.
class rng {
public:
  explicit rng(std::uint64_t seed);
  // The stream of record `index` of kind `kind` in the data set `dataset`.
  rng(std::uint64_t dataset, stream kind, std::uint64_t index);
  // A generator in exactly this state (not all zero), for checks against reference outputs.
  static rng from_state(const std::array<std::uint64_t, 4>& state);

  std::uint64_t next();
  // Uniform in [0, n); n >= 1. Rejection sampling, so no modulo bias.
  std::uint64_t below(std::uint64_t n);
  // Uniform in [lo, hi] (inclusive); lo <= hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  // True `percent` times in 100 (0..100).
  bool chance(unsigned percent);

  template <class T>
  const T& pick(std::span<const T> items) {
    assert(!items.empty());
    return items[below(items.size())];
  }

private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace storage::seed
