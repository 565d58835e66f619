// Teacher records that support staff or the system manage rather than a
// school: the early roll-out mentors who completed their training before the
// service (domain.md §4.2), and undoing a registration made in error (§5).
#include <algorithm>

#include "domain/commands.h"
#include "domain/input.h"
#include "domain/periods.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

void import_early_roll_out_mentor(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  in.finish();
  if (trn && !is_trn(*trn)) d.error("trn", "must be 7 digits");
  if (d.failed()) return;
  const TrsRecord* r = ctx.state.trs(*trn);
  if (!r) return d.error("trn", "No teacher with this teacher reference number (TRN) was found in TRS");
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (t && !t->mentor_ineligible_reason.empty())
    return d.error("trn", "This mentor's funding has already ended (" + t->mentor_ineligible_reason + ")");
  std::string id;
  if (t) {
    id = t->id;
  } else {
    id = ctx.new_id();
    d.emit(ctx, streams::trs(*trn), "trn_claimed", {{"trn", *trn}, {"teacher_id", id}});
    d.emit(ctx, streams::teacher(id), "teacher_created",
           {{"teacher_id", id}, {"trn", *trn}, {"first_name", r->first_name}, {"last_name", r->last_name},
            {"source", "early_roll_out_import"}});
  }
  // RECT records the same completion date for every early roll-out mentor.
  d.emit(ctx, streams::teacher(id), "mentor_funding_ended",
         {{"teacher_id", id}, {"on", Date::from_ymd(2021, 4, 19).to_string()}, {"reason", "completed_during_early_roll_out"},
          {"declaration_id", ""}});
  d.result = {{"participant_id", id}};
}

constexpr const char* kUnknownParticipant = "No participant with this id was found";
constexpr const char* kBeingChanged = "this record is being changed by another command; try again";
constexpr const char* kUndoSeal = "undo_registration";

// Billable (eligible, payable, paid) or refundable (a clawback requested or
// made): money has moved or is due, so the record must stay (finance.md §5).
bool billable_or_refundable(const Declaration& dec) {
  return dec.payment_status == "eligible" || dec.payment_status == "payable" || dec.payment_status == "paid" ||
         dec.clawback_status != "no_clawback";
}

// Ends every open period on max(its start, today); the record stays.
void finish_open_periods(const Context& ctx, Decision& d, const Teacher& t) {
  for (const Placement& p : t.ect.placements)
    if (!p.finished_on || *p.finished_on > std::max(p.started_on, ctx.today))
      finish_ect_placement(ctx, d, t, p, std::max(p.started_on, ctx.today), "undo", "");
  for (const Placement& p : t.mentor.placements)
    if (!p.finished_on || *p.finished_on > std::max(p.started_on, ctx.today))
      finish_mentor_placement(ctx, d, t, p, std::max(p.started_on, ctx.today), "undo", "");
}

// Cancels every period of the teacher, as ECT and as mentor (a mentee's
// mentorship with them included), and voids their unbilled declarations.
void cancel_all_periods(const Context& ctx, Decision& d, const Teacher& t) {
  for (Role r : {Role::kEct, Role::kMentor}) {
    const std::string stream = r == Role::kEct ? streams::ect(t.id) : streams::mentor(t.id);
    if (r == Role::kEct)
      for (const Mentorship& m : t.ect.mentorships)
        d.emit(ctx, stream, "mentorship_cancelled", {{"teacher_id", t.id}, {"mentorship_id", m.id}});
    for (const TrainingPeriod& tp : t.role(r).training)
      d.emit(ctx, stream, "training_period_cancelled",
             {{"teacher_id", t.id}, {"role", role_name(r)}, {"training_period_id", tp.id}, {"cause", "undo"}});
    for (const Placement& p : t.role(r).placements)
      d.emit(ctx, stream, r == Role::kEct ? "ect_placement_cancelled" : "mentor_placement_cancelled",
             {{"teacher_id", t.id}, {"placement_id", p.id}, {"cause", "undo"}});
  }
  for (const Teacher* mentee : ctx.state.mentees_of(t.id))
    for (const Mentorship& m : mentee->ect.mentorships)
      if (m.mentor_teacher_id == t.id && mentee->id != t.id)
        d.emit(ctx, streams::ect(mentee->id), "mentorship_cancelled", {{"teacher_id", mentee->id}, {"mentorship_id", m.id}});
}

// Undo registration (domain.md §5): a teacher with billable or refundable
// declarations keeps the record and has every open period finished; anyone
// else loses every period and is anonymised (registered_in_error), and the
// TRN is free to be registered again. The removal seals both declaration
// streams first, guarded at the versions decided against, so a declaration
// submitted meanwhile is either seen (the undo decides again, and finishes
// instead) or refused; it is never left on an anonymised record.
void undo_registration(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("participant_id", 64);
  in.finish();
  if (d.failed()) return;
  const Teacher* t = ctx.state.teacher(*id);
  if (!t || !t->merged_into.empty() || t->anonymised) return d.error("participant_id", kUnknownParticipant);
  for (const std::string& by : t->sealed_by)
    if (!by.empty() && by != kUndoSeal) return d.error("participant_id", kBeingChanged);
  if (t->absorbing_any()) return d.error("participant_id", kBeingChanged);  // a merge into this record is in flight
  bool keep = false;
  for (const auto& decs : t->declarations)
    keep = keep || std::any_of(decs.begin(), decs.end(), billable_or_refundable);
  const Json undone = {{"teacher_id", t->id}, {"outcome", keep ? "periods_finished" : "record_removed"},
                       {"on", ctx.today.to_string()}};
  if (keep) {
    d.emit(ctx, streams::teacher(t->id), "teacher_registration_undone", undone);
    finish_open_periods(ctx, d, *t);
    for (Role r : {Role::kEct, Role::kMentor})
      if (t->sealed_by[static_cast<std::size_t>(r)] == kUndoSeal)
        d.emit(ctx, streams::declarations(t->id, role_name(r)), "declarations_unsealed",
               {{"teacher_id", t->id}, {"role", role_name(r)}, {"cause", "undo_registration"}});
    d.result = {{"participant_id", t->id}, {"outcome", "periods_finished"}};
    return;
  }
  for (Role r : {Role::kEct, Role::kMentor}) {
    const std::string stream = streams::declarations(t->id, role_name(r));
    if (t->sealed_by[static_cast<std::size_t>(r)] != kUndoSeal)
      d.guard(ctx, stream, "declarations_sealed", {{"teacher_id", t->id}, {"role", role_name(r)}, {"by", kUndoSeal}});
    for (const Declaration& dec : t->declarations[static_cast<std::size_t>(r)])
      if (dec.payment_status != "voided")
        d.emit(ctx, stream, "declaration_voided",
               {{"teacher_id", t->id}, {"role", role_name(r)}, {"declaration_id", dec.id}, {"by", kUndoSeal}});
  }
  cancel_all_periods(ctx, d, *t);
  for (StreamGroup& g : d.groups)  // a placement started meanwhile must not outlive the record
    if (g.stream == streams::ect(t->id) || g.stream == streams::mentor(t->id)) g.guarded = true;
  d.emit(ctx, streams::teacher(t->id), "teacher_registration_undone", undone);
  d.emit(ctx, streams::teacher(t->id), "teacher_anonymised", {{"teacher_id", t->id}, {"reason", "registered_in_error"}});
  if (!t->trn.empty()) d.emit(ctx, streams::trs(t->trn), "trn_released", {{"trn", t->trn}, {"teacher_id", t->id}});
  d.result = {{"participant_id", t->id}, {"outcome", "record_removed"}};
}

}  // namespace

void register_teacher_record_commands(CommandTable& t) {
  t["import_early_roll_out_mentor"] = {import_early_roll_out_mentor, kSystemOrAdmin};
  t["undo_registration"] = {undo_registration, kSystemOrAdmin};
}

}  // namespace rect::domain
