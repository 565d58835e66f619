// The State's indexes (teachers_placed_at and its kin) against walks of
// every teacher, partnership and statement, through moves, merges, email
// changes and closures: what a command handler finds through an index must
// be what the walk it replaced found.
#include <algorithm>
#include <set>

#include "domain/command_handler.h"
#include "domain/decision.h"
#include "domain/periods.h"
#include "domain/state.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

template <class T>
bool sorted_once(const std::vector<const T*>& v) {
  return std::adjacent_find(v.begin(), v.end(), [](const T* a, const T* b) { return !(a->id < b->id); }) == v.end();
}

template <class T>
bool lists(const std::vector<const T*>& v, const T* item) {
  return std::find(v.begin(), v.end(), item) != v.end();
}

// Checks every index against a walk of the whole state.
void check_indexes(const State& s) {
  std::set<std::string> urns, emails, mentors, mentor_placements;
  for (const auto& [id, t] : s.teachers())
    for (Role r : {Role::kEct, Role::kMentor}) {
      for (const Placement& p : t.role(r).placements) {
        urns.insert(p.school_urn);
        emails.insert(p.email);
      }
      for (const Mentorship& m : t.role(r).mentorships) {
        mentors.insert(m.mentor_teacher_id);
        mentor_placements.insert(m.mentor_placement_id);
      }
    }
  for (const auto& [id, sp] : s.partnerships_) urns.insert(sp.school_urn);

  for (const std::string& urn : urns) {
    INFO("urn " << urn);
    auto placed = s.teachers_placed_at(urn);
    CHECK(sorted_once(placed));
    for (const auto& [id, t] : s.teachers())
      for (Role r : {Role::kEct, Role::kMentor})
        for (const Placement& p : t.role(r).placements)
          if (p.school_urn == urn) CHECK(lists(placed, &t));
    auto pships = s.partnerships_placed_at(urn);
    CHECK(sorted_once(pships));
    for (const auto& [id, sp] : s.partnerships_)
      if (sp.school_urn == urn) CHECK(lists(pships, &sp));
    for (const auto& [id, sp] : s.partnerships_) {
      std::vector<const Partnership*> walked;
      for (const auto& [other_id, other] : s.partnerships_)
        if (other.school_urn == urn && other.lead_provider_id == sp.lead_provider_id && other.year == sp.year)
          walked.push_back(&other);
      CHECK(s.partnerships_for(urn, sp.lead_provider_id, sp.year) == walked);
    }
  }
  for (const std::string& email : emails) {
    INFO("email " << email);
    std::vector<const Teacher*> walked;
    for (const auto& [id, t] : s.teachers()) {
      bool uses = false;
      for (Role r : {Role::kEct, Role::kMentor})
        for (const Placement& p : t.role(r).placements) uses = uses || (p.unfinished() && p.email == email);
      if (uses) walked.push_back(&t);
    }
    CHECK(s.teachers_using_email(email) == walked);
  }
  // Every teacher whose mentorships name a key in `field` is listed by `query`.
  auto check_mentees = [&](const std::set<std::string>& keys, std::string Mentorship::*field, auto query) {
    for (const std::string& key : keys) {
      INFO("mentor or mentor placement " << key);
      auto mentees = (s.*query)(key);
      CHECK(sorted_once(mentees));
      for (const auto& [id, t] : s.teachers())
        for (const Mentorship& m : t.ect.mentorships)
          if (m.*field == key) CHECK(lists(mentees, &t));
    }
  };
  check_mentees(mentors, &Mentorship::mentor_teacher_id, &State::mentees_of);
  check_mentees(mentor_placements, &Mentorship::mentor_placement_id, &State::mentees_through);
  for (const auto& [id, st] : s.statements_) {
    std::vector<const Statement*> walked;
    for (const auto& [other_id, other] : s.statements_)
      if (other.lead_provider_id == st.lead_provider_id && other.year == st.year && other.fee_type == "output")
        walked.push_back(&other);
    std::sort(walked.begin(), walked.end(), [](const Statement* a, const Statement* b) {
      return a->deadline_date != b->deadline_date ? a->deadline_date < b->deadline_date : a->id < b->id;
    });
    CHECK(s.output_statements(st.lead_provider_id, st.year) == walked);
  }
}

CommandOutcome run_on(CommandHandler& h, const std::string& name, ActorKind kind, const std::string& id,
                      const std::string& body) {
  Command c;
  c.name = name;
  c.actor.kind = kind;
  c.actor.id = id;
  c.body = body;
  return h.execute(c);
}

State folded(const World& w) {
  State s;
  for (const RecordedEvent& e : w.all_events()) s.apply(e);
  return s;
}

std::string mentor_body(const std::string& urn, const std::string& trn, const std::string& email, const std::string& ect_trn,
                        const std::string& extra = "") {
  return R"({"school_urn":")" + urn + R"(","trn":")" + trn + R"(","date_of_birth":"1980-02-02","email":")" + email +
         R"(","ect_trn":")" + ect_trn + "\"" + extra + "}";
}

std::string ect_body(const std::string& urn, const std::string& trn, const std::string& email,
                     const std::string& born = "1998-08-08") {
  return R"({"school_urn":")" + urn + R"(","trn":")" + trn + R"(","date_of_birth":")" + born + R"(","email":")" + email +
         R"(","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
         "training_programme":"provider_led","lead_provider_id":"lp-ambition"})";
}

// Alice (ECT) and Bob (her mentor) at 100001 and Gus (ECT) at 100002, each
// school partnered with lp-ambition for 2025.
struct TwoSchools : World {
  std::string alice, gus;
  TwoSchools() {
    set_today("2025-09-10T09:00:00Z");
    partner();
    partner("100002");
    alice = register_alice("2025-09-01");
    REQUIRE(school("register_mentor", mentor_body("100001", "1000002", "bob@example.com", "1000001")).ok());
    auto g = school("register_ect", ect_body("100002", "1000007", "gus@example.com"));
    REQUIRE(g.ok());
    gus = result(g, "participant_id");
    set_today("2025-10-15T09:00:00Z");
  }
};

}  // namespace

TEST_CASE("state indexes: what they find through registrations, email changes, URN replacements and school merges is what a walk finds") {
  TwoSchools w;
  check_indexes(folded(w));
  REQUIRE(w.school("change_email", R"({"school_urn":"100001","trn":"1000001","email":"alice.smith@example.com"})").ok());
  check_indexes(folded(w));
  REQUIRE(w.system("replace_school_urn", R"({"urn":"100001","successor_urn":"100009"})").ok());
  check_indexes(folded(w));
  REQUIRE(w.school("register_mentor", mentor_body("100002", "1000002", "bob@example.com", "1000007",
                                                  R"(,"mentoring_only_at_this_school":false)"))
              .ok());
  check_indexes(folded(w));
  auto merged = w.system("merge_school", R"({"urn":"100009","successor_urn":"100002"})");
  INFO(merged.status.to_string());
  REQUIRE(merged.ok());
  CHECK(w.wrote(merged, "mentor_placements_merged"));
  check_indexes(folded(w));
  REQUIRE(w.system("close_school", R"({"urn":"100002","closed_on":"2025-10-20"})").ok());
  check_indexes(folded(w));
}

TEST_CASE("state indexes: what they find after a participant merge is what a walk finds") {
  TwoSchools w;
  auto o = w.run("merge_participants", {ActorKind::kAdmin, "support"},
                 R"({"source_participant_id":")" + w.gus + R"(","destination_participant_id":")" + w.alice + R"("})");
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  State s = folded(w);
  check_indexes(s);
  CHECK(lists(s.teachers_placed_at("100002"), s.teacher(w.alice)));
}

TEST_CASE("state indexes: a school closed after its URN was replaced finishes the placements that moved to the new URN") {
  TwoSchools w;
  REQUIRE(w.system("replace_school_urn", R"({"urn":"100001","successor_urn":"100009"})").ok());
  auto closed = w.system("close_school", R"({"urn":"100009","closed_on":"2025-10-20"})");
  INFO(closed.status.to_string());
  REQUIRE(closed.ok());
  CHECK(w.written(closed, "ect_placement_finished").size() == 1);
  CHECK(w.written(closed, "mentor_placement_finished").size() == 1);
  CHECK(w.written(closed, "mentorship_finished").size() == 1);
}

TEST_CASE("state indexes: an email changed after registration cannot be used by another TRN") {
  TwoSchools w;
  REQUIRE(w.school("change_email", R"({"school_urn":"100001","trn":"1000001","email":"alice.smith@example.com"})").ok());
  auto taken = w.school("register_ect", ect_body("100002", "1000009", "alice.smith@example.com", "1999-01-09"));
  CHECK(!taken.ok());
  bool named = false;
  for (const FieldError& e : taken.errors) named = named || e.title == "email";
  CHECK(named);
  auto free = w.school("register_ect", ect_body("100002", "1000009", "alice@example.com", "1999-01-09"));
  INFO(free.status.to_string());
  CHECK(free.ok());
}

TEST_CASE("periods: a mentorship ended from both of its placements in one decision is ended once, whichever comes first") {
  TwoSchools w;
  const State s = folded(w);
  const Teacher* alice = s.teacher(w.alice);
  const Teacher* bob = s.teacher_by_trn("1000002");
  REQUIRE(alice);
  REQUIRE(bob);
  REQUIRE(alice->ect.mentorships.size() == 1);
  const Date on = Date::parse("2025-10-20").value();
  const Context ctx{s, w.clock.now(), on, {ActorKind::kSystem, ""}, w.rng};
  for (bool mentor_first : {true, false}) {
    INFO("mentor's placement first: " << mentor_first);
    Decision d;
    if (mentor_first) finish_mentor_placement(ctx, d, *bob, bob->mentor.placements.at(0), on, "school_closed", "");
    finish_ect_placement(ctx, d, *alice, alice->ect.placements.at(0), on, "school_closed", "");
    if (!mentor_first) finish_mentor_placement(ctx, d, *bob, bob->mentor.placements.at(0), on, "school_closed", "");
    int ends = 0;
    for (const StreamGroup& g : d.groups)
      for (const PendingEvent& e : g.events) ends += e.type == "mentorship_finished" || e.type == "mentorship_cancelled";
    CHECK(ends == 1);
  }
}

TEST_CASE("catch up: a handler that reads and parses the log on a second thread decides like one that does not") {
  TwoSchools w;
  const std::string started = R"({"participant_id":")" + w.alice +
                              R"(","declaration_type":"started","declaration_date":"2025-10-10T10:00:00Z","course_identifier":"ecf-induction","evidence_held":"training-event-attended"})";
  REQUIRE(w.lp("submit_declaration", started).ok());
  SeededRandom rng{7};
  CommandHandlerOptions options;
  options.parse_ahead_from = 1;
  CommandHandler ahead(w.store, w.clock, rng, options);
  REQUIRE(ahead.catch_up().ok());
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"submit_declaration", started},
      {"create_partnership", R"({"cohort":2025,"school_id":"100001","delivery_partner_id":"dp-north"})"},
  };
  for (const auto& [name, body] : refused) {
    INFO(name);
    const CommandOutcome expected = w.lp(name, body);
    const CommandOutcome got = run_on(ahead, name, ActorKind::kLeadProvider, "lp-ambition", body);
    CHECK(!expected.ok());
    CHECK(got.errors == expected.errors);
    CHECK(got.status.code() == expected.status.code());
  }
  const std::string email_taken = ect_body("100002", "1000009", "alice@example.com", "1999-01-09");
  CHECK(!w.school("register_ect", email_taken).ok());
  CHECK(run_on(ahead, "register_ect", ActorKind::kSchoolUser, "school-user", email_taken).errors ==
        w.school("register_ect", email_taken).errors);
  auto changed = run_on(ahead, "change_working_pattern", ActorKind::kSchoolUser, "school-user",
                        R"({"school_urn":"100001","trn":"1000001","working_pattern":"part_time"})");
  INFO(changed.status.to_string());
  CHECK(changed.ok());
}
