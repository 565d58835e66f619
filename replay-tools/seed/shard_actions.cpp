// The actions of a shard's agenda: each issues the commands a school, an
// appropriate body or a lead provider would, and schedules what follows.
#include <algorithm>

#include "replay-tools/seed/shard_impl.h"

namespace rect::seed {
namespace {

// School users cannot register teachers from 1 to 14 June 2026.
int school_day(int day) {
  day = next_weekday(day);
  if (day >= day_of(2026, 6, 1) && day <= day_of(2026, 6, 14)) day = day_of(2026, 6, 15);
  return day;
}

Actor school_user(const School& s) { return {ActorKind::kSchoolUser, "tutor-" + s.urn}; }

const char* course(const Person& p) { return p.mentor ? "ecf-mentor" : "ecf-induction"; }

}  // namespace

Status Shard::Impl::register_ect(int index) {
  if (Status s = record_trs(people[index]); !s) return s;
  Person& p = people[index];
  if (Status s = nominate_if_needed(p.school); !s) return s;
  const School& school = schools[p.school];
  Json body = {{"school_urn", school.urn}, {"trn", p.who.trn}, {"date_of_birth", p.who.date_of_birth},
               {"email", p.who.email}, {"started_on", iso_date(p.start)},
               {"working_pattern", chance(0.93) ? "full_time" : "part_time"},
               {"appropriate_body_id", school.appropriate_body},
               {"training_programme", p.provider_led ? "provider_led" : "school_led"}};
  if (p.provider_led) body["lead_provider_id"] = world.lead_providers[school.lead_provider[p.cohort - kFirstCohort]].id;
  auto r = run("register_ect", school_user(school), body);
  if (!r) return r.status();
  p.id = Json::parse(r->result).value("participant_id", "");
  ++counts.ects;
  if (note_training(p, written(*r, "training_period_started", "ect")))
    need_partnership(p.school, p.lead_provider, p.training_year, today);
  p.claim_start = p.start;
  push(next_weekday(std::max(today, p.start) + uniform(3, 25)), Kind::kClaim, index);
  if (chance(0.85)) push(school_day(today + uniform(1, 20)), Kind::kMentor, index);
  schedule_declaration(index, today);
  return Status::ok();
}

Status Shard::Impl::claim(int index) {
  Person& p = people[index];
  if (p.done || p.moving || p.claimed) return Status::ok();
  auto r = run("claim_ect", {ActorKind::kAppropriateBody, p.appropriate_body},
               {{"trn", p.who.trn}, {"date_of_birth", p.who.date_of_birth}, {"started_on", iso_date(p.claim_start)},
                {"training_programme", p.provider_led ? "provider_led" : "school_led"}});
  if (!r) return r.status();
  p.claimed = true;
  if (!p.outcome_scheduled) {
    p.outcome_scheduled = true;
    push(next_weekday(p.start + uniform(670, 700)), Kind::kOutcome, index);
  }
  return Status::ok();
}

Status Shard::Impl::mentor(int ect_index) {
  const Person& ect = people[ect_index];
  if (ect.done || ect.moving || ect.withdrawn) return Status::ok();
  const int school = ect.school, cohort = ect.cohort;
  std::vector<int> candidates;
  for (int m : mentor_pool[school])
    if (people[m].mentees < 3) candidates.push_back(m);
  int& budget = mentor_budget[cohort - kFirstCohort];
  const std::string ect_trn = ect.who.trn;
  int mi = -1;
  std::optional<domain::CommandOutcome> outcome;
  if (budget > 0 && people.size() < people.capacity() && (candidates.empty() || chance(0.55))) {
    Person m;
    m.mentor = true;
    m.who = make_teacher(rng, plan.first_trn++, true, cohort);
    m.school = school;
    m.cohort = cohort;
    if (chance(0.03)) {
      m.fate = Fate::kWithdraw;
      m.fate_after = 1;
    }
    people.push_back(std::move(m));
    mi = static_cast<int>(people.size()) - 1;
    if (Status s = record_trs(people[mi]); !s) return s;
    if (Status s = nominate_if_needed(school); !s) return s;
    const Person& mp = people[mi];
    auto r = run("register_mentor", school_user(schools[school]),
                 {{"school_urn", schools[school].urn}, {"trn", mp.who.trn}, {"date_of_birth", mp.who.date_of_birth},
                  {"email", mp.who.email}, {"ect_trn", ect_trn}});
    if (!r) return r.status();
    people[mi].id = Json::parse(r->result).value("participant_id", "");
    ++counts.mentors;
    --budget;
    mentor_pool[school].push_back(mi);
    outcome = std::move(*r);
  } else if (!candidates.empty()) {
    mi = candidates[rng() % candidates.size()];
    auto r = run("assign_mentor", school_user(schools[school]),
                 {{"school_urn", schools[school].urn}, {"ect_trn", ect_trn}, {"mentor_trn", people[mi].who.trn}});
    if (!r) return r.status();
    outcome = std::move(*r);
  } else {
    return Status::ok();
  }
  Person& m = people[mi];
  ++m.mentees;
  if (!m.trained && note_training(m, written(*outcome, "training_period_started", "mentor"))) {
      need_partnership(school, m.lead_provider, m.training_year, today);
      schedule_declaration(mi, today);
    }
  return Status::ok();
}

Status Shard::Impl::partnership(int school, int lp, int cohort) {
  partnerships_pending.erase({school, lp, cohort});
  if (partnerships.count({school, lp, cohort}) || today >= world.freeze_day(cohort)) return Status::ok();
  auto it = world.pairings.find({lp, cohort});
  if (it == world.pairings.end() || it->second.empty()) return Status(Code::kInvalidArgument, "no delivery partner paired with lead provider " + std::to_string(lp) + " in " + std::to_string(cohort));
  const int dp = it->second[static_cast<std::size_t>(school) % it->second.size()];
  auto r = run("create_partnership", {ActorKind::kLeadProvider, world.lead_providers[lp].id},
               {{"cohort", cohort}, {"school_id", schools[school].urn}, {"delivery_partner_id", world.delivery_partners[dp]}});
  if (!r) return r.status();
  partnerships.insert({school, lp, cohort});
  return Status::ok();
}

Status Shard::Impl::declare(int index, int type) {
  Person& p = people[index];
  p.declaration_pending = false;
  if (p.done || p.withdrawn || p.deferred) return Status::ok();
  if (p.moving || !partnerships.count({p.school, p.lead_provider, p.training_year})) {
    const Window* w = world.window(p.training_year, p.schedule, type);
    const int later = next_weekday(today + 7);
    if (w && later <= std::min({w->last, world.last_day, world.freeze_day(p.training_year) - 1})) {
      p.declaration_pending = true;
      push(later, Kind::kDeclare, index, type);
    } else {
      ++p.next_type;
      schedule_declaration(index, today);
    }
    return Status::ok();
  }
  const bool detailed = p.training_year >= 2025;
  const bool engagement = detailed && (type == 5 || (!p.mentor && type == 2));
  const std::string lp = world.lead_providers[p.lead_provider].id;
  auto r = run("submit_declaration", {ActorKind::kLeadProvider, lp},
               {{"participant_id", p.id}, {"declaration_type", kDeclarationTypes[type]},
                {"declaration_date", iso_date(today) + "T08:00:00Z"}, {"course_identifier", course(p)},
                {"evidence_held", engagement ? "75-percent-engagement-met" : "training-event-attended"}});
  if (!r) return r.status();
  p.decls.push_back({Json::parse(r->result).value("declaration_id", ""), p.lead_provider, type});
  const int decl = static_cast<int>(p.decls.size()) - 1;
  const bool mentor_completed = p.mentor && type == 5;
  if (p.fate != Fate::kNone && !p.fate_started && static_cast<int>(p.decls.size()) == p.fate_after) {
    p.fate_started = true;
    const int when = next_weekday(today + uniform(10, 40));
    switch (p.fate) {
      case Fate::kWithdraw: push(when, Kind::kWithdraw, index); ++p.next_type; return Status::ok();
      case Fate::kDefer: push(when, Kind::kDefer, index); ++p.next_type; return Status::ok();
      case Fate::kMove: push(when, Kind::kMove, index); break;
      case Fate::kChangeLeadProvider: push(when, Kind::kChangeLeadProvider, index); break;
      case Fate::kFail:
      case Fate::kNone: break;
    }
  }
  if (!mentor_completed && chance(0.007)) {
    const int when = next_weekday(today + uniform(90, 200));
    if (when <= std::min(world.last_day, world.last_clawback_day(p.training_year))) push(when, Kind::kVoid, index, decl, 0);
  }
  if (!mentor_completed && chance(0.03)) {
    p.declaration_pending = true;
    push(next_weekday(today + uniform(1, 4)), Kind::kVoid, index, decl, 1);
    return Status::ok();
  }
  ++p.next_type;
  schedule_declaration(index, today);
  return Status::ok();
}

Status Shard::Impl::void_declaration(int index, int decl, bool resubmit) {
  Person& p = people[index];
  if (resubmit) p.declaration_pending = false;
  Decl& d = p.decls[decl];
  if (!d.voided) {
    auto r = run("void_declaration", {ActorKind::kLeadProvider, world.lead_providers[d.lead_provider].id},
                 {{"participant_declaration_id", d.id}});
    if (!r) return r.status();
    d.voided = true;
  }
  if (resubmit) schedule_declaration(index, today);
  return Status::ok();
}

Status Shard::Impl::stop_training(int index, bool withdraw) {
  Person& p = people[index];
  if (p.done || p.withdrawn || p.deferred || p.moving) return Status::ok();
  static const char* const kDeferrals[] = {"parental-leave", "long-term-sickness", "career-break"};
  const char* reason = withdraw ? (p.mentor ? "mentor-no-longer-being-mentor" : "left-teaching-profession")
                                : kDeferrals[rng() % 3];
  auto r = run(withdraw ? "withdraw_participant" : "defer_participant",
               {ActorKind::kLeadProvider, world.lead_providers[p.lead_provider].id},
               {{"participant_id", p.id}, {"course_identifier", course(p)}, {"reason", reason}});
  if (!r) return r.status();
  if (withdraw) {
    p.withdrawn = true;
    if (!p.mentor && p.claimed) push(next_weekday(today + uniform(5, 30)), Kind::kRelease, index);
  } else {
    p.deferred = true;
    if (chance(0.5)) push(next_weekday(today + uniform(60, 200)), Kind::kResume, index);
  }
  return Status::ok();
}

Status Shard::Impl::resume(int index) {
  Person& p = people[index];
  if (p.done || p.moving || !p.deferred) return Status::ok();
  auto r = run("resume_participant", {ActorKind::kLeadProvider, world.lead_providers[p.lead_provider].id},
               {{"participant_id", p.id}, {"course_identifier", course(p)}});
  if (!r) return r.status();
  p.deferred = false;
  schedule_declaration(index, today);
  return Status::ok();
}

Status Shard::Impl::close_induction(int index, const char* outcome) {
  Person& p = people[index];
  const std::string kind = outcome;
  if (kind.empty()) {
    if (!p.claimed || p.done) return Status::ok();
    auto r = run("release_ect", {ActorKind::kAppropriateBody, p.appropriate_body},
                 {{"trn", p.who.trn}, {"finished_on", iso_date(today)}, {"number_of_terms", "2.5"}});
    if (!r) return r.status();
    p.claimed = false;
    p.done = p.withdrawn;
    return Status::ok();
  }
  if (p.done || p.withdrawn) return Status::ok();
  if (!p.claimed || p.moving) {
    push(next_weekday(today + 14), Kind::kOutcome, index);
    return Status::ok();
  }
  Json body = {{"trn", p.who.trn}, {"finished_on", iso_date(today - 1)}, {"number_of_terms", "6"}};
  if (kind == "fail") body["fail_confirmation_sent_on"] = iso_date(today);
  auto r = run(kind == "fail" ? "record_induction_fail" : "record_induction_pass",
               {ActorKind::kAppropriateBody, p.appropriate_body}, body);
  if (!r) return r.status();
  p.done = true;
  return Status::ok();
}

Status Shard::Impl::move(int index) {
  Person& p = people[index];
  if (p.done || p.withdrawn || p.deferred || p.moving || hosts.size() < 2) return Status::ok();
  p.moving = true;
  p.new_school = pick_host(p.school);
  int next = school_day(today + uniform(3, 10));
  if (chance(0.5)) {
    auto r = run("report_ect_leaving", school_user(schools[p.school]),
                 {{"school_urn", schools[p.school].urn}, {"trn", p.who.trn}, {"finished_on", iso_date(today)}});
    if (!r) return r.status();
    next = school_day(today + uniform(14, 40));
  }
  if (p.claimed) {
    auto r = run("release_ect", {ActorKind::kAppropriateBody, p.appropriate_body},
                 {{"trn", p.who.trn}, {"finished_on", iso_date(today)}, {"number_of_terms", "1"}});
    if (!r) return r.status();
    p.claimed = false;
  }
  ++counts.moves;
  push(next, Kind::kRegisterAtNewSchool, index);
  return Status::ok();
}

Status Shard::Impl::register_at_new_school(int index) {
  Person& p = people[index];
  p.school = p.new_school;
  p.new_school = -1;
  if (Status s = nominate_if_needed(p.school); !s) return s;
  const School& school = schools[p.school];
  const std::string lp = world.lead_providers[school.lead_provider[p.cohort - kFirstCohort]].id;
  auto r = run("register_ect", school_user(school),
               {{"school_urn", school.urn}, {"trn", p.who.trn}, {"date_of_birth", p.who.date_of_birth},
                {"email", p.who.email}, {"started_on", iso_date(today)}, {"working_pattern", "full_time"},
                {"appropriate_body_id", school.appropriate_body}, {"training_programme", "provider_led"},
                {"lead_provider_id", lp}});
  if (!r) return r.status();
  if (note_training(p, written(*r, "training_period_started", "ect")))
    need_partnership(p.school, p.lead_provider, p.training_year, today);
  p.moving = false;
  p.appropriate_body = school.appropriate_body;
  p.claim_start = today;
  push(next_weekday(today + uniform(5, 20)), Kind::kClaim, index);
  return Status::ok();
}

Status Shard::Impl::change_lead_provider(int index) {
  Person& p = people[index];
  if (p.done || p.withdrawn || p.deferred || p.moving) return Status::ok();
  const int lps = static_cast<int>(world.lead_providers.size());
  const int to = (p.lead_provider + 1 + uniform(0, lps - 2)) % lps;
  auto r = run("change_lead_provider", school_user(schools[p.school]),
               {{"school_urn", schools[p.school].urn}, {"trn", p.who.trn}, {"lead_provider_id", world.lead_providers[to].id}});
  if (!r) return r.status();
  if (!note_training(p, written(*r, "training_period_started", "ect"))) p.lead_provider = to;
  need_partnership(p.school, p.lead_provider, p.training_year, today);
  ++counts.lead_provider_changes;
  return Status::ok();
}

}  // namespace rect::seed
