#include "storage/ferretdb/ferretdb_accelerators.hpp"

#include <nlohmann/json.hpp>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/mongo_collections.hpp"
#include "storage/mongodb/mongo_ops.hpp"
#include "storage/postgres/pg_connection.hpp"

namespace storage {

const std::vector<accelerated_field> ferretdb_accelerated_fields = {
    {posts_collection, "_id"},           {posts_collection, "category"},
    {posts_collection, "tags"},          {posts_collection, "status"},
    {posts_collection, "author_id"},     {replies_collection, "_id"},
    {replies_collection, "post_id"},     {reply_votes_collection, "_id"},
    {reply_votes_collection, "reply_id"}, {reply_votes_collection, "post_id"},
    {profiles_collection, "user_id"},    {profiles_collection, "industry"},
    {profiles_collection, "expertise"},  {use_cases_collection, "_id"},
    {use_cases_collection, "industry"},  {use_cases_collection, "tags"},
    {use_cases_collection, "geo_cells"},
};

namespace {

constexpr std::chrono::milliseconds connect_timeout{3000};

// $1 the FerretDB database (a PostgreSQL schema).
constexpr pg_statement metadata_exists{
    "fdb_accel_metadata_exists",
    "SELECT to_regclass(format('%I._ferretdb_database_metadata', $1::text)) IS NOT NULL", 1};

// Transaction-local settings the block below reads: $1 database, $2 the fields as a JSON array
// of {collection, field}, $3 'true' to ANALYZE every table of the database afterwards.
constexpr pg_statement set_inputs{
    "fdb_accel_set_inputs",
    "SELECT set_config('p2p.accelerate_database', $1, true), "
    "set_config('p2p.accelerate_fields', $2, true), set_config('p2p.accelerate_analyze', $3, true)",
    3};

// $1 the database.
constexpr pg_statement count_present{
    "fdb_accel_count_present",
    "SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE '%\\_p2p\\_gin'", 1};

// Identifiers and literals are quoted by format(%I, %L) on the server; the inputs arrive through
// the settings above, so this text is a constant.
constexpr const char* accelerate_block = R"sql(
DO $accelerate$
DECLARE
  db text := current_setting('p2p.accelerate_database');
  item jsonb;
  tbl text;
  tables text[];
BEGIN
  FOR item IN SELECT value FROM jsonb_array_elements(current_setting('p2p.accelerate_fields')::jsonb) LOOP
    EXECUTE format('SELECT _jsonb->>''table'' FROM %I._ferretdb_database_metadata WHERE _jsonb->>''_id'' = $1', db)
      INTO tbl USING item->>'collection';
    IF tbl IS NOT NULL THEN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->%L) jsonb_path_ops)',
                     left(tbl || '_' || (item->>'field'), 55) || '_p2p_gin', db, tbl, item->>'field');
    END IF;
  END LOOP;
  -- A bulk load leaves GIN entries in each index's pending list, which every lookup then scans
  -- (at the large seed a reply count took twice as long); move them into the index proper.
  FOR tbl IN SELECT indexname FROM pg_indexes WHERE schemaname = db AND indexname LIKE '%\_p2p\_gin' LOOP
    PERFORM gin_clean_pending_list(format('%I.%I', db, tbl)::regclass);
  END LOOP;
  IF current_setting('p2p.accelerate_analyze')::boolean THEN
    EXECUTE format('SELECT array_agg(_jsonb->>''table'') FROM %I._ferretdb_database_metadata', db) INTO tables;
    FOREACH tbl IN ARRAY coalesce(tables, '{}') LOOP
      EXECUTE format('ANALYZE %I.%I', db, tbl);
    END LOOP;
  END IF;
END
$accelerate$
)sql";

std::string fields_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& f : ferretdb_accelerated_fields)
    list.push_back({{"collection", f.collection}, {"field", f.field}});
  return list.dump();
}

result<int> present(pg_connection& pg, const std::string& database) {
  auto rows = pg.exec(count_present, {database});
  if (!rows.is_ok())
    return rows.get_status();
  return std::stoi(std::string(rows->get(0, 0)));
}

accelerator_report skipped(std::string why, bool ferretdb = true) {
  accelerator_report r;
  r.ferretdb = ferretdb;
  r.skipped_because = std::move(why);
  return r;
}

}  // namespace

result<bool> is_ferretdb(mongoc_client_t* client, const std::string& database,
                         std::chrono::milliseconds budget) {
  bson_ptr cmd = make_bson();
  bson_append_int32(cmd.get(), "buildInfo", -1, 1);
  bson_reply reply;
  if (auto st = run_command(mongo_context(client, database, budget), cmd.get(), reply.get(), "buildInfo");
      !st.is_ok())
    return st;
  return has_field(reply.get(), "ferretdbVersion");
}

result<accelerator_report> apply_ferretdb_accelerators(mongoc_client_t* client,
                                                       const std::string& database,
                                                       const std::string& ferretdb_pg_url,
                                                       bool analyze) {
  auto ferret = is_ferretdb(client, database, connect_timeout);
  if (!ferret.is_ok())
    return ferret.get_status();
  if (!ferret.value())
    return skipped("the server is MongoDB, not FerretDB: its declared indexes serve the queries",
                   /*ferretdb=*/false);
  if (ferretdb_pg_url.empty())
    return skipped("FerretDB, but mongodb.ferretdb_postgresql_url (FERRETDB_POSTGRESQL_URL) is not "
                   "set: its equality queries scan their tables");
  auto pg = pg_connection::connect(ferretdb_pg_url, connect_timeout);
  if (!pg.is_ok())
    return status(pg.get_status().error_code(),
                  "FerretDB's PostgreSQL: " + pg.get_status().message());
  auto& conn = *pg.value();
  auto exists = conn.exec(metadata_exists, {database});
  if (!exists.is_ok())
    return exists.get_status();
  if (exists->get(0, 0) != "t")
    return skipped("that PostgreSQL holds no FerretDB metadata for database " + database +
                   " (another backend, or FerretDB has not created it yet)");
  auto before = present(conn, database);
  if (!before.is_ok())
    return before.get_status();
  if (auto st = conn.exec_script("BEGIN", "begin"); !st.is_ok())
    return st;
  auto inputs = conn.exec(set_inputs, {database, fields_json(), analyze ? "true" : "false"});
  status st = inputs.is_ok() ? conn.exec_script(accelerate_block, "ferretdb accelerators")
                             : inputs.get_status();
  if (!st.is_ok()) {
    (void)conn.exec_script("ROLLBACK", "rollback");
    return st;
  }
  if (auto done = conn.exec_script("COMMIT", "commit"); !done.is_ok())
    return done;
  auto after = present(conn, database);
  if (!after.is_ok())
    return after.get_status();
  accelerator_report r;
  r.ferretdb = true;
  r.applied = true;
  r.present = after.value();
  r.created = after.value() - before.value();
  r.expected = static_cast<int>(ferretdb_accelerated_fields.size());
  return r;
}

std::string describe(const accelerator_report& r) {
  if (!r.applied)
    return "ferretdb accelerators skipped: " + r.skipped_because;
  std::string out = "ferretdb accelerators: " + std::to_string(r.present) + " of " +
                    std::to_string(r.expected) + " GIN indexes in place (" +
                    std::to_string(r.created) + " created now)";
  if (r.present < r.expected)
    out += "; the others wait for their collections";
  return out;
}

}  // namespace storage
