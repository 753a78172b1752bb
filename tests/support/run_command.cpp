#include "support/run_command.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>

#include <sys/wait.h>

namespace test_env {

command_result run_command(const std::string& command) {
  command_result r;
  std::FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  BOOST_REQUIRE_MESSAGE(p, "cannot run " << command);
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p))
    r.output.append(buf.data(), n);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace test_env
