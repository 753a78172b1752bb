// `p2p-backend serve`: the service (app/service.hpp) built from the settings and run.
#include "app/service.hpp"
#include "cli/commands.hpp"

namespace cli {

int serve(const config::settings& s, app::test_hooks* hooks) {
  app::service service(s, hooks);
  return service.run();
}

}  // namespace cli
