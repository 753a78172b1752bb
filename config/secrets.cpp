#include "config/secrets.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "config/settings.hpp"

namespace config {

namespace {

using env_map = std::map<std::string, std::string>;

struct secret_spec {
  const char* file_variable;  // DATABASE_URL_FILE
  const char* credential;     // database-url
  const char* plain_variable;  // DATABASE_URL, or nullptr
};

const std::string* find(const env_map& env, const char* key) {
  if (!key)
    return nullptr;
  auto it = env.find(key);
  return it == env.end() || it->second.empty() ? nullptr : &it->second;
}

struct secret_file {
  std::string source;  // for the log: "DATABASE_URL_FILE /etc/p2p/db", "credential database-url"
  std::string name;    // for errors: "DATABASE_URL_FILE", "credential database-url"
  std::string path;
};

// The one source of a secret, read: (source, secret), or nullopt when it has none (or an
// error was recorded).
std::optional<std::pair<std::string, std::string>> resolve(const secret_spec& spec, const env_map& env,
                                                           std::vector<std::string>& errors) {
  std::vector<secret_file> files;
  if (auto* path = find(env, spec.file_variable))
    files.push_back({std::string(spec.file_variable) + " " + *path, spec.file_variable, *path});
  if (auto* dir = find(env, "CREDENTIALS_DIRECTORY")) {
    const auto path = *dir + "/" + spec.credential;
    const auto name = std::string("credential ") + spec.credential;
    if (::access(path.c_str(), F_OK) == 0)
      files.push_back({name, name, path});
  }
  const bool plain = find(env, spec.plain_variable) != nullptr;
  if (files.size() + (plain ? 1 : 0) > 1) {
    std::string list = plain ? spec.plain_variable : "";
    for (const auto& f : files)
      list += (list.empty() ? "" : " and ") + f.name;
    errors.push_back(list + ": the same secret twice; give it one source only");
    return std::nullopt;
  }
  if (files.empty())
    return std::nullopt;
  auto content = read_secret_file(files.front().path);
  if (!content.is_ok()) {
    errors.push_back(files.front().name + ": " + content.get_status().message());
    return std::nullopt;
  }
  return std::pair{files.front().source, std::move(content.value())};
}

// Checks a URL from a file with the configuration file's own rule for `section`.`key`.
bool check_url(const char* section, const char* key, const std::string& url, const std::string& label,
               std::vector<std::string>& errors) {
  auto parsed = parse_settings(nlohmann::json{{section, {{key, url}}}}.dump());
  if (parsed.is_ok())
    return true;
  auto msg = parsed.get_status().message();
  const auto prefix = std::string(section) + "." + key + ": ";
  if (msg.rfind(prefix, 0) == 0)
    msg = msg.substr(prefix.size());
  errors.push_back(label + ": " + msg);
  return false;
}

}  // namespace

storage::result<std::string> read_secret_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f)
    return storage::status::invalid("cannot read " + path + ": " + std::strerror(errno));
  std::string out(max_secret_file_bytes + 1, '\0');
  const auto n = std::fread(out.data(), 1, out.size(), f.get());
  if (std::ferror(f.get()))
    return storage::status::invalid("cannot read " + path + ": " + std::strerror(errno));
  if (n > max_secret_file_bytes)
    return storage::status::invalid(path + " is larger than " + std::to_string(max_secret_file_bytes) +
                                    " bytes: not a secret file");
  out.resize(n);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  if (out.empty())
    return storage::status::invalid(path + " is empty");
  return out;
}

storage::status apply_secret_files(settings& s, const env_map& env) {
  std::vector<std::string> errors;
  if (find(env, "DATABASE_URL"))
    s.secrets.postgres_url = "DATABASE_URL";
  if (find(env, "DATABASE_DIRECT_URL"))
    s.secrets.postgres_direct_url = "DATABASE_DIRECT_URL";
  if (find(env, "MONGODB_URL"))
    s.secrets.mongodb_url = "MONGODB_URL";
  if (auto pg = resolve({"DATABASE_URL_FILE", "database-url", "DATABASE_URL"}, env, errors)) {
    if (check_url("postgres", "url", pg->second, pg->first, errors)) {
      s.postgres.url = pg->second;
      s.secrets.postgres_url = pg->first;
    }
  }
  if (auto direct = resolve({"DATABASE_DIRECT_URL_FILE", "database-direct-url", "DATABASE_DIRECT_URL"}, env, errors)) {
    if (check_url("postgres", "direct_url", direct->second, direct->first, errors)) {
      s.postgres.direct_url = direct->second;
      s.secrets.postgres_direct_url = direct->first;
    }
  }
  if (auto mongo = resolve({"MONGODB_URL_FILE", "mongodb-url", "MONGODB_URL"}, env, errors)) {
    if (check_url("mongodb", "url", mongo->second, mongo->first, errors)) {
      s.mongodb.url = mongo->second;
      s.secrets.mongodb_url = mongo->first;
    }
  }
  if (auto key = resolve({"P2P_CURSOR_KEY_FILE", "cursor-key", nullptr}, env, errors)) {
    if (key->second.size() < min_cursor_key_bytes) {
      errors.push_back(key->first + ": a cursor key needs at least " + std::to_string(min_cursor_key_bytes) +
                       " bytes (e.g. head -c 48 /dev/urandom | base64)");
    } else {
      s.auth.cursor_secret = key->second;
      s.secrets.cursor_key = key->first;
    }
  }
  if (errors.empty())
    return storage::status::ok();
  std::string msg;
  for (const auto& e : errors)
    msg += (msg.empty() ? "" : "\n") + e;
  return storage::status::invalid(msg);
}

}  // namespace config
