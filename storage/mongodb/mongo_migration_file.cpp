#include "storage/mongodb/mongo_migration_file.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "storage/crypto/digest.hpp"
#include "storage/mongodb/mongo_backfills.hpp"

namespace storage {

namespace {

using json = nlohmann::json;

const std::regex file_name_re(R"(^(\d{4,})_([a-z0-9_]+)\.json$)");
const std::regex collection_re(R"(^[A-Za-z_][A-Za-z0-9_]*$)");
const std::regex index_name_re(R"(^[A-Za-z0-9_]+$)");
const std::regex field_re(R"(^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$)");

// Collects every problem as "path: problem".
class problems {
public:
  void add(const std::string& path, const std::string& what) { list_.push_back(path + ": " + what); }
  bool empty() const { return list_.empty(); }
  std::string joined() const {
    std::string out;
    for (const auto& p : list_)
      out += (out.empty() ? "" : "; ") + p;
    return out;
  }

private:
  std::vector<std::string> list_;
};

// True when `obj` is an object whose keys are all in `allowed`; reports the others.
bool only_keys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed,
               problems& errs) {
  if (!obj.is_object()) {
    errs.add(path, "must be an object");
    return false;
  }
  for (const auto& [key, value] : obj.items()) {
    (void)value;
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }))
      errs.add(path + "." + key, "unknown key");
  }
  return true;
}

std::string name_at(const json& obj, const char* key, const std::string& path,
                    const std::regex& re, problems& errs) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) {
    errs.add(path + "." + key, "must be a string");
    return {};
  }
  std::string s = it->get<std::string>();
  if (!std::regex_match(s, re))
    errs.add(path + "." + key, "is not a valid name: \"" + s + "\"");
  return s;
}

bool flag_at(const json& obj, const char* key, bool fallback, const std::string& path,
             problems& errs) {
  auto it = obj.find(key);
  if (it == obj.end())
    return fallback;
  if (!it->is_boolean()) {
    errs.add(path + "." + key, "must be true or false");
    return fallback;
  }
  return it->get<bool>();
}

mongo_index_spec parse_index(const json& j, const std::string& path, problems& errs) {
  mongo_index_spec spec;
  if (!only_keys(j, path, {"collection", "name", "keys", "unique", "optional"}, errs))
    return spec;
  spec.collection = name_at(j, "collection", path, collection_re, errs);
  spec.name = name_at(j, "name", path, index_name_re, errs);
  spec.unique = flag_at(j, "unique", false, path, errs);
  spec.optional = flag_at(j, "optional", false, path, errs);
  auto keys = j.find("keys");
  if (keys == j.end() || !keys->is_array() || keys->empty()) {
    errs.add(path + ".keys", "must be a non-empty array");
    return spec;
  }
  for (size_t i = 0; i < keys->size(); ++i) {
    const std::string kpath = path + ".keys[" + std::to_string(i) + "]";
    const json& k = (*keys)[i];
    if (!only_keys(k, kpath, {"field", "order"}, errs))
      continue;
    mongo_index_key key;
    key.field = name_at(k, "field", kpath, field_re, errs);
    auto order = k.find("order");
    if (order != k.end() && order->is_number_integer() &&
        (order->get<int>() == 1 || order->get<int>() == -1))
      key.direction = order->get<int>();
    else if (order != k.end() && order->is_string() && order->get<std::string>() == "2dsphere")
      key.kind = "2dsphere";
    else
      errs.add(kpath + ".order", "must be 1, -1 or \"2dsphere\"");
    spec.keys.push_back(std::move(key));
  }
  return spec;
}

mongo_validator_spec parse_validator(const json& j, const std::string& path, problems& errs) {
  mongo_validator_spec spec;
  if (!only_keys(j, path, {"collection", "json_schema", "optional"}, errs))
    return spec;
  spec.collection = name_at(j, "collection", path, collection_re, errs);
  spec.optional = flag_at(j, "optional", true, path, errs);
  auto schema = j.find("json_schema");
  if (schema == j.end() || !schema->is_object())
    errs.add(path + ".json_schema", "must be an object");
  else
    spec.json_schema = schema->dump();
  return spec;
}

}  // namespace

std::string mongo_migration_checksum(std::string_view bytes) { return sha256_hex(bytes); }

result<mongo_migration> parse_mongo_migration(std::string_view file_name, std::string_view text) {
  mongo_migration m;
  m.file_name = std::string(file_name);
  std::smatch match;
  if (!std::regex_match(m.file_name, match, file_name_re))
    return status::invalid(m.file_name + ": the name must look like 0001_some_name.json");
  try {
    m.version = std::stoi(match[1].str());
  } catch (const std::exception&) {
    return status::invalid(m.file_name + ": the version number is too large");
  }
  if (m.version <= 0)
    return status::invalid(m.file_name + ": versions start at 1");
  m.name = match[2].str();
  m.checksum = mongo_migration_checksum(text);

  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return status::invalid(m.file_name + ": not valid JSON");
  problems errs;
  if (!only_keys(doc, "$", {"description", "collections", "indexes", "validators", "backfills"}, errs))
    return status::invalid(m.file_name + ": " + errs.joined());
  if (auto d = doc.find("description"); d != doc.end()) {
    if (d->is_string())
      m.description = d->get<std::string>();
    else
      errs.add("$.description", "must be a string");
  }
  if (auto c = doc.find("collections"); c != doc.end()) {
    if (!c->is_array())
      errs.add("$.collections", "must be an array of names");
    else
      for (size_t i = 0; i < c->size(); ++i) {
        const auto& v = (*c)[i];
        const std::string path = "$.collections[" + std::to_string(i) + "]";
        if (!v.is_string() || !std::regex_match(v.get<std::string>(), collection_re))
          errs.add(path, "must be a collection name");
        else
          m.collections.push_back(v.get<std::string>());
      }
  }
  if (auto b = doc.find("backfills"); b != doc.end()) {
    if (!b->is_array())
      errs.add("$.backfills", "must be an array of names");
    else
      for (size_t i = 0; i < b->size(); ++i) {
        const auto& v = (*b)[i];
        const std::string path = "$.backfills[" + std::to_string(i) + "]";
        if (!v.is_string() || !is_known_backfill(v.get<std::string>()))
          errs.add(path, "must name a known backfill (storage/mongodb/mongo_backfills.hpp)");
        else
          m.backfills.push_back(v.get<std::string>());
      }
  }
  for (const char* section : {"indexes", "validators"}) {
    auto list = doc.find(section);
    if (list == doc.end())
      continue;
    if (!list->is_array()) {
      errs.add(std::string("$.") + section, "must be an array");
      continue;
    }
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string path = std::string("$.") + section + "[" + std::to_string(i) + "]";
      if (std::string_view(section) == "indexes")
        m.indexes.push_back(parse_index((*list)[i], path, errs));
      else
        m.validators.push_back(parse_validator((*list)[i], path, errs));
    }
  }
  for (size_t i = 0; i < m.indexes.size(); ++i)
    for (size_t k = 0; k < i; ++k)
      if (m.indexes[i].collection == m.indexes[k].collection && m.indexes[i].name == m.indexes[k].name)
        errs.add("$.indexes[" + std::to_string(i) + "]", "duplicate index name " + m.indexes[i].name);
  if (!errs.empty())
    return status::invalid(m.file_name + ": " + errs.joined());
  return m;
}

result<std::vector<mongo_migration>> load_mongo_migrations(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return status::invalid("mongodb migrations: no directory " + dir);
  std::vector<mongo_migration> out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json")
      continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof())
      return status::invalid("mongodb migrations: cannot read " + entry.path().string());
    auto m = parse_mongo_migration(entry.path().filename().string(), text.str());
    if (!m.is_ok())
      return status::invalid("mongodb migrations: " + m.get_status().message());
    out.push_back(std::move(m.value()));
  }
  if (ec)
    return status::invalid("mongodb migrations: cannot list " + dir + ": " + ec.message());
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i].version == out[i - 1].version)
      return status::invalid("mongodb migrations: " + out[i - 1].file_name + " and " +
                             out[i].file_name + " have the same version");
  return out;
}

}  // namespace storage
