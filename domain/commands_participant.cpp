// Lead provider actions on a participant's training: withdraw, defer,
// resume and change schedule (api.md §7.1–§7.4, api-errors.json).
#include <algorithm>

#include "domain/api_messages.h"
#include "domain/commands.h"
#include "domain/input.h"
#include "domain/participant_status.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

struct Target {
  const Teacher* teacher = nullptr;
  std::optional<Role> role;
  const TrainingPeriod* tp = nullptr;
};

std::optional<std::string> api_text(const Json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return std::to_string(it->get<long>());
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return it->get<std::string>();
}

// The shared first rules: the participant visible to the lead provider (else
// 404), the course identifier and the lead provider's latest training period.
std::optional<Target> resolve(const Context& ctx, const Json& body, Decision& d,
                              std::initializer_list<const char*> fields) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = it.key() == "participant_id";
    for (const char* f : fields) known = known || it.key() == f;
    if (!known) d.error(it.key(), kUnknownField);
  }
  if (!d.errors.empty()) return std::nullopt;
  Target out;
  const auto id = api_text(body, "participant_id");
  out.teacher = id ? ctx.state.teacher(*id) : nullptr;
  if (!out.teacher || !out.teacher->merged_into.empty() ||
      (!out.teacher->ect.latest_with(ctx.actor.id) && !out.teacher->mentor.latest_with(ctx.actor.id))) {
    d.status = Status(Code::kNotFound, "Nothing could be found for the provided details");
    return std::nullopt;
  }
  const auto course = api_text(body, "course_identifier");
  if (course && *course == "ecf-induction") out.role = Role::kEct;
  if (course && *course == "ecf-mentor") out.role = Role::kMentor;
  if (!out.role) d.error("course_identifier", msg::kCourseIdentifierBlank);
  else if (!(out.tp = out.teacher->role(*out.role).latest_with(ctx.actor.id)))
    d.error("course_identifier", msg::kCourseIdentifierNotRecognised);
  return out;
}

std::string stream_for(const Target& t) {
  return *t.role == Role::kEct ? streams::ect(t.teacher->id) : streams::mentor(t.teacher->id);
}

void stop_training(const Context& ctx, const Json& body, Decision& d, bool withdraw) {
  auto target = resolve(ctx, body, d, {"course_identifier", "reason"});
  if (!target) return;
  const auto reason = api_text(body, "reason");
  if (!reason) d.error("reason", msg::kReasonBlank);
  else if (!contains(withdraw ? kWithdrawalReasons : kDeferralReasons, *reason)) d.error("reason", msg::kReasonNotRecognised);
  const TrainingPeriod* tp = target->tp;
  if (tp && !d.has_error("participant_id")) {
    const std::string status = tp->training_status();
    if (!withdraw && status == "deferred") d.error("participant_id", msg::kAlreadyDeferred);
    if (status == "withdrawn") d.error("participant_id", msg::kAlreadyWithdrawn);
  }
  if (tp && !d.has_error("participant_id") && tp->started_on > ctx.today)
    d.error("participant_id", withdraw ? msg::kWithdrawNotStarted : msg::kDeferNotStarted);
  if (tp && !d.has_error("participant_id") && tp->started_on == ctx.today) d.error("participant_id", msg::kStartedToday);
  if (withdraw && d.errors.empty() && *target->role == Role::kEct && reason == "mentor-no-longer-being-mentor")
    d.error("reason", msg::kMentorOnlyReason);
  if (d.failed()) return;
  const Date finish = tp->finished_on ? std::min(*tp->finished_on, ctx.today) : ctx.today;
  d.emit(ctx, stream_for(*target), withdraw ? "training_withdrawn" : "training_deferred",
         {{"teacher_id", target->teacher->id}, {"role", role_name(*target->role)}, {"training_period_id", tp->id},
          {"lead_provider_id", ctx.actor.id}, {"reason", *reason}, {"at", ctx.now.to_iso8601()},
          {"finished_on", finish.to_string()}});
  d.result = {{"participant_id", target->teacher->id}, {"training_period_id", tp->id}};
}

void withdraw_participant(const Context& ctx, const Json& body, Decision& d) { stop_training(ctx, body, d, true); }
void defer_participant(const Context& ctx, const Json& body, Decision& d) { stop_training(ctx, body, d, false); }

Json new_period_payload(const Target& t, const TrainingPeriod& from, const std::string& id, Date start) {
  return {{"teacher_id", t.teacher->id}, {"role", role_name(*t.role)}, {"training_period_id", id},
          {"placement_id", from.placement_id}, {"training_programme", from.training_programme},
          {"year", from.year}, {"partnership_id", from.partnership_id},
          {"eoi_lead_provider_id", from.eoi_lead_provider_id}, {"lead_provider_id", from.lead_provider_id},
          {"schedule", from.schedule}, {"started_on", start.to_string()}};
}

void resume_participant(const Context& ctx, const Json& body, Decision& d) {
  auto target = resolve(ctx, body, d, {"course_identifier"});
  if (!target) return;
  const TrainingPeriod* tp = target->tp;
  if (tp && tp->training_status() == "active") d.error("participant_id", msg::kAlreadyActive);
  if (tp && !d.has_error("participant_id"))
    for (const TrainingPeriod& other : target->teacher->role(*target->role).training)
      if (other.id != tp->id && other.placement_id == tp->placement_id && other.ongoing_on(ctx.today)) {
        d.error("participant_id", msg::kActiveWithAnotherProvider);
        break;
      }
  if (tp && !d.has_error("participant_id") && tp->finished_on == ctx.today) d.error("participant_id", msg::kResumeFinishedToday);
  const Placement* p = tp ? target->teacher->role(*target->role).placement(tp->placement_id) : nullptr;
  if (tp && !d.has_error("participant_id") && (!p || (p->finished_on && *p->finished_on <= ctx.today)))
    d.error("participant_id", msg::kNoLongerAtSchool);
  if (d.failed()) return;
  const std::string id = ctx.new_id();
  d.emit(ctx, stream_for(*target), "training_period_started", new_period_payload(*target, *tp, id, ctx.today));
  d.emit(ctx, stream_for(*target), "training_resumed",
         {{"teacher_id", target->teacher->id}, {"role", role_name(*target->role)}, {"training_period_id", tp->id},
          {"new_training_period_id", id}, {"lead_provider_id", ctx.actor.id}});
  d.result = {{"participant_id", target->teacher->id}, {"training_period_id", id}};
}

void change_schedule(const Context& ctx, const Json& body, Decision& d) {
  auto target = resolve(ctx, body, d, {"course_identifier", "schedule_identifier", "cohort"});
  if (!target) return;
  const State& s = ctx.state;
  const Teacher& t = *target->teacher;
  const TrainingPeriod* tp = target->tp;
  const auto identifier = api_text(body, "schedule_identifier");
  const auto cohort_text = api_text(body, "cohort");
  int target_year = tp ? tp->year : 0;
  if (cohort_text && cohort_text->size() == 4 && std::all_of(cohort_text->begin(), cohort_text->end(), ::isdigit) &&
      s.contract_period(std::stoi(*cohort_text)))
    target_year = std::stoi(*cohort_text);
  const Schedule* schedule = identifier && tp ? s.schedule(target_year, *identifier) : nullptr;
  if (!identifier) d.error("schedule_identifier", msg::kScheduleBlank);
  else if (!contains(kScheduleIdentifiersList, *identifier)) d.error("schedule_identifier", msg::kScheduleUnknown);
  else if (tp && !schedule) d.error("schedule_identifier", msg::kScheduleBlank);
  else if (tp && tp->schedule == *identifier && tp->year == target_year) d.error("schedule_identifier", msg::kScheduleUnchanged);
  else if (tp && *target->role == Role::kEct && identifier->find("replacement") != std::string::npos)
    d.error("schedule_identifier", msg::kReplacementForEct);
  else if (tp && *target->role == Role::kMentor && identifier->find("reduced") != std::string::npos)
    d.error("schedule_identifier", msg::kReducedForMentor);
  else if (tp && schedule && tp->started_on >= ctx.today) {
    for (const Declaration& dec : t.declarations[static_cast<std::size_t>(*target->role)]) {
      if (dec.training_period_id != tp->id || !dec.billable_or_changeable()) continue;
      auto m = schedule->milestones.find(dec.type);
      if (m == schedule->milestones.end() || dec.declaration_date < london_start_of_day(m->second.start_date) ||
          (m->second.milestone_date && dec.declaration_date > london_end_of_day(*m->second.milestone_date))) {
        d.error("schedule_identifier", msg::kWouldInvalidateDeclarations);
        break;
      }
    }
  }
  std::string partnership_id = tp ? tp->partnership_id : "";
  if (tp && target_year != tp->year && !d.has_error("cohort")) {
    const Placement* p = t.role(*target->role).placement(tp->placement_id);
    auto candidates = p ? s.partnerships_for(p->school_urn, ctx.actor.id, target_year) : std::vector<const Partnership*>{};
    const Partnership* current = s.partnership(tp->partnership_id);
    const Partnership* chosen = candidates.empty() ? nullptr : candidates.back();
    for (const Partnership* c : candidates)
      if (current && c->delivery_partner_id == current->delivery_partner_id) chosen = c;
    if (!chosen) d.error("cohort", msg::kNoPartnershipInTargetCohort);
    else partnership_id = chosen->id;
  }
  const ContractPeriod* target_cp = s.contract_period(target_year);
  const std::optional<int> frozen_year =
      *target->role == Role::kEct ? t.ect_payments_frozen_year : t.mentor_payments_frozen_year;
  if (tp && target_cp && target_cp->frozen(ctx.now) && frozen_year != target_year && !d.has_error("cohort"))
    d.error("cohort", msg::kFrozenCohortMove);
  if (tp && !d.has_error("participant_id")) {
    bool completed = false;
    if (*target->role == Role::kEct) {
      for (const InductionPeriod& ip : t.induction)
        if (ip.outcome == "pass") completed = true;
      if (identifier && identifier->find("reduced") != std::string::npos) completed = false;
    } else {
      completed = t.mentor_ineligible_on.has_value();
    }
    if (completed) d.error("participant_id", msg::kTrainingCompleted);
  }
  if (tp && !d.has_error("participant_id") && participant_status(t, *target->role, *tp, ctx.today) == "left")
    d.error("participant_id", msg::kParticipantLeft);
  if (tp && !d.has_error("participant_id") && tp->training_status() == "withdrawn")
    d.error("participant_id", msg::kParticipantWithdrawn);
  if (tp && !d.has_error("participant_id"))
    for (const TrainingPeriod& other : t.role(*target->role).training)
      if (other.started_on > tp->started_on) {
        d.error("participant_id", msg::kFutureTrainingElsewhere);
        break;
      }
  if (d.failed()) return;

  const std::string stream = stream_for(*target);
  const Json to = {{"schedule", *identifier}, {"year", target_year}, {"partnership_id", partnership_id}};
  std::string new_id;
  if (tp->started_on < ctx.today) {
    d.emit(ctx, stream, "training_period_finished",
           {{"teacher_id", t.id}, {"role", role_name(*target->role)}, {"training_period_id", tp->id},
            {"finished_on", ctx.today.add_days(-1).to_string()}, {"cause", "schedule_changed"}});
    new_id = ctx.new_id();
    Json p = new_period_payload(*target, *tp, new_id, ctx.today);
    p.update(to);
    if (tp->finished_on) p["finished_on"] = tp->finished_on->to_string();
    d.emit(ctx, stream, "training_period_started", std::move(p));
  } else {
    d.emit(ctx, stream, "training_period_updated",
           {{"teacher_id", t.id}, {"role", role_name(*target->role)}, {"training_period_id", tp->id}, {"to", to}});
  }
  d.emit(ctx, stream, "training_schedule_changed",
         {{"teacher_id", t.id}, {"role", role_name(*target->role)}, {"training_period_id", tp->id},
          {"new_training_period_id", new_id.empty() ? Json(nullptr) : Json(new_id)},
          {"from", {{"schedule", tp->schedule}, {"year", tp->year}}}, {"to", to}, {"lead_provider_id", ctx.actor.id}});
  const ContractPeriod* old_cp = s.contract_period(tp->year);
  if (target_year != tp->year && old_cp && old_cp->frozen(ctx.now) && frozen_year != tp->year)
    d.emit(ctx, streams::teacher(t.id), "payments_frozen_cohort_recorded",
           {{"teacher_id", t.id}, {"role", role_name(*target->role)}, {"year", tp->year}});
  d.result = {{"participant_id", t.id}, {"training_period_id", new_id.empty() ? tp->id : new_id}};
}

}  // namespace

void register_participant_commands(CommandTable& t) {
  t["withdraw_participant"] = {withdraw_participant, kLeadProviderActor};
  t["defer_participant"] = {defer_participant, kLeadProviderActor};
  t["resume_participant"] = {resume_participant, kLeadProviderActor};
  t["change_schedule"] = {change_schedule, kLeadProviderActor};
}

}  // namespace rect::domain
