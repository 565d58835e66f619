// Finance and admin: bands, contracts, the statement calendar, adjustments,
// authorising a statement for payment, and merging duplicate participants
// (finance.md §3–§4, domain.md §5).
#include <algorithm>

#include "domain/commands.h"
#include "domain/input.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

constexpr const char* kNotFound = "was not found";

// Magnitude check on decimal text: |amount| <= limit (whole units), and non-zero when asked.
bool amount_within(const std::string& s, long limit, bool non_zero) {
  const std::string digits = s[0] == '-' ? s.substr(1) : s;
  const auto dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : digits.substr(dot + 1);
  const bool zero = std::all_of(whole.begin(), whole.end(), [](char c) { return c == '0'; }) &&
                    std::all_of(frac.begin(), frac.end(), [](char c) { return c == '0'; });
  if (non_zero && zero) return false;
  if (whole.size() > 10) return false;
  const long w = std::stol(whole);
  return w < limit || (w == limit && std::all_of(frac.begin(), frac.end(), [](char c) { return c == '0'; }));
}

// Hundredths of a 2-dp ratio text such as "0.40".
long hundredths(const std::string& s) {
  const auto dot = s.find('.');
  long whole = std::stol(s.substr(0, dot));
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  frac.resize(2, '0');
  return whole * 100 + std::stol(frac);
}

const ActiveLeadProvider* active_lp(const Context& ctx, Decision& d, const std::string& lp, long year) {
  const LeadProvider* l = ctx.state.lead_provider(lp);
  if (!l) {
    d.error("lead_provider_id", kNotFound);
    return nullptr;
  }
  if (!l->active_years.count(static_cast<int>(year))) {
    d.error("year", "the lead provider is not active in this contract period");
    return nullptr;
  }
  return ctx.state.active_lead_provider(lp, static_cast<int>(year));
}

void add_band(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto lp = in.text("lead_provider_id", 64);
  auto year = in.integer("year", 2020, 2100);
  auto capacity = in.integer("capacity", 1, 1'000'000);
  in.finish();
  if (d.failed()) return;
  const ActiveLeadProvider* alp = active_lp(ctx, d, *lp, *year);
  if (!alp) return;
  if (!alp->contract_ids.empty()) return d.error("capacity", "bands cannot be added once a contract exists");
  const int order = static_cast<int>(alp->bands.size()) + 1;
  d.emit(ctx, streams::active_lead_provider(*lp, static_cast<int>(*year)), "band_added",
         {{"lead_provider_id", *lp}, {"year", *year}, {"allocation_order", order}, {"capacity", *capacity}});
  d.result = {{"allocation_order", order}};
}

void create_contract(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto lp = in.text("lead_provider_id", 64);
  auto year = in.integer("year", 2020, 2100);
  auto type = in.one_of("contract_type", {"ecf", "ittecf_ectp"});
  auto vat = in.optional_decimal("vat_rate", 4);
  const Json* banded = in.raw("banded");
  const Json* flat = in.raw("flat_rate");
  in.finish();
  if (vat && (vat->front() == '-' || !amount_within(*vat, 1, false))) d.error("vat_rate", "must be between 0 and 1");
  if (!banded || !banded->is_object()) d.error("banded", kMissing);
  if (type && *type == "ittecf_ectp" && (!flat || !flat->is_object())) d.error("flat_rate", kMissing);
  if (type && *type == "ecf" && flat) d.error("flat_rate", "is only for ittecf_ectp contracts");
  if (d.failed()) return;
  const ActiveLeadProvider* alp = active_lp(ctx, d, *lp, *year);
  if (!alp) return;
  Json banded_out;
  {
    Decision bd;
    Input b(*banded, bd);
    auto target = b.integer("recruitment_target", 0, 10'000'000);
    auto setup = b.decimal("setup_fee", 2);
    auto uplift = b.decimal("uplift_fee_per_declaration", 2);
    auto monthly = b.optional_decimal("monthly_service_fee", 2);
    const Json* terms = b.raw("band_terms");
    b.finish();
    for (const FieldError& e : bd.errors) d.error("banded." + e.title, e.detail);
    if (bd.failed()) return;
    if (!terms || !terms->is_array() || terms->size() != alp->bands.size())
      return d.error("banded.band_terms", "must give one entry per band (" + std::to_string(alp->bands.size()) + ")");
    Json terms_out = Json::array();
    for (const Json& term : *terms) {
      Decision td;
      if (!term.is_object()) return d.error("banded.band_terms", "each entry must be an object");
      Input ti(term, td);
      auto fee = ti.decimal("fee_per_declaration", 2);
      auto output = ti.decimal("output_fee_ratio", 2);
      auto service = ti.decimal("service_fee_ratio", 2);
      ti.finish();
      for (const FieldError& e : td.errors) d.error("banded.band_terms." + e.title, e.detail);
      if (td.failed()) return;
      if (hundredths(*output) < 0 || hundredths(*service) < 0 || hundredths(*output) + hundredths(*service) != 100)
        return d.error("banded.band_terms.output_fee_ratio", "output and service fee ratios must add up to 1");
      terms_out.push_back({{"fee_per_declaration", *fee}, {"output_fee_ratio", *output}, {"service_fee_ratio", *service}});
    }
    banded_out = {{"recruitment_target", *target}, {"setup_fee", *setup}, {"uplift_fee_per_declaration", *uplift},
                  {"monthly_service_fee", monthly ? Json(*monthly) : Json(nullptr)}, {"band_terms", terms_out}};
  }
  Json flat_out = nullptr;
  if (flat) {
    Decision fd;
    Input f(*flat, fd);
    auto target = f.integer("recruitment_target", 0, 10'000'000);
    auto fee = f.decimal("fee_per_declaration", 2);
    f.finish();
    for (const FieldError& e : fd.errors) d.error("flat_rate." + e.title, e.detail);
    if (fd.failed()) return;
    flat_out = {{"recruitment_target", *target}, {"fee_per_declaration", *fee}};
  }
  const std::string id = ctx.new_id();
  d.emit(ctx, streams::active_lead_provider(*lp, static_cast<int>(*year)), "contract_created",
         {{"contract_id", id}, {"lead_provider_id", *lp}, {"year", *year}, {"contract_type", *type},
          {"vat_rate", vat.value_or("0.20")}, {"banded", banded_out}, {"flat_rate", flat_out}});
  d.result = {{"contract_id", id}};
}

void create_statement(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto lp = in.text("lead_provider_id", 64);
  auto year = in.integer("year", 2020, 2100);
  auto month = in.integer("month", 1, 12);
  auto calendar_year = in.integer("calendar_year", 2020, 2100);
  auto deadline = in.date("deadline_date");
  auto payment = in.date("payment_date");
  auto fee_type = in.optional_one_of("fee_type", {"output", "service"});
  auto contract = in.optional_text("contract_id", 64);
  in.finish();
  if (d.failed()) return;
  const ActiveLeadProvider* alp = active_lp(ctx, d, *lp, *year);
  if (d.failed()) return;
  if (ctx.actor.kind != ActorKind::kSystem && *deadline <= ctx.today) d.error("deadline_date", "must be in the future");
  if (*payment <= *deadline) d.error("payment_date", "must be after the deadline date");
  if (contract && (!alp || std::find(alp->contract_ids.begin(), alp->contract_ids.end(), *contract) == alp->contract_ids.end()))
    d.error("contract_id", kNotFound);
  for (const Statement* st : ctx.state.all_statements())
    if (st->lead_provider_id == *lp && st->year == *year && st->month == *month && st->calendar_year == *calendar_year)
      d.error("month", "a statement for this lead provider, cohort and month already exists");
  if (d.failed()) return;
  const long m = *month;
  const std::string type = fee_type.value_or(m == 1 || m == 4 || m == 8 || m == 11 ? "output" : "service");
  const std::string id = ctx.new_id();
  d.emit(ctx, streams::statement(id), "statement_created",
         {{"statement_id", id}, {"lead_provider_id", *lp}, {"year", *year}, {"month", m}, {"calendar_year", *calendar_year},
          {"deadline_date", deadline->to_string()}, {"payment_date", payment->to_string()}, {"fee_type", type},
          {"contract_id", contract.value_or(alp && !alp->contract_ids.empty() ? alp->contract_ids.back() : "")}});
  d.result = {{"statement_id", id}};
}

void add_statement_adjustment(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("statement_id", 64);
  auto payment_type = in.text("payment_type", 500);
  auto amount = in.decimal("amount", 2);
  in.finish();
  if (amount && !amount_within(*amount, 1'000'000, true))
    d.error("amount", "must be non-zero and between -1000000 and 1000000");
  if (d.failed()) return;
  const Statement* st = ctx.state.statement(*id);
  if (!st) return d.error("statement_id", kNotFound);
  if (st->status == "paid") return d.error("statement_id", "adjustments are frozen once a statement is authorised for payment");
  const std::string adj = ctx.new_id();
  d.emit(ctx, streams::statement(*id), "statement_adjustment_added",
         {{"statement_id", *id}, {"adjustment_id", adj}, {"payment_type", *payment_type}, {"amount", *amount}});
  d.result = {{"adjustment_id", adj}};
}

void remove_statement_adjustment(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("statement_id", 64);
  auto adj = in.text("adjustment_id", 64);
  in.finish();
  if (d.failed()) return;
  const Statement* st = ctx.state.statement(*id);
  if (!st) return d.error("statement_id", kNotFound);
  if (st->status == "paid") return d.error("statement_id", "adjustments are frozen once a statement is authorised for payment");
  if (std::none_of(st->adjustments.begin(), st->adjustments.end(), [&](const Adjustment& a) { return a.id == *adj; }))
    return d.error("adjustment_id", kNotFound);
  d.emit(ctx, streams::statement(*id), "statement_adjustment_removed", {{"statement_id", *id}, {"adjustment_id", *adj}});
}

void authorise_statement(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto id = in.text("statement_id", 64);
  in.finish();
  if (d.failed()) return;
  const Statement* st = ctx.state.statement(*id);
  if (!st) return d.error("statement_id", kNotFound);
  if (st->fee_type != "output") return d.error("statement_id", "only output statements can be authorised for payment");
  if (st->status == "paid") return d.error("statement_id", "this statement has already been authorised for payment");
  if (st->status != "payable" || st->deadline_date >= ctx.today)
    return d.error("statement_id", "this statement is not payable yet");
  std::vector<std::pair<const Declaration*, const char*>> effects;
  for (const Declaration* dec : ctx.state.declarations_naming(*id)) {
    if (dec->statement_id == *id && dec->payment_status == "payable") effects.emplace_back(dec, "declaration_paid");
    if (dec->clawback_statement_id == *id && dec->clawback_status == "awaiting_clawback")
      effects.emplace_back(dec, "declaration_clawed_back");
  }
  if (effects.empty()) return d.error("statement_id", "this statement has nothing to pay or claw back");
  d.emit(ctx, streams::statement(*id), "statement_authorised", {{"statement_id", *id}, {"at", ctx.now.to_iso8601()}});
  for (const auto& [dec, type] : effects)
    d.emit(ctx, streams::declarations(dec->teacher_id, role_name(dec->role)), type,
           {{"teacher_id", dec->teacher_id}, {"role", role_name(dec->role)}, {"declaration_id", dec->id},
            {"statement_id", *id}});
  d.result = {{"statement_id", *id}, {"declarations", effects.size()}};
}

constexpr const char* kBeingChanged = "this record is being changed by another command; try again";

// Why the two records cannot be merged (domain.md §5), or "".
std::string merge_obstacle(const Teacher& src, const Teacher& dst) {
  for (const Placement& a : src.ect.placements)
    for (const Placement& b : dst.ect.placements)
      if (a.school_urn == b.school_urn && a.started_on <= b.finished_on.value_or(Date::from_days(1 << 30)) &&
          b.started_on <= a.finished_on.value_or(Date::from_days(1 << 30)))
        return "the two records have overlapping ECT placements";
  for (Role r : {Role::kEct, Role::kMentor})
    for (const Declaration& a : src.declarations[static_cast<std::size_t>(r)])
      for (const Declaration& b : dst.declarations[static_cast<std::size_t>(r)])
        if (a.type == b.type && a.billable_or_changeable() && b.billable_or_changeable())
          return "both records have a billable " + a.type + " declaration as " + std::string(role_name(r)) +
                 "; void one of them first";
  return "";
}

// Releases what an earlier attempt of this merge (source `from`, destination
// `to`) reserved, so that a refusal leaves both records open again.
void release_merge(const Context& ctx, Decision& d, const std::string& from, const std::string& to) {
  if (const Teacher* src = ctx.state.teacher(from))
    for (Role r : {Role::kEct, Role::kMentor})
      if (src->sealed_by[static_cast<std::size_t>(r)] == "merge:" + to)
        d.emit(ctx, streams::declarations(from, role_name(r)), "declarations_unsealed",
               {{"teacher_id", from}, {"role", role_name(r)}, {"cause", "merge_refused"}});
  if (const Teacher* dst = ctx.state.teacher(to))
    for (Role r : {Role::kEct, Role::kMentor})
      if (dst->absorbing[static_cast<std::size_t>(r)] == from)
        d.emit(ctx, streams::declarations(to, role_name(r)), "declarations_absorbing_ended",
               {{"teacher_id", to}, {"role", role_name(r)}, {"source_teacher_id", from}, {"cause", "merge_refused"}});
  if (!d.groups.empty()) d.release_on_refusal();
}

// The merge is decided against both records, then reserves all four
// declaration streams at the versions it decided against (guarded appends):
// it seals the source's two (the source takes no declaration any more) and
// marks the destination's two declarations_absorbing (the destination still
// takes declarations, checked against the source's as well). A declaration
// submitted for either record meanwhile either lands before the reservation,
// which makes the merge decide again with it in view, or fails its own
// expected-version check and is decided again against the reservation. A
// merge decided again after writing part of its reservation finds it here
// and completes or, refused, releases it (release_merge).
void merge_participants(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto from = in.text("source_participant_id", 64);
  auto to = in.text("destination_participant_id", 64);
  in.finish();
  if (d.failed()) return;
  const Teacher* src = ctx.state.teacher(*from);
  const Teacher* dst = ctx.state.teacher(*to);
  if (!src || !src->merged_into.empty() || src->anonymised) d.error("source_participant_id", kNotFound);
  if (!dst || !dst->merged_into.empty() || dst->anonymised) d.error("destination_participant_id", kNotFound);
  if (!d.failed() && *from == *to) d.error("destination_participant_id", "must differ from the source");
  if (d.failed()) return release_merge(ctx, d, *from, *to);
  const std::string seal = "merge:" + dst->id;
  for (const std::string& by : src->sealed_by)
    if (!by.empty() && by != seal) d.error("source_participant_id", kBeingChanged);
  if (src->absorbing_any()) d.error("source_participant_id", kBeingChanged);
  for (const std::string& by : dst->absorbing)
    if (!by.empty() && by != src->id) d.error("destination_participant_id", kBeingChanged);
  if (dst->sealed()) d.error("destination_participant_id", kBeingChanged);
  if (const std::string why = merge_obstacle(*src, *dst); !d.failed() && !why.empty())
    d.error("source_participant_id", why);
  if (d.failed()) return release_merge(ctx, d, *from, *to);
  for (Role r : {Role::kEct, Role::kMentor})
    if (src->sealed_by[static_cast<std::size_t>(r)] != seal)
      d.guard(ctx, streams::declarations(src->id, role_name(r)), "declarations_sealed",
              {{"teacher_id", src->id}, {"role", role_name(r)}, {"by", "merge"}, {"destination_teacher_id", dst->id}});
  for (Role r : {Role::kEct, Role::kMentor})
    if (dst->absorbing[static_cast<std::size_t>(r)] != src->id)
      d.guard(ctx, streams::declarations(dst->id, role_name(r)), "declarations_absorbing",
              {{"teacher_id", dst->id}, {"role", role_name(r)}, {"source_teacher_id", src->id}});
  d.guard(ctx, streams::teacher(dst->id), "teacher_absorbed",
          {{"teacher_id", dst->id}, {"source_teacher_id", src->id}, {"changed_at", ctx.now.to_iso8601()}});
  d.emit(ctx, streams::teacher(src->id), "teacher_merged_into", {{"teacher_id", src->id}, {"destination_teacher_id", dst->id}});
  d.emit(ctx, streams::teacher(src->id), "teacher_anonymised", {{"teacher_id", src->id}, {"reason", "teacher_record_merged"}});
  if (!src->trn.empty())
    d.emit(ctx, streams::trs(src->trn), "trn_claimed", {{"trn", src->trn}, {"teacher_id", dst->id}});
  d.result = {{"participant_id", dst->id}};
}

}  // namespace

void register_finance_commands(CommandTable& t) {
  t["add_band"] = {add_band, kFinance | kSystemOrAdmin};
  t["create_contract"] = {create_contract, kFinance | kSystemOrAdmin};
  t["create_statement"] = {create_statement, kFinance | kSystemOrAdmin};
  t["add_statement_adjustment"] = {add_statement_adjustment, kFinance};
  t["remove_statement_adjustment"] = {remove_statement_adjustment, kFinance};
  t["authorise_statement"] = {authorise_statement, kFinance};
  t["merge_participants"] = {merge_participants, kSystemOrAdmin};
}

}  // namespace rect::domain
