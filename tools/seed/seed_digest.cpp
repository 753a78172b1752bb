#include "tools/seed/seed_digest.hpp"

#include <nlohmann/json.hpp>

#include "tools/seed/seed_pg.hpp"
#include "tools/seed/seed_random.hpp"
#include "tools/seed/seed_source.hpp"

namespace storage::seed {

void content_digest::add(const std::string& part, std::string_view canonical_text) {
  part_sum& p = parts_[part];
  ++p.count;
  const auto h = sha256(canonical_text);
  unsigned carry = 0;
  for (size_t i = h.size(); i-- > 0;) {
    const unsigned v = p.sum[i] + h[i] + carry;
    p.sum[i] = static_cast<std::uint8_t>(v & 0xff);
    carry = v >> 8;
  }
}

std::map<std::string, std::int64_t> content_digest::counts() const {
  std::map<std::string, std::int64_t> out;
  for (const auto& [name, p] : parts_)
    out[name] = p.count;
  return out;
}

std::string content_digest::hex() const {
  std::string all;
  for (const auto& [name, p] : parts_) {
    all += name + '\0' + std::to_string(p.count) + '\0';
    all.append(p.sum.begin(), p.sum.end());
  }
  return to_hex(sha256(all));
}

std::string canonical(const user& u) {
  return nlohmann::json::array({u.id, u.email, u.full_name, u.role, u.is_active, u.created_at_us,
                                u.updated_at_us})
      .dump();
}

std::string canonical(const bson_t* doc) {
  return std::string(reinterpret_cast<const char*>(bson_get_data(doc)), doc->len);
}

namespace {

user as_row(const user_record& r) {
  user u;
  u.id = r.id;
  u.email = r.email;
  u.full_name = r.full_name;
  u.role = r.role;
  u.is_active = r.is_active;
  u.created_at_us = u.updated_at_us = r.created_at_us;
  return u;
}

}  // namespace

content_digest expected_digest(const plan& pl, const std::string& admin_email) {
  content_digest d;
  d.add(users_part, canonical(as_row(make_admin(admin_email))));
  for (std::int64_t i = 0; i < pl.count().users; ++i)
    d.add(users_part, canonical(as_row(make_user(i))));
  for (kind k : all_kinds) {
    const std::string part = collection_of(k);
    each_document(pl, k, [&](bson_ptr doc) { d.add(part, canonical(doc.get())); });
  }
  return d;
}

result<content_digest> database_digest(pg_connection& pg, const mongo_target& mongo, progress& out) {
  content_digest d;
  out.begin("read users", 0);
  auto st = each_seeded_user(pg, [&](const user& u) {
    d.add(users_part, canonical(u));
    out.advance(1);
  });
  if (!st.is_ok())
    return st;
  out.end("");
  for (kind k : all_kinds) {
    const std::string part = collection_of(k);
    out.begin(std::string("read ") + label_of(k), 0);
    st = scan(mongo, collection_of(k), /*marked=*/true, {}, [&](const bson_t* doc) {
      d.add(part, canonical(doc));
      out.advance(1);
      return status::ok();
    });
    if (!st.is_ok())
      return st;
    out.end("");
  }
  return d;
}

}  // namespace storage::seed
