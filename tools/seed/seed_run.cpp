#include "tools/seed/seed_run.hpp"

#include <chrono>
#include <cstdio>

#include "tools/seed/seed_generator.hpp"
#include "tools/seed/seed_pg.hpp"
#include "tools/seed/seed_reset.hpp"
#include "tools/seed/seed_source.hpp"

namespace storage::seed {

namespace {

using steady = std::chrono::steady_clock;

std::int64_t ms_since(steady::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - t0).count();
}

// Runs `body` inside BEGIN .. COMMIT (ROLLBACK when it fails).
template <class Body>
status in_transaction(pg_connection& c, Body body) {
  if (auto st = c.exec_script("BEGIN", "seed begin"); !st.is_ok())
    return st;
  status st = body();
  if (!st.is_ok()) {
    (void)c.exec_script("ROLLBACK", "seed rollback");
    return st;
  }
  return c.exec_script("COMMIT", "seed commit");
}

result<phase_result> seed_users(pg_connection& pg, const plan& pl, const seed_options& o,
                                progress& out, bool& admin_created) {
  auto admin_hash = hash_password(o.admin_password, o.hashing);
  auto user_hash = hash_password(o.user_password, o.hashing);
  if (!admin_hash.is_ok())
    return admin_hash.get_status();
  if (!user_hash.is_ok())
    return user_hash.get_status();
  phase_result r{"users", pl.count().users + 1};
  out.begin(r.name, r.total);
  const auto t0 = steady::now();
  auto st = in_transaction(pg, [&]() -> status {
    auto admin = insert_users(pg, {make_admin(o.admin_email)}, admin_hash.value());
    if (!admin.is_ok())
      return admin.get_status();
    admin_created = admin.value() == 1;
    r.inserted += admin.value();
    out.advance(1);
    std::vector<user_record> batch;
    for (std::int64_t i = 0; i < pl.count().users; i += o.batch) {
      batch.clear();
      for (std::int64_t j = i; j < std::min(i + o.batch, pl.count().users); ++j)
        batch.push_back(make_user(j));
      auto n = insert_users(pg, batch, user_hash.value());
      if (!n.is_ok())
        return n.get_status();
      r.inserted += n.value();
      out.advance(static_cast<std::int64_t>(batch.size()));
    }
    return status::ok();
  });
  if (!st.is_ok())
    return st;
  r.existing = r.total - r.inserted;
  r.ms = ms_since(t0);
  out.end(summary(r));
  return r;
}

// Writes every document of kind `k` in batches of `o.batch`.
result<phase_result> seed_kind(const mongo_target& mongo, const plan& pl, kind k,
                               const seed_options& o, progress& out) {
  phase_result r{label_of(k), total_of(pl, k)};
  out.begin(r.name, r.total);
  const auto t0 = steady::now();
  std::vector<bson_ptr> batch;
  status failed;
  auto flush = [&] {
    if (batch.empty() || !failed.is_ok())
      return;
    auto tally = insert_documents(mongo, collection_of(k), batch);
    if (!tally.is_ok()) {
      failed = tally.get_status();
      return;
    }
    r.inserted += tally->inserted;
    r.existing += tally->existing;
    out.advance(static_cast<std::int64_t>(batch.size()));
    batch.clear();
  };
  each_document(pl, k, [&](bson_ptr doc) {
    if (!failed.is_ok())
      return;
    batch.push_back(std::move(doc));
    if (static_cast<std::int64_t>(batch.size()) >= o.batch)
      flush();
  });
  flush();
  if (!failed.is_ok())
    return failed;
  r.ms = ms_since(t0);
  out.end(summary(r));
  return r;
}

}  // namespace

std::string summary(const phase_result& r) {
  char line[160];
  const double s = static_cast<double>(r.ms) / 1000.0;
  const double rate = r.ms > 0 ? static_cast<double>(r.total) * 1000.0 / static_cast<double>(r.ms) : 0.0;
  std::snprintf(line, sizeof line, "inserted %lld, existing %lld in %.1f s (%.0f/s)",
                static_cast<long long>(r.inserted), static_cast<long long>(r.existing), s, rate);
  return line;
}

result<seed_result> seed(pg_connection& pg, const mongo_target& mongo, const seed_options& o,
                         progress& out) {
  const plan pl(o.data_size);
  seed_result result;
  if (auto st = finish_interrupted_reset(mongo, out); !st.is_ok())
    return st;
  auto users = seed_users(pg, pl, o, out, result.admin_created);
  if (!users.is_ok())
    return users.get_status();
  result.phases.push_back(users.value());
  const std::string set(to_string(o.data_size));
  auto complete = is_complete(mongo, set);
  if (!complete.is_ok())
    return complete.get_status();
  for (kind k : all_kinds) {
    if (complete.value()) {  // recorded by an earlier run: nothing to send
      phase_result r{label_of(k), total_of(pl, k), 0, total_of(pl, k)};
      out.begin(r.name, r.total);
      out.end("existing " + std::to_string(r.existing) + " (complete since an earlier run)");
      result.phases.push_back(r);
      continue;
    }
    auto r = seed_kind(mongo, pl, k, o, out);
    if (!r.is_ok())
      return r.get_status();
    result.phases.push_back(r.value());
  }
  if (!complete.value())
    if (auto st = mark_complete(mongo, set); !st.is_ok())
      return st;
  return result;
}

}  // namespace storage::seed
