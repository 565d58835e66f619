// Appropriate body journeys: claim an ECT, release, pass, fail, extensions,
// and the admin corrections (domain.md §3).
#include <algorithm>

#include "domain/commands.h"
#include "domain/input.h"
#include "domain/periods.h"
#include "domain/registration.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace ab_msg {
constexpr const char* kBlockedStatus = "This teacher cannot be claimed because of their induction status in TRS";
constexpr const char* kNoQts = "This teacher does not have qualified teacher status (QTS) yet";
constexpr const char* kAlreadyClaimed = "You have already claimed this teacher";
constexpr const char* kClaimedElsewhere =
    "This teacher is doing their induction with another appropriate body, which must release them first";
constexpr const char* kStartTooEarly = "Induction start date must be on or after 1 September 2021";
constexpr const char* kBulkStartTooEarly = "Induction start date must be after 1 September 2021";
constexpr const char* kBulkAge = "The teacher must be between 18 and 99 years old";
constexpr const char* kInFuture = "cannot be in the future";
constexpr const char* kBeforeQts = "Induction start date cannot be before the teacher's QTS award date";
constexpr const char* kOverlap = "Start date cannot overlap another induction period";
constexpr const char* kNoOngoing = "This teacher has no ongoing induction period with you";
constexpr const char* kEndAfterStart = "Induction end date must be after the induction start date";
constexpr const char* kTerms = "Enter a number of terms between 0 and 16, with at most one decimal place";
constexpr const char* kTermsMissing = "Enter a number of terms";
constexpr const char* kOutcomeExists = "This teacher already has an induction outcome";
constexpr const char* kFailConfirmation = "must not be in the future or before the induction end date";
}  // namespace ab_msg
namespace {

std::string appropriate_body_of(const Context& ctx, Input& in) {
  auto given = in.optional_text("appropriate_body_id", 64);
  return ctx.actor.kind == ActorKind::kAppropriateBody ? ctx.actor.id : given.value_or("");
}

// The claim journey (§3.1). `bulk` applies the bulk upload's own rules
// (§3.3): the start must be strictly after 1 September 2021, and the age is
// the difference of the years, 18 to 99.
void claim(const Context& ctx, const Json& body, Decision& d, bool bulk) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  auto dob = in.date("date_of_birth");
  auto start = in.date("started_on");
  auto programme = in.one_of("training_programme", {"provider_led", "school_led"});
  const std::string ab_id = appropriate_body_of(ctx, in);
  in.finish();
  if (ab_id.empty() || !ctx.state.appropriate_body(ab_id)) d.error("appropriate_body_id", "was not found");
  if (d.failed()) return;
  if (bulk && (ctx.today.year() - dob->year() < 18 || ctx.today.year() - dob->year() > 99))
    return d.error("date_of_birth", ab_msg::kBulkAge);
  const TrsRecord* r = find_in_trs(ctx, d, *trn, *dob);
  if (!r) return;
  const std::string& st = r->induction_status;
  if (st == "Passed" || st == "Failed" || st == "FailedInWales" || st == "Exempt") return d.error("trn", ab_msg::kBlockedStatus);
  if (r->prohibited) return d.error("trn", school_msg::kProhibited);
  if (!r->qts_awarded_on) return d.error("trn", ab_msg::kNoQts);
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (t)
    if (const InductionPeriod* ongoing = t->ongoing_induction())
      return d.error("trn", ongoing->appropriate_body_id == ab_id ? ab_msg::kAlreadyClaimed : ab_msg::kClaimedElsewhere);
  if (bulk && *start <= Date::from_ymd(2021, 9, 1)) d.error("started_on", ab_msg::kBulkStartTooEarly);
  else if (*start < Date::from_ymd(2021, 9, 1)) d.error("started_on", ab_msg::kStartTooEarly);
  if (*start > ctx.today) d.error("started_on", std::string("Induction start date ") + ab_msg::kInFuture);
  if (*start < *r->qts_awarded_on) d.error("started_on", ab_msg::kBeforeQts);
  if (t)
    for (const InductionPeriod& ip : t->induction)
      if (ip.finished_on && *start <= *ip.finished_on) {
        d.error("started_on", ab_msg::kOverlap);
        break;
      }
  if (d.failed()) return;
  std::string teacher_id;
  if (t) {
    teacher_id = t->id;
  } else {
    teacher_id = ctx.new_id();
    d.emit(ctx, streams::trs(*trn), "trn_claimed", {{"trn", *trn}, {"teacher_id", teacher_id}});
    d.emit(ctx, streams::teacher(teacher_id), "teacher_created",
           {{"teacher_id", teacher_id}, {"trn", *trn}, {"first_name", r->first_name}, {"last_name", r->last_name},
            {"source", "appropriate_body_claim"}});
  }
  const std::string id = ctx.new_id();
  d.emit(ctx, streams::induction(teacher_id), "induction_period_opened",
         {{"teacher_id", teacher_id}, {"induction_period_id", id}, {"appropriate_body_id", ab_id},
          {"started_on", start->to_string()}, {"training_programme", *programme},
          {"induction_programme", *programme == "provider_led" ? "fip" : "cip"}});
  if (t && t->induction.empty())
    d.emit(ctx, streams::induction(teacher_id), "trs_induction_update_requested",
           {{"teacher_id", teacher_id}, {"kind", "begin"}, {"started_on", start->to_string()}});
  if (t && !t->ect.placements.empty()) start_funding_eligibility(ctx, d, *t, Role::kEct);
  d.result = {{"participant_id", teacher_id}, {"induction_period_id", id}};
}

void claim_ect(const Context& ctx, const Json& body, Decision& d) { claim(ctx, body, d, false); }
void bulk_claim_ect(const Context& ctx, const Json& body, Decision& d) { claim(ctx, body, d, true); }

void close_induction(const Context& ctx, const Json& body, Decision& d, const std::string& outcome) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  auto finished = in.date("finished_on");
  auto terms = in.optional_text("number_of_terms", 8);
  std::optional<Date> confirmation;
  if (outcome == "fail") confirmation = in.date("fail_confirmation_sent_on");
  const std::string ab_id = appropriate_body_of(ctx, in);
  in.finish();
  if (!terms && !d.has_error("number_of_terms")) d.error("number_of_terms", ab_msg::kTermsMissing);
  else if (terms && !valid_terms(*terms)) d.error("number_of_terms", ab_msg::kTerms);
  if (d.failed()) return;
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  const InductionPeriod* ip = t ? t->ongoing_induction() : nullptr;
  if (!ip || (ctx.actor.kind == ActorKind::kAppropriateBody && ip->appropriate_body_id != ab_id))
    return d.error("trn", ab_msg::kNoOngoing);
  Date latest_start = ip->started_on;
  for (const InductionPeriod& other : t->induction) latest_start = std::max(latest_start, other.started_on);
  if (*finished > ctx.today) d.error("finished_on", std::string("Induction end date ") + ab_msg::kInFuture);
  if (*finished <= latest_start)
    d.error("finished_on", std::string(ab_msg::kEndAfterStart) + " (" + latest_start.to_string() + ")");
  if (!outcome.empty())
    for (const InductionPeriod& other : t->induction)
      if (!other.outcome.empty()) d.error("trn", ab_msg::kOutcomeExists);
  if (confirmation && (*confirmation > ctx.today || *confirmation < *finished))
    d.error("fail_confirmation_sent_on", ab_msg::kFailConfirmation);
  if (d.failed()) return;
  const std::string type = outcome.empty() ? "induction_period_released" : outcome == "pass" ? "induction_passed" : "induction_failed";
  Json p = {{"teacher_id", t->id}, {"induction_period_id", ip->id}, {"finished_on", finished->to_string()},
            {"number_of_terms", *terms}};
  if (confirmation) p["fail_confirmation_sent_on"] = confirmation->to_string();
  d.emit(ctx, streams::induction(t->id), type, std::move(p));
  if (outcome.empty()) return;
  Date first_start = ip->started_on;
  for (const InductionPeriod& other : t->induction) first_start = std::min(first_start, other.started_on);
  d.emit(ctx, streams::induction(t->id), "trs_induction_update_requested",
         {{"teacher_id", t->id}, {"kind", outcome}, {"started_on", first_start.to_string()},
          {"completed_on", finished->to_string()}});
  const Placement* latest = nullptr;
  for (const Placement& pl : t->ect.placements)
    if (!latest || pl.started_on >= latest->started_on) latest = &pl;
  if (latest && (latest->unfinished() || *latest->finished_on > ctx.today))
    finish_ect_placement(ctx, d, *t, *latest, latest->started_on > ctx.today ? latest->started_on.add_days(-1) : ctx.today,
                         "induction_completed", "");
}

void release_ect(const Context& ctx, const Json& body, Decision& d) { close_induction(ctx, body, d, ""); }
void record_pass(const Context& ctx, const Json& body, Decision& d) { close_induction(ctx, body, d, "pass"); }
void record_fail(const Context& ctx, const Json& body, Decision& d) { close_induction(ctx, body, d, "fail"); }

void record_extension(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  auto terms = in.text("number_of_terms", 8);
  auto extension_id = in.optional_text("extension_id", 64);
  in.finish();
  if (terms && (!valid_terms(*terms) || *terms == "0" || *terms == "0.0")) d.error("number_of_terms", ab_msg::kTerms);
  if (d.failed()) return;
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (!t || t->induction.empty()) return d.error("trn", ab_msg::kNoOngoing);
  if (extension_id && !t->extensions.count(*extension_id)) return d.error("extension_id", "was not found");
  const std::string id = extension_id.value_or(ctx.new_id());
  d.emit(ctx, streams::induction(t->id), extension_id ? "induction_extension_changed" : "induction_extension_recorded",
         {{"teacher_id", t->id}, {"extension_id", id}, {"number_of_terms", *terms}});
  d.result = {{"extension_id", id}};
}

void remove_extension(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  auto extension_id = in.text("extension_id", 64);
  in.finish();
  if (d.failed()) return;
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (!t || !t->extensions.count(*extension_id)) return d.error("extension_id", "was not found");
  d.emit(ctx, streams::induction(t->id), "induction_extension_removed", {{"teacher_id", t->id}, {"extension_id", *extension_id}});
}

void reopen_induction_period(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  in.finish();
  if (d.failed()) return;
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  const InductionPeriod* latest = nullptr;
  if (t)
    for (const InductionPeriod& ip : t->induction)
      if (!latest || ip.started_on > latest->started_on) latest = &ip;
  if (!latest || latest->outcome.empty()) return d.error("trn", "Only the latest induction period with an outcome can be reopened");
  d.emit(ctx, streams::induction(t->id), "induction_period_reopened",
         {{"teacher_id", t->id}, {"induction_period_id", latest->id}, {"previous_outcome", latest->outcome}});
  d.emit(ctx, streams::induction(t->id), "trs_induction_update_requested", {{"teacher_id", t->id}, {"kind", "reopen"}});
}

void delete_induction_period(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  auto id = in.text("induction_period_id", 64);
  in.finish();
  if (d.failed()) return;
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  const InductionPeriod* ip = nullptr;
  if (t)
    for (const InductionPeriod& p : t->induction)
      if (p.id == *id) ip = &p;
  if (!ip) return d.error("induction_period_id", "was not found");
  if (!ip->outcome.empty()) return d.error("induction_period_id", "An induction period with an outcome cannot be deleted");
  d.emit(ctx, streams::induction(t->id), "induction_period_deleted", {{"teacher_id", t->id}, {"induction_period_id", *id}});
  if (t->induction.size() == 1)
    d.emit(ctx, streams::induction(t->id), "trs_induction_update_requested", {{"teacher_id", t->id}, {"kind", "reset"}});
}

}  // namespace

void register_appropriate_body_commands(CommandTable& t) {
  t["claim_ect"] = {claim_ect, kAppropriateBodyActor};
  t["bulk_claim_ect"] = {bulk_claim_ect, kAppropriateBodyActor};
  t["release_ect"] = {release_ect, kAppropriateBodyActor};
  t["record_induction_pass"] = {record_pass, kAppropriateBodyActor};
  t["record_induction_fail"] = {record_fail, kAppropriateBodyActor};
  t["record_induction_extension"] = {record_extension, kAppropriateBodyActor};
  t["remove_induction_extension"] = {remove_extension, kAppropriateBodyActor};
  t["reopen_induction_period"] = {reopen_induction_period, bit(ActorKind::kAdmin)};
  t["delete_induction_period"] = {delete_induction_period, bit(ActorKind::kAdmin)};
}

}  // namespace rect::domain
