// Whose share of the password hasher a request spends: the client address behind the edge or
// not, and the account keys.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "http/auth/client_address.hpp"

namespace {

struct address_row {
  const char* what;
  const char* peer;
  const char* forwarded_for;
  const char* expected;
};
std::ostream& operator<<(std::ostream& os, const address_row& r) { return os << r.what; }

const std::vector<std::string> balancers{"127.0.0.1", "10.0.0.9"};

const address_row address_rows[] = {
    {"a direct client is its peer", "203.0.113.7", "", "203.0.113.7"},
    {"a direct client cannot choose its address", "203.0.113.7", "198.51.100.1", "203.0.113.7"},
    {"behind the edge, the forwarded address", "127.0.0.1", "198.51.100.1", "198.51.100.1"},
    {"behind another balancer too", "10.0.0.9", "198.51.100.1", "198.51.100.1"},
    {"the last entry of a list", "127.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"},
    {"spaces around it are trimmed", "127.0.0.1", " 198.51.100.1 ", "198.51.100.1"},
    {"IPv6", "127.0.0.1", "2001:db8::1", "2001:db8::1"},
    {"a balancer's own request counts for no address", "127.0.0.1", "", ""},
    {"a forwarded balancer address counts for none either", "10.0.0.9", "127.0.0.1", ""},
    {"junk in the header falls back to the peer (a balancer: none)", "127.0.0.1", "evil host", ""},
    {"an over-long entry falls back to the peer", "127.0.0.1", "1111111111111111111111111111111111111111111111111", ""},
    {"an empty last entry falls back to the peer", "127.0.0.1", "198.51.100.1,", ""},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(client_address)

BOOST_DATA_TEST_CASE(the_address_a_request_counts_under, boost::unit_test::data::make(address_rows), row) {
  BOOST_TEST(http::client_address(row.peer, row.forwarded_for, balancers) == std::string(row.expected), row.what);
}

BOOST_AUTO_TEST_CASE(accounts_are_keyed_by_normalised_email_or_by_user) {
  const auto by_email = http::owner_by_email("  Alice@Example.COM ", "198.51.100.1");
  BOOST_TEST(by_email.account == "email:alice@example.com");
  BOOST_TEST(by_email.address == "198.51.100.1");
  const auto by_user = http::owner_by_user("0b6f3d4e-0000-4000-8000-000000000001", "");
  BOOST_TEST(by_user.account == "user:0b6f3d4e-0000-4000-8000-000000000001");
  BOOST_TEST(by_user.address.empty());
  BOOST_TEST(http::owner_by_email("a@example.com", "").account != http::owner_by_user("a@example.com", "").account,
             "an email and a user id never share a key");
}

BOOST_AUTO_TEST_SUITE_END()
