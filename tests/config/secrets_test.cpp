// Secrets from files and systemd credentials (config/secrets.hpp): one source per secret,
// clear errors that never hold the secret, and a shared cursor key. No server.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "config/settings.hpp"
#include "http/render/cursor.hpp"

namespace {

namespace fs = std::filesystem;

// A private folder of secret files, removed at the end.
struct secret_dir {
  fs::path dir;
  secret_dir() {
    dir = fs::temp_directory_path() /
          ("p2p-secrets-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(dir);
  }
  ~secret_dir() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(dir / name, std::ios::binary) << content;
    return (dir / name).string();
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

const std::string pg_secret = "postgresql://app:s3cr3t-pg@db.internal:6432/p2p";
const std::string direct_secret = "postgresql://app:s3cr3t-direct@db.internal:5432/p2p";
const std::string mongo_secret = "mongodb://app:s3cr3t-mongo@m1:27017,m2:27017/p2p?replicaSet=rs0";
const std::string key_secret = "0123456789abcdef0123456789abcdef-shared-by-every-instance";

storage::result<config::settings> load(const config::environment& env) { return config::load_settings("", env); }

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(secret_files)

BOOST_AUTO_TEST_CASE(urls_and_the_cursor_key_come_from_files_without_their_newline) {
  secret_dir d;
  auto s = load({{"DATABASE_URL_FILE", d.write("pg", pg_secret + "\n")},
                 {"DATABASE_DIRECT_URL_FILE", d.write("pg-direct", direct_secret + "\n")},
                 {"MONGODB_URL_FILE", d.write("mongo", mongo_secret + "\r\n")},
                 {"P2P_CURSOR_KEY_FILE", d.write("key", key_secret + "\n\n")}});
  BOOST_REQUIRE_MESSAGE(s.is_ok(), s.get_status().message());
  BOOST_TEST(s->postgres.url == pg_secret);
  BOOST_TEST(s->postgres.direct_url == direct_secret);
  BOOST_TEST(s->mongodb.url == mongo_secret);
  BOOST_TEST(s->auth.cursor_secret == key_secret);
  BOOST_TEST(s->secrets.postgres_url == "DATABASE_URL_FILE " + (d.dir / "pg").string());
  BOOST_TEST(s->secrets.postgres_direct_url == "DATABASE_DIRECT_URL_FILE " + (d.dir / "pg-direct").string());
  BOOST_TEST(s->secrets.cursor_key == "P2P_CURSOR_KEY_FILE " + (d.dir / "key").string());
  // Redacted as ever, with where each came from.
  const auto shown = config::to_redacted_json(s.value());
  BOOST_TEST(!contains(shown, "s3cr3t"), shown);
  BOOST_TEST(!contains(shown, key_secret), shown);
  BOOST_TEST(contains(shown, "postgresql://app:***@db.internal:6432/p2p"), shown);
  BOOST_TEST(contains(shown, "\"cursor_key\": \"P2P_CURSOR_KEY_FILE "), shown);
}

BOOST_AUTO_TEST_CASE(systemd_credentials_are_read_from_the_credentials_directory) {
  secret_dir d;
  d.write("database-url", pg_secret);
  d.write("database-direct-url", direct_secret);
  d.write("mongodb-url", mongo_secret);
  d.write("cursor-key", key_secret);
  auto s = load({{"CREDENTIALS_DIRECTORY", d.dir.string()}});
  BOOST_REQUIRE_MESSAGE(s.is_ok(), s.get_status().message());
  BOOST_TEST(s->postgres.url == pg_secret);
  BOOST_TEST(s->postgres.direct_url == direct_secret);
  BOOST_TEST(s->secrets.postgres_direct_url == "credential database-direct-url");
  BOOST_TEST(s->mongodb.url == mongo_secret);
  BOOST_TEST(s->auth.cursor_secret == key_secret);
  BOOST_TEST(s->secrets.mongodb_url == "credential mongodb-url");
  // A directory without a credential leaves that secret to the other sources.
  secret_dir empty;
  auto none = load({{"CREDENTIALS_DIRECTORY", empty.dir.string()}, {"DATABASE_URL", pg_secret}});
  BOOST_REQUIRE_MESSAGE(none.is_ok(), none.get_status().message());
  BOOST_TEST(none->postgres.url == pg_secret);
  BOOST_TEST(none->secrets.postgres_url == "DATABASE_URL");
  BOOST_TEST(none->secrets.cursor_key == "postgres (service_secrets)");  // serve reads it at startup
  BOOST_TEST(none->auth.cursor_secret.empty());
}

BOOST_AUTO_TEST_CASE(two_sources_for_one_secret_are_an_error_naming_both) {
  secret_dir d;
  d.write("database-url", pg_secret);
  auto s = load({{"DATABASE_URL", pg_secret},
                 {"DATABASE_URL_FILE", d.write("pg", pg_secret)},
                 {"CREDENTIALS_DIRECTORY", d.dir.string()}});
  BOOST_REQUIRE(!s.is_ok());
  const auto msg = s.get_status().message();
  BOOST_TEST(contains(msg, "DATABASE_URL and DATABASE_URL_FILE and credential database-url"), msg);
  BOOST_TEST(!contains(msg, "s3cr3t"), msg);
}

BOOST_AUTO_TEST_CASE(every_bad_file_is_reported_at_once_without_its_content) {
  secret_dir d;
  const std::string big(config::max_secret_file_bytes + 1, 'x');
  auto s = load({{"DATABASE_URL_FILE", (d.dir / "missing").string()},
                 {"MONGODB_URL_FILE", d.write("mongo", "http://app:s3cr3t-mongo@m1/p2p")},
                 {"P2P_CURSOR_KEY_FILE", d.write("key", "short-s3cr3t\n")}});
  BOOST_REQUIRE(!s.is_ok());
  const auto msg = s.get_status().message();
  BOOST_TEST(contains(msg, "DATABASE_URL_FILE: cannot read " + (d.dir / "missing").string() + ": No such file or directory"), msg);
  BOOST_TEST(contains(msg, "MONGODB_URL_FILE " + (d.dir / "mongo").string() + ": scheme must be mongodb://"), msg);
  BOOST_TEST(contains(msg, "a cursor key needs at least 32 bytes"), msg);
  BOOST_TEST(!contains(msg, "s3cr3t"), msg);

  for (const auto& [content, problem] : std::vector<std::pair<std::string, std::string>>{
           {"\n\n", "is empty"}, {big, "is larger than 65536 bytes"}}) {
    auto r = config::read_secret_file(d.write("f", content));
    BOOST_REQUIRE(!r.is_ok());
    BOOST_TEST(contains(r.get_status().message(), problem), r.get_status().message());
  }
  // A directory is not a file.
  auto dir = config::read_secret_file(d.dir.string());
  BOOST_REQUIRE(!dir.is_ok());
  BOOST_TEST(contains(dir.get_status().message(), "Is a directory"), dir.get_status().message());
}

BOOST_AUTO_TEST_CASE(instances_sharing_a_key_accept_each_others_cursors) {
  secret_dir d;
  const auto path = d.write("cursor-key", key_secret + "\n");
  auto a = load({{"P2P_CURSOR_KEY_FILE", path}});              // one instance: a file
  auto b = load({{"CREDENTIALS_DIRECTORY", d.dir.string()}});  // another: the same key as a credential
  BOOST_REQUIRE(a.is_ok());
  BOOST_REQUIRE(b.is_ok());
  const http::cursor_codec ca(http::configured_cursor_key(a->auth.cursor_secret));
  const http::cursor_codec cb(http::configured_cursor_key(b->auth.cursor_secret));
  const http::cursor_codec random1(http::configured_cursor_key(""));
  const http::cursor_codec random2(http::configured_cursor_key(""));
  const http::time_cursor pos{1700000000000000, "9b2f3c1e-0000-4000-8000-000000000001"};
  const auto decoded = cb.decode(http::time_list::users, ca.encode(http::time_list::users, pos));
  BOOST_TEST((decoded && *decoded == pos));
  // Without a key, each process draws its own: cursors do not cross.
  BOOST_TEST(!random1.decode(http::time_list::users, ca.encode(http::time_list::users, pos)));
  BOOST_TEST(!random2.decode(http::time_list::users, random1.encode(http::time_list::users, pos)));
}

BOOST_AUTO_TEST_SUITE_END()
