// Reading the fault suite's books (support/load_recorder.hpp) for one fault: what the hit store
// and the other store answered, which requests started during the fault, how long the longest
// took. Pure.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "support/load_recorder.hpp"

namespace faults {

struct fault_report {
  int tried = 0, acked = 0;
  std::map<int, int> hit_statuses;    // every request to the hit store, by status
  std::map<int, int> other_statuses;  // every request to the other store
  int other_started_during = 0;       // other-store requests started during the fault
  int unanswered = 0;                 // status 0, either store
  int started_during = 0;             // hit-store requests started during the fault
  int started_early = 0;              // ... early enough to outlast hang_after_s without a deadline
  double longest_s = 0;               // the longest request, either store
};

// The fault lasted from `begin` to `end` (`hold` long); a request that started before
// begin + hold - hang_after_s would outlast hang_after_s if nothing ended it before the fault
// did: those are `started_early`.
fault_report read_books(const std::vector<request_record>& records, store hit, clock::time_point begin,
                        clock::time_point end, std::chrono::seconds hold, double hang_after_s);

bool only_unavailable_or_timeout(const std::map<int, int>& statuses);  // 2xx, 503, 504
bool only_success(const std::map<int, int>& statuses);                 // 2xx
std::string statuses_text(const std::map<int, int>& statuses);         // "201x12 503x3"

}  // namespace faults
