// Reads the settings tree from JSON, one field at a time, as config/settings.cpp's `visit` lists
// them: each field checked against its type and range, unknown keys refused, every problem
// collected with its path. Private to config/.
#pragma once

#include <chrono>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include "config/settings.hpp"
#include "storage/common/url.hpp"

namespace config::detail {

using json = nlohmann::json;

class reader {
public:
  explicit reader(const json& root) { stack_.push_back({&root, "", {}}); }

  template <class F>
  void section(const char* key, F&& body) {
    const json* node = child(key);
    if (!node)
      return;
    if (!node->is_object()) {
      error(path(key), "must be an object");
      return;
    }
    stack_.push_back({node, path(key), {}});
    body();
    check_unknown();
    stack_.pop_back();
  }

  void field(const char* key, std::string& out, std::initializer_list<const char*> allowed = {}) {
    const json* v = child(key);
    if (!v)
      return;
    if (!v->is_string())
      return error(path(key), "must be a string");
    auto s = v->get<std::string>();
    if (allowed.size() > 0) {
      bool ok = false;
      std::string list;
      for (auto* a : allowed) {
        ok = ok || s == a;
        list += list.empty() ? a : std::string("|") + a;
      }
      if (!ok)
        return error(path(key), "must be one of " + list);
    }
    out = std::move(s);
  }

  void field(const char* key, bool& out) {
    if (const json* v = child(key)) {
      if (!v->is_boolean())
        return error(path(key), "must be true or false");
      out = v->get<bool>();
    }
  }

  template <class Int>
  void field(const char* key, Int& out, long long lo, long long hi) {
    const json* v = child(key);
    if (!v)
      return;
    if (!v->is_number_integer())
      return error(path(key), "must be an integer");
    auto n = v->get<long long>();
    if (n < lo || n > hi)
      return error(path(key), "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
    out = static_cast<Int>(n);
  }

  void field(const char* key, double& out, double lo, double hi) {
    const json* v = child(key);
    if (!v)
      return;
    if (!v->is_number())
      return error(path(key), "must be a number");
    auto n = v->get<double>();
    if (!(n >= lo && n <= hi))
      return error(path(key), "must be in [" + num(lo) + ", " + num(hi) + "]");
    out = n;
  }

  template <class Rep, class Period>
  void field(const char* key, std::chrono::duration<Rep, Period>& out, long long lo, long long hi) {
    long long n = out.count();
    field(key, n, lo, hi);
    out = std::chrono::duration<Rep, Period>{n};
  }

  void pooler(const char* key, storage::pg_pooler& out) {
    std::string text = pooler_name(out);
    field(key, text, {"none", "transaction", "auto"});
    out = text == "none" ? storage::pg_pooler::none
        : text == "transaction" ? storage::pg_pooler::transaction
                                : storage::pg_pooler::automatic;
  }
  static std::string pooler_name(storage::pg_pooler p) {
    return p == storage::pg_pooler::none ? "none" : p == storage::pg_pooler::transaction ? "transaction" : "auto";
  }

  // A list of IPv4 addresses ("127.0.0.1").
  void addresses(const char* key, std::vector<std::string>& out) {
    const json* v = child(key);
    if (!v)
      return;
    if (!v->is_array())
      return error(path(key), "must be a list of IPv4 addresses");
    std::vector<std::string> list;
    for (const auto& item : *v) {
      in_addr a{};
      if (!item.is_string() || ::inet_pton(AF_INET, item.get<std::string>().c_str(), &a) != 1)
        return error(path(key), "must be a list of IPv4 addresses");
      list.push_back(item.get<std::string>());
    }
    out = std::move(list);
  }

  void url(const char* key, std::string& out, const char* scheme) {
    std::string s = out;
    field(key, s);
    if (s == out)
      return;
    if (auto err = check_url(s, scheme); !err.empty())
      return error(path(key), err);
    out = s;
  }

  void finish() { check_unknown(); }
  void error(const std::string& where, const std::string& problem) {
    errors_.push_back(where + ": " + problem);
  }
  const std::vector<std::string>& errors() const { return errors_; }

  static std::string check_url(const std::string& s, const char* scheme) {
    auto parsed = storage::parse_url(s);
    if (!parsed.is_ok())
      return parsed.get_status().message();
    if (parsed->scheme != scheme && !(std::string(scheme) == "postgresql" && parsed->scheme == "postgres"))
      return std::string("scheme must be ") + scheme + "://";
    return {};
  }

private:
  struct frame {
    const json* node;
    std::string path;
    std::set<std::string> seen;
  };

  const json* child(const char* key) {
    auto& f = stack_.back();
    f.seen.insert(key);
    auto it = f.node->find(key);
    return it == f.node->end() ? nullptr : &*it;
  }

  void check_unknown() {
    auto& f = stack_.back();
    for (auto it = f.node->begin(); it != f.node->end(); ++it)
      if (!f.seen.count(it.key()))
        error(f.path.empty() ? it.key() : f.path + "." + it.key(), "unknown key");
  }

  std::string path(const char* key) const {
    const auto& p = stack_.back().path;
    return p.empty() ? key : p + "." + key;
  }

  static std::string num(double d) {
    std::ostringstream os;
    os << d;
    return os.str();
  }

  std::vector<frame> stack_;
  std::vector<std::string> errors_;
};

}  // namespace config::detail
