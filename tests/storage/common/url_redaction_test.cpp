// Redaction of connection URLs and of free text that carries them (storage/common/url.hpp):
// every way a password can sit in a postgresql:// or mongodb:// URL or in a libpq keyword/value
// string, one row each. A row states the whole expected output, so over-redaction (the host or
// the other parameters lost) fails as well as a leak.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "storage/common/url.hpp"

namespace {

struct row {
  const char* in;
  const char* out;
};

// The secrets used in the rows below; none may survive redaction.
const std::vector<std::string> secrets = {"s3cret", "topsecret", "p%40ss", "p@ss", "hunter2", "a;b", "tok123"};

void check_no_secret(const std::string& shown, const char* in) {
  for (const auto& s : secrets)
    BOOST_TEST(shown.find(s) == std::string::npos, "'" << s << "' leaked from " << in << " as " << shown);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(url_redaction)

BOOST_AUTO_TEST_CASE(urls_keep_everything_but_the_secrets) {
  const row rows[] = {
      // user information
      {"postgresql://u:s3cret@h:5432/db", "postgresql://u:***@h:5432/db"},
      {"postgresql://u:p%40ss@h/db", "postgresql://u:***@h/db"},
      {"mongodb://u:p@ss@h1:1,h2:2/db?replicaSet=rs", "mongodb://u:***@h1:1,h2:2/db?replicaSet=rs"},
      {"postgresql://u:a/s3cret@h/db", "postgresql://u:***@h/db"},    // '/' in it: parse_url's reading
      {"postgresql://u:a?s3cret@h/db", "postgresql://u:***@h/db"},    // '?' in it: libpq's reading
      {"postgresql://u@h/db", "postgresql://u@h/db"},
      {"postgresql://h/db", "postgresql://h/db"},
      // query parameters
      {"postgresql://u@127.0.0.1/db?password=topsecret", "postgresql://u@127.0.0.1/db?password=***"},
      {"postgresql://u@h/db?sslmode=require&password=s3cret", "postgresql://u@h/db?sslmode=require&password=***"},
      {"postgresql://u@h/db?password=s3cret&sslmode=require", "postgresql://u@h/db?password=***&sslmode=require"},
      {"postgresql://u@h/db?PASSWORD=s3cret&Password=hunter2", "postgresql://u@h/db?PASSWORD=***&Password=***"},
      {"postgresql://u@h/db?pass%77ord=s3cret", "postgresql://u@h/db?pass%77ord=***"},
      {"postgresql://u@h/db?password=p%40ss%26x%3Dy&a=1", "postgresql://u@h/db?password=***&a=1"},
      {"postgresql://u@h/db?password=p@ss", "postgresql://u@h/db?password=***"},  // '@' in the query
      {"postgresql://u@h/db?sslpassword=s3cret&sslkey=/k", "postgresql://u@h/db?sslpassword=***&sslkey=/k"},
      {"postgresql://u@h/db?password=a;b&x=1", "postgresql://u@h/db?password=***&x=1"},  // ';' does not end it
      {"postgresql://u@h/db?password=", "postgresql://u@h/db?password=***"},
      {"postgresql://u@h/db?a=1&&password=s3cret&", "postgresql://u@h/db?a=1&&password=***&"},
      {"postgresql://u:s3cret@h/db?password=hunter2", "postgresql://u:***@h/db?password=***"},
      // MongoDB options
      {"mongodb://u:s3cret@h/db?authSource=admin&tlsCertificateKeyFilePassword=hunter2",
       "mongodb://u:***@h/db?authSource=admin&tlsCertificateKeyFilePassword=***"},
      {"mongodb://h/db?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok123",
       "mongodb://h/db?authMechanism=MONGODB-AWS&authMechanismProperties=***"},
      {"mongodb://h/db?w=1;password=s3cret", "mongodb://h/db?w=1;password=***"},
      {"mongodb+srv://u:s3cret@cluster.example/db", "mongodb+srv://u:***@cluster.example/db"},
      // not URLs
      {"user:s3cret@host", "<redacted>"},
      {"host=db password=s3cret user=u", "host=db password=*** user=u"},
      {"plain text", "plain text"},
  };
  for (const auto& r : rows) {
    const auto shown = storage::redact_url(r.in);
    BOOST_TEST(shown == r.out, "redact_url(" << r.in << ")");
    check_no_secret(shown, r.in);
  }
}

BOOST_AUTO_TEST_CASE(text_keeps_everything_but_the_secrets) {
  const row rows[] = {
      {"connecting to postgresql://u@h/db?password=topsecret failed: timeout",
       "connecting to postgresql://u@h/db?password=*** failed: timeout"},
      {"bad url 'postgresql://u:s3cret@h/db?sslmode=x&PASSWORD=hunter2' given",
       "bad url 'postgresql://u:***@h/db?sslmode=x&PASSWORD=***' given"},
      {"two: mongodb://a:s3cret@h/x and postgres://b@h/y?password=hunter2.",
       "two: mongodb://a:***@h/x and postgres://b@h/y?password=***"},
      {"\"url\":\"postgresql://u:s3cret@h/db\"", "\"url\":\"postgresql://u:***@h/db\""},
      {"host=db password=s3cret user=bob", "host=db password=*** user=bob"},
      {"host=db PASSWORD = s3cret port=5432", "host=db PASSWORD =*** port=5432"},
      {"password='top secret \\' s3cret' dbname=x", "password=*** dbname=x"},
      {"sslpassword=s3cret\nnext line", "sslpassword=***\nnext line"},
      {"PGPASSWORD=s3cret psql", "PGPASSWORD=*** psql"},
      {"password=s3cret", "password=***"},
      {"see http://plain/x?a=1 and nothing else", "see http://plain/x?a=1 and nothing else"},
      {"x = 1 and y=2", "x = 1 and y=2"},
      {"", ""},
  };
  for (const auto& r : rows) {
    const auto shown = storage::redact_secrets(r.in);
    BOOST_TEST(shown == r.out, "redact_secrets(" << r.in << ")");
    check_no_secret(shown, r.in);
  }
}

BOOST_AUTO_TEST_CASE(redaction_is_idempotent) {
  for (const char* in : {"postgresql://u:s3cret@h/db?password=hunter2&a=1", "host=db password='a b' x=1",
                         "mongodb://u:p@ss@h/db?w=1;password=s3cret"}) {
    const auto once = storage::redact_secrets(in);
    BOOST_TEST(storage::redact_secrets(once) == once, in);
    BOOST_TEST(storage::redact_url(storage::redact_url(in)) == storage::redact_url(in), in);
  }
}

BOOST_AUTO_TEST_SUITE_END()
