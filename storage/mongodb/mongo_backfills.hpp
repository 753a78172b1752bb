// Named backfills a MongoDB migration file may ask for ("backfills": ["name", ...]): code that
// writes a derived field onto the documents written before the field existed, so a query that
// relies on it sees every document. Each is idempotent and safe to run from several instances at
// once (they write the same values). Thread-compatible: one client per call.
//
//   use_case_geo_cells   geo_cells (geo_cells.hpp) on every use case that has none
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

bool is_known_backfill(std::string_view name);

// Runs the backfill `name` on `database`; every command is bounded by `budget`. Returns how many
// documents it changed. `invalid` for an unknown name.
result<int64_t> run_backfill(mongoc_client_t* client, const std::string& database,
                             std::string_view name, std::chrono::milliseconds budget);

}  // namespace storage
