#include "tools/seed/seed_random.hpp"

namespace storage::seed {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

rng::rng(std::uint64_t seed) {
  for (auto& word : s_)
    word = splitmix64(seed);
}

rng::rng(std::uint64_t dataset, stream kind, std::uint64_t index) {
  // Three splitmix64 rounds fold the coordinates into one seed; distinct triples give
  // unrelated streams.
  std::uint64_t state = dataset;
  std::uint64_t mixed = splitmix64(state);
  state = mixed ^ static_cast<std::uint64_t>(kind);
  mixed = splitmix64(state);
  state = mixed ^ index;
  *this = rng(splitmix64(state));
}

rng rng::from_state(const std::array<std::uint64_t, 4>& state) {
  rng r(0);
  r.s_ = state;
  return r;
}

std::uint64_t rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

std::uint64_t rng::below(std::uint64_t n) {
  assert(n >= 1);
  // Values under `threshold` would make some results more likely; 2^64 mod n of them.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t r = next();
    if (r >= threshold)
      return r % n;
  }
}

std::int64_t rng::between(std::int64_t lo, std::int64_t hi) {
  assert(lo <= hi);
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const std::uint64_t offset = span == UINT64_MAX ? next() : below(span + 1);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
}

bool rng::chance(unsigned percent) { return below(100) < percent; }


}  // namespace storage::seed
