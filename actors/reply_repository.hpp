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

#include <optional>
#include <string>

#include <caf/all.hpp>

#include "actors/store_route.hpp"
#include "storage/model/reply.hpp"

namespace actors {

struct new_reply {
  std::string post_id;
  std::string author_id;
  std::string content;
};

struct reply_list_query {
  std::string post_id;
  std::optional<storage::reply_cursor> after;  // the previous page's next
  int limit = 20;
};

caf::behavior reply_repository(caf::event_based_actor* self, mongo_route route);

}  // namespace actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::reply_page)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(storage::reply_owner)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::new_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(actors::reply_list_query)
