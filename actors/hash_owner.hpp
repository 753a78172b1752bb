// Who a password job is for (password_hasher.hpp): each of the two holds at most a few jobs of
// the hasher at once (hash_books.hpp), so one user or one address cannot crowd everyone else
// out. A message type of the hasher (actors/messages.hpp), kept free of CAF for the books.
#pragma once

#include <string>

namespace actors {

struct hash_owner {
  std::string account;  // "email:" + the normalised email, or "user:" + the caller's id; empty: none
  std::string address;  // the client's address; empty for the trusted edge and local tools
};

}  // namespace actors
