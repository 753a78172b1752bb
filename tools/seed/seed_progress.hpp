// How seeding reports progress: phases with a known number of records, advanced in batches.
// The command line draws a bar (cli/seed_progress_bar.hpp); tests stay silent. A progress
// object is used by one thread at a time.
#pragma once

#include <cstdint>
#include <string_view>

namespace storage::seed {

class progress {
public:
  virtual ~progress() = default;
  // A phase starts; `total` records are expected (0 when unknown).
  virtual void begin(std::string_view phase, std::int64_t total) = 0;
  // `n` more records of the phase were handled.
  virtual void advance(std::int64_t n) = 0;
  // The phase is over; `summary` says what happened ("inserted 200, existing 0").
  virtual void end(std::string_view summary) = 0;
};

class silent_progress final : public progress {
public:
  void begin(std::string_view, std::int64_t) override {}
  void advance(std::int64_t) override {}
  void end(std::string_view) override {}
};

}  // namespace storage::seed
