// The seeded MongoDB documents of a plan, kind by kind, in record order (seed_documents.hpp
// builds them). Both the writer (seed_run.hpp) and the expected content hash (seed_digest.hpp)
// take their documents from here, so they cannot disagree. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "storage/mongodb/mongo_handles.hpp"
#include "tools/seed/seed_plan.hpp"

namespace storage::seed {

// In the order they are written: every reference points at something written before it.
enum class kind { profiles, posts, replies, votes, use_cases };
inline constexpr kind all_kinds[] = {kind::profiles, kind::posts, kind::replies, kind::votes,
                                     kind::use_cases};

const char* collection_of(kind k);
// "profiles", "posts", ... for progress lines.
const char* label_of(kind k);
// The marker set of a kind: "users" for profiles, the size otherwise.
std::string set_of(const plan& pl, kind k);

// How many records of kind `k` the plan has.
std::int64_t total_of(const plan& pl, kind k);

// Calls `emit` with each document of kind `k`, in record order.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // see mongo_handles.hpp
using document_sink = std::function<void(bson_ptr)>;
#pragma GCC diagnostic pop
void each_document(const plan& pl, kind k, const document_sink& emit);

}  // namespace storage::seed
