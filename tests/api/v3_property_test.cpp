// Lead provider API v3 properties over random data: no lead provider ever
// receives another provider's record, and a client polling with
// updated_since two windows back ends with exactly what a full sync gives.
#include <map>
#include <random>
#include <set>

#include "tests/api/v3_fixture.h"

namespace rect::testing::v3 {
namespace {

const std::vector<std::pair<std::string, std::string>> kTeachers = {
    {"1000001", "1995-05-05"}, {"1000002", "1980-02-02"}, {"1000003", "1990-03-03"},
    {"1000004", "1996-04-04"}, {"1000005", "1997-06-06"}, {"1000006", "1985-07-07"},
    {"1000007", "1998-08-08"}, {"1000008", "1998-09-09"}, {"1000009", "1999-01-09"}};
const char* const kTypes[] = {"started", "retained-1", "retained-2"};

// Drives random registrations, declarations, voids, withdrawals and email changes.
struct RandomWorld : Fixture {
  std::mt19937 gen;
  std::map<std::string, std::string> lp_of_urn = {{"100001", kAmbition}, {"100002", kTeachFirst}};
  std::map<std::string, std::string> participant_lp;  // participant id -> lead provider
  std::vector<std::string> declarations;

  explicit RandomWorld(unsigned seed) : gen(seed) {
    partner("100001", kAmbition, kDpA);
    partner("100002", kTeachFirst, kDpT);
    sync();
  }
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(gen); }

  void step() {
    switch (pick(5)) {
      case 0: {
        const auto& [trn, dob] = kTeachers[static_cast<std::size_t>(pick(static_cast<int>(kTeachers.size())))];
        const std::string urn = pick(2) ? "100001" : "100002";
        auto o = school("register_ect", Json{{"school_urn", urn}, {"trn", trn}, {"date_of_birth", dob},
                                             {"email", "t" + trn + "@example.com"}, {"started_on", "2025-09-01"},
                                             {"working_pattern", "full_time"}, {"appropriate_body_id", "ab-hub"},
                                             {"training_programme", "provider_led"}, {"lead_provider_id", lp_of_urn[urn]}});
        if (o.ok()) participant_lp[result(o).at("participant_id")] = lp_of_urn[urn];
        break;
      }
      case 1:
      case 2: {
        if (participant_lp.empty()) break;
        auto it = std::next(participant_lp.begin(), pick(static_cast<int>(participant_lp.size())));
        auto o = lp("submit_declaration",
                    Json{{"participant_id", it->first}, {"declaration_type", kTypes[pick(3)]},
                         {"declaration_date", "2025-10-0" + std::to_string(1 + pick(9)) + "T10:00:00Z"},
                         {"course_identifier", "ecf-induction"}, {"evidence_held", "training-event-attended"}},
                    it->second);
        if (o.ok()) declarations.push_back(result(o).at("declaration_id"));
        break;
      }
      case 3: {
        if (declarations.empty()) break;
        const std::string id = declarations[static_cast<std::size_t>(pick(static_cast<int>(declarations.size())))];
        (void)lp("void_declaration", Json{{"participant_declaration_id", id}}, pick(2) ? kAmbition : kTeachFirst);
        break;
      }
      default: {
        const auto& [trn, dob] = kTeachers[static_cast<std::size_t>(pick(static_cast<int>(kTeachers.size())))];
        const std::string urn = pick(2) ? "100001" : "100002";
        (void)school("change_email", Json{{"school_urn", urn}, {"trn", trn}, {"email", "n" + std::to_string(pick(1000)) + "@example.com"}});
        break;
      }
    }
  }

  std::vector<Json> everything(const std::string& path, const std::string& lead_provider, const std::string& extra = "") {
    std::vector<Json> out;
    for (int page = 1;; ++page) {
      Reply r = get(path, path + "?page[per_page]=7&page[page]=" + std::to_string(page) + extra, lead_provider);
      REQUIRE(r.status == 200);
      if (r.data().empty()) return out;
      for (const Json& x : r.data()) out.push_back(x);
    }
  }
};

TEST_CASE("scoping property: no lead provider receives another provider's record") {
  for (unsigned seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    RandomWorld w(seed);
    for (int i = 0; i < 40; ++i) w.step();
    w.sync();
    const std::map<std::string, std::set<std::string>> dps = {{kAmbition, {kDpA, kDpB}}, {kTeachFirst, {kDpT}}};
    const std::map<std::string, std::string> names = {{kAmbition, "Ambition Institute"}, {kTeachFirst, "Teach First"}};
    for (const char* me : {kAmbition, kTeachFirst}) {
      const std::string other = std::string(me) == kAmbition ? kTeachFirst : kAmbition;
      for (const Json& p : w.everything("/api/v3/participants", me)) {
        for (const Json& e : p["attributes"]["ecf_enrolments"]) CHECK(dps.at(me).count(e["delivery_partner_id"]) == 1);
      }
      for (const Json& d : w.everything("/api/v3/participant-declarations", me)) {
        const Json& a = d["attributes"];
        if (a["lead_provider_name"] != names.at(me)) {
          CHECK(a["state"] != "voided");  // another provider's declaration is shown only while billable
          CHECK(w.call("PUT", "/api/v3/participant-declarations/{id}/void",
                       "/api/v3/participant-declarations/" + d["id"].get<std::string>() + "/void", me).status == 404);
        }
      }
      for (const Json& p : w.everything("/api/v3/partnerships", me)) CHECK(dps.at(me).count(p["attributes"]["delivery_partner_id"]) == 1);
      for (const Json& s : w.everything("/api/v3/statements", other))
        CHECK(w.get("/api/v3/statements/{id}", "/api/v3/statements/" + s["id"].get<std::string>(), me).status == 404);
      for (const Json& p : w.everything("/api/v3/partnerships", other))
        CHECK(w.get("/api/v3/partnerships/{id}", "/api/v3/partnerships/" + p["id"].get<std::string>(), me).status == 404);
      for (const auto& [id, owner] : w.participant_lp)
        if (owner != me)
          CHECK(w.get("/api/v3/participants/{id}", "/api/v3/participants/" + id, me).status == 404);
    }
  }
}

Json without_time_derived(Json p) {
  for (Json& e : p["attributes"]["ecf_enrolments"]) e.erase("participant_status");
  return p;
}

TEST_CASE("sync property: polling updated_since two windows back equals a full sync") {
  for (unsigned seed : {7u, 8u}) {
    CAPTURE(seed);
    RandomWorld w(seed);
    std::map<std::string, std::map<std::string, Json>> local;  // path -> id -> resource
    const std::vector<std::string> paths = {"/api/v3/participants", "/api/v3/participant-declarations", "/api/v3/partnerships"};
    std::vector<Timestamp> polls;
    Timestamp now = w.clock.now();
    for (int round = 0; round < 12; ++round) {
      for (int i = 0; i < 5; ++i) {
        now = Timestamp(now.micros() + 60'000'000);
        w.clock.set(now);
        w.step();
      }
      w.sync();
      now = Timestamp(now.micros() + 60'000'000);
      w.clock.set(now);
      const std::string since = polls.size() >= 2 ? "&filter[updated_since]=" + polls[polls.size() - 2].to_iso8601() : "";
      for (const std::string& path : paths)
        for (const Json& x : w.everything(path, kAmbition, since)) local[path][x["id"]] = x;
      polls.push_back(now);
    }
    for (const std::string& path : paths) {
      std::map<std::string, Json> full;
      for (const Json& x : w.everything(path, kAmbition)) full[x["id"]] = x;
      CAPTURE(path);
      REQUIRE(full.size() == local[path].size());
      for (const auto& [id, x] : full) CHECK(without_time_derived(local[path][id]) == without_time_derived(x));
    }
  }
}

}  // namespace
}  // namespace rect::testing::v3
