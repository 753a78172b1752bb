// The actor system's configuration, shared by serve, the CLI tools and the tests.
#pragma once

#include <caf/all.hpp>

namespace actors {

// Blocking store work runs in detached actors with threads of their own, so the scheduler only
// runs short handlers: a small sharing scheduler is enough. Registers the "store" error
// category.
void configure_actor_system(caf::actor_system_config& cfg);

}  // namespace actors
