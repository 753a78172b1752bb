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

#include <optional>
#include <string>

#include <caf/all.hpp>

#include "actors/store_route.hpp"
#include "storage/model/post.hpp"

namespace actors {

struct post_list_query {
  storage::post_filter filter;
  std::optional<storage::post_cursor> after;  // the previous page's next
  int limit = 20;
};

caf::behavior post_repository(caf::event_based_actor* self, mongo_route route);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::post)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::new_post)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::post_patch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::post_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::post_list_query)
