#include "storage/postgres/service_secret_store.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/crypto/encoding.hpp"
#include "storage/crypto/random.hpp"

namespace storage {

namespace {

// The secret's bytes travel as hex text (the connection reads and writes text only).
// $1 name.
constexpr pg_statement secret_get{"service_secret_get",
                                  "SELECT encode(value, 'hex') FROM service_secrets WHERE name = $1", 1};
// $1 name, $2 value as hex. No row back when the name is taken: then read the winner's value.
// ON CONFLICT waits for a concurrent insert of the same name to commit or roll back first, so
// the read that follows (a new snapshot: one statement, one transaction) sees the winner.
constexpr pg_statement secret_insert{"service_secret_insert",
                                     "INSERT INTO service_secrets (name, value) VALUES ($1, decode($2, 'hex')) "
                                     "ON CONFLICT (name) DO NOTHING RETURNING encode(value, 'hex')",
                                     2};

bool is_valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64)
    return false;
  for (char ch : name)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-'))
      return false;
  return true;
}

std::optional<std::string> from_hex(std::string_view hex) {
  auto digit = [](char ch) -> int {
    if (ch >= '0' && ch <= '9')
      return ch - '0';
    if (ch >= 'a' && ch <= 'f')
      return ch - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0)
    return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// The secret from its hex text, checked against `size`.
result<service_secret> decoded(std::string_view hex, const std::string& name, std::size_t size, bool created) {
  auto value = from_hex(hex);
  if (!value)
    return status::internal("service_secrets: unexpected value format");
  if (value->size() < size)
    return status::invalid("service secret '" + name + "' holds " + std::to_string(value->size()) +
                           " bytes, fewer than the " + std::to_string(size) +
                           " needed: delete its row in service_secrets to have a new one made");
  return service_secret{std::move(*value), created};
}

}  // namespace

result<service_secret> get_or_create_service_secret(pg_connection& c, const std::string& name, std::size_t size) {
  if (!is_valid_name(name))
    return status::invalid("service secret name must match ^[a-z0-9_.-]{1,64}$");
  if (size < 1 || size > 1024)
    return status::invalid("service secret size must be in 1..1024 bytes");
  // Read first: every start but the very first finds the row. An insert that lost to a
  // concurrent one returns no row, and the next round reads the winner's. A third round covers
  // a row deleted in between (a rotation).
  for (int round = 0; round < 3; ++round) {
    auto got = c.exec(secret_get, {name});
    if (!got.is_ok())
      return got.get_status();
    if (got->rows() == 1)
      return decoded(got->get(0, 0), name, size, false);
    std::vector<std::uint8_t> fresh(size);
    random_bytes(fresh);
    auto inserted = c.exec(secret_insert, {name, to_hex(fresh)});
    if (!inserted.is_ok())
      return inserted.get_status();
    if (inserted->rows() == 1)
      return decoded(inserted->get(0, 0), name, size, true);
  }
  return status::conflict("service secret '" + name + "' was deleted while it was being created, three times");
}

}  // namespace storage
