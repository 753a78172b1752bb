// The fault suite's reading of its books (support/fault_books.hpp): which requests count as
// started during the fault, and early enough to expose a missing deadline. No server.
#include <boost/test/unit_test.hpp>

#include "support/fault_books.hpp"

using namespace std::chrono_literals;
using faults::request_record;
using faults::store;

namespace {

request_record at(store target, faults::clock::time_point start, std::chrono::milliseconds took, int status,
                  std::string id = "") {
  return {target, start, start + took, status, std::move(id)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fault_books)

BOOST_AUTO_TEST_CASE(requests_are_sorted_by_when_they_started_and_none_is_left_out) {
  const auto begin = faults::clock::now();
  const auto end = begin + 10s;
  const std::vector<request_record> books = {
      at(store::mongodb, begin - 1s, 6s, 504),             // in flight at the start: not "during"
      at(store::mongodb, begin + 1s, 5s, 504),             // early: 1 s < 10 s - 6.5 s
      at(store::mongodb, begin + 4s, 5s, 201, "p1"),       // during, not early
      at(store::mongodb, end + 1s, 50ms, 201, "p2"),       // after
      at(store::postgres, begin + 2s, 30ms, 201, "u1"),    // the other store, during
      at(store::postgres, begin + 12s, 8s, 0),             // unanswered, and the longest
  };
  const auto r = faults::read_books(books, store::mongodb, begin, end, 10s, 6.5);
  BOOST_TEST(r.tried == 6);
  BOOST_TEST(r.acked == 3);
  BOOST_TEST(r.started_during == 2);
  BOOST_TEST(r.started_early == 1);
  BOOST_TEST(r.other_started_during == 1);
  BOOST_TEST(r.unanswered == 1);
  BOOST_TEST(r.longest_s == 8.0, r.longest_s);
  BOOST_TEST(faults::statuses_text(r.hit_statuses) == "201x2 504x2");
  BOOST_TEST(faults::only_unavailable_or_timeout(r.hit_statuses));
  BOOST_TEST(!faults::only_success(r.other_statuses));
  // A fault shorter than the threshold has no early requests.
  BOOST_TEST(faults::read_books(books, store::mongodb, begin, end, 3s, 6.5).started_early == 0);
}

BOOST_AUTO_TEST_SUITE_END()
