// The Mongo C driver walled off: one RAII deleter and one unique_ptr alias per C type, plus a
// stack `bson_reply` for the out-parameter documents that mongoc always initializes. Nothing
// outside storage/mongo_* and storage/bson_* includes mongoc directly.
//
// Thread-safety: a handle is owned by one thread at a time, like the object it wraps. A
// mongoc_client_t is never owned here: it is leased from mongo_client_pool (see
// mongo_client_pool.hpp) and pushed back by the lease.
#pragma once

#include <memory>

#include <mongoc/mongoc.h>

namespace storage {

struct bson_deleter {
  void operator()(bson_t* p) const { bson_destroy(p); }
};
struct mongo_uri_deleter {
  void operator()(mongoc_uri_t* p) const { mongoc_uri_destroy(p); }
};
struct mongo_pool_deleter {
  void operator()(mongoc_client_pool_t* p) const { mongoc_client_pool_destroy(p); }
};
struct mongo_client_deleter {  // only for clients made by mongoc_client_new, never pooled ones
  void operator()(mongoc_client_t* p) const { mongoc_client_destroy(p); }
};
struct mongo_database_deleter {
  void operator()(mongoc_database_t* p) const { mongoc_database_destroy(p); }
};
struct mongo_collection_deleter {
  void operator()(mongoc_collection_t* p) const { mongoc_collection_destroy(p); }
};
struct mongo_cursor_deleter {
  void operator()(mongoc_cursor_t* p) const { mongoc_cursor_destroy(p); }
};
struct mongo_read_prefs_deleter {
  void operator()(mongoc_read_prefs_t* p) const { mongoc_read_prefs_destroy(p); }
};
struct bson_string_deleter {  // strings returned by bson_as_*_json and friends
  void operator()(char* p) const { bson_free(p); }
};

// bson_t is declared 128-byte aligned; GCC warns that the attribute is dropped when the type is
// a template argument. Only a pointer is stored, so the alignment is irrelevant here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
using bson_ptr = std::unique_ptr<bson_t, bson_deleter>;
#pragma GCC diagnostic pop
using mongo_uri_ptr = std::unique_ptr<mongoc_uri_t, mongo_uri_deleter>;
using mongo_pool_ptr = std::unique_ptr<mongoc_client_pool_t, mongo_pool_deleter>;
using mongo_client_ptr = std::unique_ptr<mongoc_client_t, mongo_client_deleter>;
using mongo_database_ptr = std::unique_ptr<mongoc_database_t, mongo_database_deleter>;
using mongo_collection_ptr = std::unique_ptr<mongoc_collection_t, mongo_collection_deleter>;
using mongo_cursor_ptr = std::unique_ptr<mongoc_cursor_t, mongo_cursor_deleter>;
using mongo_read_prefs_ptr = std::unique_ptr<mongoc_read_prefs_t, mongo_read_prefs_deleter>;
using bson_string_ptr = std::unique_ptr<char, bson_string_deleter>;

// A new empty heap document (bson_new never returns null: it aborts on out-of-memory).
inline bson_ptr make_bson() { return bson_ptr{bson_new()}; }

// A reply document on the stack. mongoc initializes `reply` out-parameters on every path,
// success or failure, so this starts empty (no heap use) and is destroyed exactly once.
// Pass it to ONE mongoc call: a second call would re-initialize it over the first reply.
class bson_reply {
public:
  bson_reply() { bson_init(&doc_); }
  ~bson_reply() { bson_destroy(&doc_); }
  bson_reply(const bson_reply&) = delete;
  bson_reply& operator=(const bson_reply&) = delete;

  bson_t* get() { return &doc_; }
  const bson_t* get() const { return &doc_; }

private:
  bson_t doc_;
};

}  // namespace storage
