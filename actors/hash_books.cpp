#include "actors/hash_books.hpp"

#include <algorithm>
#include <cassert>

namespace actors {

hash_books::hash_books(limits l) : limits_(l) {
  limits_.workers = std::max<size_t>(1, limits_.workers);
  limits_.max_pending = std::max(limits_.max_pending, limits_.workers);
  // One key must never fill the queue: leave at least one place for everyone else.
  limits_.per_key = std::max<size_t>(1, limits_.per_key);
  if (limits_.max_pending >= 2)
    limits_.per_key = std::min(limits_.per_key, limits_.max_pending - 1);
  load_.assign(limits_.workers, 0);
}

size_t hash_books::held(const std::string& key) const {
  if (key.empty())
    return 0;
  const auto it = held_.find(key);
  return it == held_.end() ? 0 : it->second;
}

hash_books::admission hash_books::admit(const hash_owner& owner) {
  job j;
  j.keys[0] = account_key(owner.account);
  j.keys[1] = address_key(owner.address);
  // The per-key check comes first: a flooder hears "yours is full" even while the queue is.
  for (const auto& key : j.keys)
    if (!key.empty() && held(key) >= limits_.per_key)
      return {verdict::key_full, 0, 0};
  if (jobs_.size() >= limits_.max_pending)
    return {verdict::queue_full, 0, 0};
  j.worker = static_cast<size_t>(std::min_element(load_.begin(), load_.end()) - load_.begin());
  ++load_[j.worker];
  for (const auto& key : j.keys)  // "a:" and "i:" prefixes: the two keys never coincide
    if (!key.empty())
      ++held_[key];
  const ticket id = next_++;
  const size_t worker = j.worker;
  jobs_.emplace(id, std::move(j));
  return {verdict::admitted, id, worker};
}

void hash_books::end(const job& j) {
  assert(load_[j.worker] > 0);
  --load_[j.worker];
  for (const auto& key : j.keys) {
    if (key.empty())
      continue;
    const auto it = held_.find(key);
    assert(it != held_.end() && it->second > 0);
    if (--it->second == 0)
      held_.erase(it);
  }
}

bool hash_books::release(ticket id) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end())
    return false;
  end(it->second);
  jobs_.erase(it);
  return true;
}

size_t hash_books::worker_down(size_t worker) {
  size_t ended = 0;
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    if (it->second.worker == worker) {
      end(it->second);
      it = jobs_.erase(it);
      ++ended;
    } else {
      ++it;
    }
  }
  return ended;
}

}  // namespace actors
