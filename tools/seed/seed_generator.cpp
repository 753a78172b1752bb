#include "tools/seed/seed_generator.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "storage/mongodb/bson_oid.hpp"
#include "tools/seed/seed_cities.hpp"
#include "tools/seed/seed_ids.hpp"
#include "tools/seed/seed_random.hpp"
#include "tools/seed/seed_text.hpp"
#include "tools/seed/seed_words.hpp"

namespace storage::seed {

namespace {

using words = std::span<const char* const>;

std::uint64_t u64(std::int64_t v) { return static_cast<std::uint64_t>(v); }

std::int64_t created_ms(const user_record& u) { return u.created_at_us / 1000; }

// `k` distinct items of `pool` (k <= pool.size()), in drawn order: a partial Fisher-Yates.
std::vector<std::string> distinct(rng& r, words pool, std::int64_t k) {
  std::vector<size_t> index(pool.size());
  std::iota(index.begin(), index.end(), size_t{0});
  std::vector<std::string> out;
  for (size_t i = 0; i < static_cast<size_t>(k); ++i) {
    std::swap(index[i], index[i + r.below(index.size() - i)]);
    out.emplace_back(pool[index[i]]);
  }
  return out;
}

// A point near `c`, up to `jitter_e6` millionths of a degree away on each axis. Integer
// micro-degrees, so the result is the same double everywhere.
location near_city(rng& r, const city& c, std::int64_t jitter_e6) {
  std::int64_t lat = std::llround(c.lat * 1e6) + r.between(-jitter_e6, jitter_e6);
  std::int64_t lng = std::llround(c.lng * 1e6) + r.between(-jitter_e6, jitter_e6);
  lat = std::clamp<std::int64_t>(lat, -90'000'000, 90'000'000);
  if (lng > 180'000'000)
    lng -= 360'000'000;
  if (lng < -180'000'000)
    lng += 360'000'000;
  return {static_cast<double>(lat) / 1e6, static_cast<double>(lng) / 1e6, c.name, c.country};
}

// A moment in the last year, after `after_ms` (plus an hour), at least two hours before base.
std::int64_t in_last_year(rng& r, std::int64_t after_ms) {
  const std::int64_t lo = std::max(after_ms + hour_ms, base_time_ms - 365 * day_ms);
  return r.between(lo, base_time_ms - 2 * hour_ms);
}

// updated_at: the creation time, or `percent` times in 100 a later moment up to base.
std::int64_t maybe_edited(rng& r, std::int64_t created, unsigned percent) {
  return r.chance(percent) ? r.between(created, base_time_ms) : created;
}

std::string key(std::string_view kind, const plan& pl, std::int64_t a) {
  return std::string(kind) + ":" + std::string(to_string(pl.data_size())) + ":" + std::to_string(a);
}

// What a reply needs of its post, without generating the post's text.
struct post_head {
  std::int64_t author = 0;
  std::int64_t created_at_ms = 0;
};

bson_oid_t post_oid(const plan& pl, std::int64_t p, const post_head& h) {
  return object_id(key("post", pl, p), h.created_at_ms);
}

post_head head_of_post(const plan& pl, std::int64_t p) {
  rng r(pl.dataset(), stream::post, u64(p));
  post_head h;
  h.author = static_cast<std::int64_t>(r.below(u64(pl.count().users)));
  h.created_at_ms = in_last_year(r, created_ms(make_user(h.author)));
  return h;
}

struct reply_head {
  std::int64_t author = 0;
  std::int64_t created_at_ms = 0;
  bson_oid_t oid{};
};

reply_head head_of_reply(const plan& pl, std::int64_t p, std::int64_t k, const post_head& post) {
  rng r(pl.dataset(), stream::reply, u64(pl.first_reply_of(p) + k));
  reply_head h;
  const std::int64_t users = pl.count().users;
  h.author = static_cast<std::int64_t>(r.below(u64(users)));
  if (h.author == post.author)  // people rarely answer themselves
    h.author = (h.author + 1) % users;
  const std::int64_t lo = std::min(post.created_at_ms + minute_ms, base_time_ms);
  h.created_at_ms = r.between(lo, std::min(post.created_at_ms + 30 * day_ms, base_time_ms));
  h.oid = object_id(key("reply", pl, p) + ":" + std::to_string(k), h.created_at_ms);
  return h;
}

}  // namespace

user_record make_user(std::int64_t i) {
  rng r(users_dataset, stream::user, u64(i));
  const name& first = r.pick(first_names());
  const name& last = r.pick(last_names());
  user_record u;
  u.email = std::string(first.slug) + "." + last.slug + "." + std::to_string(i + 1) + "@" +
            email_domain;
  u.id = user_id(u.email);
  u.full_name = std::string(first.display) + " " + last.display;
  const std::int64_t created = r.between(base_time_ms - 730 * day_ms, base_time_ms - 30 * day_ms);
  u.created_at_us = created * 1000;
  u.is_active = i == 0 || !r.chance(2);
  return u;
}

user_record make_admin(const std::string& email) {
  user_record u;
  u.email = email;
  u.id = user_id(email);
  u.full_name = "Seed Admin";
  u.role = "admin";
  u.created_at_us = (base_time_ms - 731 * day_ms) * 1000;
  return u;
}

profile make_profile(std::int64_t i) {
  const user_record u = make_user(i);
  rng r(users_dataset, stream::profile, u64(i));
  profile p;
  p.user_id = u.id;
  p.display_name = u.full_name;
  p.industry = r.pick(industries());
  p.expertise = distinct(r, expertise_areas(), r.between(1, 5));
  if (r.chance(85))
    p.location = near_city(r, r.pick(cities()), 50'000);
  if (r.chance(70))
    p.bio = bio(r, r.pick(job_titles()), p.industry, p.expertise.front());
  p.created_at_ms = r.between(created_ms(u) + minute_ms, created_ms(u) + 2 * day_ms);
  p.updated_at_ms = maybe_edited(r, p.created_at_ms, 30);
  return p;
}

bson_oid_t profile_oid(const profile& p) {
  return object_id("profile:" + p.user_id, p.created_at_ms);
}

post make_post(const plan& pl, std::int64_t post_index) {
  const post_head h = head_of_post(pl, post_index);
  post p;
  p.author_id = make_user(h.author).id;
  p.status = pl.status_of(post_index);
  p.created_at_ms = h.created_at_ms;
  p.id = format_oid(post_oid(pl, post_index, h));
  p.reply_count = pl.replies_of(post_index);
  if (const std::int64_t best = pl.best_answer_of(post_index); best >= 0)
    p.best_answer_id = format_oid(head_of_reply(pl, post_index, best, h).oid);
  rng r(pl.dataset(), stream::post_text, u64(post_index));
  p.title = post_title(r);
  p.content = post_content(r);
  p.category = r.pick(categories());
  p.tags = distinct(r, tags(), r.between(0, 5));
  const bool changed_later = p.status == post_status::closed || p.status == post_status::archived;
  p.updated_at_ms = maybe_edited(r, p.created_at_ms, changed_later ? 100 : 20);
  return p;
}

reply make_reply(const plan& pl, std::int64_t post_index, std::int64_t k) {
  const post_head post = head_of_post(pl, post_index);
  const reply_head h = head_of_reply(pl, post_index, k, post);
  reply out;
  out.id = format_oid(h.oid);
  out.post_id = format_oid(post_oid(pl, post_index, post));
  out.author_id = make_user(h.author).id;
  out.created_at_ms = h.created_at_ms;
  out.upvotes = pl.votes_of(pl.first_reply_of(post_index) + k);
  out.is_best_answer = pl.best_answer_of(post_index) == k;
  rng r(pl.dataset(), stream::reply_text, u64(pl.first_reply_of(post_index) + k));
  out.content = reply_content(r);
  out.updated_at_ms = maybe_edited(r, out.created_at_ms, 10);
  return out;
}

std::vector<vote_record> make_votes(const plan& pl, const reply& rep, std::int64_t post_index,
                                    std::int64_t k) {
  const std::int64_t index = pl.first_reply_of(post_index) + k;
  const std::int64_t users = pl.count().users;
  rng r(pl.dataset(), stream::vote, u64(index));
  // Users start, start + stride, ... (mod users) with gcd(stride, users) = 1 are all distinct
  // until every user has come up once.
  const auto start = static_cast<std::int64_t>(r.below(u64(users)));
  std::int64_t stride = 1 + static_cast<std::int64_t>(r.below(u64(std::max<std::int64_t>(users - 1, 1))));
  while (std::gcd(stride, users) != 1)
    --stride;  // reaches 1 at worst
  std::vector<vote_record> out;
  for (std::int64_t j = 0; static_cast<std::int64_t>(out.size()) < rep.upvotes; ++j) {
    const user_record voter = make_user((start + j * stride) % users);
    if (voter.id == rep.author_id)
      continue;
    vote_record v;
    v.id = rep.id + ":" + voter.id;
    v.reply_id = rep.id;
    v.post_id = rep.post_id;
    v.user_id = voter.id;
    const std::int64_t lo = std::min(rep.created_at_ms + 1000, base_time_ms);
    v.created_at_ms = r.between(lo, std::min(rep.created_at_ms + 14 * day_ms, base_time_ms));
    out.push_back(std::move(v));
  }
  return out;
}

use_case make_use_case(const plan& pl, std::int64_t i) {
  rng r(pl.dataset(), stream::use_case, u64(i));
  const user_record submitter = make_user(static_cast<std::int64_t>(r.below(u64(pl.count().users))));
  use_case u;
  u.submitted_by = submitter.id;
  u.created_at_ms = in_last_year(r, created_ms(submitter));
  u.updated_at_ms = maybe_edited(r, u.created_at_ms, 20);
  u.id = format_oid(object_id(key("use-case", pl, i), u.created_at_ms));
  u.industry = r.pick(industries());
  u.location = near_city(r, r.pick(cities()), 250'000);
  u.title = use_case_title(r, *u.location.city);
  u.description = use_case_description(r, u.industry);
  u.tags = distinct(r, tags(), r.between(1, 5));
  return u;
}

}  // namespace storage::seed
