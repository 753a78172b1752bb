// use_case_store against the real server: CRUD, keyset pages and the near search with real city
// coordinates. Every use case carries this run's token as its industry and is deleted at the end.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <algorithm>
#include <random>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/geo_cells.hpp"
#include "storage/mongodb/mongo_backfills.hpp"
#include "storage/mongodb/use_case_store.hpp"
#include "support/mongo_scratch.hpp"

namespace {

using namespace std::chrono_literals;

using mongo_test::code_of;

struct city {
  const char* name;
  double lat, lng;
};
const city cities[] = {
    {"Berlin", 52.5200, 13.4050},   {"Potsdam", 52.3906, 13.0645}, {"Leipzig", 51.3397, 12.3731},
    {"Hamburg", 53.5511, 9.9937},   {"Munich", 48.1351, 11.5820},  {"Paris", 48.8566, 2.3522},
    {"Suva", -18.1416, 178.4419},   {"Apia", -13.8333, -171.7667}, {"Nuku'alofa", -21.1394, -175.2018},
    {"Longyearbyen", 78.2232, 15.6267}, {"Alert", 82.5018, -62.3481},
};

struct use_case_fixture : mongo_test::scratch {
  std::string industry = "ind-" + token;

  storage::use_case make(const city& c, std::vector<std::string> tags = {"iiot"}) {
    storage::new_use_case u{"submitter-" + token, std::string("Plant in ") + c.name, "description",
                            industry, std::move(tags),
                            storage::location{c.lat, c.lng, std::string(c.name), std::nullopt}};
    auto made = storage::create_use_case(ctx(), u);
    BOOST_REQUIRE_MESSAGE(made.is_ok(), made.get_status().to_string());
    return made.value();
  }
  std::vector<std::string> near_names(double lat, double lng, double radius, int limit = 100) {
    auto hits = storage::near_use_cases(ctx(), lat, lng, radius, {industry, std::nullopt}, limit);
    BOOST_REQUIRE_MESSAGE(hits.is_ok(), hits.get_status().to_string());
    std::vector<std::string> names;
    double last = -1;
    for (const auto& h : hits.value()) {
      names.push_back(h.item.location.city.value_or("?"));
      BOOST_TEST(h.distance_km >= last);  // nearest first
      BOOST_TEST(h.distance_km <= radius);
      last = h.distance_km;
    }
    return names;
  }
  ~use_case_fixture() {
    delete_where(storage::use_cases_collection, "industry", industry);
  }
};

using names = std::vector<std::string>;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(mongo_use_case_store, use_case_fixture)

BOOST_AUTO_TEST_CASE(crud_and_not_found) {
  const storage::mongo_context store(ctx());
  auto u = make(cities[0]);
  auto got = storage::get_use_case(store, u.id);
  BOOST_REQUIRE(got.is_ok());
  BOOST_TEST(got->title == "Plant in Berlin");
  BOOST_TEST(got->location.lat == 52.52);
  BOOST_TEST(got->location.city.value_or("") == "Berlin");
  BOOST_TEST(!got->location.country.has_value());
  BOOST_TEST(got->submitted_by == "submitter-" + token);

  storage::use_case_patch patch;
  patch.title = "Moved plant";
  patch.location = storage::location{cities[4].lat, cities[4].lng, std::string("Munich"), std::string("DE")};
  auto changed = storage::update_use_case(store, u.id, patch);
  BOOST_REQUIRE(changed.is_ok());
  BOOST_TEST(changed->title == "Moved plant");
  BOOST_TEST(changed->description == "description");
  BOOST_TEST(changed->location.country.value_or("") == "DE");
  BOOST_TEST(near_names(cities[4].lat, cities[4].lng, 1) == names{"Munich"});  // moved in the index too

  BOOST_TEST(storage::delete_use_case(store, u.id).is_ok());
  for (const std::string& id : {u.id, std::string("zz"), storage::format_oid(storage::new_oid())}) {
    BOOST_TEST(code_of(storage::get_use_case(store, id).get_status()) == "not_found");
    BOOST_TEST(code_of(storage::update_use_case(store, id, patch).get_status()) == "not_found");
    BOOST_TEST(code_of(storage::delete_use_case(store, id)) == "not_found");
  }
}

BOOST_AUTO_TEST_CASE(list_by_industry_and_tag_newest_first) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(make(cities[i], i % 2 ? std::vector<std::string>{"odd"} : std::vector<std::string>{"even"}).id);
  const storage::mongo_context store(ctx());
  std::vector<std::string> seen;
  std::optional<storage::use_case_cursor> after;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = storage::list_use_cases(store, {industry, std::nullopt}, after, 2);
    BOOST_REQUIRE(page.is_ok());
    for (const auto& u : page->items)
      seen.push_back(u.id);
    if (guard == 0)
      make(cities[5]);  // newer than the cursor: not on later pages
    if (!page->next)
      break;
    after = page->next;
  }
  BOOST_TEST(seen == std::vector<std::string>(ids.rbegin(), ids.rend()), boost::test_tools::per_element());
  auto odd = storage::list_use_cases(store, {industry, std::string("odd")}, std::nullopt, 10);
  BOOST_REQUIRE(odd.is_ok());
  BOOST_TEST(odd->items.size() == 2u);
  BOOST_TEST(code_of(storage::list_use_cases(store, {industry, std::nullopt}, storage::use_case_cursor{0, "bad"}, 10).get_status()) == "invalid");
}

BOOST_AUTO_TEST_CASE(near_orders_by_distance_and_cuts_at_the_radius) {
  for (const auto& c : cities)
    make(c);
  // From Berlin: Potsdam 27 km, Leipzig 149 km, Hamburg 255 km, Munich 504 km, Paris 878 km.
  BOOST_TEST(near_names(52.52, 13.405, 30) == (names{"Berlin", "Potsdam"}));
  BOOST_TEST(near_names(52.52, 13.405, 300) == (names{"Berlin", "Potsdam", "Leipzig", "Hamburg"}));
  BOOST_TEST(near_names(52.52, 13.405, 510) == (names{"Berlin", "Potsdam", "Leipzig", "Hamburg", "Munich"}));
  BOOST_TEST(near_names(52.52, 13.405, 500) == (names{"Berlin", "Potsdam", "Leipzig", "Hamburg"}));
  BOOST_TEST(near_names(52.52, 13.405, 1000, 3) == (names{"Berlin", "Potsdam", "Leipzig"}));  // limit

  auto hits = storage::near_use_cases(ctx(), 52.52, 13.405, 600, {industry, std::nullopt}, 10);
  BOOST_REQUIRE(hits.is_ok());
  BOOST_REQUIRE(hits->size() == 5u);
  BOOST_TEST(hits->at(0).distance_km < 0.001);
  BOOST_TEST(std::fabs(hits->at(1).distance_km - 27.0) < 0.5);
  BOOST_TEST(std::fabs(hits->at(4).distance_km - 504.0) < 5.0);

  // Across the antimeridian: from Suva (178.4 E), Apia (171.8 W) is ~1150 km east.
  BOOST_TEST(near_names(-18.1416, 178.4419, 1200) == (names{"Suva", "Nuku'alofa", "Apia"}));
  // From Apia's side, westwards over the line.
  BOOST_TEST(near_names(-13.8333, -171.7667, 1200) == (names{"Apia", "Nuku'alofa", "Suva"}));
  // Near the North Pole: a circle around the pole reaches both Svalbard and Alert (Canada).
  BOOST_TEST(near_names(90, 0, 1400) == (names{"Alert", "Longyearbyen"}));
  BOOST_TEST(near_names(89, 100, 1000) == (names{"Alert"}));  // ~870 km over the pole
  // Filters still apply.
  auto other = storage::near_use_cases(ctx(), 52.52, 13.405, 100, {std::string("no-such-industry"), std::nullopt}, 10);
  BOOST_REQUIRE(other.is_ok());
  BOOST_TEST(other->empty());
}

// The grid-cell search returns exactly what a scan of every use case would: the same use cases,
// in the same order, for small and huge radii, small and large limits, near the data and far
// from it.
BOOST_AUTO_TEST_CASE(near_equals_a_brute_force_search) {
  std::mt19937_64 rng(1201);
  std::uniform_real_distribution<double> unit(0, 1);
  struct placed {
    std::string id;
    double lat, lng;
  };
  std::vector<placed> all;
  for (int i = 0; i < 240; ++i) {
    // Most within ~5 degrees of Stuttgart, some anywhere.
    const double lat = i % 6 ? 48.78 + (unit(rng) - 0.5) * 10 : -80 + unit(rng) * 160;
    const double lng = i % 6 ? 9.18 + (unit(rng) - 0.5) * 14 : -180 + unit(rng) * 360;
    auto u = make(city{"p", lat, lng});
    all.push_back({u.id, lat, lng});
  }
  const storage::mongo_context store(ctx());
  const city centres[] = {{"Stuttgart", 48.7758, 9.1829}, {"300 km off", 51.3, 9.9}, {"Atlantic", 30.0, -40.0}};
  for (const auto& c : centres)
    for (double radius : {10.0, 50.0, 150.0, 1000.0, 20000.0})
      for (int limit : {1, 7, 100}) {
        BOOST_TEST_CONTEXT(c.name << ", " << radius << " km, limit " << limit) {
          std::vector<std::pair<double, std::string>> want;
          for (const auto& p : all)
            if (double d = storage::distance_km(c.lat, c.lng, p.lat, p.lng); d <= radius)
              want.emplace_back(d, p.id);
          std::sort(want.begin(), want.end());
          want.resize(std::min(want.size(), static_cast<size_t>(limit)));
          auto hits = storage::near_use_cases(store, c.lat, c.lng, radius, {industry, std::nullopt}, limit);
          BOOST_REQUIRE_MESSAGE(hits.is_ok(), hits.get_status().to_string());
          std::vector<std::string> got, expected;
          for (const auto& h : hits.value())
            got.push_back(h.item.id);
          for (const auto& [d, id] : want)
            expected.push_back(id);
          BOOST_TEST(got == expected, boost::test_tools::per_element());
        }
      }
}

// Migration 0002's backfill: a use case written before geo_cells existed gets them, and the near
// search finds it from then on.
BOOST_AUTO_TEST_CASE(the_backfill_gives_old_use_cases_their_cells) {
  const auto oid = storage::new_oid();
  auto doc = storage::make_bson();
  storage::append_oid(doc.get(), "_id", oid);
  storage::append_string(doc.get(), "submitted_by", "submitter-" + token);
  storage::append_string(doc.get(), "title", "Plant from before the cells");
  storage::append_string(doc.get(), "description", "description");
  storage::append_string(doc.get(), "industry", industry);
  storage::append_strings(doc.get(), "tags", {});
  storage::append_location(doc.get(), "location", storage::location{cities[0].lat, cities[0].lng, std::nullopt, std::nullopt});
  storage::append_date_ms(doc.get(), "created_at", storage::now_ms());
  storage::append_date_ms(doc.get(), "updated_at", storage::now_ms());
  BOOST_REQUIRE(storage::insert_one(ctx(), storage::use_cases_collection, doc.get()).is_ok());
  BOOST_TEST(near_names(cities[0].lat, cities[0].lng, 10).empty());

  auto changed = storage::run_backfill(ctx().client(), pool->database(), "use_case_geo_cells", 30s);
  BOOST_REQUIRE_MESSAGE(changed.is_ok(), changed.get_status().to_string());
  BOOST_TEST(changed.value() >= 1);
  auto filter = storage::make_bson();
  storage::append_oid(filter.get(), "_id", oid);
  auto stored = storage::find_one(ctx(), storage::use_cases_collection, filter.get());
  BOOST_REQUIRE(stored.is_ok());
  BOOST_REQUIRE(stored.value().has_value());
  BOOST_TEST(storage::read_strings(stored.value()->get(), "geo_cells") ==
             storage::geo_cells_of(cities[0].lat, cities[0].lng), boost::test_tools::per_element());
  BOOST_TEST(near_names(cities[0].lat, cities[0].lng, 10).size() == 1u);
  // Run again: nothing left to change (for this document at least).
  auto again = storage::run_backfill(ctx().client(), pool->database(), "use_case_geo_cells", 30s);
  BOOST_REQUIRE(again.is_ok());
  BOOST_TEST(again.value() < changed.value() + 1);
}

BOOST_AUTO_TEST_CASE(near_rejects_bad_input) {
  const storage::mongo_context store(ctx());
  BOOST_TEST(code_of(storage::near_use_cases(store, 0, 0, 0, {}, 10).get_status()) == "invalid");
  BOOST_TEST(code_of(storage::near_use_cases(store, 0, 0, -5, {}, 10).get_status()) == "invalid");
  BOOST_TEST(code_of(storage::near_use_cases(store, NAN, 0, 5, {}, 10).get_status()) == "invalid");
}

BOOST_AUTO_TEST_SUITE_END()
