#include "support/fault_books.hpp"

#include <algorithm>

namespace faults {

fault_report read_books(const std::vector<request_record>& records, store hit, clock::time_point begin,
                        clock::time_point end, std::chrono::seconds hold, double hang_after_s) {
  fault_report out;
  const auto early_until = begin + std::chrono::duration_cast<clock::duration>(
                                       std::chrono::duration<double>(static_cast<double>(hold.count()) - hang_after_s));
  for (const auto& r : records) {
    ++out.tried;
    out.acked += r.acknowledged() ? 1 : 0;
    out.unanswered += r.status == 0 ? 1 : 0;
    out.longest_s = std::max(out.longest_s, r.seconds());
    const bool during = r.start >= begin && r.start < end;
    if (r.target == hit) {
      ++out.hit_statuses[r.status];
      if (during) {
        ++out.started_during;
        out.started_early += r.start < early_until ? 1 : 0;
      }
    } else {
      ++out.other_statuses[r.status];
      out.other_started_during += during ? 1 : 0;
    }
  }
  return out;
}

bool only_unavailable_or_timeout(const std::map<int, int>& statuses) {
  for (const auto& [status, n] : statuses)
    if (status / 100 != 2 && status != 503 && status != 504)
      return false;
  return true;
}

bool only_success(const std::map<int, int>& statuses) {
  for (const auto& [status, n] : statuses)
    if (status / 100 != 2)
      return false;
  return true;
}

std::string statuses_text(const std::map<int, int>& statuses) {
  std::string out;
  for (const auto& [status, n] : statuses)
    out += (out.empty() ? "" : " ") + std::to_string(status) + "x" + std::to_string(n);
  return out;
}

}  // namespace faults
