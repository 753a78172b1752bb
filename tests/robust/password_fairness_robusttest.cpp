// Password work is shared fairly (issue 20, part 3): one logged-in user flooding
// PATCH /api/v1/users/{id} with the right current_password (one Argon2id verify each) from many
// threads never makes another user's login answer 429, through the edge or directly. The flooder
// and the other user come from loopback addresses of their own (neither is the trusted
// 127.0.0.1, nor robust::attacker, whose edge budget other cases spend), so the edge limits each
// like any client; the flooder must be seen refused (429) for the test to mean anything.
#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/raw_client.hpp"
#include "support/robust_fixture.hpp"
#include "support/test_env.hpp"

using namespace robust;
using nlohmann::json;

namespace {

using clock_type = std::chrono::steady_clock;

const std::string password = "correct horse battery";
const std::string flooder_address = "127.0.0.40";
const std::string victim_address = "127.0.0.41";
constexpr int flood_threads = 20;
constexpr int victim_logins = 10;

std::string with_body(const std::string& method, const std::string& path, const json& body,
                      const std::string& token = "", bool close = true) {
  const auto text = body.dump();
  std::string head = method + " " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n";
  if (!token.empty())
    head += "Authorization: Bearer " + token + "\r\n";
  if (close)
    head += "Connection: close\r\n";
  return head + "Content-Length: " + std::to_string(text.size()) + "\r\n\r\n" + text;
}

struct account {
  std::string id, email, token;
};

// Registers and logs in directly, from 127.0.0.1.
account make_account(const std::string& email) {
  const int port = port_of(via::direct);
  const auto reg = test_env::raw_request(port, with_body("POST", "/api/v1/users", {{"email", email}, {"password", password}, {"full_name", "Fair"}}),
                                         nullptr, "127.0.0.1", 10s);
  BOOST_REQUIRE_MESSAGE(reg.status == 201, "register " << email << ": " << reg.status << " " << reg.body);
  const auto login = test_env::raw_request(port, with_body("POST", "/api/v1/sessions", {{"email", email}, {"password", password}}),
                                           nullptr, "127.0.0.1", 10s);
  BOOST_REQUIRE_MESSAGE(login.status == 201, "login " << email << ": " << login.status << " " << login.body);
  const auto body = json::parse(login.body);
  return {body["user"]["id"], email, body["token"]};
}

void delete_account(const account& a) {
  test_env::raw_request(port_of(via::direct),
                        "DELETE /api/v1/users/" + a.id + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + a.token +
                            "\r\nConnection: close\r\n\r\n");
}

struct flood_outcome {
  int flood_answers = 0, flood_ok = 0, flood_refused = 0, flood_other = 0;
  int refused_during_logins = 0;  // the flooder's 429s while the other user logged in
  int logins = 0, logins_created = 0, logins_refused = 0;
  std::string other_statuses;
};

// `flood_threads` threads PATCH the flooder's own email back with the right current_password
// (keep-alive connections, reopened when closed; 5 ms between a 429 and the next try) until the
// other user has made its logins, which start after the flooder's first 429 and run one at a
// time. Bounded: 20 s at most.
flood_outcome run_flood(via v, const std::string& tag) {
  const std::string run = std::to_string(::getpid());
  const auto flooder = make_account("robust-fair-flooder-" + tag + "-" + run + "@example.com");
  const auto victim = make_account("robust-fair-victim-" + tag + "-" + run + "@example.com");
  const int port = port_of(v);
  const auto patch = with_body("PATCH", "/api/v1/users/" + flooder.id, {{"email", flooder.email}, {"current_password", password}},
                               flooder.token, false);

  std::atomic<bool> stop{false}, victim_running{false};
  std::atomic<int> answers{0}, ok{0}, refused{0}, other{0}, refused_during{0};
  std::vector<std::thread> flood;
  const auto hard_stop = clock_type::now() + 20s;
  for (int i = 0; i < flood_threads; ++i)
    flood.emplace_back([&] {
      test_env::raw_socket s;
      while (!stop && clock_type::now() < hard_stop) {
        if (!s.is_open() && !s.connect(port, flooder_address)) {
          std::this_thread::sleep_for(10ms);
          continue;
        }
        const auto r = s.send(patch) ? s.read_response(10s) : test_env::raw_response{};
        if (r.status == 0 || r.header("connection") == "close")
          s.close();
        if (r.status == 0)
          continue;
        ++answers;
        if (r.status == 200) {
          ++ok;
        } else if (r.status == 429) {
          ++refused;
          if (victim_running)
            ++refused_during;
          // A refusal comes back in microseconds: without a pause 20 threads spinning on them
          // take this 2-core machine from the service (the other user's logins then time out,
          // whoever's fault). 200 tries a second per thread still refill every freed place.
          std::this_thread::sleep_for(5ms);
        } else {
          ++other;
        }
      }
    });

  flood_outcome out;
  // The flood is running once the flooder has been refused.
  const auto wait_until = clock_type::now() + 5s;
  while (refused.load() == 0 && clock_type::now() < wait_until)
    std::this_thread::sleep_for(5ms);
  if (refused.load() > 0) {
    victim_running = true;
    for (int i = 0; i < victim_logins; ++i) {
      const auto r = test_env::raw_request(port, with_body("POST", "/api/v1/sessions", {{"email", victim.email}, {"password", password}}),
                                           nullptr, victim_address, 10s);
      check_clean(r, std::string("the other user's login via ") + name_of(v));
      ++out.logins;
      if (r.status == 201)
        ++out.logins_created;
      else if (r.status == 429)
        ++out.logins_refused;
      if (r.status != 201 && out.other_statuses.size() < 400)  // the first few
        out.other_statuses += std::to_string(r.status) + " " + r.body.substr(0, 120) + "; ";
      std::this_thread::sleep_for(100ms);
    }
    victim_running = false;
  }
  stop = true;
  for (auto& t : flood)
    t.join();
  out.flood_answers = answers;
  out.flood_ok = ok;
  out.flood_refused = refused;
  out.flood_other = other;
  out.refused_during_logins = refused_during;
  BOOST_TEST_MESSAGE("via " << name_of(v) << ": flooder " << out.flood_answers << " answers, " << out.flood_ok << " 200, "
                            << out.flood_refused << " 429 (" << out.refused_during_logins << " while the other user logged in), "
                            << out.flood_other << " other; the other user's logins: " << out.logins_refused << " of "
                            << out.logins << " answered 429, " << out.logins_created << " 201");
  delete_account(flooder);
  delete_account(victim);
  return out;
}

void check_fair(const flood_outcome& o, via v) {
  const std::string where = std::string("via ") + name_of(v) + ": ";
  BOOST_TEST_REQUIRE(o.flood_refused > 0, where << "the flooder was never refused: the flood did not run");
  BOOST_TEST(o.logins == victim_logins, where << "the other user made " << o.logins << " logins");
  BOOST_TEST(o.refused_during_logins > 0, where << "the flooder was not refused while the other user logged in");
  BOOST_TEST(o.logins_refused == 0, where << o.logins_refused << " of " << o.logins << " logins of another user answered 429 ("
                                          << o.flood_refused << " 429s to the flooder): " << o.other_statuses);
  BOOST_TEST(o.logins_created == o.logins, where << o.logins_created << " of " << o.logins << " logins answered 201: " << o.other_statuses);
  BOOST_TEST(o.flood_other == 0, where << o.flood_other << " of the flooder's answers were neither 200 nor 429");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(password_fairness_robust)

BOOST_AUTO_TEST_CASE(one_users_flood_of_password_checks_leaves_another_users_logins_alone_directly) {
  check_fair(run_flood(via::direct, "direct"), via::direct);
  check_alive("after a flood of password checks (direct)");
}

BOOST_AUTO_TEST_CASE(one_users_flood_of_password_checks_leaves_another_users_logins_alone_through_the_edge) {
  check_fair(run_flood(via::edge, "edge"), via::edge);
  check_alive("after a flood of password checks (edge)");
}

BOOST_AUTO_TEST_SUITE_END()
