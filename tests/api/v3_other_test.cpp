// Lead provider API v3 end to end: schools, delivery partners, statements,
// transfers, unfunded mentors, the documents, and bad input.
#include <set>

#include "tests/api/v3_fixture.h"

namespace rect::testing::v3 {
namespace {

std::string with(const std::string& path, const std::string& id) { return path + "/" + id; }

TEST_CASE_FIXTURE(Fixture, "schools: cohort required, per-cohort view, expression of interest per provider") {
  const char* list = "/api/v3/schools";
  const char* one = "/api/v3/schools/{id}";
  Reply missing = get(list, list);
  CHECK(missing.status == 400);
  CHECK(missing.body == R"({"errors":[{"title":"Bad parameter","detail":"The filter '#/cohort' must be included in your request"}]})");
  Reply all = get(list, std::string(list) + "?filter[cohort]=2025");
  REQUIRE(all.status == 200);
  std::set<std::string> urns;
  for (const Json& s : all.data()) urns.insert(s["attributes"]["urn"]);
  CHECK(urns.count("100001") == 1);
  CHECK(urns.count("100002") == 1);
  CHECK(urns.count("100003") == 0);  // not eligible and not partnered
  CHECK(get(list, std::string(list) + "?filter[cohort]=").data().empty());
  CHECK(get(list, std::string(list) + "?filter[cohort]=2025&filter[urn]=100001").data().size() == 1);

  partner("100001", kAmbition, kDpA);
  sync();
  Reply oak = get(list, std::string(list) + "?filter[cohort]=2025&filter[urn]=100001");
  const Json& a = oak.data()[0]["attributes"];
  CHECK(a["in_partnership"] == true);
  CHECK(a["expression_of_interest"] == true);
  CHECK(a["induction_tutor_name"] == "Pat Tutor");
  const std::string id = oak.data()[0]["id"];
  Reply tf = get(one, with(list, id) + "?filter[cohort]=2025", kTeachFirst);
  REQUIRE(tf.status == 200);
  CHECK(tf.data()["attributes"]["in_partnership"] == true);
  CHECK(tf.data()["attributes"]["expression_of_interest"] == false);
  CHECK(tf.data()["attributes"]["induction_tutor_name"].is_null());
  CHECK(get(one, with(list, id) + "?filter[cohort]=2024").data()["attributes"]["in_partnership"] == false);
  CHECK(get(one, with(list, id)).status == 400);
  CHECK(get(one, with(list, "00000000-0000-4000-8000-000000000000") + "?filter[cohort]=2025").status == 404);

  // The school's id works for creating a partnership too.
  Reply created = call("POST", "/api/v3/partnerships", "/api/v3/partnerships", kTeachFirst,
                       body("partnership", {{"cohort", 2025}, {"school_id", id}, {"delivery_partner_id", kDpT}}));
  CHECK(created.status == 200);
}

TEST_CASE_FIXTURE(Fixture, "delivery partners: only those paired with the caller, cohort filter") {
  const char* list = "/api/v3/delivery-partners";
  Reply mine = get(list, list);
  REQUIRE(mine.status == 200);
  std::set<std::string> ids;
  for (const Json& d : mine.data()) ids.insert(d["id"]);
  CHECK(ids.count(kDpA) == 1);
  CHECK(ids.count(kDpB) == 1);
  CHECK(ids.count(kDpT) == 0);
  Reply a = get("/api/v3/delivery-partners/{id}", with(list, kDpA));
  CHECK(a.data()["attributes"]["name"] == "Alpha Partners");
  CHECK(a.data()["attributes"]["cohort"] == Json::array({"2024", "2025"}));
  CHECK(get("/api/v3/delivery-partners/{id}", with(list, kDpT)).status == 404);
  Reply y2024 = get(list, std::string(list) + "?filter[cohort]=2024");
  for (const Json& d : y2024.data()) CHECK(d["id"] != kDpB);
}

TEST_CASE_FIXTURE(Fixture, "statements: the caller's output statements by payment date, cohort filter") {
  const char* list = "/api/v3/statements";
  Reply all = get(list, list);
  REQUIRE(all.status == 200);
  REQUIRE(all.data().size() == 7);
  std::string last;
  for (const Json& s : all.data()) {
    CHECK(s["attributes"]["payment_date"].get<std::string>() >= last);
    last = s["attributes"]["payment_date"];
  }
  Reply y2025 = get(list, std::string(list) + "?filter[cohort]=2025");
  CHECK(y2025.data().size() == 4);
  const Json& first = y2025.data()[0];
  CHECK(first["attributes"]["month"] == "November");
  CHECK(first["attributes"]["year"] == "2025");
  CHECK(first["attributes"]["cut_off_date"] == "2025-10-31");
  CHECK(first["attributes"]["paid"] == false);
  CHECK(get("/api/v3/statements/{id}", with(list, first["id"])).status == 200);
  CHECK(get("/api/v3/statements/{id}", with(list, first["id"]), kTeachFirst).status == 404);
  CHECK(get(list, std::string(list) + "?page[per_page]=2&page[page]=5").data().empty());
}

TEST_CASE_FIXTURE(Fixture, "transfers and unfunded mentors") {
  partner("100001", kAmbition, kDpA);
  partner("100002", kTeachFirst, kDpT);
  const std::string alice = register_ect("1000001", "1995-05-05", "100001", kAmbition);
  ok(school("register_mentor", Json{{"school_urn", "100001"}, {"trn", "1000002"}, {"date_of_birth", "1980-02-02"},
                                   {"email", "bob@example.com"}, {"ect_trn", "1000001"}, {"lead_provider_id", kTeachFirst}}));
  sync();
  Reply mentors = get("/api/v3/unfunded-mentors", "/api/v3/unfunded-mentors");
  REQUIRE(mentors.status == 200);
  REQUIRE(mentors.data().size() == 1);  // Bob mentors Ambition's ECT but trains with Teach First
  for (const Json& m : mentors.data()) {
    CHECK(m["attributes"]["full_name"] == "Bob Jones");
    CHECK(get("/api/v3/unfunded-mentors/{id}", with("/api/v3/unfunded-mentors", m["id"])).status == 200);
    CHECK(get("/api/v3/unfunded-mentors/{id}", with("/api/v3/unfunded-mentors", m["id"]), kTeachFirst).status == 404);
  }

  ok(school("report_ect_leaving", Json{{"school_urn", "100001"}, {"trn", "1000001"}, {"finished_on", "2025-12-31"}}));
  register_ect("1000001", "1995-05-05", "100002", kTeachFirst, "2026-01-05");
  sync();
  Reply list = get("/api/v3/participants/transfers", "/api/v3/participants/transfers");
  REQUIRE(list.status == 200);
  REQUIRE(list.data().size() == 1);
  const Json& t = list.data()[0];
  CHECK(t["id"] == alice);
  const Json& tr = t["attributes"]["transfers"][0];
  CHECK(tr["transfer_type"] == "new_provider");
  CHECK(tr["status"] == "incomplete");
  CHECK(tr["leaving"]["school_urn"] == "100001");
  CHECK(tr["leaving"]["date"] == "2025-12-31");
  CHECK(tr["joining"]["school_urn"] == "100002");
  CHECK(tr["joining"]["provider"] == "Teach First");
  CHECK(get("/api/v3/participants/{id}/transfers", "/api/v3/participants/" + alice + "/transfers", kTeachFirst).status == 200);
  clock.set(at("2026-02-01T09:00:00Z"));
  CHECK(get("/api/v3/participants/{id}/transfers", "/api/v3/participants/" + alice + "/transfers").data()["attributes"]
            ["transfers"][0]["status"] == "complete");
  CHECK(get("/api/v3/participants/{id}/transfers", "/api/v3/participants/00000000-0000-4000-8000-000000000000/transfers")
            .status == 404);
}

TEST_CASE_FIXTURE(Fixture, "documents: own OpenAPI document and guidance page") {
  HttpResult doc = http_request(server->port(), "GET", "/api/docs/v3");
  CHECK(doc.status == 200);
  CHECK(doc.body.find("openapi: 3.0.1") == 0);
  CHECK(doc.body.find("/participant-declarations/{id}/void:") != std::string::npos);
  HttpResult guide = http_request(server->port(), "GET", "/api/guidance");
  CHECK(guide.status == 200);
  CHECK(guide.body.find("updated_since") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "bad input gets the specified JSON errors and writes nothing") {
  partner("100001", kAmbition, kDpA);
  const std::string alice = register_ect("1000001", "1995-05-05", "100001", kAmbition);
  sync();
  const GlobalPosition before = store->head();
  const std::string malformed =
      R"({"errors":[{"title":"Bad request","detail":"Correct json data structure required. See API docs for reference."}]})";
  const std::vector<std::string> bodies = {
      "", "not json", "{", "[]", "null", R"({"data":null})", R"({"data":"x"})", R"({"data":{"type":"x"}})",
      R"({"data":{"attributes":[]}})", R"({"data":{"attributes":{}}})", R"({"data":{"attributes":{"unknown":1}}})",
      std::string("{\"data\":{\"attributes\":{\"participant_id\":\"\xff\xfe\"}}}")};
  for (const std::string& b : bodies) {
    Reply r = call("POST", "/api/v3/participant-declarations", "/api/v3/participant-declarations", kAmbition, b);
    CHECK(r.status == 400);
    CHECK(r.body == malformed);
    CHECK(call("PUT", "/api/v3/participants/{id}/withdraw", "/api/v3/participants/" + alice + "/withdraw", kAmbition, b).status == 400);
  }
  Reply types = call("POST", "/api/v3/participant-declarations", "/api/v3/participant-declarations", kAmbition,
                     body("participant-declaration", {{"participant_id", 12}, {"declaration_type", true},
                                                      {"declaration_date", Json::array()}, {"course_identifier", nullptr}}));
  CHECK((types.status == 422 || types.status == 400));
  CHECK(store->head() == before);

  CHECK(get("/api/v3/participants", "/api/v3/participants", "").status == 401);
  CHECK(get("/api/v3/participants", "/api/v3/participants", "").body == R"({"error":"HTTP Token: Access denied"})");
  HttpResult unknown = http_request(server->port(), "GET", "/api/v3/nothing-here", "", {{"Authorization", "Bearer token-lp-ambition"}});
  CHECK(unknown.status == 404);
  CHECK(Json::parse(unknown.body).contains("errors"));
  HttpResult method = http_request(server->port(), "DELETE", "/api/v3/participants", "", {{"Authorization", "Bearer token-lp-ambition"}});
  CHECK(method.status == 405);
  HttpResult huge = http_request(server->port(), "GET", "/api/v3/participants?page[per_page]=" + std::string(200, '9'), "",
                                 {{"Authorization", "Bearer token-lp-ambition"}});
  CHECK(huge.status == 200);
  HttpResult far = http_request(server->port(), "GET", "/api/v3/participants?page[page]=" + std::string(40, '9'), "",
                                {{"Authorization", "Bearer token-lp-ambition"}});
  CHECK(far.status == 200);
  CHECK(far.body == R"({"data":[]})");
  HttpResult bad_escape = http_request(server->port(), "GET", "/api/v3/participants?filter[cohort]=%zz", "",
                                       {{"Authorization", "Bearer token-lp-ambition"}});
  CHECK(bad_escape.status < 500);
  CHECK(http_request(server->port(), "GET", "/api/v3/participants", "", {{"Authorization", "Bearer token-lp-ambition"}}).status == 200);
  CHECK(store->head() == before);
}

}  // namespace
}  // namespace rect::testing::v3
