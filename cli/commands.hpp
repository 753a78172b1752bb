// The subcommands of p2p-backend; each returns the process exit code.
#pragma once

#include "config/settings.hpp"

namespace cli {

// Blocks SIGINT and SIGTERM in the calling thread and so in every thread it starts later; call
// it before any thread starts (the logger's flusher included) so that only serve's waiter
// receives them.
void block_stop_signals();

// Serves HTTP until SIGINT/SIGTERM; 0 after a clean shutdown, 1 when startup fails.
int serve(const config::settings& s);

}  // namespace cli
