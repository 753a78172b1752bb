// A second server on a port that is taken must not start (cpp-httplib 0.11.4 would share it
// through SO_REUSEPORT, and the kernel would split the traffic between the two).
#include "support/robust_fixture.hpp"

using namespace robust;

BOOST_AUTO_TEST_SUITE(startup_robust)

BOOST_AUTO_TEST_CASE(serve_refuses_a_taken_port_with_exit_code_2) {
  const int taken = shared().server.port();
  std::string out;
  const int code = test_env::run_binary({"serve"}, out, {{"P2P_HTTP_PORT", std::to_string(taken)}, {"P2P_HTTP_HOST", "127.0.0.1"}});
  BOOST_TEST(code == 2, out);
  BOOST_TEST(out.find("already in use") != std::string::npos, out);
  check_alive("after a second serve");
}

BOOST_AUTO_TEST_SUITE_END()
