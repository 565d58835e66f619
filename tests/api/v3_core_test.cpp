// Lead provider API v3 end to end: participants, declarations and
// partnerships over HTTP, with scoping and read-your-writes.
#include "tests/api/v3_fixture.h"

namespace rect::testing::v3 {
namespace {

constexpr const char* kParticipants = "/api/v3/participants";
constexpr const char* kParticipant = "/api/v3/participants/{id}";
constexpr const char* kDeclarations = "/api/v3/participant-declarations";
constexpr const char* kDeclaration = "/api/v3/participant-declarations/{id}";
constexpr const char* kPartnerships = "/api/v3/partnerships";
constexpr const char* kPartnership = "/api/v3/partnerships/{id}";

// Ambition partners Oak (100001) and trains Alice there; Teach First partners Elm (100002) and trains Gus.
struct Seeded : Fixture {
  std::string oak, elm, alice, gus;
  Seeded() {
    oak = partner("100001", kAmbition, kDpA);
    elm = partner("100002", kTeachFirst, kDpT);
    alice = register_ect("1000001", "1995-05-05", "100001", kAmbition);
    gus = register_ect("1000007", "1998-08-08", "100002", kTeachFirst);
    sync();
  }
  std::string declare(const std::string& participant, const std::string& type, const std::string& date,
                      const std::string& lead_provider = kAmbition) {
    Reply r = call("POST", kDeclarations, kDeclarations, lead_provider,
                   body("participant-declaration", {{"participant_id", participant}, {"declaration_type", type},
                                                    {"declaration_date", date}, {"course_identifier", "ecf-induction"},
                                                    {"evidence_held", "training-event-attended"}}));
    INFO(r.body);
    REQUIRE(r.status == 200);
    return r.data()["id"].get<std::string>();
  }
};

TEST_CASE_FIXTURE(Seeded, "participants: list and show are scoped to the calling lead provider") {
  Reply mine = get(kParticipants, kParticipants);
  REQUIRE(mine.status == 200);
  REQUIRE(mine.data().size() == 1);
  const Json& p = mine.data()[0];
  CHECK(p["id"] == alice);
  CHECK(p["type"] == "participant");
  const Json& a = p["attributes"];
  CHECK(a["full_name"] == "Alice Smith");
  CHECK(a["teacher_reference_number"] == "1000001");
  REQUIRE(a["ecf_enrolments"].size() == 1);
  const Json& e = a["ecf_enrolments"][0];
  CHECK(e["participant_type"] == "ect");
  CHECK(e["school_urn"] == "100001");
  CHECK(e["cohort"] == "2025");
  CHECK(e["training_status"] == "active");
  CHECK(e["participant_status"] == "active");
  CHECK(e["delivery_partner_id"] == kDpA);
  CHECK(e["email"] == "ect1000001@example.com");
  CHECK(e["working_pattern"] == "full_time");

  CHECK(get(kParticipant, std::string(kParticipants) + "/" + alice).data()["id"] == alice);
  Reply theirs = get(kParticipant, std::string(kParticipants) + "/" + gus);
  CHECK(theirs.status == 404);
  CHECK(theirs.body == R"({"errors":[{"title":"Resource not found","detail":"Nothing could be found for the provided details"}]})");
  Reply tf = get(kParticipants, kParticipants, kTeachFirst);
  REQUIRE(tf.data().size() == 1);
  CHECK(tf.data()[0]["id"] == gus);
}

TEST_CASE_FIXTURE(Seeded, "participants: filters, sort and pagination") {
  clock.set(at("2025-10-15T10:00:00Z"));
  const std::string bea = register_ect("1000009", "1999-01-09", "100001", kAmbition);
  sync();
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[cohort]=2025").data().size() == 2);
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[cohort]=2024").data().empty());
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[cohort]=abc").data().empty());
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[cohort]=").data().size() == 2);
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[cohort]=2024,2025").data().size() == 2);
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[training_status]=active").data().size() == 2);
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[training_status]=bogus").data().empty());
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[from_participant_id]=" + alice).data().empty());

  Reply page1 = get(kParticipants, std::string(kParticipants) + "?page[per_page]=1&page[page]=1");
  Reply page2 = get(kParticipants, std::string(kParticipants) + "?page[per_page]=1&page[page]=2");
  Reply page3 = get(kParticipants, std::string(kParticipants) + "?page[per_page]=1&page[page]=3");
  REQUIRE(page1.data().size() == 1);
  REQUIRE(page2.data().size() == 1);
  CHECK(page3.data().empty());
  CHECK(page1.data()[0]["id"] == alice);
  CHECK(page2.data()[0]["id"] == bea);
  Reply desc = get(kParticipants, std::string(kParticipants) + "?sort=-created_at");
  CHECK(desc.data()[0]["id"] == bea);
  CHECK(get(kParticipants, std::string(kParticipants) + "?sort=%2Bcreated_at,bogus").data()[0]["id"] == alice);
  CHECK(get(kParticipants, std::string(kParticipants) + "?page[per_page]=999999999").data().size() == 2);

  const std::string pagination =
      R"({"errors":[{"title":"Bad request","detail":"The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number"}]})";
  for (const char* bad : {"page[page]=0", "page[per_page]=-1", "page[page]=abc", "page[per_page]=0.8"}) {
    Reply r = get(kParticipants, std::string(kParticipants) + "?" + bad);
    CHECK(r.status == 400);
    CHECK(r.body == pagination);
  }
  Reply since = get(kParticipants, std::string(kParticipants) + "?filter[updated_since]=yesterday");
  CHECK(since.status == 400);
  CHECK(since.body == R"({"errors":[{"title":"Bad request","detail":"The filter '#/updated_since' must be a valid ISO 8601 date"}]})");
  Reply hash = get(kParticipants, std::string(kParticipants) + "?filter=2025");
  CHECK(hash.status == 400);
  CHECK(hash.body == R"({"errors":[{"title":"Bad parameter","detail":"Filter must be a hash"}]})");
}

TEST_CASE_FIXTURE(Seeded, "participants: updated_since is inclusive and moves only on visible changes") {
  clock.set(at("2025-10-16T09:00:00Z"));
  const std::string first = get(kParticipant, std::string(kParticipants) + "/" + alice).data()["attributes"]["updated_at"];
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[updated_since]=" + first).data().size() == 1);
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[updated_since]=2025-10-15T09:00:01Z").data().empty());
  // Another provider's partnership elsewhere changes nothing Ambition sees.
  partner("100002", kAmbition, kDpB);
  sync();
  CHECK(get(kParticipants, std::string(kParticipants) + "?filter[updated_since]=2025-10-15T09:00:01Z").data().empty());
  // A visible change (the email) bumps the watermark.
  ok(school("change_email", Json{{"school_urn", "100001"}, {"trn", "1000001"}, {"email", "alice.new@example.com"}}));
  sync();
  Reply changed = get(kParticipants, std::string(kParticipants) + "?filter[updated_since]=2025-10-16T00:00:00%2B00:00");
  REQUIRE(changed.data().size() == 1);
  CHECK(changed.data()[0]["attributes"]["updated_at"] == "2025-10-16T09:00:00.000000Z");
  CHECK(changed.data()[0]["attributes"]["ecf_enrolments"][0]["email"] == "alice.new@example.com");
}

TEST_CASE_FIXTURE(Seeded, "participants: withdraw, defer, resume and change schedule answer the participant") {
  const std::string url = std::string(kParticipants) + "/" + alice;
  clock.set(at("2025-10-20T09:00:00Z"));
  Reply w = call("PUT", "/api/v3/participants/{id}/withdraw", url + "/withdraw", kAmbition,
                 body("participant-withdraw", {{"reason", "left-teaching-profession"}, {"course_identifier", "ecf-induction"}}));
  REQUIRE(w.status == 200);
  const Json& e = w.data()["attributes"]["ecf_enrolments"][0];
  CHECK(e["training_status"] == "withdrawn");
  CHECK(e["withdrawal"]["reason"] == "left-teaching-profession");
  CHECK(e["participant_status"] != "active");
  Reply again = call("PUT", "/api/v3/participants/{id}/withdraw", url + "/withdraw", kAmbition,
                     body("participant-withdraw", {{"reason", "left-teaching-profession"}, {"course_identifier", "ecf-induction"}}));
  CHECK(again.status == 422);
  CHECK(again.json["errors"][0]["title"] == "participant_id");

  clock.set(at("2025-10-21T09:00:00Z"));
  Reply resumed = call("PUT", "/api/v3/participants/{id}/resume", url + "/resume", kAmbition,
                       body("participant-resume", {{"course_identifier", "ecf-induction"}}));
  INFO(resumed.body);
  CHECK(resumed.status == 200);
  CHECK(resumed.data()["attributes"]["ecf_enrolments"][0]["training_status"] == "active");

  clock.set(at("2025-10-22T09:00:00Z"));
  Reply deferred = call("PUT", "/api/v3/participants/{id}/defer", url + "/defer", kAmbition,
                        body("participant-defer", {{"reason", "career-break"}, {"course_identifier", "ecf-induction"}}));
  CHECK(deferred.status == 200);
  CHECK(deferred.data()["attributes"]["ecf_enrolments"][0]["training_status"] == "deferred");
  CHECK(deferred.data()["attributes"]["ecf_enrolments"][0]["deferral"]["reason"] == "career-break");

  Reply bad = call("PUT", "/api/v3/participants/{id}/change-schedule", url + "/change-schedule", kAmbition,
                   body("participant-change-schedule", {{"schedule_identifier", "nonsense"}, {"course_identifier", "ecf-induction"}}));
  CHECK(bad.status == 422);
  CHECK(bad.json["errors"][0]["title"] == "schedule_identifier");

  // Another provider's participant is a 404, even with a good body; a bad body is a 400 first.
  Reply other = call("PUT", "/api/v3/participants/{id}/withdraw", std::string(kParticipants) + "/" + gus + "/withdraw", kAmbition,
                     body("participant-withdraw", {{"reason", "other"}, {"course_identifier", "ecf-induction"}}));
  CHECK(other.status == 404);
  Reply malformed = call("PUT", "/api/v3/participants/{id}/withdraw", url + "/withdraw", kAmbition, R"({"data":{}})");
  CHECK(malformed.status == 400);
  CHECK(malformed.body ==
        R"({"errors":[{"title":"Bad request","detail":"Correct json data structure required. See API docs for reference."}]})");
}

TEST_CASE_FIXTURE(Seeded, "declarations: create, show, list with filters, void; scoped per provider") {
  const std::string started = declare(alice, "started", "2025-10-01T10:00:00Z");
  Reply shown = get(kDeclaration, std::string(kDeclarations) + "/" + started);
  REQUIRE(shown.status == 200);
  const Json& a = shown.data()["attributes"];
  CHECK(a["participant_id"] == alice);
  CHECK(a["declaration_type"] == "started");
  CHECK(a["course_identifier"] == "ecf-induction");
  CHECK(a["delivery_partner_id"] == kDpA);
  CHECK(a["lead_provider_name"] == "Ambition Institute");
  CHECK(a["ineligible_for_funding_reason"].is_null());
  CHECK((a["state"] == "submitted" || a["state"] == "eligible"));

  CHECK(get(kDeclarations, kDeclarations).data().size() == 1);
  CHECK(get(kDeclarations, kDeclarations, kTeachFirst).data().empty());
  CHECK(get(kDeclaration, std::string(kDeclarations) + "/" + started, kTeachFirst).status == 404);
  CHECK(get(kDeclarations, std::string(kDeclarations) + "?filter[participant_id]=" + alice).data().size() == 1);
  CHECK(get(kDeclarations, std::string(kDeclarations) + "?filter[participant_id]=not-a-uuid").data().empty());
  CHECK(get(kDeclarations, std::string(kDeclarations) + "?filter[participant_id]=" + gus).data().empty());
  CHECK(get(kDeclarations, std::string(kDeclarations) + "?filter[delivery_partner_id]=" + kDpA).data().size() == 1);
  CHECK(get(kDeclarations, std::string(kDeclarations) + "?filter[delivery_partner_id]=" + kDpB).data().empty());
  CHECK(get(kDeclarations, std::string(kDeclarations) + "?filter[cohort]=2025").data().size() == 1);
  CHECK(get(kDeclarations, std::string(kDeclarations) + "?filter[cohort]=2024").data().empty());

  Reply dup = call("POST", kDeclarations, kDeclarations, kAmbition,
                   body("participant-declaration", {{"participant_id", alice}, {"declaration_type", "started"},
                                                    {"declaration_date", "2025-10-02T10:00:00Z"},
                                                    {"course_identifier", "ecf-induction"},
                                                    {"evidence_held", "training-event-attended"}}));
  CHECK(dup.status == 422);
  Reply unknown = call("POST", kDeclarations, kDeclarations, kAmbition,
                       body("participant-declaration", {{"participant_id", gus}, {"declaration_type", "started"},
                                                        {"declaration_date", "2025-10-02T10:00:00Z"},
                                                        {"course_identifier", "ecf-induction"},
                                                        {"evidence_held", "training-event-attended"}}));
  CHECK(unknown.status == 422);
  CHECK(unknown.json["errors"][0]["title"] == "participant_id");

  CHECK(call("PUT", "/api/v3/participant-declarations/{id}/void", std::string(kDeclarations) + "/" + started + "/void",
             kTeachFirst).status == 404);
  Reply voided = call("PUT", "/api/v3/participant-declarations/{id}/void",
                      std::string(kDeclarations) + "/" + started + "/void", kAmbition);
  REQUIRE(voided.status == 200);
  CHECK(voided.data()["attributes"]["state"] == "voided");
  CHECK(voided.data()["attributes"]["statement_id"].is_null());
  Reply twice = call("PUT", "/api/v3/participant-declarations/{id}/void",
                     std::string(kDeclarations) + "/" + started + "/void", kAmbition);
  CHECK(twice.status == 422);
  CHECK(twice.body == R"({"errors":[{"title":"participant_declaration_id","detail":"The declaration has already been voided."}]})");
  CHECK(get(kDeclaration, std::string(kDeclarations) + "/00000000-0000-4000-8000-000000000000").status == 404);
}

TEST_CASE_FIXTURE(Seeded, "partnerships: list, show, create, update, filters and scoping") {
  Reply list = get(kPartnerships, kPartnerships);
  REQUIRE(list.data().size() == 1);
  const Json& p = list.data()[0];
  CHECK(p["id"] == oak);
  CHECK(p["attributes"]["urn"] == "100001");
  CHECK(p["attributes"]["cohort"] == "2025");
  CHECK(p["attributes"]["delivery_partner_id"] == kDpA);
  CHECK(p["attributes"]["delivery_partner_name"] == "Alpha Partners");
  CHECK(p["attributes"]["participants_currently_training"] == 1);
  CHECK(p["attributes"]["induction_tutor_name"] == "Pat Tutor");
  CHECK(get(kPartnership, std::string(kPartnerships) + "/" + elm).status == 404);
  CHECK(get(kPartnerships, std::string(kPartnerships) + "?filter[cohort]=2024").data().empty());
  CHECK(get(kPartnerships, std::string(kPartnerships) + "?filter[delivery_partner_id]=" + kDpA).data().size() == 1);
  CHECK(get(kPartnerships, std::string(kPartnerships) + "?filter[delivery_partner_id]=" + kDpB).data().empty());

  const std::string school_id = p["attributes"]["school_id"];
  Reply created = call("POST", kPartnerships, kPartnerships, kAmbition,
                       body("partnership", {{"cohort", 2025}, {"school_id", "100002"}, {"delivery_partner_id", kDpB}}));
  INFO(created.body);
  REQUIRE(created.status == 200);
  const std::string elm_ambition = created.data()["id"];
  CHECK(created.data()["attributes"]["urn"] == "100002");
  CHECK(get(kPartnerships, kPartnerships).data().size() == 2);

  Reply dup = call("POST", kPartnerships, kPartnerships, kAmbition,
                   body("partnership", {{"cohort", 2025}, {"school_id", school_id}, {"delivery_partner_id", kDpA}}));
  CHECK(dup.status == 422);
  CHECK(dup.body.find("You are already in a confirmed partnership with this school for the entered cohort.") != std::string::npos);

  Reply updated = call("PUT", kPartnership, std::string(kPartnerships) + "/" + elm_ambition, kAmbition,
                       body("partnership", {{"delivery_partner_id", kDpA}}));
  INFO(updated.body);
  REQUIRE(updated.status == 200);
  CHECK(updated.data()["attributes"]["delivery_partner_id"] == kDpA);
  CHECK(call("PUT", kPartnership, std::string(kPartnerships) + "/" + elm, kAmbition,
             body("partnership", {{"delivery_partner_id", kDpA}})).status == 404);
  CHECK(call("POST", kPartnerships, kPartnerships, kAmbition, R"({"data":{"type":"partnership"}})").status == 400);
}

}  // namespace
}  // namespace rect::testing::v3
