#include "actors/errors.hpp"

#include "actors/messages.hpp"

namespace actors {

caf::error to_error(const storage::status& st) {
  if (st.is_ok())
    return caf::none;
  return caf::error{static_cast<uint8_t>(st.error_code()), store_category,
                    caf::make_message(st.message(), static_cast<uint8_t>(st.cause()))};
}

storage::code code_of(const caf::error& err) {
  if (!err)
    return storage::code::ok;
  if (err.category() == store_category && err.code() <= static_cast<uint8_t>(storage::code::internal))
    return static_cast<storage::code>(err.code());
  if (err.category() == caf::atom("system")) {
    switch (static_cast<caf::sec>(err.code())) {
      case caf::sec::request_timeout:
        return storage::code::timeout;
      case caf::sec::request_receiver_down:
      case caf::sec::invalid_argument:
        return storage::code::unavailable;
      default:
        break;
    }
  }
  return storage::code::internal;
}

std::string message_of(const caf::error& err) {
  if (err.category() == store_category && err.context().match_elements<std::string, uint8_t>())
    return err.context().get_as<std::string>(0);
  return {};
}

storage::status status_of(const caf::error& err) {
  const auto c = code_of(err);
  if (c == storage::code::ok)
    return storage::status::ok();
  if (err.category() == store_category && err.context().match_elements<std::string, uint8_t>())
    return {c, err.context().get_as<std::string>(0), static_cast<storage::failure_cause>(err.context().get_as<uint8_t>(1))};
  if (err.category() == caf::atom("system")) {
    switch (static_cast<caf::sec>(err.code())) {
      case caf::sec::request_timeout:
        return {c, "no answer in time", storage::failure_cause::timeout};
      case caf::sec::request_receiver_down:
        return {c, "the actor is gone"};
      default:
        break;
    }
  }
  return {c, caf::to_string(err)};
}

void deliver_status(caf::response_promise& rp, const storage::status& st) {
  if (st.is_ok())
    rp.deliver(ok_atom::value);
  else
    rp.deliver(to_error(st));
}

void register_error_category(caf::actor_system_config& cfg) {
  cfg.add_error_category(store_category, [](uint8_t code, caf::atom_value, const caf::message& ctx) {
    std::string out(storage::to_string(static_cast<storage::code>(code)));
    if (ctx.match_elements<std::string, uint8_t>())
      out += ": " + ctx.get_as<std::string>(0);
    return out;
  });
}

}  // namespace actors
