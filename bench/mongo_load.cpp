// p2p-mongo-load: the MongoDB analogue of pgbench for scripts/bench (bench/mongo.sh). N threads,
// each with its own client from one mongoc pool, run a fixed sequence of commands ("steps") in a
// loop for a given time, straight through the Mongo C driver, and the tool prints the rate of
// whole sequences and their latency percentiles. `%ID%` in a step's filter is replaced, per
// iteration, by an id drawn at random from --ids.
//
//   p2p-mongo-load --url URL --db DB --threads 16 --seconds 10 --ids post_ids.txt
//     --step 'find|forum_posts|{"_id": {"$oid": "%ID%"}}||1'
//     --step 'count|forum_replies|{"post_id": {"$oid": "%ID%"}}'
//
// A step is VERB|COLLECTION|FILTER[|SORT[|LIMIT]], VERB find or count (the `count` command, as
// the service sends it), FILTER and SORT canonical extended JSON. Every command carries maxTimeMS (--max-time-ms, default 5000); a failed
// command counts as an error and the loop goes on. Output, one line of key=value pairs:
//   iterations=… seconds=… rate=… p50_ms=… p90_ms=… p99_ms=… max_ms=… errors=… docs=…
// Not part of the service: it links the Mongo C driver only.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <mongoc/mongoc.h>

namespace {

struct step {
  bool count = false;
  std::string collection;
  std::string filter;  // JSON with %ID% placeholders
  std::string sort;    // JSON or empty
  long long limit = 0;
};

struct options {
  std::string url, db, ids_file;
  int threads = 16;
  double seconds = 10;
  long long max_time_ms = 5000;
  std::vector<step> steps;
};

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "p2p-mongo-load: %s\n", why.c_str());
  std::exit(2);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back().push_back(c);
  }
  return out;
}

step parse_step(const std::string& text) {
  auto parts = split(text, '|');
  if (parts.size() < 3 || parts.size() > 5 || (parts[0] != "find" && parts[0] != "count"))
    die("a step is find|count|COLLECTION|FILTER[|SORT[|LIMIT]]: " + text);
  step s;
  s.count = parts[0] == "count";
  s.collection = parts[1];
  s.filter = parts[2];
  if (parts.size() > 3)
    s.sort = parts[3];
  if (parts.size() > 4 && !parts[4].empty())
    s.limit = std::atoll(parts[4].c_str());
  return s;
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--url") o.url = value();
    else if (a == "--db") o.db = value();
    else if (a == "--ids") o.ids_file = value();
    else if (a == "--threads") o.threads = std::atoi(value().c_str());
    else if (a == "--seconds") o.seconds = std::atof(value().c_str());
    else if (a == "--max-time-ms") o.max_time_ms = std::atoll(value().c_str());
    else if (a == "--step") o.steps.push_back(parse_step(value()));
    else die("unknown argument " + a);
  }
  if (o.url.empty() || o.db.empty() || o.steps.empty() || o.threads < 1 || o.seconds <= 0)
    die("usage: --url URL --db DB --step STEP... [--ids FILE] [--threads N] [--seconds S]");
  return o;
}

std::string with_id(const std::string& text, const std::string& id) {
  std::string out;
  size_t from = 0;
  for (size_t at; (at = text.find("%ID%", from)) != std::string::npos; from = at + 4)
    out += text.substr(from, at - from) + id;
  return out + text.substr(from);
}

bson_t* from_json(const std::string& json) {
  bson_error_t error;
  bson_t* doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()),
                                   static_cast<ssize_t>(json.size()), &error);
  if (!doc)
    die("not JSON (" + std::string(error.message) + "): " + json);
  return doc;
}

// Runs one step; the number of documents it saw, or -1 on an error.
long long run_step(mongoc_client_t* client, const options& o, const step& s, const std::string& id) {
  mongoc_collection_t* coll = mongoc_client_get_collection(client, o.db.c_str(), s.collection.c_str());
  bson_t* filter = from_json(with_id(s.filter, id));
  bson_t* opts = bson_new();
  BSON_APPEND_INT64(opts, "maxTimeMS", o.max_time_ms);
  long long seen = 0;
  bson_error_t error;
  if (s.count) {
    // The command the service sends (storage::count_documents), not the driver's aggregate.
    bson_t* cmd = bson_new();
    BSON_APPEND_UTF8(cmd, "count", s.collection.c_str());
    BSON_APPEND_DOCUMENT(cmd, "query", filter);
    BSON_APPEND_INT64(cmd, "maxTimeMS", o.max_time_ms);
    bson_t reply;
    if (mongoc_client_command_simple(client, o.db.c_str(), cmd, nullptr, &reply, &error)) {
      bson_iter_t it;
      seen = bson_iter_init_find(&it, &reply, "n") ? bson_iter_as_int64(&it) : -1;
    } else {
      seen = -1;
    }
    bson_destroy(&reply);
    bson_destroy(cmd);
  } else {
    if (!s.sort.empty()) {
      bson_t* sort = from_json(s.sort);
      BSON_APPEND_DOCUMENT(opts, "sort", sort);
      bson_destroy(sort);
    }
    if (s.limit > 0)
      BSON_APPEND_INT64(opts, "limit", s.limit);
    mongoc_cursor_t* cursor = mongoc_collection_find_with_opts(coll, filter, opts, nullptr);
    const bson_t* doc;
    while (mongoc_cursor_next(cursor, &doc))
      ++seen;
    if (mongoc_cursor_error(cursor, &error))
      seen = -1;
    mongoc_cursor_destroy(cursor);
  }
  bson_destroy(opts);
  bson_destroy(filter);
  mongoc_collection_destroy(coll);
  return seen;
}

}  // namespace

int main(int argc, char** argv) {
  const options o = parse(argc, argv);
  std::vector<std::string> ids;
  if (!o.ids_file.empty()) {
    std::ifstream in(o.ids_file);
    for (std::string line; std::getline(in, line);)
      if (!line.empty())
        ids.push_back(line);
    if (ids.empty())
      die("no ids in " + o.ids_file);
  } else {
    ids.push_back("");
  }

  mongoc_init();
  mongoc_log_set_handler(nullptr, nullptr);  // FerretDB has no endSessions: mongoc warns at every exit
  bson_error_t error;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(o.url.c_str(), &error);
  if (!uri)
    die("bad URL: " + std::string(error.message));
  mongoc_uri_set_option_as_int32(uri, MONGOC_URI_MAXPOOLSIZE, o.threads);
  mongoc_client_pool_t* pool = mongoc_client_pool_new(uri);
  mongoc_client_pool_set_error_api(pool, MONGOC_ERROR_API_VERSION_2);

  using clock = std::chrono::steady_clock;
  std::atomic<bool> stop{false};
  std::atomic<long long> errors{0}, docs{0};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(o.threads));
  std::vector<std::thread> workers;
  const auto started = clock::now();
  for (int t = 0; t < o.threads; ++t)
    workers.emplace_back([&, t] {
      mongoc_client_t* client = mongoc_client_pool_pop(pool);
      std::mt19937_64 rng(static_cast<unsigned long long>(t) * 7919 + 17);
      std::uniform_int_distribution<size_t> pick(0, ids.size() - 1);
      auto& mine = latencies[static_cast<size_t>(t)];
      while (!stop.load(std::memory_order_relaxed)) {
        const std::string& id = ids[pick(rng)];
        const auto t0 = clock::now();
        for (const step& s : o.steps) {
          const long long n = run_step(client, o, s, id);
          if (n < 0)
            ++errors;
          else
            docs += n;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
      }
      mongoc_client_pool_push(pool, client);
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& w : workers)
    w.join();
  const double elapsed = std::chrono::duration<double>(clock::now() - started).count();

  std::vector<double> all;
  for (const auto& l : latencies)
    all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    if (all.empty())
      return 0.0;
    return all[std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())))];
  };
  std::printf("iterations=%zu seconds=%.2f rate=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%lld docs=%lld\n",
              all.size(), elapsed, static_cast<double>(all.size()) / elapsed, pct(0.50), pct(0.90),
              pct(0.99), all.empty() ? 0.0 : all.back(), errors.load(), docs.load());
  mongoc_client_pool_destroy(pool);
  mongoc_uri_destroy(uri);
  return errors.load() == 0 ? 0 : 1;
}
