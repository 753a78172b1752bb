#include "http/render/render_mongo.hpp"

#include <cmath>

#include "storage/common/time_format.hpp"

namespace http {

namespace {

using nlohmann::json;

json optional_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

}  // namespace

std::string mongo_time(std::int64_t ms_since_epoch) {
  // format_rfc3339_ms takes microseconds (the PostgreSQL stores' unit).
  return storage::format_rfc3339_ms(ms_since_epoch * 1000);
}

json location_json(const storage::location& l) {
  return {{"lat", l.lat}, {"lng", l.lng}, {"city", optional_text(l.city)}, {"country", optional_text(l.country)}};
}

json profile_json(const storage::profile& p) {
  return {{"user_id", p.user_id},
          {"display_name", p.display_name},
          {"industry", p.industry},
          {"location", p.location ? location_json(*p.location) : json(nullptr)},
          {"expertise", p.expertise},
          {"bio", optional_text(p.bio)},
          {"created_at", mongo_time(p.created_at_ms)},
          {"updated_at", mongo_time(p.updated_at_ms)}};
}

json post_json(const storage::post& p) {
  return {{"id", p.id},
          {"author_id", p.author_id},
          {"title", p.title},
          {"content", p.content},
          {"category", p.category},
          {"tags", p.tags},
          {"status", storage::to_string(p.status)},
          {"reply_count", p.reply_count},
          {"created_at", mongo_time(p.created_at_ms)},
          {"updated_at", mongo_time(p.updated_at_ms)}};
}

json reply_json(const storage::reply& r) {
  return {{"id", r.id},
          {"post_id", r.post_id},
          {"author_id", r.author_id},
          {"content", r.content},
          {"upvotes", r.upvotes},
          {"is_best_answer", r.is_best_answer},
          {"created_at", mongo_time(r.created_at_ms)},
          {"updated_at", mongo_time(r.updated_at_ms)}};
}

json use_case_json(const storage::use_case& u) {
  return {{"id", u.id},
          {"submitted_by", u.submitted_by},
          {"title", u.title},
          {"description", u.description},
          {"industry", u.industry},
          {"tags", u.tags},
          {"location", location_json(u.location)},
          {"created_at", mongo_time(u.created_at_ms)},
          {"updated_at", mongo_time(u.updated_at_ms)}};
}

json use_case_hit_json(const storage::use_case_hit& h) {
  auto out = use_case_json(h.item);
  out["distance_km"] = std::round(h.distance_km * 1000) / 1000;
  return out;
}

}  // namespace http
