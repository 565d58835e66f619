// The lead provider views and GIAS reconciliation (domain.md §2.8): what a
// closure and a merge show each lead provider (api.md §6), which watermarks
// move (api.md §3.5), that no other provider sees anything new, and that a
// rebuild from position 0, or a restart from the persisted records, ends with
// the same records as the live fold.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "projections/lead_provider/views.h"
#include "tests/domain/world.h"

namespace rect::testing {
namespace {

using nlohmann::json;
using projections::RecordChange;
using projections::lead_provider::LeadProviderViews;
using projections::lead_provider::Query;
using projections::lead_provider::Resource;
using Records = std::map<std::string, std::string>;
// "<type>/<id>" (schools "<type>/<cohort>/<urn>") -> the resource as the API shows it.
using Snapshot = std::map<std::string, json>;

constexpr const char* kAmbition = "lp-ambition";
constexpr const char* kTeachFirst = "lp-teach-first";

void drain(LeadProviderViews& views, Records& into) {
  std::vector<RecordChange> changes;
  views.drain_changes(changes);
  for (auto& [key, value] : changes) {
    if (value) into[key] = std::move(*value);
    else into.erase(key);
  }
}

void apply_from(LeadProviderViews& views, const std::vector<RecordedEvent>& events, std::uint64_t after) {
  for (const RecordedEvent& e : events) {
    if (e.position.value() <= after) continue;
    const Status st = views.apply(e);
    INFO(e.data.type << ": " << st.to_string());
    REQUIRE(st.ok());
  }
}

// Alice (ECT) and Bob (her mentor) at Oak (100001) with Ambition in a 2025
// partnership with dp-north; Gus, an ECT at Elm (100002) for whom Ambition is
// only an expression of interest; Erin, Teach First's ECT at Elm in Teach
// First's own partnership there. The views follow the log command by command.
struct GiasWorld : domain::testing::World {
  LeadProviderViews views;
  Records records;
  std::uint64_t applied = 0;
  std::string oak_partnership, elm_teach_first, alice, bob, erin;

  // `cast`: with the people above; without, only the sandbox's schools.
  explicit GiasWorld(bool cast = true) {
    if (!cast) return;
    set_today("2025-10-01T09:00:00Z");
    oak_partnership = partner("100001", kAmbition, "dp-north");
    elm_teach_first = partner("100002", kTeachFirst, "dp-north");
    alice = register_alice("2025-09-01");
    bob = ok(school("register_mentor", mentor_body("100001", "1000001")), "participant_id");
    ok(school("register_ect", R"({"school_urn":"100002","trn":"1000007","date_of_birth":"1998-08-08",
        "email":"gus@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
        "training_programme":"provider_led","lead_provider_id":"lp-ambition"})"),
       "participant_id");
    erin = ok(school("register_ect", R"({"school_urn":"100002","trn":"1000005","date_of_birth":"1997-06-06",
        "email":"erin@example.com","started_on":"2025-09-01","working_pattern":"part_time","appropriate_body_id":"ab-hub",
        "training_programme":"provider_led","lead_provider_id":"lp-teach-first"})"),
              "participant_id");
    sync();
    set_today("2025-10-15T09:00:00Z");
  }

  static std::string mentor_body(const std::string& urn, const std::string& ect_trn, const std::string& extra = "") {
    return R"({"school_urn":")" + urn +
           R"(","trn":"1000002","date_of_birth":"1980-02-02","email":"bob@example.com","ect_trn":")" + ect_trn + "\"" +
           extra + "}";
  }
  std::string ok(const domain::CommandOutcome& o, const char* field) {
    INFO(o.status.to_string());
    for (const auto& e : o.errors) INFO(e.title << ": " << e.detail);
    REQUIRE(o.ok());
    return result(o, field);
  }
  void run_system(const std::string& name, const std::string& body) {
    ok(system(name, body), "");
    sync();
  }
  void sync() {
    const std::vector<RecordedEvent> events = all_events();
    apply_from(views, events, applied);
    if (!events.empty()) applied = events.back().position.value();
    drain(views, records);
  }

  Snapshot snapshot(const std::string& lp) const {
    Snapshot out;
    const Timestamp now = clock.now();
    for (Resource r : {Resource::kParticipant, Resource::kDeclaration, Resource::kPartnership, Resource::kDeliveryPartner,
                       Resource::kStatement, Resource::kTransfer, Resource::kUnfundedMentor}) {
      Query q;
      q.per_page = 3000;
      for (const std::string& text : views.list(r, lp, q, now)) {
        json j = json::parse(text);
        out[j["type"].get<std::string>() + "/" + j["id"].get<std::string>()] = j;
      }
    }
    for (int year = 2021; year <= 2026; ++year) {
      Query q;
      q.per_page = 3000;
      q.school_cohort = year;
      for (const std::string& text : views.list(Resource::kSchool, lp, q, now)) {
        json j = json::parse(text);
        out["school/" + std::to_string(year) + "/" + j["attributes"]["urn"].get<std::string>()] = j;
      }
    }
    return out;
  }
  std::optional<json> find(Resource r, const std::string& lp, const std::string& id, std::optional<int> cohort = {}) const {
    auto text = views.find(r, lp, id, clock.now(), cohort);
    if (!text) return std::nullopt;
    return json::parse(*text);
  }
  json participant(const std::string& id, const std::string& lp = kAmbition) const {
    auto p = find(Resource::kParticipant, lp, id);
    REQUIRE(p);
    return *p;
  }

  // A fresh projection folding the whole log ends with the live records.
  void check_rebuild() {
    LeadProviderViews fresh;
    apply_from(fresh, all_events(), 0);
    Records rebuilt;
    drain(fresh, rebuilt);
    CHECK(rebuilt.size() == records.size());
    CHECK(rebuilt == records);
  }
};

const std::string kGiasAt = "2025-10-15T09:00:00.000000Z";

// The participant's enrolment of this type ("ect" | "mentor"), or null.
json enrolment(const json& participant, const std::string& type) {
  for (const json& e : participant["attributes"]["ecf_enrolments"])
    if (e["participant_type"] == type) return e;
  return nullptr;
}

std::string updated_at(const json& resource) { return resource["attributes"]["updated_at"].get<std::string>(); }

// The resources of `before` that `after` shows differently or not at all, and those it shows anew.
std::vector<std::string> differences(const Snapshot& before, const Snapshot& after) {
  std::vector<std::string> out;
  for (const auto& [key, value] : before) {
    auto it = after.find(key);
    if (it == after.end()) out.push_back("gone " + key);
    else if (it->second != value) out.push_back("changed " + key);
  }
  for (const auto& [key, value] : after)
    if (!before.contains(key)) out.push_back("new " + key);
  return out;
}

}  // namespace

TEST_CASE("lead provider views gias: a closure ends training, hides the school where unpartnered, bumps only what changed") {
  GiasWorld w;
  const Snapshot ambition = w.snapshot(kAmbition), teach_first = w.snapshot(kTeachFirst);
  const std::string oak = projections::lead_provider::school_api_id("100001");
  REQUIRE(ambition.contains("school/2024/100001"));
  REQUIRE(ambition.contains("school/2025/100001"));

  w.run_system("close_school", R"({"urn":"100001","closed_on":"2025-10-20"})");
  const Snapshot after = w.snapshot(kAmbition);

  // Alice's and Bob's training ends on the closing date: their watermark moves.
  const json alice = w.participant(w.alice);
  CHECK(updated_at(alice) == kGiasAt);
  CHECK(enrolment(alice, "ect")["school_urn"] == "100001");
  CHECK(enrolment(alice, "ect")["participant_status"] == "leaving");
  CHECK(updated_at(w.participant(w.bob)) == kGiasAt);
  // Left with no new school: a transfer of unknown type.
  auto transfer = w.find(Resource::kTransfer, kAmbition, w.alice);
  REQUIRE(transfer);
  const json& t = (*transfer)["attributes"]["transfers"][0];
  CHECK(t["transfer_type"] == "unknown");
  CHECK(t["leaving"]["school_urn"] == "100001");
  CHECK(t["leaving"]["date"] == "2025-10-20");
  CHECK(t["joining"].is_null());

  // Oak is no longer eligible: listed only in 2025, where it is partnered, and
  // there nothing it shows changed.
  CHECK(!after.contains("school/2024/100001"));
  CHECK(!w.find(Resource::kSchool, kAmbition, oak, 2024));
  REQUIRE(after.contains("school/2025/100001"));
  CHECK(after.at("school/2025/100001") == ambition.at("school/2025/100001"));
  // The partnership still has both training until the 20th: unchanged.
  CHECK(after.at("partnership/" + w.oak_partnership) == ambition.at("partnership/" + w.oak_partnership));

  std::vector<std::string> expected = {"changed participant/" + w.alice, "changed participant/" + w.bob};
  for (int year : {2021, 2022, 2023, 2024, 2026}) expected.push_back("gone school/" + std::to_string(year) + "/100001");
  expected.push_back("new participant-transfer/" + w.alice);
  expected.push_back("new participant-transfer/" + w.bob);
  std::vector<std::string> got = differences(ambition, after);
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  CHECK(got == expected);

  // Teach First has nothing at Oak: it sees only the shared school list shrink.
  std::vector<std::string> tf_expected;
  for (int year : {2021, 2022, 2023, 2024, 2026}) tf_expected.push_back("gone school/" + std::to_string(year) + "/100001");
  std::vector<std::string> tf_got = differences(teach_first, w.snapshot(kTeachFirst));
  std::sort(tf_expected.begin(), tf_expected.end());
  std::sort(tf_got.begin(), tf_got.end());
  CHECK(tf_got == tf_expected);
  w.check_rebuild();
}

TEST_CASE("lead provider views gias: a merge moves school_urn and training to the successor and lists its partnership") {
  GiasWorld w;
  const Snapshot ambition = w.snapshot(kAmbition), teach_first = w.snapshot(kTeachFirst);
  const json alice_before = w.participant(w.alice), bob_before = w.participant(w.bob);

  w.run_system("merge_school", R"({"urn":"100001","successor_urn":"100002"})");
  const Snapshot after = w.snapshot(kAmbition);

  const json alice = w.participant(w.alice);
  CHECK(enrolment(alice, "ect")["school_urn"] == "100002");
  CHECK(enrolment(alice, "ect")["delivery_partner_id"] == "dp-north");
  CHECK(enrolment(alice, "ect")["created_at"] == enrolment(alice_before, "ect")["created_at"]);
  CHECK(enrolment(alice, "ect")["participant_status"] == "active");
  CHECK(updated_at(alice) == kGiasAt);
  const json bob = w.participant(w.bob);
  CHECK(enrolment(bob, "mentor")["school_urn"] == "100002");
  CHECK(enrolment(bob, "mentor")["created_at"] == enrolment(bob_before, "mentor")["created_at"]);
  CHECK(updated_at(bob) == kGiasAt);
  // A merge is not a move of the teacher's: no transfer.
  CHECK(!w.find(Resource::kTransfer, kAmbition, w.alice));
  CHECK(!w.find(Resource::kTransfer, kAmbition, w.bob));

  // The partnership recreated at Elm carries the training; Oak's keeps its id and counts none.
  std::string recreated;
  for (const auto& [key, value] : after)
    if (key.rfind("partnership/", 0) == 0 && !ambition.contains(key)) recreated = value["id"];
  REQUIRE(!recreated.empty());
  const json& elm_partnership = after.at("partnership/" + recreated)["attributes"];
  CHECK(elm_partnership["urn"] == "100002");
  CHECK(elm_partnership["cohort"] == "2025");
  CHECK(elm_partnership["delivery_partner_id"] == "dp-north");
  CHECK(elm_partnership["participants_currently_training"] == 2);
  CHECK(elm_partnership["updated_at"] == kGiasAt);
  const json& oak_partnership = after.at("partnership/" + w.oak_partnership)["attributes"];
  CHECK(oak_partnership["urn"] == "100001");
  CHECK(oak_partnership["participants_currently_training"] == 0);
  CHECK(oak_partnership["updated_at"] == kGiasAt);

  // Oak, closed, stays listed in 2025 where it is partnered, but no longer trains anyone there.
  CHECK(after.at("school/2025/100001")["attributes"]["induction_programme_choice"] == "not_yet_known");
  CHECK(after.at("school/2025/100001")["attributes"]["in_partnership"] == true);
  CHECK(updated_at(after.at("school/2025/100001")) == kGiasAt);
  CHECK(!after.contains("school/2024/100001"));
  CHECK(after.at("school/2025/100002")["attributes"]["expression_of_interest"] == true);

  std::vector<std::string> expected = {"changed participant/" + w.alice, "changed participant/" + w.bob,
                                       "changed partnership/" + w.oak_partnership, "new partnership/" + recreated,
                                       "changed school/2025/100001"};
  for (int year : {2021, 2022, 2023, 2024, 2026}) expected.push_back("gone school/" + std::to_string(year) + "/100001");
  std::vector<std::string> got = differences(ambition, after);
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  CHECK(got == expected);

  // Teach First's participant and partnership at Elm are as they were; it
  // sees only the shared school records that changed.
  const Snapshot tf_after = w.snapshot(kTeachFirst);
  CHECK(tf_after.at("participant/" + w.erin) == teach_first.at("participant/" + w.erin));
  CHECK(tf_after.at("partnership/" + w.elm_teach_first) == teach_first.at("partnership/" + w.elm_teach_first));
  for (const std::string& d : differences(teach_first, tf_after)) {
    INFO(d);
    CHECK(d.find(" school/") != std::string::npos);
  }
  w.check_rebuild();
}

TEST_CASE("lead provider views gias: a mentor's merged placements show the successor and keep created_at") {
  GiasWorld w;
  w.ok(w.school("register_mentor", GiasWorld::mentor_body("100002", "1000007", R"(,"mentoring_only_at_this_school":false)")),
       "participant_id");
  w.sync();
  const json bob_before = w.participant(w.bob);
  REQUIRE(enrolment(bob_before, "mentor")["school_urn"] == "100001");
  const Records before_merge = w.records;
  const std::uint64_t checkpoint = w.applied;

  auto merge = w.system("merge_school", R"({"urn":"100001","successor_urn":"100002"})");
  REQUIRE(merge.ok());
  REQUIRE(w.wrote(merge, "mentor_placements_merged"));
  w.sync();
  const json bob = w.participant(w.bob);
  CHECK(enrolment(bob, "mentor")["school_urn"] == "100002");
  CHECK(enrolment(bob, "mentor")["email"] == "bob@example.com");
  CHECK(enrolment(bob, "mentor")["created_at"] == enrolment(bob_before, "mentor")["created_at"]);
  CHECK(updated_at(bob) == kGiasAt);
  CHECK(!w.find(Resource::kTransfer, kAmbition, w.bob));
  // Alice keeps Bob as her mentor.
  CHECK(enrolment(w.participant(w.alice), "ect")["mentor_id"] == w.bob);
  w.check_rebuild();

  // A restart from the records persisted before the merge folds it to the same records.
  LeadProviderViews restarted;
  for (const auto& [key, value] : before_merge) REQUIRE(restarted.load(key, value).ok());
  apply_from(restarted, w.all_events(), checkpoint);
  Records after_restart = before_merge;
  drain(restarted, after_restart);
  CHECK(after_restart == w.records);
}

TEST_CASE("lead provider views gias: closing a school no provider works with changes only the school list") {
  GiasWorld w;
  const Snapshot ambition = w.snapshot(kAmbition), teach_first = w.snapshot(kTeachFirst);
  // Cedar College is independent with section 41 approval: eligible (domain.md §1.2), so listed.
  REQUIRE(ambition.contains("school/2025/100004"));
  CHECK(!ambition.contains("school/2025/100003"));
  w.run_system("close_school", R"({"urn":"100004","closed_on":"2025-10-20"})");
  for (const auto& [lp, before] : {std::pair{kAmbition, ambition}, std::pair{kTeachFirst, teach_first}}) {
    std::vector<std::string> expected;
    for (int year = 2021; year <= 2026; ++year) expected.push_back("gone school/" + std::to_string(year) + "/100004");
    std::vector<std::string> got = differences(before, w.snapshot(lp));
    std::sort(got.begin(), got.end());
    INFO(lp);
    CHECK(got == expected);
  }
  w.check_rebuild();
}

TEST_CASE("lead provider views gias: a URN replacement keeps the school's id and shows the new URN everywhere") {
  GiasWorld w;
  const Snapshot ambition = w.snapshot(kAmbition), teach_first = w.snapshot(kTeachFirst);
  const std::string oak = projections::lead_provider::school_api_id("100001");
  const Records before = w.records;
  const std::uint64_t checkpoint = w.applied;

  w.run_system("replace_school_urn", R"({"urn":"100001","successor_urn":"100009"})");
  const Snapshot after = w.snapshot(kAmbition);

  const json alice = w.participant(w.alice);
  CHECK(enrolment(alice, "ect")["school_urn"] == "100009");
  CHECK(updated_at(alice) == kGiasAt);
  CHECK(enrolment(w.participant(w.bob), "mentor")["school_urn"] == "100009");
  CHECK(!w.find(Resource::kTransfer, kAmbition, w.alice));

  // The school keeps its API id, shows its new URN, and moves its watermark in every cohort.
  for (int year = 2021; year <= 2026; ++year) {
    INFO(year);
    auto school = w.find(Resource::kSchool, kAmbition, oak, year);
    REQUIRE(school);
    CHECK((*school)["id"] == oak);
    CHECK((*school)["attributes"]["urn"] == "100009");
    CHECK((*school)["attributes"]["name"] == "Oak Primary School");
    CHECK(updated_at(*school) == kGiasAt);
    CHECK((*school)["attributes"]["created_at"] == ambition.at("school/" + std::to_string(year) + "/100001")["attributes"]["created_at"]);
  }
  CHECK(after.at("school/2025/100009")["attributes"]["induction_programme_choice"] == "provider_led");
  CHECK(after.at("school/2025/100009")["attributes"]["in_partnership"] == true);
  CHECK(w.views.school_urn(oak) == std::optional<std::string>("100009"));
  CHECK(!w.views.school_urn(projections::lead_provider::school_api_id("100009")));

  // The partnership keeps its id and school_id, with the new URN.
  const json& partnership = after.at("partnership/" + w.oak_partnership)["attributes"];
  CHECK(partnership["urn"] == "100009");
  CHECK(partnership["school_id"] == oak);
  CHECK(partnership["participants_currently_training"] == 2);
  CHECK(partnership["updated_at"] == kGiasAt);

  std::vector<std::string> expected = {"changed participant/" + w.alice, "changed participant/" + w.bob,
                                       "changed partnership/" + w.oak_partnership};
  for (int year = 2021; year <= 2026; ++year) {
    expected.push_back("gone school/" + std::to_string(year) + "/100001");
    expected.push_back("new school/" + std::to_string(year) + "/100009");
  }
  std::vector<std::string> got = differences(ambition, after);
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  CHECK(got == expected);

  // Teach First sees only the shared school records.
  for (const std::string& d : differences(teach_first, w.snapshot(kTeachFirst))) {
    INFO(d);
    CHECK(d.find(" school/") != std::string::npos);
  }
  w.check_rebuild();

  LeadProviderViews restarted;
  for (const auto& [key, value] : before) REQUIRE(restarted.load(key, value).ok());
  apply_from(restarted, w.all_events(), checkpoint);
  Records after_restart = before;
  drain(restarted, after_restart);
  CHECK(after_restart == w.records);
  CHECK(restarted.school_urn(oak) == std::optional<std::string>("100009"));
}

TEST_CASE("lead provider views gias: a tutor nomination that reached the old URN while the replacement was being written shows at the new URN") {
  GiasWorld w;
  // The nomination is decided before the replacement starts and appended
  // between its first append (school_urn_replaced) and its second (the
  // guarded school_urn_retired on the old URN's stream).
  domain::testing::HeldCommand nominating(
      w.store, w.clock,
      "nominate_induction_tutor", ActorKind::kSchoolUser, "school-user",
      R"({"school_urn":"100001","name":"Tia Tutor","email":"tia@example.com"})");
  SeededRandom rng{6};
  domain::testing::HookedStore replacing{w.store};
  domain::CommandHandler gias{replacing, w.clock, rng};
  domain::CommandOutcome nominated;
  replacing.before_append = [&](int n) {
    if (n == 2) nominated = nominating.join();
  };
  domain::Command c;
  c.name = "replace_school_urn";
  c.actor.kind = ActorKind::kSystem;
  c.body = R"({"urn":"100001","successor_urn":"100009"})";
  const domain::CommandOutcome o = gias.execute(c);
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  REQUIRE(nominated.ok());
  std::vector<std::string> order;
  for (const RecordedEvent& e : w.all_events())
    if (e.data.type == "school_urn_replaced" || e.data.type == "induction_tutor_nominated") order.push_back(e.data.type);
  REQUIRE(order.size() >= 2);
  CHECK(order[order.size() - 2] == "school_urn_replaced");
  CHECK(order.back() == "induction_tutor_nominated");
  w.sync();

  const Snapshot after = w.snapshot(kAmbition);
  for (const auto& [key, resource] : after) {
    INFO(key);
    CHECK(key.find("/100001") == std::string::npos);
  }
  const json& partnership = after.at("partnership/" + w.oak_partnership)["attributes"];
  CHECK(partnership["urn"] == "100009");
  CHECK(partnership["induction_tutor_name"] == "Tia Tutor");
  w.check_rebuild();
}

TEST_CASE("lead provider views: a resource's presented text is cached per day, so time-derived fields follow the day") {
  GiasWorld w;
  w.run_system("close_school", R"({"urn":"100001","closed_on":"2025-10-20"})");
  auto status_in_list = [&] {
    Query q;
    q.per_page = 3000;
    for (const std::string& text : w.views.list(Resource::kParticipant, kAmbition, q, w.clock.now())) {
      const json j = json::parse(text);
      if (j["id"] == w.alice) return enrolment(j, "ect")["participant_status"].get<std::string>();
    }
    return std::string("missing");
  };
  auto transfer_status = [&] {
    auto t = w.find(Resource::kTransfer, kAmbition, w.alice);
    REQUIRE(t);
    return (*t)["attributes"]["transfers"][0]["status"].get<std::string>();
  };
  for (int round = 0; round < 2; ++round) {
    w.set_today("2025-10-15T09:00:00Z");
    CHECK(enrolment(w.participant(w.alice), "ect")["participant_status"] == "leaving");
    CHECK(status_in_list() == "leaving");
    CHECK(transfer_status() == "incomplete");
    w.set_today("2025-10-21T09:00:00Z");
    CHECK(enrolment(w.participant(w.alice), "ect")["participant_status"] == "left");
    CHECK(status_in_list() == "left");
    CHECK(transfer_status() == "complete");
  }
}

TEST_CASE("lead provider views: a school view hidden and shown again before a drain is written once, as shown") {
  // Cedar College (100004) is listed while eligible. Its views are removed
  // when it stops being eligible and installed again when it is eligible once
  // more, with no drain in between: the queued references to the removed
  // views must still name them, and the drain writes what is shown.
  GiasWorld w;
  const Snapshot before = w.snapshot(kAmbition);
  REQUIRE(before.contains("school/2025/100004"));
  auto apply_new = [&] {
    const std::vector<RecordedEvent> events = w.all_events();
    apply_from(w.views, events, w.applied);
    w.applied = events.back().position.value();
  };
  REQUIRE(w.system("update_school", R"({"urn":"100004","section_41_approved":false})").ok());
  apply_new();
  REQUIRE(!w.snapshot(kAmbition).contains("school/2025/100004"));
  REQUIRE(w.system("update_school", R"({"urn":"100004","section_41_approved":true})").ok());
  apply_new();
  drain(w.views, w.records);
  const Snapshot after = w.snapshot(kAmbition);
  REQUIRE(after.contains("school/2025/100004"));
  for (int year = 2021; year <= 2026; ++year) {
    INFO(year);
    CHECK(after.contains("school/" + std::to_string(year) + "/100004"));
    CHECK(w.records.contains("v/school/" + std::to_string(year) + "/100004"));
  }
  w.check_rebuild();
}

TEST_CASE("lead_provider_views_school_uplifts_change_the_enrolments_of_that_year_only_and_only_when_they_change") {
  GiasWorld w(false);
  // Uplift fees are paid in 2024 (not 2025: data/reference/contract-periods):
  // Hana trains with Ambition at Oak from September 2024.
  w.set_today("2024-09-10T09:00:00Z");
  w.partner("100001", kAmbition, "dp-north", 2024);
  w.run_system("record_trs_teacher", R"({"trn":"1000011","first_name":"Hana","last_name":"Stone",
      "date_of_birth":"1996-04-04","induction_status":"RequiredToComplete","qts_awarded_on":"2024-07-01"})");
  const std::string hana = w.ok(w.school("register_ect", R"({"school_urn":"100001","trn":"1000011",
      "date_of_birth":"1996-04-04","email":"hana@example.com","started_on":"2024-09-01","working_pattern":"full_time",
      "appropriate_body_id":"ab-hub","training_programme":"provider_led","lead_provider_id":"lp-ambition"})"),
                                "participant_id");
  w.sync();
  const json first = enrolment(w.participant(hana), "ect");
  REQUIRE(first["cohort"] == "2024");
  const bool pp = first["pupil_premium_uplift"].get<bool>(), sp = first["sparsity_uplift"].get<bool>();
  auto uplifts = [&](int year, bool pupil_premium, bool sparsity) {
    w.run_system("set_school_uplifts", R"({"urn":"100001","year":)" + std::to_string(year) + R"(,"pupil_premium_uplift":)" +
                                           (pupil_premium ? "true" : "false") + R"(,"sparsity_uplift":)" +
                                           (sparsity ? "true" : "false") + "}");
  };
  w.set_today("2025-11-01T09:00:00Z");
  const Snapshot before = w.snapshot(kAmbition);

  // Oak's 2024 uplifts change: Hana's enrolment shows them, and only her watermark moves.
  uplifts(2024, !pp, sp);
  const Snapshot after = w.snapshot(kAmbition);
  const json shown = w.participant(hana);
  CHECK(enrolment(shown, "ect")["pupil_premium_uplift"] == !pp);
  CHECK(enrolment(shown, "ect")["sparsity_uplift"] == sp);
  CHECK(updated_at(shown) == "2025-11-01T09:00:00.000000Z");
  CHECK(differences(before, after) == std::vector<std::string>{"changed participant/" + hana});

  // The same uplifts again, later: nothing changes, no watermark moves.
  w.set_today("2025-11-02T09:00:00Z");
  uplifts(2024, !pp, sp);
  CHECK(differences(after, w.snapshot(kAmbition)).empty());
  // Uplifts for a year nobody at Oak trains in: nothing changes either.
  uplifts(2023, !pp, !sp);
  CHECK(differences(after, w.snapshot(kAmbition)).empty());
  // Changed again: shown, with the new watermark.
  uplifts(2024, pp, !sp);
  const json again = w.participant(hana);
  CHECK(enrolment(again, "ect")["pupil_premium_uplift"] == pp);
  CHECK(enrolment(again, "ect")["sparsity_uplift"] == !sp);
  CHECK(updated_at(again) == "2025-11-02T09:00:00.000000Z");
  w.check_rebuild();
}

TEST_CASE("lead_provider_views_a_new_provider_sees_the_declarations_made_before_the_change_of_provider") {
  GiasWorld w;
  const std::string declared = w.ok(w.lp("submit_declaration", R"({"participant_id":")" + w.alice +
                                                                 R"(","declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z","course_identifier":"ecf-induction","evidence_held":"training-event-attended"})"),
                                    "declaration_id");
  w.sync();
  REQUIRE(!declared.empty());
  REQUIRE(w.find(Resource::kDeclaration, kAmbition, declared));
  CHECK(!w.find(Resource::kDeclaration, kTeachFirst, declared));

  // Alice's school, now partnered with Teach First too, moves her training
  // there. The declaration itself does not change, but Teach First now sees
  // it (spec/api.md §6.2: other providers' billable declarations dated before
  // the end of its latest training), and Ambition still does. The fold renders
  // it again only because her training changed.
  w.set_today("2025-11-01T09:00:00Z");
  w.partner("100001", kTeachFirst, "dp-north");
  w.ok(w.school("change_lead_provider", R"({"school_urn":"100001","trn":"1000001","lead_provider_id":"lp-teach-first"})"), "");
  w.sync();
  const auto seen = w.find(Resource::kDeclaration, kTeachFirst, declared);
  REQUIRE(seen);
  CHECK((*seen)["attributes"]["lead_provider_name"] == "Ambition Institute");
  CHECK(w.find(Resource::kDeclaration, kAmbition, declared));
  w.check_rebuild();
}

// A placement keeps a pointer to its school and a mentorship to its mentor
// (Model::school_at, Mentorship::mentor). After a URN replacement erases the
// school under its old URN, the events that follow (the placements' moves, a
// declaration, a new mentor, a school change) must still reach exactly the
// views that rendering every subject after every event changes.
TEST_CASE("lead_provider_views_after_a_urn_replacement_the_fold_still_equals_rendering_everything_after_every_event") {
  GiasWorld w;
  w.run_system("replace_school_urn", R"({"urn":"100001","successor_urn":"100009"})");
  w.set_today("2025-10-20T09:00:00Z");
  w.ok(w.lp("submit_declaration", R"({"participant_id":")" + w.alice +
                                      R"(","declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z","course_identifier":"ecf-induction","evidence_held":"training-event-attended"})"),
       "declaration_id");
  w.ok(w.school("register_mentor", R"({"school_urn":"100009","trn":"1000006","date_of_birth":"1985-07-07","email":"max@example.com","ect_trn":"1000001"})"),
       "participant_id");
  w.set_today("2025-11-01T09:00:00Z");
  w.partner("100009", kTeachFirst, "dp-north");
  w.ok(w.school("change_lead_provider", R"({"school_urn":"100009","trn":"1000001","lead_provider_id":"lp-teach-first"})"), "");
  w.sync();
  REQUIRE(w.find(Resource::kParticipant, kTeachFirst, w.alice));

  LeadProviderViews everything;
  everything.set_render_everything(true);
  apply_from(everything, w.all_events(), 0);
  Records exhaustive;
  drain(everything, exhaustive);
  CHECK(everything.missed_changes() == 0);
  CHECK(exhaustive.size() == w.records.size());
  for (const auto& [key, value] : exhaustive) {
    INFO(key);
    auto it = w.records.find(key);
    REQUIRE(it != w.records.end());
    CHECK(it->second == value);
  }
  w.check_rebuild();
}

}  // namespace rect::testing
