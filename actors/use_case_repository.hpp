// The industrial use cases repository (storage/mongodb/use_case_store on the MongoDB pool).
//
//   (create_atom, new_use_case)               -> use_case
//   (get_atom, string id)                     -> use_case       not_found (also a malformed id)
//   (update_atom, string id, use_case_patch)  -> use_case       not_found; an empty patch
//                                                               changes nothing
//   (delete_atom, string id)                  -> ok_atom        not_found
//   (list_atom, use_case_list_query)          -> use_case_page  newest first, keyset; invalid
//                                                               for a cursor with a malformed id
//   (near_atom, near_query)                   -> std::vector<use_case_hit>
//       the matches within radius_km, nearest first, each with its distance_km; invalid for
//       non-finite coordinates or a radius <= 0
#pragma once

#include <optional>
#include <vector>

#include <caf/all.hpp>

#include "actors/store_route.hpp"
#include "storage/model/use_case.hpp"

namespace actors {

struct use_case_list_query {
  storage::use_case_filter filter;
  std::optional<storage::use_case_cursor> after;  // the previous page's next
  int limit = 20;
};

struct near_query {
  double lat = 0;
  double lng = 0;
  double radius_km = 0;
  storage::use_case_filter filter;
  int limit = 20;
};

caf::behavior use_case_repository(caf::event_based_actor* self, mongo_route route);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::use_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::new_use_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::use_case_patch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::use_case_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<storage::use_case_hit>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::use_case_list_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::near_query)
