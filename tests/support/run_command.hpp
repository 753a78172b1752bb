// Runs a shell command to its end and keeps what it printed (the deploy tests run
// systemd-analyze, nginx -t and promtool this way).
#pragma once

#include <string>

namespace test_env {

struct command_result {
  int code = -1;       // the exit code; -1 when a signal ended it
  std::string output;  // stdout and stderr together
};

// `command` through /bin/sh with stderr joined to stdout; a command that cannot be started
// fails the test (BOOST_REQUIRE).
command_result run_command(const std::string& command);

}  // namespace test_env
