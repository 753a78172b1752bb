// The forum posts repository (storage/mongodb/post_store on the MongoDB pool).
//
//   (create_atom, new_post)               -> post       reply_count 0
//   (get_atom, string id)                 -> post       not_found (also for a malformed id)
//   (list_atom, post_list_query)          -> post_page  newest first, keyset; invalid for a
//                                                       cursor with a malformed id
//   (update_atom, string id, post_patch)  -> post       not_found; an empty patch changes nothing
//   (delete_atom, string id)              -> ok_atom    not_found; its replies and votes go too
//   (owner_atom, string id)               -> string     the post's author_id; not_found
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"

namespace actors {

post_repository_actor::behavior_type post_repository(post_repository_actor::pointer self, mongo_route route);

}  // namespace actors
