#include "storage/postgres/pg_migration_files.hpp"

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "storage/crypto/digest.hpp"

namespace storage {

namespace fs = std::filesystem;

std::string migration_file::label() const { return version_text(version) + "_" + name; }

std::string version_text(int version) {
  std::string digits = std::to_string(version);
  return digits.size() >= 4 ? digits : std::string(4 - digits.size(), '0') + digits;
}

namespace {

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return !in.bad();
}

bool is_valid_name(const std::string& name) {
  static const std::regex pattern("[a-z0-9_]{1,64}");
  return std::regex_match(name, pattern);
}

// One version's files as found on disk, before pairing.
struct found_version {
  std::vector<fs::path> ups, downs;
};

}  // namespace

result<std::vector<migration_file>> load_migration_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return status::invalid("migrations directory " + dir.string() + " does not exist");
  static const std::regex file_pattern(R"(([0-9]{4})_([a-z0-9_]+)\.(up|down)\.sql)");
  std::map<int, found_version> versions;
  std::vector<std::string> problems;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".sql")
      continue;
    std::smatch m;
    if (!std::regex_match(file, m, file_pattern)) {
      problems.push_back(file + ": not named NNNN_name.up.sql or NNNN_name.down.sql");
      continue;
    }
    const int version = std::stoi(m[1].str());
    if (version == 0) {
      problems.push_back(file + ": versions start at 0001");
      continue;
    }
    auto& v = versions[version];
    (m[3].str() == "up" ? v.ups : v.downs).push_back(entry.path());
  }
  if (ec)
    return status::invalid("cannot read migrations directory " + dir.string() + ": " + ec.message());

  std::vector<migration_file> out;
  int expected = 1;
  for (auto& [version, files] : versions) {
    const std::string vt = version_text(version);
    if (version != expected)
      problems.push_back("version " + version_text(expected) + " is missing (next is " + vt + ")");
    expected = version + 1;
    if (files.ups.size() > 1 || files.downs.size() > 1) {
      std::string names;
      for (const auto* list : {&files.ups, &files.downs})
        for (const auto& p : *list)
          names += (names.empty() ? "" : ", ") + p.filename().string();
      problems.push_back("duplicate version " + vt + ": " + names);
      continue;
    }
    if (files.downs.empty()) {
      problems.push_back(files.ups[0].filename().string() + " has no matching .down.sql");
      continue;
    }
    if (files.ups.empty()) {
      problems.push_back(files.downs[0].filename().string() + " has no matching .up.sql");
      continue;
    }
    migration_file mf;
    mf.version = version;
    mf.up_path = files.ups[0];
    mf.down_path = files.downs[0];
    const std::string up_name = mf.up_path.filename().string();
    const std::string down_name = mf.down_path.filename().string();
    mf.name = up_name.substr(5, up_name.size() - 5 - std::string_view(".up.sql").size());
    if (down_name != mf.label() + ".down.sql") {
      problems.push_back("version " + vt + ": " + up_name + " and " + down_name + " have different names");
      continue;
    }
    if (!read_file(mf.up_path, mf.up_sql) || !read_file(mf.down_path, mf.down_sql)) {
      problems.push_back("version " + vt + ": cannot read its files");
      continue;
    }
    mf.checksum = sha256_hex(mf.up_sql);
    out.push_back(std::move(mf));
  }
  if (!problems.empty()) {
    std::string msg = "invalid migrations in " + dir.string() + ":";
    for (const auto& p : problems)
      msg += "\n  " + p;
    return status::invalid(std::move(msg));
  }
  return out;
}

result<fs::path> new_migration(const fs::path& dir, const std::string& name) {
  if (!is_valid_name(name))
    return status::invalid("migration name must match [a-z0-9_]{1,64}");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return status::invalid("cannot create " + dir.string() + ": " + ec.message());
  auto existing = load_migration_files(dir);
  if (!existing.is_ok())
    return existing.get_status();
  const int version = static_cast<int>(existing->size()) + 1;
  if (version > 9999)
    return status::invalid("no version left: 9999 is taken");
  const std::string label = version_text(version) + "_" + name;
  const fs::path up = dir / (label + ".up.sql");
  const fs::path down = dir / (label + ".down.sql");
  if (fs::exists(up, ec) || fs::exists(down, ec))
    return status::invalid(up.string() + " or its .down.sql already exists");
  const std::string up_text =
      "-- " + label + " (up): describe the change here.\n"
      "-- Runs in one transaction together with its schema_migrations row: no BEGIN/COMMIT here,\n"
      "-- and nothing that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM).\n"
      "-- Never edit this file once applied anywhere: add a new migration. See docs/migrations.md.\n\n";
  const std::string down_text = "-- " + label + " (down): reverts exactly what " + label +
                                ".up.sql does, in reverse order.\n\n";
  for (const auto& [path, text] : {std::pair{up, up_text}, std::pair{down, down_text}}) {
    std::ofstream outf(path, std::ios::binary);
    outf << text;
    if (!outf)
      return status::invalid("cannot write " + path.string());
  }
  return up;
}

}  // namespace storage
