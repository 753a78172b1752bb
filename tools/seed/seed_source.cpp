#include "tools/seed/seed_source.hpp"

#include "storage/mongodb/mongo_collections.hpp"
#include "tools/seed/seed_documents.hpp"
#include "tools/seed/seed_generator.hpp"

namespace storage::seed {

const char* collection_of(kind k) {
  switch (k) {
    case kind::profiles: return profiles_collection;
    case kind::posts: return posts_collection;
    case kind::replies: return replies_collection;
    case kind::votes: return reply_votes_collection;
    case kind::use_cases: return use_cases_collection;
  }
  return "";
}

const char* label_of(kind k) {
  switch (k) {
    case kind::profiles: return "profiles";
    case kind::posts: return "posts";
    case kind::replies: return "replies";
    case kind::votes: return "upvotes";
    case kind::use_cases: return "use cases";
  }
  return "";
}

std::string set_of(const plan& pl, kind k) {
  return k == kind::profiles ? "users" : std::string(to_string(pl.data_size()));
}

std::int64_t total_of(const plan& pl, kind k) {
  switch (k) {
    case kind::profiles: return pl.count().users;
    case kind::posts: return pl.count().posts;
    case kind::replies: return pl.count().replies;
    case kind::votes: return pl.votes_total();
    case kind::use_cases: return pl.count().use_cases;
  }
  return 0;
}

void each_document(const plan& pl, kind k, const document_sink& emit) {
  const std::string mark = set_of(pl, k);
  const counts& n = pl.count();
  switch (k) {
    case kind::profiles:
      for (std::int64_t i = 0; i < n.users; ++i)
        emit(to_document(make_profile(i), mark));
      break;
    case kind::posts:
      for (std::int64_t p = 0; p < n.posts; ++p)
        emit(to_document(make_post(pl, p), mark));
      break;
    case kind::replies:
    case kind::votes:
      for (std::int64_t p = 0; p < n.posts; ++p)
        for (std::int64_t r = 0; r < pl.replies_of(p); ++r) {
          const reply rep = make_reply(pl, p, r);
          if (k == kind::replies)
            emit(to_document(rep, mark));
          else if (rep.upvotes > 0)
            for (const auto& v : make_votes(pl, rep, p, r))
              emit(to_document(v, mark));
        }
      break;
    case kind::use_cases:
      for (std::int64_t i = 0; i < n.use_cases; ++i)
        emit(to_document(make_use_case(pl, i), mark));
      break;
  }
}

}  // namespace storage::seed
