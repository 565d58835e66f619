// Private to the seed generator: the inside of a Shard — its agenda of
// actions, the generator's notes on each person, and the handler it drives.
// shard.cpp holds the planning and bookkeeping, shard_actions.cpp the actions.
//
// Thread-safety: none (see shard.h).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/command_handler.h"
#include "replay-tools/seed/calendar.h"
#include "replay-tools/seed/people.h"
#include "replay-tools/seed/seed_log.h"
#include "replay-tools/seed/shard.h"

namespace rect::seed {

using Json = nlohmann::json;

enum class Kind : std::uint8_t {
  kRegisterSchools, kUplifts, kRegisterEct, kClaim, kMentor, kPartnership, kDeclare, kVoid, kWithdraw, kDefer,
  kResume, kRelease, kOutcome, kMove, kRegisterAtNewSchool, kChangeLeadProvider
};

struct Action {
  int day = 0;
  std::uint64_t seq = 0;
  Kind kind = Kind::kRegisterSchools;
  int a = 0, b = 0, c = 0;
  bool operator>(const Action& o) const { return std::tie(day, seq) > std::tie(o.day, o.seq); }
};

struct Decl {
  std::string id;
  int lead_provider = 0, type = 0;
  bool voided = false;
};

enum class Fate : std::uint8_t { kNone, kMove, kChangeLeadProvider, kWithdraw, kDefer, kFail };

// The generator's own notes on one teacher: what it planned and what the domain answered.
struct Person {
  Teacher who;  // as TRS knows them
  bool mentor = false, provider_led = true;
  int school = 0, cohort = 0, start = 0;
  std::string id, appropriate_body;
  int lead_provider = -1, training_year = 0;
  std::string schedule;
  bool trained = false, claimed = false, done = false, withdrawn = false, deferred = false, moving = false;
  bool declaration_pending = false, outcome_scheduled = false, fate_started = false;
  int claim_start = 0;
  int next_type = 0, new_school = -1, mentees = 0;
  Fate fate = Fate::kNone;
  int fate_after = 0;
  std::vector<Decl> decls;
};

struct Shard::Impl {
  Impl(const World& w, const ShardPlan& p)
      : world(w), plan(p), clock(at_hour(w.first_day, 9)), log(clock), ids(p.seed * 0x9e3779b97f4a7c15ULL + 17),
        handler(log, clock, ids), rng(p.seed) {}

  const World& world;
  ShardPlan plan;
  ManualClock clock;
  SeedLog log;
  SeededRandom ids;
  domain::CommandHandler handler;
  std::mt19937_64 rng;
  GlobalPosition own_mark;
  ShardCounts counts;
  std::vector<School> schools;
  std::vector<Person> people;
  std::vector<int> hosts;                      // schools that may register ECTs
  std::vector<std::vector<int>> mentor_pool;   // by school
  std::vector<int> mentor_budget;              // by cohort - kFirstCohort
  std::set<std::tuple<int, int, int>> partnerships, partnerships_pending;  // (school, lead provider, cohort)
  std::priority_queue<Action, std::vector<Action>, std::greater<Action>> agenda;
  std::uint64_t seq = 0;
  int today = 0;

  int uniform(int lo, int hi) { return lo >= hi ? lo : lo + static_cast<int>(rng() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return static_cast<double>(rng() % 1000000) < p * 1000000.0; }
  void push(int day, Kind kind, int a = 0, int b = 0, int c = 0) {
    if (day <= world.last_day) agenda.push(Action{day, seq++, kind, a, b, c});
  }
  const std::string& urn(int school) const { return schools[school].urn; }
  int lead_provider_index(const std::string& id) const {
    for (int i = 0; i < static_cast<int>(world.lead_providers.size()); ++i)
      if (world.lead_providers[i].id == id) return i;
    return -1;
  }

  Result<domain::CommandOutcome> run(const std::string& name, Actor actor, const Json& body);
  std::optional<Json> written(const domain::CommandOutcome& o, const std::string& type, const std::string& role);
  // Notes a provider-led training period the domain started; false for none or school-led.
  bool note_training(Person& p, const std::optional<Json>& started);
  Status nominate_if_needed(int school);
  Status record_trs(const Person& p);

  void plan_world();
  void schedule_declaration(int person, int after_day);
  void need_partnership(int school, int lead_provider, int cohort, int after_day);
  int pick_host(int except);

  Status execute(const Action& a);
  Status register_schools();
  Status uplifts(int cohort);
  Status register_ect(int person);
  Status claim(int person);
  Status mentor(int ect);
  Status partnership(int school, int lead_provider, int cohort);
  Status declare(int person, int type);
  Status void_declaration(int person, int decl, bool resubmit);
  Status stop_training(int person, bool withdraw);
  Status resume(int person);
  Status close_induction(int person, const char* outcome);
  Status move(int person);
  Status register_at_new_school(int person);
  Status change_lead_provider(int person);
};

}  // namespace rect::seed
