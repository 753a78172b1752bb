#include "actors/pool_protocol.hpp"

#include "actors/errors.hpp"

namespace actors {

pool_answer answer_ok() {
  return [](caf::response_promise& rp, const storage::status& st) { deliver_status(rp, st); };
}

pool_answer answer_nobody() {
  return [](caf::response_promise&, const storage::status&) {};
}

}  // namespace actors
