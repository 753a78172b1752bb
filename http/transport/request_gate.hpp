// A seam for the tests: a gate every request passes before routing, given to http::server at
// construction. Only the testable binary gives one (tests/hooks/test_faults.hpp holds the front
// with it, as stuck HTTP threads would); a production server has none and installs no check.
// Implementations must be thread-safe: every HTTP thread calls pass().
#pragma once

namespace http {

class request_gate {
public:
  virtual ~request_gate() = default;
  // Called first thing for every request, in its HTTP thread; may block.
  virtual void pass() = 0;
};

}  // namespace http
