#include "tools/seed/seed_plan.hpp"

#include <algorithm>
#include <cassert>

#include "tools/seed/seed_random.hpp"

namespace storage::seed {

namespace {

post_status draw_status(rng& r) {
  const auto roll = r.below(100);
  if (roll < 80)
    return post_status::published;
  if (roll < 87)
    return post_status::draft;
  if (roll < 95)
    return post_status::closed;
  return post_status::archived;
}

// A post's share of the replies: most threads are short, about one in six is busy.
std::int64_t draw_weight(rng& r) { return r.chance(15) ? r.between(8, 64) : r.between(1, 4); }

// Upvotes of a reply: most get none or one or two, a few are popular.
std::int64_t draw_votes(rng& r) {
  const auto roll = r.below(100);
  if (roll < 55)
    return 0;
  if (roll < 85)
    return r.between(1, 2);
  if (roll < 97)
    return r.between(3, 6);
  return r.between(7, 15);
}

}  // namespace

std::string_view to_string(size s) {
  switch (s) {
    case size::small: return "small";
    case size::medium: return "medium";
    case size::large: return "large";
  }
  return "small";
}

std::optional<size> parse_size(std::string_view text) {
  for (size s : all_sizes)
    if (to_string(s) == text)
      return s;
  return std::nullopt;
}

counts counts_of(size s) {
  switch (s) {
    case size::small: return {50, 200, 800, 50};
    case size::medium: return {10'000, 50'000, 200'000, 5'000};
    case size::large: return {100'000, 500'000, 2'000'000, 50'000};
  }
  return {};
}

std::uint64_t dataset_of(size s) {
  return 0x7032702d73656564 ^ ((static_cast<std::uint64_t>(s) + 1) * 0x9e3779b97f4a7c15ULL);
}

plan::plan(size s) : size_(s), counts_(counts_of(s)), dataset_(dataset_of(s)) {
  const auto posts = static_cast<size_t>(counts_.posts);
  status_.resize(posts);
  std::vector<std::int64_t> weight(posts);
  std::int64_t total_weight = 0;
  for (size_t p = 0; p < posts; ++p) {
    rng r(dataset_, stream::post_shape, p);
    const post_status st = draw_status(r);
    status_[p] = static_cast<std::uint8_t>(st);
    weight[p] = st == post_status::draft ? 0 : draw_weight(r);
    total_weight += weight[p];
  }
  assert(total_weight > 0);

  // Each post gets floor(replies * weight / total); the remainder goes one by one to the
  // posts with replies, in index order. Integer arithmetic only, so it is exact everywhere.
  std::vector<std::int64_t> replies(posts);
  std::int64_t given = 0;
  for (size_t p = 0; p < posts; ++p)
    given += replies[p] = counts_.replies * weight[p] / total_weight;
  for (size_t p = 0; given < counts_.replies; p = (p + 1) % posts)
    if (weight[p] > 0) {
      ++replies[p];
      ++given;
    }

  first_reply_.resize(posts + 1);
  best_answer_.assign(posts, -1);
  for (size_t p = 0; p < posts; ++p) {
    first_reply_[p + 1] = first_reply_[p] + replies[p];
    rng r(dataset_, stream::best_answer, p);
    if (replies[p] > 0 && r.chance(50))
      best_answer_[p] = static_cast<std::int32_t>(r.below(static_cast<std::uint64_t>(replies[p])));
  }

  first_vote_.assign(static_cast<size_t>(counts_.replies) + 1, 0);
  const std::int64_t max_votes = std::min<std::int64_t>(counts_.users - 1, 255);
  for (size_t p = 0; p < posts; ++p)
    for (std::int64_t k = 0; k < replies[p]; ++k) {
      const std::int64_t reply = first_reply_[p] + k;
      rng r(dataset_, stream::vote_shape, static_cast<std::uint64_t>(reply));
      std::int64_t v = draw_votes(r);
      if (best_answer_[p] == k)
        v += r.between(2, 6);
      first_vote_[static_cast<size_t>(reply) + 1] =
          first_vote_[static_cast<size_t>(reply)] + std::min(v, max_votes);
    }
}

post_status plan::status_of(std::int64_t post) const {
  return static_cast<post_status>(status_.at(static_cast<size_t>(post)));
}

std::int64_t plan::replies_of(std::int64_t post) const {
  const auto p = static_cast<size_t>(post);
  return first_reply_.at(p + 1) - first_reply_.at(p);
}

std::int64_t plan::first_reply_of(std::int64_t post) const {
  return first_reply_.at(static_cast<size_t>(post));
}

std::int64_t plan::best_answer_of(std::int64_t post) const {
  return best_answer_.at(static_cast<size_t>(post));
}

std::int64_t plan::votes_of(std::int64_t reply) const {
  const auto r = static_cast<size_t>(reply);
  return first_vote_.at(r + 1) - first_vote_.at(r);
}

}  // namespace storage::seed
