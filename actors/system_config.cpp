#include "actors/system_config.hpp"

#include "actors/errors.hpp"

namespace actors {

void configure_actor_system(caf::actor_system_config& cfg) {
  cfg.set("scheduler.max-threads", 4);
  cfg.set("scheduler.policy", caf::atom("sharing"));
  cfg.set("logger.verbosity", caf::atom("quiet"));
  register_error_category(cfg);
}

}  // namespace actors
