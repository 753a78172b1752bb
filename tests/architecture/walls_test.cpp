// The walls of the source tree, read from the sources themselves: which folder may include which
// (the same graph as the CMake targets), which folder alone may include each C library, and that
// nothing http/ compiles, directly or through other headers, reaches a driver.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <iterator>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path source = P2P_SOURCE_DIR;

struct includes {
  std::vector<std::string> project;  // "storage/common/status.hpp"
  std::vector<std::string> system;   // "sodium.h", "mongoc/mongoc.h"
};

includes read_includes(const fs::path& file) {
  static const std::regex line(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  includes out;
  std::ifstream in(file);
  std::string text;
  std::smatch m;
  while (std::getline(in, text))
    if (std::regex_search(text, m, line))
      (m[1] == "\"" ? out.project : out.system).push_back(m[2]);
  return out;
}

// The folder of a project path: "storage/postgres", "tools/seed", "http", "actors" ...
std::string folder_of(const std::string& path) {
  const auto first = path.find('/');
  if (path.compare(0, first, "storage") != 0 && path.compare(0, first, "tools") != 0)
    return path.substr(0, first);
  return path.substr(0, path.find('/', first + 1));
}

std::vector<std::string> sources_under(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(source / dir))
    if (e.is_regular_file() && (e.path().extension() == ".cpp" || e.path().extension() == ".hpp"))
      out.push_back(fs::relative(e.path(), source).string());
  BOOST_REQUIRE_MESSAGE(!out.empty(), "no sources under " << dir);
  return out;
}

// Which folders each folder may include from (itself always).
const std::map<std::string, std::set<std::string>> allowed = {
    {"storage/common", {}},
    {"storage/model", {"storage/common"}},
    {"storage/crypto", {"storage/common"}},
    {"storage/postgres", {"storage/common", "storage/model", "storage/crypto"}},
    {"storage/mongodb", {"storage/common", "storage/model", "storage/crypto"}},
    {"storage/ferretdb", {"storage/common", "storage/model", "storage/crypto", "storage/postgres", "storage/mongodb"}},
    // The seed tool sits above the stores: their documents, never a copy of them.
    {"tools/seed", {"storage/common", "storage/model", "storage/crypto", "storage/postgres", "storage/mongodb"}},
    {"config", {"storage/common", "http"}},  // http/http_settings.hpp: a plain struct
    {"actors", {"storage/common", "storage/model", "storage/crypto", "storage/postgres", "storage/mongodb"}},
    {"http", {"storage/common", "storage/model", "storage/crypto", "actors"}},
    // The process (app/service.hpp) and the command line above it; nothing below includes either.
    {"app", {"storage/common", "storage/model", "storage/crypto", "storage/postgres", "storage/mongodb",
             "storage/ferretdb", "config", "actors", "http"}},
    {"cli", {"storage/common", "storage/model", "storage/crypto", "storage/postgres", "storage/mongodb",
             "storage/ferretdb", "tools/seed", "config", "actors", "http", "app"}},
};

// Which folders alone may include each C library's headers (by prefix).
const std::vector<std::pair<std::string, std::set<std::string>>> libraries = {
    {"sodium", {"storage/crypto"}},
    {"libpq", {"storage/postgres"}},
    {"mongoc/", {"storage/mongodb"}},
    {"bson/", {"storage/mongodb", "tools/seed"}},
    {"caf/", {"actors", "http", "app"}},  // no CAF in storage/, config/ or cli/
    {"systemd/", {"app"}},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(walls)

BOOST_AUTO_TEST_CASE(each_folder_includes_only_the_folders_below_it) {
  for (const auto& [folder, may] : allowed)
    for (const auto& file : sources_under(folder))
      for (const auto& inc : read_includes(source / file).project) {
        const auto target = folder_of(inc);
        BOOST_TEST((target == folder || may.count(target) == 1), file << " includes " << inc);
      }
}

BOOST_AUTO_TEST_CASE(each_c_library_is_included_by_its_own_folder_only) {
  for (const auto& [folder, may] : allowed)
    for (const auto& file : sources_under(folder))
      for (const auto& inc : read_includes(source / file).system)
        for (const auto& [prefix, owners] : libraries)
          if (inc.rfind(prefix, 0) == 0)
            BOOST_TEST(owners.count(folder) == 1, file << " includes <" << inc << ">");
}

BOOST_AUTO_TEST_CASE(nothing_http_compiles_reaches_a_driver_header) {
  // Every project header http/ reaches, through any chain of includes.
  std::map<std::string, std::string> reached;  // header -> the http file whose chain reached it
  std::vector<std::pair<std::string, std::string>> todo;
  for (const auto& file : sources_under("http"))
    todo.emplace_back(file, file);
  while (!todo.empty()) {
    auto [file, from] = todo.back();
    todo.pop_back();
    for (const auto& inc : read_includes(source / file).project)
      if (fs::exists(source / inc) && reached.emplace(inc, from).second)
        todo.emplace_back(inc, from);
  }
  BOOST_TEST(reached.count("storage/model/post.hpp") == 1);  // the walk does follow includes
  for (const auto& [header, from] : reached) {
    const auto f = folder_of(header);
    BOOST_TEST((f != "storage/postgres" && f != "storage/mongodb" && f != "tools/seed" && f != "storage/ferretdb"),
               from << " reaches " << header);
    for (const auto& inc : read_includes(source / header).system)
      BOOST_TEST((inc.rfind("mongoc/", 0) != 0 && inc.rfind("bson/", 0) != 0 && inc.rfind("libpq", 0) != 0),
                 from << " reaches <" << inc << "> through " << header);
  }
}

// The project headers the sources under `dir` reach, through any chain of includes.
std::set<std::string> reached_from(const std::string& dir) {
  std::set<std::string> reached;
  std::vector<std::string> todo = sources_under(dir);
  while (!todo.empty()) {
    const auto file = todo.back();
    todo.pop_back();
    for (const auto& inc : read_includes(source / file).project)
      if (fs::exists(source / inc) && reached.insert(inc).second)
        todo.push_back(inc);
  }
  return reached;
}

// The transport (http/transport/) faces hostile bytes and is reviewed alone: nothing it
// compiles reaches another http/ folder (the API's error shape, the exchange, the routes),
// actors/ or a store; only storage/common and storage/crypto (request ids' randomness). The same
// walk from http/routes/ reaches the API's error header, so the check can fail.
BOOST_AUTO_TEST_CASE(the_http_transport_reaches_nothing_of_the_api) {
  BOOST_TEST(reached_from("http/routes").count("http/render/api_error.hpp") == 1);
  for (const auto& header : reached_from("http/transport")) {
    const bool own = header.rfind("http/transport/", 0) == 0;
    const auto f = folder_of(header);
    BOOST_TEST((own || f == "storage/common" || f == "storage/crypto"), "http/transport reaches " << header);
  }
  for (const auto& file : sources_under("http/transport"))
    for (const auto& inc : read_includes(source / file).system)
      BOOST_TEST(inc.rfind("caf/", 0) != 0, file << " includes <" << inc << ">");
}

// CAF stays out of storage/ in every form, not only as an include: no CAF name in its code
// (comments aside: a forward declaration of caf::actor needs no include), and no storage
// target links CAF. The same scan finds CAF in actors/, so it can fail.
namespace {

// The code of a file with its // comments dropped.
std::string code_of(const fs::path& file) {
  std::ifstream in(file);
  std::string out, text;
  while (std::getline(in, text)) {
    if (const auto c = text.find("//"); c != std::string::npos)
      text.erase(c);
    out += text + "\n";
  }
  return out;
}

bool names_caf(const std::string& code) {
  static const std::regex caf(R"((\bcaf\s*::|namespace\s+caf\b|\bCAF_[A-Z_]+|[<"]caf/))");
  return std::regex_search(code, caf);
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_caf_in_storage_neither_named_nor_linked) {
  int scanned = 0;
  for (const auto& entry : fs::directory_iterator(source / "storage"))
    if (entry.is_directory())
      for (const auto& file : sources_under(fs::relative(entry.path(), source).string())) {
        ++scanned;
        BOOST_TEST(!names_caf(code_of(source / file)), file << " names CAF");
      }
  BOOST_TEST(scanned > 50, "only " << scanned << " storage sources scanned");
  BOOST_TEST(names_caf(code_of(source / "actors/supervisor.cpp")), "the scan does not see CAF where it is");

  // CMakeLists.txt: each storage target's target_link_libraries(...) and
  // target_include_directories(...) name no CAF.
  std::ifstream in(source / "CMakeLists.txt");
  const std::string cmake((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const std::regex link(R"(target_(?:link_libraries|include_directories)\((p2p_[a-z]+)([^)]*)\))");
  std::set<std::string> storage_targets;
  for (std::sregex_iterator it(cmake.begin(), cmake.end(), link), end; it != end; ++it) {
    const std::string target = (*it)[1], args = (*it)[2];
    if (target == "p2p_actors")
      BOOST_TEST(args.find("CAF") != std::string::npos, "the link scan does not see CAF where it is");
    for (const char* s : {"p2p_common", "p2p_model", "p2p_crypto", "p2p_postgres", "p2p_mongodb", "p2p_ferretdb", "p2p_seed"})
      if (target == s) {
        storage_targets.insert(target);
        BOOST_TEST(args.find("CAF") == std::string::npos, target << " links CAF: " << args);
        BOOST_TEST(args.find("p2p_actors") == std::string::npos, target << " links the actors");
      }
  }
  BOOST_TEST(storage_targets.size() == 7u, "found the link lines of " << storage_targets.size() << " storage targets");
}

BOOST_AUTO_TEST_SUITE_END()
