// The shape of a seed data set: how many records of each kind a size has, each post's status,
// how the replies are spread over the posts, which reply is a post's best answer and how many
// upvotes each reply gets. Computed once per run from the size alone (deterministic), so that
// every record can then be generated on its own, by index, in any order or batch.
// Immutable after construction; thread-safe to read.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/mongodb/post_store.hpp"

namespace storage::seed {

enum class size { small, medium, large };

std::string_view to_string(size s);
// nullopt for anything but "small", "medium", "large".
std::optional<size> parse_size(std::string_view text);
inline constexpr size all_sizes[] = {size::small, size::medium, size::large};

struct counts {
  std::int64_t users = 0;  // besides the admin
  std::int64_t posts = 0;
  std::int64_t replies = 0;
  std::int64_t use_cases = 0;
};

// small 50/200/800/50, medium 10k/50k/200k/5k, large ten times medium.
counts counts_of(size s);

// Every seeded time lies in the two years before this instant: 2026-11-01T00:00:00Z.
inline constexpr std::int64_t base_time_ms = 1793491200000;
inline constexpr std::int64_t minute_ms = 60'000;
inline constexpr std::int64_t hour_ms = 60 * minute_ms;
inline constexpr std::int64_t day_ms = 24 * hour_ms;

// The stream seed of the users and their profiles, shared by every size: user i is the same
// person in small, medium and large.
inline constexpr std::uint64_t users_dataset = 0x7032702d75736572;  // "p2p-user"
// The stream seed of a size's forum and use cases.
std::uint64_t dataset_of(size s);

class plan {
public:
  explicit plan(size s);

  size data_size() const { return size_; }
  const counts& count() const { return counts_; }
  std::uint64_t dataset() const { return dataset_; }

  // Posts: about 80% published, 7% draft, 8% closed, 5% archived. Drafts get no replies.
  post_status status_of(std::int64_t post) const;
  std::int64_t replies_of(std::int64_t post) const;
  // The global index of the post's first reply; its replies are first .. first + replies - 1.
  std::int64_t first_reply_of(std::int64_t post) const;
  // The post's best answer as an index among its replies, or -1 (about half of the posts that
  // are not drafts and have replies have one).
  std::int64_t best_answer_of(std::int64_t post) const;
  // Upvotes of the reply with this global index: at most users - 1 (one per user, never the
  // reply's author); best answers get more.
  std::int64_t votes_of(std::int64_t reply) const;
  std::int64_t votes_total() const { return first_vote_.back(); }

private:
  size size_;
  counts counts_;
  std::uint64_t dataset_;
  std::vector<std::uint8_t> status_;        // post_status per post
  std::vector<std::int64_t> first_reply_;   // prefix sums, posts + 1 entries
  std::vector<std::int32_t> best_answer_;   // per post
  std::vector<std::int64_t> first_vote_;    // prefix sums, replies + 1 entries
};

}  // namespace storage::seed
