// A test-only switch for the supervision tests (cli/test_faults.hpp): while the front is held,
// every request waits in its HTTP thread before routing, as it would if the HTTP threads were
// stuck. Never held unless P2P_TEST_FAULT asks for it. Thread-safe.
#pragma once

#include <chrono>

namespace http {

// Holds every request that arrives in the next `d` (and those already waiting) until `d` ends.
void hold_front_for(std::chrono::milliseconds d);

// Called first thing for every request: returns at once unless the front is held.
void wait_while_front_held();

}  // namespace http
