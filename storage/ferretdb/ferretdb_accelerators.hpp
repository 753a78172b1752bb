// Index accelerators for FerretDB's PostgreSQL backend: plumbing for the local store only, run
// beside the migrator (after `migrate up`, at startup, and after `seed --reset` re-creates the
// collections), never on the query path.
//
// FerretDB pushes a top-level equality {f: v} down as `_jsonb->'f' @> v`, but the indexes it
// creates are B-trees on `(_jsonb->'f')`, which cannot serve @>: every such query scans its
// table. A GIN `jsonb_path_ops` index on the same expression can (measured at the medium seed: a
// post by _id 44 ms -> 2 ms, a post's reply count 66 ms -> 1 ms). This adds one for every field
// the stores filter on by equality (`ferretdb_accelerated_fields`), on the table FerretDB keeps
// the collection in (its `<database>._ferretdb_database_metadata` maps collection to table),
// named `<table>_<field>_p2p_gin`, with CREATE INDEX IF NOT EXISTS: idempotent, and a no-op
// once done. FerretDB never sees these indexes (listIndexes does not show them); dropping a
// collection drops them with its table.
//
// Skipped, with the reason in the report, against a server that is not FerretDB (buildInfo has
// no `ferretdbVersion`: a real MongoDB uses the declared indexes), when no PostgreSQL URL is
// configured, or when that PostgreSQL holds no FerretDB metadata for the database (another
// backend, e.g. SQLite). docs/mongodb.md explains it.
//
// Thread-compatible: one mongo client and one PostgreSQL connection per call.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "storage/common/status.hpp"
#include "storage/mongodb/mongo_handles.hpp"

namespace storage {

struct accelerated_field {
  const char* collection;
  const char* field;
};

// Every field a store filters on with a top-level equality.
extern const std::vector<accelerated_field> ferretdb_accelerated_fields;

struct accelerator_report {
  bool ferretdb = false;     // the server is FerretDB
  bool applied = false;      // false: skipped (see `skipped_because`)
  std::string skipped_because;
  int expected = 0;  // one per accelerated field
  int present = 0;   // in place after the call (fewer while a collection does not exist yet)
  int created = 0;   // of which this call created
};

// True when the server behind `client` is FerretDB (buildInfo carries ferretdbVersion).
result<bool> is_ferretdb(mongoc_client_t* client, const std::string& database,
                         std::chrono::milliseconds budget);

// Adds the missing accelerator indexes for `database` and empties their GIN pending lists (a bulk
// load leaves entries there that every lookup scans); with `analyze`, also ANALYZEs every table of
// the database (after a bulk load, so that PostgreSQL plans with real statistics).
// `ferretdb_pg_url` empty: skipped.
result<accelerator_report> apply_ferretdb_accelerators(mongoc_client_t* client,
                                                       const std::string& database,
                                                       const std::string& ferretdb_pg_url,
                                                       bool analyze = false);

// One log line for the report (what the CLI and startup print).
std::string describe(const accelerator_report& r);

}  // namespace storage
