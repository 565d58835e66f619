// Reference data: contract periods, schedules, lead providers, delivery
// partners and their pairings, appropriate bodies, schools (GIAS) and TRS
// records.
#include <algorithm>
#include <cctype>

#include "domain/commands.h"
#include "domain/input.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

constexpr const char* kAlreadyExists = "already exists";
constexpr const char* kNotFound = "was not found";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void create_contract_period(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto year = in.integer("year", 2020, 2100);
  auto started = in.date("started_on");
  auto finished = in.date("finished_on");
  auto enabled = in.boolean("enabled");
  auto frozen = in.optional_text("payments_frozen_at", 64);
  auto mentor = in.boolean("mentor_funding_enabled");
  auto evidence = in.boolean("detailed_evidence_types_enabled");
  auto uplift = in.boolean("uplift_fees_enabled");
  in.finish();
  if (frozen && !Timestamp::parse_iso8601(*frozen)) d.error("payments_frozen_at", "must be an ISO 8601 date-time");
  if (d.failed()) return;
  if (*finished < *started) d.error("finished_on", "must be on or after started_on");
  if (ctx.state.contract_period(static_cast<int>(*year))) d.error("year", kAlreadyExists);
  for (const auto& [y, cp] : ctx.state.contract_periods_)
    if (!(*finished < cp.started_on || cp.finished_on < *started)) d.error("started_on", "overlaps the " + std::to_string(y) + " contract period");
  if (d.failed()) return;
  Json p = {{"year", *year},
            {"started_on", started->to_string()},
            {"finished_on", finished->to_string()},
            {"enabled", *enabled},
            {"payments_frozen_at", frozen ? Json(Timestamp::parse_iso8601(*frozen)->to_iso8601()) : Json(nullptr)},
            {"mentor_funding_enabled", *mentor},
            {"detailed_evidence_types_enabled", *evidence},
            {"uplift_fees_enabled", *uplift}};
  d.emit(ctx, streams::contract_period(static_cast<int>(*year)), "contract_period_created", std::move(p));
}

void update_contract_period(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto year = in.integer("year", 2020, 2100);
  auto enabled = in.optional_boolean("enabled");
  auto frozen = in.optional_text("payments_frozen_at", 64);
  auto mentor = in.optional_boolean("mentor_funding_enabled");
  auto evidence = in.optional_boolean("detailed_evidence_types_enabled");
  auto uplift = in.optional_boolean("uplift_fees_enabled");
  in.finish();
  if (frozen && !Timestamp::parse_iso8601(*frozen)) d.error("payments_frozen_at", "must be an ISO 8601 date-time");
  if (d.failed()) return;
  const ContractPeriod* cp = ctx.state.contract_period(static_cast<int>(*year));
  if (!cp) return d.error("year", kNotFound);
  Json from = Json::object(), to = Json::object();
  auto change = [&](const char* k, std::optional<bool> v, bool current) {
    if (v && *v != current) {
      from[k] = current;
      to[k] = *v;
    }
  };
  change("enabled", enabled, cp->enabled);
  change("mentor_funding_enabled", mentor, cp->mentor_funding_enabled);
  change("detailed_evidence_types_enabled", evidence, cp->detailed_evidence_types_enabled);
  change("uplift_fees_enabled", uplift, cp->uplift_fees_enabled);
  if (frozen) {
    from["payments_frozen_at"] = cp->payments_frozen_at ? Json(cp->payments_frozen_at->to_iso8601()) : Json(nullptr);
    to["payments_frozen_at"] = Timestamp::parse_iso8601(*frozen)->to_iso8601();
  }
  if (to.empty()) return d.error("year", "nothing to change");
  d.emit(ctx, streams::contract_period(cp->year), "contract_period_flags_changed",
         {{"year", cp->year}, {"from", from}, {"to", to}});
}

void create_schedule(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto year = in.integer("year", 2020, 2100);
  auto identifier = in.one_of("schedule_identifier", kScheduleIdentifiersList);
  const Json* milestones = in.raw("milestones");
  in.finish();
  if (!milestones || !milestones->is_array() || milestones->empty()) d.error("milestones", "must be a non-empty list");
  if (d.failed()) return;
  if (!ctx.state.contract_period(static_cast<int>(*year))) return d.error("year", kNotFound);
  if (ctx.state.schedule(static_cast<int>(*year), *identifier)) return d.error("schedule_identifier", kAlreadyExists);
  Json out = Json::array();
  std::set<std::string> types;
  const Date first_allowed = Date::from_ymd(static_cast<int>(*year), 6, 1);
  for (const Json& m : *milestones) {
    if (!m.is_object()) return d.error("milestones", "each milestone must be an object");
    Decision md;
    Input mi(m, md);
    auto type = mi.one_of("declaration_type", kDeclarationTypesList);
    auto start = mi.date("start_date");
    auto end = mi.optional_date("milestone_date");
    mi.finish();
    for (const FieldError& e : md.errors) d.error("milestones." + e.title, e.detail);
    if (md.failed()) return;
    if (!types.insert(*type).second) return d.error("milestones.declaration_type", "appears twice");
    if (*start < first_allowed) return d.error("milestones.start_date", "must be on or after 1 June of the year");
    if (end && *end <= *start) return d.error("milestones.milestone_date", "must be after start_date");
    out.push_back({{"declaration_type", *type}, {"start_date", start->to_string()}, {"milestone_date", date_json(end)}});
  }
  d.emit(ctx, streams::schedule(static_cast<int>(*year), *identifier), "schedule_created",
         {{"year", *year}, {"schedule_identifier", *identifier}, {"milestones", out}});
}

void register_lead_provider(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("lead_provider_id", 64);
  auto name = in.text("name", 256);
  auto vat = in.optional_boolean("vat_registered");
  in.finish();
  if (d.failed()) return;
  if (ctx.state.lead_provider(*id)) return d.error("lead_provider_id", kAlreadyExists);
  for (const auto& [k, lp] : ctx.state.lead_providers_)
    if (lp.name == *name) return d.error("name", kAlreadyExists);
  d.emit(ctx, streams::lead_provider(*id), "lead_provider_created",
         {{"lead_provider_id", *id}, {"name", *name}, {"vat_registered", vat.value_or(true)}});
}

void change_lead_provider_vat(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("lead_provider_id", 64);
  auto vat = in.boolean("vat_registered");
  in.finish();
  if (d.failed()) return;
  const LeadProvider* lp = ctx.state.lead_provider(*id);
  if (!lp) return d.error("lead_provider_id", kNotFound);
  if (lp->vat_registered == *vat) return d.error("vat_registered", "is unchanged");
  d.emit(ctx, streams::lead_provider(*id), "lead_provider_vat_status_changed",
         {{"lead_provider_id", *id}, {"from", lp->vat_registered}, {"to", *vat}});
}

void activate_lead_provider(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("lead_provider_id", 64);
  auto year = in.integer("year", 2020, 2100);
  in.finish();
  if (d.failed()) return;
  const LeadProvider* lp = ctx.state.lead_provider(*id);
  if (!lp) return d.error("lead_provider_id", kNotFound);
  if (!ctx.state.contract_period(static_cast<int>(*year))) return d.error("year", kNotFound);
  if (lp->active_years.count(static_cast<int>(*year))) return d.error("year", kAlreadyExists);
  d.emit(ctx, streams::lead_provider(*id), "lead_provider_joined_contract_period",
         {{"lead_provider_id", *id}, {"year", *year}});
}

void register_delivery_partner(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("delivery_partner_id", 64);
  auto name = in.text("name", 256);
  in.finish();
  if (d.failed()) return;
  if (ctx.state.delivery_partner(*id)) return d.error("delivery_partner_id", kAlreadyExists);
  for (const auto& [k, dp] : ctx.state.delivery_partners_)
    if (lower(dp.name) == lower(*name)) return d.error("name", kAlreadyExists);
  d.emit(ctx, streams::delivery_partner(*id), "delivery_partner_created", {{"delivery_partner_id", *id}, {"name", *name}});
}

void pairing(const Context& ctx, const Json& body, Decision& d, bool pair) {
  Input in(body, d);
  auto lp = in.text("lead_provider_id", 64);
  auto dp = in.text("delivery_partner_id", 64);
  auto year = in.integer("year", 2020, 2100);
  in.finish();
  if (d.failed()) return;
  const LeadProvider* l = ctx.state.lead_provider(*lp);
  if (!l) d.error("lead_provider_id", kNotFound);
  if (!ctx.state.delivery_partner(*dp)) d.error("delivery_partner_id", kNotFound);
  if (d.failed()) return;
  const int y = static_cast<int>(*year);
  if (!l->active_years.count(y)) return d.error("year", "the lead provider is not active in this contract period");
  const bool paired = ctx.state.paired(*lp, *dp, y);
  if (pair && paired) return d.error("delivery_partner_id", "is already paired with this lead provider for the year");
  if (!pair && !paired) return d.error("delivery_partner_id", "is not paired with this lead provider for the year");
  if (!pair)
    for (const auto& [id, sp] : ctx.state.partnerships_)
      if (sp.lead_provider_id == *lp && sp.delivery_partner_id == *dp && sp.year == y)
        return d.error("delivery_partner_id", "cannot be unpaired while school partnerships use the pairing");
  d.emit(ctx, streams::delivery_partner(*dp), pair ? "delivery_partner_paired" : "delivery_partner_unpaired",
         {{"delivery_partner_id", *dp}, {"lead_provider_id", *lp}, {"year", y}});
}

void pair_delivery_partner(const Context& ctx, const Json& body, Decision& d) { pairing(ctx, body, d, true); }
void unpair_delivery_partner(const Context& ctx, const Json& body, Decision& d) { pairing(ctx, body, d, false); }

void register_appropriate_body(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("appropriate_body_id", 64);
  auto name = in.text("name", 256);
  auto type = in.one_of("body_type", {"local_authority", "national", "teaching_school_hub"});
  auto active = in.optional_boolean("active");
  in.finish();
  if (d.failed()) return;
  if (ctx.state.appropriate_body(*id)) return d.error("appropriate_body_id", kAlreadyExists);
  for (const auto& [k, ab] : ctx.state.appropriate_bodies_)
    if (ab.name == *name) return d.error("name", kAlreadyExists);
  d.emit(ctx, streams::appropriate_body(*id), "appropriate_body_registered",
         {{"appropriate_body_id", *id}, {"name", *name}, {"body_type", *type}, {"active", active.value_or(true)}});
}

constexpr std::initializer_list<const char*> kSchoolStatuses = {"open", "closed", "proposed_to_close", "proposed_to_open"};

void register_school(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("urn", 16);
  auto name = in.text("name", 256);
  auto type = in.text("type_name", 128);
  auto status = in.one_of("status", kSchoolStatuses);
  auto england = in.boolean("in_england");
  auto s41 = in.optional_boolean("section_41_approved");
  auto eligible = in.boolean("eligible");
  auto marked = in.optional_boolean("marked_as_eligible");
  in.finish();
  if (urn && (urn->size() < 6 || !std::all_of(urn->begin(), urn->end(), ::isdigit))) d.error("urn", "must be 6 or more digits");
  if (d.failed()) return;
  if (ctx.state.school(*urn)) return d.error("urn", kAlreadyExists);
  d.emit(ctx, streams::school(*urn), "school_registered_from_gias",
         {{"urn", *urn}, {"name", *name}, {"type_name", *type}, {"status", *status}, {"in_england", *england},
          {"section_41_approved", s41.value_or(false)}, {"eligible", *eligible},
          {"marked_as_eligible", marked.value_or(false)}});
}

void update_school(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("urn", 16);
  auto name = in.optional_text("name", 256);
  auto type = in.optional_text("type_name", 128);
  auto status = in.optional_one_of("status", kSchoolStatuses);
  auto england = in.optional_boolean("in_england");
  auto s41 = in.optional_boolean("section_41_approved");
  auto eligible = in.optional_boolean("eligible");
  auto marked = in.optional_boolean("marked_as_eligible");
  in.finish();
  if (d.failed()) return;
  const School* sc = ctx.state.school(*urn);
  if (!sc) return d.error("urn", kNotFound);
  Json from = Json::object(), to = Json::object();
  auto text_change = [&](const char* k, const std::optional<std::string>& v, const std::string& cur) {
    if (v && *v != cur) from[k] = cur, to[k] = *v;
  };
  auto flag_change = [&](const char* k, std::optional<bool> v, bool cur) {
    if (v && *v != cur) from[k] = cur, to[k] = *v;
  };
  text_change("name", name, sc->name);
  text_change("type_name", type, sc->type_name);
  text_change("status", status, sc->status);
  flag_change("in_england", england, sc->in_england);
  flag_change("section_41_approved", s41, sc->section_41_approved);
  flag_change("eligible", eligible, sc->gias_eligible);
  flag_change("marked_as_eligible", marked, sc->marked_as_eligible);
  if (to.empty()) return d.error("urn", "nothing to change");
  d.emit(ctx, streams::school(*urn), "school_gias_details_changed", {{"urn", *urn}, {"from", from}, {"to", to}});
  School after = *sc;
  if (to.contains("status")) after.status = to["status"];
  if (to.contains("eligible")) after.gias_eligible = to["eligible"];
  if (to.contains("in_england")) after.in_england = to["in_england"];
  if (to.contains("section_41_approved")) after.section_41_approved = to["section_41_approved"];
  if (to.contains("marked_as_eligible")) after.marked_as_eligible = to["marked_as_eligible"];
  if (after.eligible() != sc->eligible())
    d.emit(ctx, streams::school(*urn), "school_eligibility_changed", {{"urn", *urn}, {"from", sc->eligible()}, {"to", after.eligible()}});
}

void set_school_uplifts(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("urn", 16);
  auto year = in.integer("year", 2020, 2100);
  auto pp = in.boolean("pupil_premium_uplift");
  auto sp = in.boolean("sparsity_uplift");
  in.finish();
  if (d.failed()) return;
  if (!ctx.state.school(*urn)) return d.error("urn", kNotFound);
  d.emit(ctx, streams::school(*urn), "school_uplifts_set",
         {{"urn", *urn}, {"year", *year}, {"pupil_premium_uplift", *pp}, {"sparsity_uplift", *sp}});
}

constexpr std::initializer_list<const char*> kTrsResponses = {"ok", "not_found", "gone", "permanent_redirect"};

// The TRS sync (domain.md §1.1): a teacher's copy of their TRS record is
// refreshed with one event per kind of change. The names are the teacher's
// own (teacher_trs_snapshot_refreshed{changes}); the induction status is
// teacher_trs_induction_status_changed; an Exempt status makes the ECT
// ineligible for funding today, once; and a school's corrected name that the
// TRS name now equals (ignoring case) is cleared, since it no longer corrects
// anything (§2.6).
void refresh_teacher_from_trs(const Context& ctx, Decision& d, const Teacher& t, const TrsRecord* before,
                              const std::string& first, const std::string& last, const std::string& status) {
  Json changes = Json::object();
  if (t.first_name != first) changes["first_name"] = {{"from", t.first_name}, {"to", first}};
  if (t.last_name != last) changes["last_name"] = {{"from", t.last_name}, {"to", last}};
  if (!changes.empty())
    d.emit(ctx, streams::teacher(t.id), "teacher_trs_snapshot_refreshed", {{"teacher_id", t.id}, {"changes", changes}});
  if (before && before->induction_status != status)
    d.emit(ctx, streams::teacher(t.id), "teacher_trs_induction_status_changed",
           {{"teacher_id", t.id}, {"from", before->induction_status}, {"to", status}});
  if (status == "Exempt" && !t.ect_ineligible_on)
    d.emit(ctx, streams::teacher(t.id), "ect_funding_ineligibility_recorded",
           {{"teacher_id", t.id}, {"on", ctx.today.to_string()}, {"cause", "trs_exempt"}});
  if (!t.corrected_name.empty() && lower(t.corrected_name) == lower(first + " " + last))
    d.emit(ctx, streams::teacher(t.id), "teacher_name_corrected",
           {{"teacher_id", t.id}, {"from", t.corrected_name}, {"to", ""}, {"by", "trs"}});
}

// A TRS answer that is not a record (domain.md §1.1 trs_response): the TRN
// is unknown to TRS (not_found), deactivated (gone), or merged into another
// record (permanent_redirect, with redirected_to). The TRS record keeps the
// answer (trs_record_flagged), which blocks registering or claiming the TRN;
// the teacher holding it, if any, is flagged (teacher_trs_record_flagged) and
// is no longer refreshed. The same answer again writes nothing.
void flag_trs_record(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  auto response = in.one_of("response", kTrsResponses);
  auto redirected_to = in.optional_text("redirected_to", 16);
  in.finish();
  if (trn && !is_trn(*trn)) d.error("trn", "must be 7 digits");
  if (response && *response == "permanent_redirect") {
    if (!redirected_to) d.error("redirected_to", "must be given for a permanent_redirect");
    else if (!is_trn(*redirected_to)) d.error("redirected_to", "must be 7 digits");
    else if (trn && *redirected_to == *trn) d.error("redirected_to", "must differ from the trn");
  } else if (redirected_to) {
    d.error("redirected_to", "must be empty unless the response is permanent_redirect");
  }
  if (d.failed()) return;
  const Json to = redirected_to ? Json(*redirected_to) : Json(nullptr);
  const TrsRecord* before = ctx.state.trs(*trn);
  if (!before || before->response != *response || before->redirected_to != redirected_to.value_or(""))
    d.emit(ctx, streams::trs(*trn), "trs_record_flagged", {{"trn", *trn}, {"response", *response}, {"redirected_to", to}});
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (t && !t->anonymised && (t->trs_response != *response || t->trs_redirected_to != redirected_to.value_or("")))
    d.emit(ctx, streams::teacher(t->id), "teacher_trs_record_flagged",
           {{"teacher_id", t->id}, {"response", *response}, {"redirected_to", to}});
  d.result = {{"trn", *trn}, {"response", *response}};
}

// A TRS answer: the record (response ok, the default) or a flag (see
// flag_trs_record). A flagged teacher's copy is not refreshed by a record
// (RECT's sync only refreshes teachers whose trs_response is null or ok).
void record_trs_teacher(const Context& ctx, const Json& body, Decision& d) {
  if (auto it = body.find("response"); it != body.end() && *it != "ok") return flag_trs_record(ctx, body, d);
  Input in(body, d);
  in.optional_one_of("response", {"ok"});
  auto trn = in.text("trn", 16);
  auto first = in.text("first_name", 128);
  auto last = in.text("last_name", 128);
  auto dob = in.date("date_of_birth");
  auto status = in.one_of("induction_status", kTrsInductionStatuses);
  auto qts = in.optional_date("qts_awarded_on");
  auto prohibited = in.optional_boolean("prohibited");
  in.finish();
  if (trn && !is_trn(*trn)) d.error("trn", "must be 7 digits");
  if (d.failed()) return;
  const TrsRecord* before = ctx.state.trs(*trn);
  d.emit(ctx, streams::trs(*trn), "trs_record_received",
         {{"trn", *trn}, {"first_name", *first}, {"last_name", *last}, {"date_of_birth", dob->to_string()},
          {"induction_status", *status}, {"qts_awarded_on", date_json(qts)}, {"prohibited", prohibited.value_or(false)}});
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (!t || t->anonymised || !t->trs_response.empty()) return;
  refresh_teacher_from_trs(ctx, d, *t, before, *first, *last, *status);
}

}  // namespace

void register_reference_commands(CommandTable& t) {
  t["create_contract_period"] = {create_contract_period, kSystemOrAdmin};
  t["update_contract_period"] = {update_contract_period, kSystemOrAdmin};
  t["create_schedule"] = {create_schedule, kSystemOrAdmin};
  t["register_lead_provider"] = {register_lead_provider, kSystemOrAdmin};
  t["change_lead_provider_vat"] = {change_lead_provider_vat, kSystemOrAdmin | bit(ActorKind::kFinanceUser)};
  t["activate_lead_provider"] = {activate_lead_provider, kSystemOrAdmin};
  t["register_delivery_partner"] = {register_delivery_partner, kSystemOrAdmin};
  t["pair_delivery_partner"] = {pair_delivery_partner, kSystemOrAdmin};
  t["unpair_delivery_partner"] = {unpair_delivery_partner, kSystemOrAdmin};
  t["register_appropriate_body"] = {register_appropriate_body, kSystemOrAdmin};
  t["register_school"] = {register_school, kSystemOrAdmin};
  t["update_school"] = {update_school, kSystemOrAdmin};
  t["set_school_uplifts"] = {set_school_uplifts, kSystemOrAdmin};
  t["record_trs_teacher"] = {record_trs_teacher, kSystemOrAdmin};
}

}  // namespace rect::domain
