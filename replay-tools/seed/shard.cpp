#include <algorithm>

#include "replay-tools/seed/shard_impl.h"

namespace rect::seed {

Result<domain::CommandOutcome> Shard::Impl::run(const std::string& name, Actor actor, const Json& body) {
  domain::CommandOutcome o = handler.execute(command(name, std::move(actor), body.dump()));
  if (o.ok()) return o;
  std::string why = o.status.to_string();
  for (const domain::FieldError& e : o.errors) why += "; " + e.title + ": " + e.detail;
  return Status(o.status.code(), "shard " + std::to_string(plan.index) + " on " + iso_date(today) + ": command " + name +
                                     " " + body.dump() + " was rejected: " + why);
}

std::optional<Json> Shard::Impl::written(const domain::CommandOutcome& o, const std::string& type, const std::string& role) {
  for (const domain::WrittenEvent& w : o.events) {
    if (w.type != type) continue;
    auto r = log.read_all(GlobalPosition(w.position.value() - 1), 1);
    if (!r || r->empty()) continue;
    Json p = Json::parse(r->front().data.payload, nullptr, false);
    if (p.is_object() && p.value("role", "") == role) return p;
  }
  return std::nullopt;
}

bool Shard::Impl::note_training(Person& p, const std::optional<Json>& started) {
  if (!started || started->value("training_programme", "") != "provider_led") return false;
  p.trained = true;
  p.lead_provider = lead_provider_index(started->value("lead_provider_id", ""));
  p.training_year = started->value("year", 0);
  p.schedule = started->value("schedule", "");
  return true;
}

Status Shard::Impl::nominate_if_needed(int school) {
  School& s = schools[school];
  const int year = std::max(kFirstCohort, cohort_year_on(today));
  if (s.tutor_year >= year) return Status::ok();
  auto r = run("nominate_induction_tutor", {ActorKind::kSchoolUser, "tutor-" + s.urn},
               {{"school_urn", s.urn}, {"name", s.tutor_name}, {"email", "induction.tutor." + s.urn + "@schools.example.org"}});
  if (!r) return r.status();
  s.tutor_year = year;
  return Status::ok();
}

Status Shard::Impl::record_trs(const Person& p) {
  auto r = run("record_trs_teacher", {ActorKind::kSystem, ""},
               {{"trn", p.who.trn}, {"first_name", p.who.first_name}, {"last_name", p.who.last_name},
                {"date_of_birth", p.who.date_of_birth}, {"induction_status", p.mentor ? "Passed" : "RequiredToComplete"},
                {"qts_awarded_on", p.who.qts_awarded_on}});
  return r ? Status::ok() : r.status();
}

void Shard::Impl::plan_world() {
  schools = make_schools(plan, rng, world);
  mentor_pool.resize(schools.size());
  for (int i = 0; i < static_cast<int>(schools.size()); ++i)
    if (schools[i].hosts_ects) hosts.push_back(i);
  push(world.first_day, Kind::kRegisterSchools);
  for (int y = kFirstCohort; y <= kLastCohort; ++y)
    push(y == kFirstCohort ? world.first_day : next_weekday(day_of(y, 5, 4)), Kind::kUplifts, y);
  static constexpr double kCohortShare[] = {0.14, 0.16, 0.17, 0.17, 0.18, 0.18};
  people.reserve(static_cast<std::size_t>(plan.ects + plan.mentors) + 16);
  int trn = plan.first_trn;
  for (int y = kFirstCohort; y <= kLastCohort; ++y) {
    const double share = kCohortShare[y - kFirstCohort];
    const int planned = static_cast<int>(plan.mentors * share + 0.5);
    int assigned = 0;
    for (int b : mentor_budget) assigned += b;
    mentor_budget.push_back(y == kLastCohort ? plan.mentors - assigned : std::min(planned, plan.mentors - assigned));
    int count = y == kLastCohort ? plan.ects - static_cast<int>(people.size()) : static_cast<int>(plan.ects * share + 0.5);
    for (int i = 0; i < count && !hosts.empty(); ++i) {
      Person p;
      p.who = make_teacher(rng, trn++, false, y);
      p.cohort = y;
      p.school = pick_host(-1);
      const int term = y == kLastCohort ? 0 : uniform(0, 99);
      if (term < 75) p.start = next_weekday(day_of(y, 9, 1) + uniform(0, 6));
      else if (term < 92) p.start = next_weekday(day_of(y + 1, 1, 4) + uniform(0, 8));
      else p.start = next_weekday(day_of(y + 1, 4, 14) + uniform(0, 8));
      p.provider_led = chance(0.9);
      p.appropriate_body = schools[p.school].appropriate_body;
      if (chance(0.12)) p.appropriate_body = world.local_authorities[uniform(0, 2)];
      if (p.provider_led) {
        const int f = uniform(0, 999);
        p.fate = f < 30 ? Fate::kMove : f < 50 ? Fate::kChangeLeadProvider : f < 90 ? Fate::kWithdraw
               : f < 110 ? Fate::kDefer : f < 120 ? Fate::kFail : Fate::kNone;
        p.fate_after = uniform(1, 3);
      }
      int reg = next_weekday(p.start - uniform(0, 40));
      if (reg >= day_of(2026, 6, 1) && reg <= day_of(2026, 6, 14)) reg = day_of(2026, 6, 15);
      people.push_back(std::move(p));
      push(reg, Kind::kRegisterEct, static_cast<int>(people.size()) - 1);
    }
  }
  plan.first_trn = trn;
}

int Shard::Impl::pick_host(int except) {
  long total = 0;
  for (int h : hosts) total += h == except ? 0 : schools[h].weight;
  if (total == 0) return hosts.front();
  long pick = static_cast<long>(rng() % static_cast<std::uint64_t>(total));
  for (int h : hosts) {
    if (h == except) continue;
    pick -= schools[h].weight;
    if (pick < 0) return h;
  }
  return hosts.back();
}

void Shard::Impl::need_partnership(int school, int lp, int cohort, int after_day) {
  if (partnerships.count({school, lp, cohort}) || partnerships_pending.count({school, lp, cohort})) return;
  const int day = std::max(next_weekday(after_day + uniform(2, 20)), next_weekday(day_of(cohort, 6, 1) + uniform(0, 14)));
  if (day >= world.freeze_day(cohort)) return;
  partnerships_pending.insert({school, lp, cohort});
  push(day, Kind::kPartnership, school, lp, cohort);
}

// The next declaration a person's training calls for, on a day inside its milestone window.
void Shard::Impl::schedule_declaration(int index, int after_day) {
  Person& p = people[index];
  if (p.declaration_pending || p.done || p.withdrawn || p.deferred || !p.trained) return;
  after_day = std::max(after_day, p.start);
  std::vector<int> types = {0, 1, 2, 3, 4, 5};
  if (p.mentor) types = p.training_year >= 2025 ? std::vector<int>{0, 5} : std::vector<int>{0, 1, 5};
  while (p.next_type < static_cast<int>(types.size())) {
    const int type = types[p.next_type];
    const Window* w = world.window(p.training_year, p.schedule, type);
    if (w) {
      const int lo = std::max(w->first, after_day + 1);
      const int hi = std::min({w->last, lo + 45, world.last_day, world.freeze_day(p.training_year) - 1});
      if (lo <= hi) {
        p.declaration_pending = true;
        push(uniform(lo, hi), Kind::kDeclare, index, type);
        return;
      }
    }
    ++p.next_type;
  }
}

Status Shard::Impl::execute(const Action& a) {
  switch (a.kind) {
    case Kind::kRegisterSchools: return register_schools();
    case Kind::kUplifts: return uplifts(a.a);
    case Kind::kRegisterEct: return register_ect(a.a);
    case Kind::kClaim: return claim(a.a);
    case Kind::kMentor: return mentor(a.a);
    case Kind::kPartnership: return partnership(a.a, a.b, a.c);
    case Kind::kDeclare: return declare(a.a, a.b);
    case Kind::kVoid: return void_declaration(a.a, a.b, a.c != 0);
    case Kind::kWithdraw: return stop_training(a.a, true);
    case Kind::kDefer: return stop_training(a.a, false);
    case Kind::kResume: return resume(a.a);
    case Kind::kRelease: return close_induction(a.a, "");
    case Kind::kOutcome: return close_induction(a.a, people[a.a].fate == Fate::kFail ? "fail" : "pass");
    case Kind::kMove: return move(a.a);
    case Kind::kRegisterAtNewSchool: return register_at_new_school(a.a);
    case Kind::kChangeLeadProvider: return change_lead_provider(a.a);
  }
  return Status::ok();
}

Status Shard::Impl::register_schools() {
  for (const School& s : schools) {
    Json body = {{"urn", s.urn}, {"name", s.name}, {"type_name", s.type_name}, {"status", s.status},
                 {"in_england", true}, {"eligible", s.gias_eligible}};
    if (s.independent) body["section_41_approved"] = s.section_41_approved;
    if (auto r = run("register_school", {ActorKind::kSystem, ""}, body); !r) return r.status();
  }
  return Status::ok();
}

Status Shard::Impl::uplifts(int cohort) {
  for (School& s : schools) {
    if (!s.hosts_ects) continue;
    const bool pupil_premium = chance(s.pupil_premium_rate), sparsity = chance(s.sparsity_rate);
    if (auto r = run("set_school_uplifts", {ActorKind::kSystem, ""},
                     {{"urn", s.urn}, {"year", cohort}, {"pupil_premium_uplift", pupil_premium}, {"sparsity_uplift", sparsity}});
        !r)
      return r.status();
  }
  return Status::ok();
}

Shard::Shard(const World& world, const ShardPlan& plan) : impl_(std::make_unique<Impl>(world, plan)) { impl_->plan_world(); }

Shard::~Shard() = default;

Status Shard::import(const RecordedEvent& e) { return impl_->log.append_copy(e); }

Status Shard::run_until(int end_day) {
  Impl& m = *impl_;
  m.own_mark = m.log.head();
  while (!m.agenda.empty() && m.agenda.top().day < end_day) {
    const Action a = m.agenda.top();
    m.agenda.pop();
    m.today = a.day;
    m.clock.set(at_hour(a.day, 9));
    if (Status s = m.execute(a); !s) return s;
  }
  return Status::ok();
}

std::vector<const RecordedEvent*> Shard::own_events() const { return impl_->log.since(impl_->own_mark); }

Status Shard::forget() {
  if (Status s = impl_->handler.catch_up(); !s) return s;
  impl_->log.trim(impl_->log.head());
  impl_->own_mark = impl_->log.head();
  return Status::ok();
}

const ShardCounts& Shard::counts() const { return impl_->counts; }

}  // namespace rect::seed
