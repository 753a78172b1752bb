// The forum replies repository (storage/mongodb/reply_store on the MongoDB pool). Counts are exact
// under concurrency (see reply_store.hpp: votes are documents, the best answer one field).
//
//   (create_atom, new_reply)                    -> reply        not_found: no such post;
//                                                               conflict: the post is closed
//   (get_atom, string reply_id)                 -> reply        not_found
//   (list_atom, reply_list_query)               -> reply_page   oldest first, keyset;
//                                                               not_found: no such post
//   (upvote_atom, string reply_id, string user) -> int64_t      upvotes after; idempotent per
//                                                               user; not_found
//   (withdraw_atom, string reply_id, string user) -> int64_t    upvotes after; not voted is no
//                                                               change
//   (owner_atom, string reply_id)               -> reply_owner  post id and post author, for the
//                                                               "post owner" check; not_found
//   (best_atom, string reply_id)                -> reply        marks it its post's one best
//                                                               answer (the caller checked the
//                                                               owner); not_found
#pragma once

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "actors/store_route.hpp"

namespace actors {

reply_repository_actor::behavior_type reply_repository(reply_repository_actor::pointer self, mongo_route route);

}  // namespace actors
