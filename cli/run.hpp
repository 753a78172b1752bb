// The command line of p2p-backend: parses options, loads configuration, dispatches to a command
// (cli/commands.hpp). main() is this with no hooks (cli/main.cpp); the testable binary passes
// the tests' hooks (tests/hooks/testable_main.cpp).
#pragma once

#include "app/test_hooks.hpp"

namespace cli {

// The process exit code (README, "Command line": 0 ok, 1 failure, 2 usage or configuration).
// `hooks`: the tests' seams for `serve` (app/test_hooks.hpp), nullptr in production.
int run(int argc, char** argv, app::test_hooks* hooks);

}  // namespace cli
