// Lead provider declarations: submit (api.md §7.7) and void or claw back
// (§7.8), plus a finance user's void on a lead provider's behalf. Messages
// and their order follow api-errors.json.
#include <algorithm>

#include "domain/api_messages.h"
#include "domain/commands.h"
#include "domain/input.h"
#include "domain/mentor_completion.h"
#include "domain/periods.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

// A string field as the API sees it: absent, null and "" are all blank.
std::optional<std::string> api_text(const Json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
  return it->get<std::string>();
}

// Unknown body fields, and known ones of the wrong JSON type, name the field.
bool check_shape(const Json& body, std::initializer_list<const char*> fields, Decision& d) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (const char* f : fields) known = known || it.key() == f;
    if (!known) d.error(it.key(), kUnknownField);
    else if (!it->is_string() && !it->is_null()) d.error(it.key(), kNotText);
  }
  return d.errors.empty();
}

const Mentorship* mentorship_on(const Teacher& t, const TrainingPeriod& tp, Date on) {
  const Mentorship* best = nullptr;
  for (const Mentorship& m : t.ect.mentorships)
    if (m.ect_placement_id == tp.placement_id && m.started_on <= on && (!m.finished_on || on <= *m.finished_on)) best = &m;
  return best;
}

void submit_declaration(const Context& ctx, const Json& body, Decision& d) {
  if (!check_shape(body, {"participant_id", "declaration_type", "declaration_date", "course_identifier", "evidence_held"}, d))
    return;
  const State& s = ctx.state;
  const std::string lp_id = ctx.actor.id;
  const auto participant_id = api_text(body, "participant_id");
  const auto type = api_text(body, "declaration_type");
  const auto date_text = api_text(body, "declaration_date");
  const auto course = api_text(body, "course_identifier");
  const auto evidence = api_text(body, "evidence_held");

  if (lp_id.empty()) d.error("lead_provider_id", "Enter a '#/lead_provider_id'.");
  else if (!s.lead_provider(lp_id)) d.error("lead_provider_id", "The '#/lead_provider_id' you have entered is invalid.");
  if (!participant_id) d.error("participant_id", msg::kParticipantIdBlank);
  const Teacher* t = participant_id ? s.teacher(*participant_id) : nullptr;
  if (t && (!t->merged_into.empty() || t->anonymised || t->sealed())) t = nullptr;  // sealed: being merged or removed
  if (!d.has_any_error({"participant_id", "course_identifier"}) && !t)
    d.error("participant_id", msg::kParticipantIdUnknown);
  std::optional<Role> role;
  if (course && *course == "ecf-induction") role = Role::kEct;
  if (course && *course == "ecf-mentor") role = Role::kMentor;
  if (!role) d.error("course_identifier", msg::kCourseIdentifierBlank);
  if (!date_text) d.error("declaration_date", msg::kDeclarationDateBlank);

  const TrainingPeriod* tp = (t && role) ? t->role(*role).latest_with(lp_id) : nullptr;
  const TrainingPeriod* tp_other =
      (t && role) ? t->role(*role == Role::kEct ? Role::kMentor : Role::kEct).latest_with(lp_id) : nullptr;
  if (!d.has_any_error({"course_identifier", "participant_id", "lead_provider_id", "declaration_type", "declaration_date"}) &&
      t && role && !tp && tp_other)
    d.error("course_identifier", msg::kCourseIdentifierNotRecognised);
  if (!type) d.error("declaration_type", msg::kDeclarationTypeBlank);
  else if (declaration_type_index(*type) < 0) d.error("declaration_type", msg::kDeclarationTypeInvalid);

  const std::optional<Timestamp> date = date_text ? parse_declaration_date(*date_text) : std::nullopt;
  const ContractPeriod* cp = tp ? s.contract_period(tp->year) : nullptr;
  const Schedule* schedule = tp ? s.schedule(tp->year, tp->schedule) : nullptr;
  const Milestone* milestone = nullptr;
  if (schedule && type)
    if (auto it = schedule->milestones.find(*type); it != schedule->milestones.end()) milestone = &it->second;
  // The record's declarations for the role, and those of a source a merge in
  // flight is bringing to it: the merged record may hold one billable of each type.
  std::vector<const Declaration*> existing;
  if (t && role) {
    const auto r = static_cast<std::size_t>(*role);
    for (const Declaration& dec : t->declarations[r]) existing.push_back(&dec);
    if (const Teacher* src = t->absorbing[r].empty() ? nullptr : s.teacher(t->absorbing[r]))
      for (const Declaration& dec : src->declarations[r]) existing.push_back(&dec);
  }

  if (tp && type && !d.has_any_error({"declaration_type", "declaration_date"})) {
    for (const Declaration* dec : existing) {
      if (dec->type != *type || !dec->billable_or_changeable()) continue;
      if (ctx.attempt > 1 && dec->training_period_id == tp->id && d.errors.empty()) {
        d.result = {{"declaration_id", dec->id}, {"participant_id", t->id}, {"idempotent", true}};
        return;
      }
      d.error("declaration_type", msg::kDuplicateDeclaration);
      break;
    }
  }
  if (date && !d.has_any_error({"declaration_date", "declaration_type", "participant_id", "course_identifier"}) &&
      *date > ctx.now)
    d.error("declaration_date", msg::kDeclarationDateFuture);
  if (date && milestone && !d.has_any_error({"declaration_date", "declaration_type", "cohort"})) {
    if (*date < london_start_of_day(milestone->start_date)) d.error("declaration_date", msg::kBeforeMilestoneStart);
    else if (milestone->milestone_date && *date > london_end_of_day(*milestone->milestone_date))
      d.error("declaration_date", msg::kAfterMilestoneEnd);
  }
  if (date_text && !date && !d.has_error("declaration_date")) d.error("declaration_date", msg::kDeclarationDateFormat);
  if (tp && role == Role::kMentor && cp && cp->mentor_funding_enabled && type && *type != "started" &&
      *type != "completed" && !d.has_any_error({"declaration_type", "cohort"}))
    d.error("declaration_type", msg::kMentorTypeNotAllowed);
  if (tp && cp && type && role && d.errors.empty()) {
    const EvidenceRule rule = evidence_rule(cp->detailed_evidence_types_enabled, *role, *type);
    if (rule.required && !evidence) d.error("evidence_held", msg::kEvidenceMissing);
    else if (evidence && !rule.ignored &&
             std::find(rule.accepted.begin(), rule.accepted.end(), *evidence) == rule.accepted.end())
      d.error("evidence_held", msg::kEvidenceNotAccepted);
  }
  if (tp && date && tp->training_status() == "withdrawn" && *tp->withdrawn_at <= *date &&
      !d.has_error("participant_id"))
    d.error("participant_id", msg::withdrawn_before_date(rfc3339_utc(*tp->withdrawn_at)));
  if (t && role && !d.has_error("cohort")) {
    for (const TrainingPeriod& any : t->role(*role).training) {
      const ContractPeriod* any_cp = s.contract_period(any.year);
      if (any.ongoing_on(ctx.today) && any_cp && any_cp->frozen(ctx.now)) {
        d.error("cohort", msg::cohort_frozen(any_cp->year));
        break;
      }
    }
  }
  const bool eligible = t && role && (*role == Role::kEct ? t->ect_first_eligible_at : t->mentor_first_eligible_at);
  const Statement* statement = tp ? next_output_statement(s, lp_id, tp->year, ctx.today, true) : nullptr;
  if (tp && eligible && !statement && !d.has_any_error({"declaration_type", "cohort"}))
    d.error("cohort", msg::no_output_statement(tp->year));
  if (tp && type && declaration_type_index(*type) >= 0 && !milestone &&
      !d.has_any_error({"declaration_date", "declaration_type", "participant_id", "course_identifier", "lead_provider_id", "cohort"}))
    d.error("declaration_type", msg::kMilestoneMissing);
  if (tp && date && type && tp->year >= 2025 && !d.has_any_error({"declaration_date", "declaration_type"})) {
    const int index = declaration_type_index(*type);
    std::optional<Timestamp> latest_earlier, earliest_later;
    for (const Declaration* dec : existing) {
      if (!dec->billable_or_changeable()) continue;
      const int other = declaration_type_index(dec->type);
      if (other < index && (!latest_earlier || dec->declaration_date > *latest_earlier)) latest_earlier = dec->declaration_date;
      if (other > index && (!earliest_later || dec->declaration_date < *earliest_later)) earliest_later = dec->declaration_date;
    }
    if ((latest_earlier && *date < *latest_earlier) || (earliest_later && *date > *earliest_later))
      d.error("declaration_date", msg::kOutOfSequence);
  }
  if (t && !tp && !tp_other && !d.has_any_error({"participant_id", "lead_provider_id"}))
    d.error("participant_id", msg::kParticipantIdUnknown);
  if (!d.errors.empty() || !tp) {
    if (d.errors.empty()) d.error("participant_id", msg::kParticipantIdUnknown);
    return;
  }

  const std::string id = ctx.new_id();
  const Partnership* partnership = s.partnership(tp->partnership_id);
  const Placement* placement = t->role(*role).placement(tp->placement_id);
  bool pp = false, sparsity = false;
  if (*type == "started" && cp->uplift_fees_enabled && placement)
    if (const School* school = s.school(placement->school_urn))
      if (auto u = school->uplifts.find(tp->year); u != school->uplifts.end()) std::tie(pp, sparsity) = u->second;
  const Mentorship* mentorship = *role == Role::kEct ? mentorship_on(*t, *tp, london_date(*date)) : nullptr;
  const EvidenceRule rule = evidence_rule(cp->detailed_evidence_types_enabled, *role, *type);
  const std::string stream = streams::declarations(t->id, role_name(*role));
  d.emit(ctx, stream, "declaration_submitted",
         {{"teacher_id", t->id}, {"role", role_name(*role)}, {"declaration_id", id}, {"training_period_id", tp->id},
          {"lead_provider_id", lp_id}, {"declaration_type", *type}, {"declaration_date", date->to_iso8601()},
          {"evidence_held", rule.ignored || !evidence ? Json(nullptr) : Json(*evidence)},
          {"delivery_partner_id", partnership ? partnership->delivery_partner_id : ""},
          {"mentorship_id", mentorship ? Json(mentorship->id) : Json(nullptr)},
          {"mentor_teacher_id", mentorship ? Json(mentorship->mentor_teacher_id) : Json(nullptr)},
          {"year", tp->year}, {"pupil_premium_uplift", pp}, {"sparsity_uplift", sparsity}});
  if (eligible)
    d.emit(ctx, stream, "declaration_made_eligible",
           {{"teacher_id", t->id}, {"role", role_name(*role)}, {"declaration_id", id}, {"statement_id", statement->id}});
  if (*role == Role::kMentor && *type == "completed") mentor_completed(ctx, d, *t, *tp, id, london_date(*date));
  d.result = {{"declaration_id", id}, {"participant_id", t->id}, {"state", eligible ? "eligible" : "submitted"},
              {"statement_id", eligible ? Json(statement->id) : Json(nullptr)}};
}

// Void (unpaid) or claw back (paid) one declaration; `by` is who asked.
void void_or_claw_back(const Context& ctx, Decision& d, const Declaration& dec, const std::string& by) {
  const std::string title = "participant_declaration_id";
  if (dec.payment_status == "paid") {
    if (dec.clawback_status != "no_clawback") return d.error(title, msg::kAlreadyRefunded);
    const Statement* st = next_output_statement(ctx.state, dec.lead_provider_id, dec.year, ctx.today, false);
    if (!st) return d.error(title, msg::clawback_no_output_statement(dec.year));
    d.emit(ctx, streams::declarations(dec.teacher_id, role_name(dec.role)), "declaration_clawback_requested",
           {{"teacher_id", dec.teacher_id}, {"role", role_name(dec.role)}, {"declaration_id", dec.id},
            {"statement_id", st->id}, {"by", by}});
  } else {
    if (dec.payment_status == "voided") return d.error(title, msg::kAlreadyVoided);
    d.emit(ctx, streams::declarations(dec.teacher_id, role_name(dec.role)), "declaration_voided",
           {{"teacher_id", dec.teacher_id}, {"role", role_name(dec.role)}, {"declaration_id", dec.id}, {"by", by}});
  }
  if (dec.role == Role::kMentor && dec.type == "completed")
    if (const Teacher* t = ctx.state.teacher(dec.teacher_id)) mentor_completion_withdrawn(ctx, d, *t, dec);
  d.result = {{"declaration_id", dec.id}, {"state", dec.payment_status == "paid" ? "awaiting-clawback" : "voided"}};
}

void void_declaration(const Context& ctx, const Json& body, Decision& d) {
  if (!check_shape(body, {"participant_declaration_id"}, d)) return;
  const auto id = api_text(body, "participant_declaration_id");
  const Declaration* dec = id ? ctx.state.declaration(*id) : nullptr;
  if (!dec || dec->lead_provider_id != ctx.actor.id) {
    d.status = Status(Code::kNotFound, "Nothing could be found for the provided details");
    return;
  }
  void_or_claw_back(ctx, d, *dec, "lead_provider");
}

void void_declaration_on_behalf(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("declaration_id", 64);
  in.finish();
  if (d.failed()) return;
  const Declaration* dec = ctx.state.declaration(*id);
  if (!dec) return d.error("declaration_id", "No declaration with this id was found");
  void_or_claw_back(ctx, d, *dec, "finance_user:" + ctx.actor.id);
}

}  // namespace

void register_declaration_commands(CommandTable& t) {
  t["submit_declaration"] = {submit_declaration, kLeadProviderActor};
  t["void_declaration"] = {void_declaration, kLeadProviderActor};
  t["void_declaration_on_behalf"] = {void_declaration_on_behalf, kFinance};
}

}  // namespace rect::domain
