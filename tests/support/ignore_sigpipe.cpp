// Every test binary ignores SIGPIPE, as the service does (app/service.cpp): a write to a
// connection the server has closed (a refused body, a killed instance) is then a failed call
// that its check reports, never a signal that kills the test process midway (and could leave
// a store frozen by a fault test behind).
#include <boost/test/unit_test.hpp>

#include <csignal>

namespace {

struct ignore_sigpipe {
  ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }
};

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(ignore_sigpipe);
