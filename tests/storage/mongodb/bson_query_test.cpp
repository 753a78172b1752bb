#include <boost/test/unit_test.hpp>

#include "storage/mongodb/bson_fields.hpp"
#include "storage/mongodb/bson_json.hpp"
#include "storage/mongodb/bson_oid.hpp"
#include "storage/mongodb/bson_query.hpp"

BOOST_AUTO_TEST_SUITE(bson_query)

BOOST_AUTO_TEST_CASE(regex_escaping) {
  struct row {
    const char* in;
    const char* out;
  };
  const row rows[] = {
      {"plain words 123", "plain words 123"},
      {"a.b", "a\\.b"},
      {".*", "\\.\\*"},
      {"^(x|y)+$", "\\^\\(x\\|y\\)\\+\\$"},
      {"[a-z]{2}?", "\\[a\\-z\\]\\{2\\}\\?"},
      {"C:\\dir", "C:\\\\dir"},
      {"/etc#x", "\\/etc\\#x"},
      {"Grüße", "Grüße"},  // UTF-8 passes through
      {"", ""},
  };
  for (const auto& r : rows)
    BOOST_TEST(storage::escape_regex(r.in) == r.out, "input: " << r.in);
}

BOOST_AUTO_TEST_CASE(operator_text_stays_a_value) {
  // A client string that looks like an operator is a plain string value in the filter.
  storage::filter_builder where;
  where.equals("category", "{\"$gt\": \"\"}");
  where.contains_any({"title", "content"}, "$where");
  auto json = storage::bson_to_json(where.build().get());
  BOOST_TEST(json ==
             R"({ "category" : "{\"$gt\": \"\"}", "$or" : [ { "title" : { "$regex" : "\\$where", "$options" : "i" } }, { "content" : { "$regex" : "\\$where", "$options" : "i" } } ] })");
}

BOOST_AUTO_TEST_CASE(builder_shapes) {
  storage::filter_builder none;
  BOOST_TEST(storage::bson_to_json(none.build().get()) == "{ }");

  storage::filter_builder one;
  one.equals("industry", "energy");
  BOOST_TEST(storage::bson_to_json(one.build().get()) == R"({ "industry" : "energy" })");

  // The keyset carries a top-level bound on its time field (FerretDB pushes it down).
  storage::filter_builder keyset;
  keyset.after_keyset("created_at", 1700000000000, *storage::parse_oid("65a1b2c3d4e5f60718293a4b"),
                      true);
  BOOST_TEST(storage::bson_to_json(keyset.build().get()) ==
             R"({ "created_at" : { "$lte" : { "$date" : "2023-11-14T22:13:20Z" } }, )"
             R"("$or" : [ { "created_at" : { "$lt" : { "$date" : "2023-11-14T22:13:20Z" } } }, )"
             R"({ "_id" : { "$lt" : { "$oid" : "65a1b2c3d4e5f60718293a4b" } } } ] })");

  storage::filter_builder ascending;
  ascending.after_keyset("created_at", 1700000000000, *storage::parse_oid("65a1b2c3d4e5f60718293a4b"),
                         false);
  BOOST_TEST(storage::bson_to_json(ascending.build().get()) ==
             R"({ "created_at" : { "$gte" : { "$date" : "2023-11-14T22:13:20Z" } }, )"
             R"("$or" : [ { "created_at" : { "$gt" : { "$date" : "2023-11-14T22:13:20Z" } } }, )"
             R"({ "_id" : { "$gt" : { "$oid" : "65a1b2c3d4e5f60718293a4b" } } } ] })");
}

// Equalities stay top-level whatever else the filter holds (FerretDB pushes down only top-level
// keys); a second $or, or a second condition on one field, goes into one top-level $and.
BOOST_AUTO_TEST_CASE(equalities_stay_top_level) {
  storage::filter_builder where;
  where.equals("status", "published");
  where.contains_any({"title"}, "opc");
  where.equals("tags", "mqtt");
  where.after_keyset("created_at", 0, *storage::parse_oid("65a1b2c3d4e5f60718293a4b"), true);
  where.equals("tags", "lora");
  BOOST_TEST(storage::bson_to_json(where.build().get()) ==
             R"({ "status" : "published", "$or" : [ { "title" : { "$regex" : "opc", "$options" : "i" } } ], )"
             R"("tags" : "mqtt", "created_at" : { "$lte" : { "$date" : "1970-01-01T00:00:00Z" } }, )"
             R"("$and" : [ { "$or" : [ { "created_at" : { "$lt" : { "$date" : "1970-01-01T00:00:00Z" } } }, )"
             R"({ "_id" : { "$lt" : { "$oid" : "65a1b2c3d4e5f60718293a4b" } } } ] }, { "tags" : "lora" } ] })");

  storage::filter_builder any;
  any.equals_any("geo_cells", {"0:1:2", "0:1:3"});
  any.equals("industry", "energy");
  BOOST_TEST(storage::bson_to_json(any.build().get()) ==
             R"({ "geo_cells" : { "$in" : [ "0:1:2", "0:1:3" ] }, "industry" : "energy" })");

  // A builder is empty again after build().
  BOOST_TEST(storage::bson_to_json(where.build().get()) == "{ }");
}

BOOST_AUTO_TEST_CASE(fields_round_trip) {
  auto doc = storage::make_bson();
  storage::append_string(doc.get(), "s", std::string_view("a\0b", 3));
  storage::append_date_ms(doc.get(), "t", 1700000000123);
  storage::append_int64(doc.get(), "n", 42);
  storage::append_strings(doc.get(), "tags", {"x", "y"});
  storage::append_location(doc.get(), "loc", storage::location{52.5, 13.4, "Berlin", std::nullopt});
  BOOST_TEST(*storage::read_string(doc.get(), "s") == std::string("a\0b", 3));
  BOOST_TEST(*storage::read_date_ms(doc.get(), "t") == 1700000000123);
  BOOST_TEST(*storage::read_int64(doc.get(), "n") == 42);
  BOOST_TEST(*storage::read_double(doc.get(), "loc.lat") == 52.5);
  BOOST_TEST((storage::read_strings(doc.get(), "tags") == std::vector<std::string>{"x", "y"}));
  auto loc = storage::read_location(doc.get(), "loc");
  BOOST_REQUIRE(loc.has_value());
  BOOST_TEST(*loc->city == "Berlin");
  BOOST_TEST(!loc->country.has_value());
  BOOST_TEST(!storage::read_string(doc.get(), "n").has_value());  // wrong type
  BOOST_TEST(!storage::read_int64(doc.get(), "missing").has_value());
  BOOST_TEST(storage::read_strings(doc.get(), "missing").empty());
}

BOOST_AUTO_TEST_CASE(json_conversion) {
  auto doc = storage::bson_from_json(R"({"n": 5, "ts": {"$date": "2024-01-01T00:00:00Z"}})");
  BOOST_REQUIRE(doc.is_ok());
  BOOST_TEST(*storage::read_date_ms(doc.value().get(), "ts") == 1704067200000);
  BOOST_TEST(storage::bson_to_json(doc.value().get()) ==
             R"({ "n" : 5, "ts" : { "$date" : "2024-01-01T00:00:00Z" } })");
  BOOST_TEST(storage::bson_to_canonical_json(doc.value().get()).find("$numberInt") !=
             std::string::npos);
  auto bad = storage::bson_from_json("{not json");
  BOOST_TEST(!bad.is_ok());
  BOOST_TEST(storage::to_string(bad.get_status().error_code()) == "invalid");
}

BOOST_AUTO_TEST_SUITE_END()
