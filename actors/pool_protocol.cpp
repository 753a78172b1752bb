#include "actors/pool_protocol.hpp"

#include "actors/errors.hpp"

namespace actors {

pool_answer answer_ok() {
  return deliver_status;
}

pool_answer answer_nobody() {
  return [](caf::response_promise&, const storage::status&) {};
}

}  // namespace actors
