// The OpenAPI document lists exactly the routes the server registers, and those are exactly
// the contract's endpoints (plus nothing else).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "http/routes/openapi.hpp"
#include "http/routes/routes.hpp"

BOOST_AUTO_TEST_SUITE(openapi)

BOOST_AUTO_TEST_CASE(the_document_lists_exactly_the_registered_routes_and_they_are_the_contracts) {
  const std::set<std::string> contract = {
      "GET /health/live", "GET /health/ready", "GET /health", "GET /metrics", "GET /openapi.json",
      "POST /api/v1/users", "GET /api/v1/users/{id}", "GET /api/v1/users", "PATCH /api/v1/users/{id}",
      "DELETE /api/v1/users/{id}", "POST /api/v1/sessions", "GET /api/v1/sessions/current",
      "DELETE /api/v1/sessions/current", "GET /api/v1/users/{id}/sessions", "GET /api/v1/configs",
      "GET /api/v1/configs/{key}", "PUT /api/v1/configs/{key}", "DELETE /api/v1/configs/{key}",
      "PUT /api/v1/users/{id}/profile", "GET /api/v1/users/{id}/profile", "GET /api/v1/profiles",
      "POST /api/v1/forum/posts", "GET /api/v1/forum/posts", "GET /api/v1/forum/posts/{id}",
      "PATCH /api/v1/forum/posts/{id}", "DELETE /api/v1/forum/posts/{id}", "POST /api/v1/forum/posts/{id}/replies",
      "GET /api/v1/forum/posts/{id}/replies", "POST /api/v1/forum/replies/{id}/upvote",
      "DELETE /api/v1/forum/replies/{id}/upvote", "POST /api/v1/forum/replies/{id}/best-answer",
      "POST /api/v1/use-cases", "GET /api/v1/use-cases", "GET /api/v1/use-cases/{id}", "PATCH /api/v1/use-cases/{id}",
      "DELETE /api/v1/use-cases/{id}"};
  std::set<std::string> registered;
  for (const auto& r : http::api_routes())
    BOOST_TEST(registered.insert(r.method + " " + r.path).second, "registered twice: " << r.method << " " << r.path);
  std::set<std::string> documented;
  const auto doc = http::openapi_document(http::api_routes());
  for (const auto& [path, ops] : doc["paths"].items())
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return std::toupper(c); });
      documented.insert(m + " " + path);
      BOOST_TEST(op.contains("responses"));
    }
  BOOST_TEST(documented == registered, boost::test_tools::per_element());
  BOOST_TEST(registered == contract, boost::test_tools::per_element());
  BOOST_TEST(doc["openapi"].get<std::string>().rfind("3.", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
