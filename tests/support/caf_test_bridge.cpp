// CAF's test DSL (caf/test/dsl.hpp: expect, inject, allow, disallow, test_coordinator_fixture)
// reports through CAF's own unit-test engine, whose functions CAF 0.17 ships only as a header
// for CAF's own test main (caf/test/unit_test_impl.hpp), not in libcaf_core. These definitions
// report to Boost.Test instead, so the DSL runs inside our Boost test cases: a passed check
// clears what the DSL printed; a failed one becomes a Boost error carrying that text (the
// check's file, line, expression and values); a failed requirement (CAF_REQUIRE, CAF_FAIL)
// ends the case with BOOST_FAIL (inside a destructor, as in expect(), that aborts the process:
// the case fails either way, as CAF's own engine aborts).
#include <caf/test/unit_test.hpp>

#include <sstream>
#include <string>

#include <boost/test/unit_test.hpp>

namespace caf::test {

namespace {

// What the DSL printed since the last passed check (colours are off: not a terminal).
std::ostringstream& transcript() {
  static std::ostringstream out;
  return out;
}

std::string take_transcript() {
  auto text = transcript().str();
  transcript().str({});
  return text;
}

// The one `test` the engine reports to: every check lands in the running Boost case.
class boost_case final : public test {
public:
  boost_case() : test("boost", false) {}
  void run_test_impl() override {}
};

}  // namespace

test::test(std::string test_name, bool disabled_by_default)
    : expected_failures_(0), name_(std::move(test_name)), good_(0), bad_(0), disabled_(disabled_by_default) {}

test::~test() = default;

size_t test::expected_failures() const { return expected_failures_; }

void test::pass() {
  ++good_;
  transcript().str({});
}

void test::fail(bool expected) {
  ++bad_;
  if (expected) {
    ++expected_failures_;
    transcript().str({});
    return;
  }
  BOOST_ERROR("CAF check failed: " << take_transcript());
}

const std::string& test::name() const { return name_; }

namespace detail {

[[noreturn]] void requirement_failed(const std::string& msg) {
  BOOST_FAIL("CAF requirement failed: " << msg << "\n" << take_transcript());
  throw std::logic_error("unreachable");  // BOOST_FAIL throws; this keeps [[noreturn]] honest
}

const char* fill(size_t line) {
  if (line < 10)
    return "    ";
  if (line < 100)
    return "   ";
  if (line < 1000)
    return "  ";
  return " ";
}

void remove_trailing_spaces(std::string& x) {
  while (!x.empty() && (x.back() == ' ' || x.back() == '\t' || x.back() == '\n'))
    x.pop_back();
}

bool check(test* parent, const char* file, size_t line, const char* expr, bool should_fail, bool result) {
  auto out = logger::instance().massive();
  out << (result ? "** " : "!! ") << file << ":" << line << fill(line) << expr << '\n';
  if (result)
    parent->pass();
  else
    parent->fail(should_fail);
  return result;
}

}  // namespace detail

logger::stream::stream(logger& parent, logger::level lvl) : parent_(parent), lvl_(lvl) {}

bool logger::init(int, int, const std::string&) { return true; }

logger& logger::instance() {
  static logger l;
  return l;
}

logger::stream logger::error() { return stream{*this, level::error}; }
logger::stream logger::info() { return stream{*this, level::info}; }
logger::stream logger::verbose() { return stream{*this, level::verbose}; }
logger::stream logger::massive() { return stream{*this, level::massive}; }

void logger::disable_colors() {}

// Everything goes to the transcript, nothing to the console and no file.
logger::logger() : level_console_(level::massive), level_file_(level::quiet), console_(&transcript()) {}

int engine::argc() { return 0; }
char** engine::argv() { return nullptr; }

const char* engine::last_check_file() { return instance().check_file_; }
void engine::last_check_file(const char* file) { instance().check_file_ = file; }
size_t engine::last_check_line() { return instance().check_line_; }
void engine::last_check_line(size_t line) { instance().check_line_ = line; }

test* engine::current_test() {
  static boost_case the_case;
  return &the_case;
}

engine& engine::instance() {
  static engine e;
  return e;
}

}  // namespace caf::test
