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

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"

namespace actors {

use_case_repository_actor::behavior_type use_case_repository(use_case_repository_actor::pointer self, mongo_route route);

}  // namespace actors
