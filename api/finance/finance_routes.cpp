// The finance routes: statements, their figures and derivations as JSON and CSV.
#include "api/finance/finance_routes.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "projections/payments/payments.h"

namespace rect::api {
namespace {

using Json = nlohmann::json;
using namespace projections::payments;

std::string_view standing_name(finance::Standing s) {
  switch (s) {
    case finance::Standing::kBillable: return "billable";
    case finance::Standing::kRefundable: return "refundable";
    case finance::Standing::kVoided: return "voided";
  }
  return "billable";
}

std::string_view role_name(finance::Role r) { return r == finance::Role::kEct ? "ect" : "mentor"; }

Json position(GlobalPosition p) { return p.value() == 0 ? Json(nullptr) : Json(p.value()); }

Json money(const Money& m) { return Json{{"exact", m.to_string_exact()}, {"rounded", m.to_pennies_string()}}; }

Json summary_json(const StatementSummary& s) {
  return Json{{"id", s.id},
              {"lead_provider_id", s.lead_provider_id},
              {"cohort", s.cohort},
              {"month", s.month},
              {"calendar_year", s.calendar_year},
              {"deadline_date", s.deadline_date.to_string()},
              {"payment_date", s.payment_date.to_string()},
              {"fee_type", s.fee_type},
              {"status", s.status},
              {"contract_id", s.contract_id.empty() ? Json(nullptr) : Json(s.contract_id)},
              {"marked_payable_on", s.marked_payable_on ? Json(s.marked_payable_on->to_string()) : Json(nullptr)},
              {"authorised_at", s.authorised_at ? Json(s.authorised_at->to_iso8601()) : Json(nullptr)},
              {"authorised_position", position(s.authorised_position)},
              {"created_position", position(s.created_position)}};
}

Json statement_json(const StatementView& v) {
  Json j = summary_json(v.summary);
  const finance::StatementFigures& f = v.figures;
  j["computed_with"] = Json{{"contract_id", v.contract_id},
                            {"contract_type", finance::contract_type_name(v.contract.type)},
                            {"vat_registered", v.vat_registered},
                            {"vat_rate", f.vat_rate.to_string_exact()},
                            {"frozen", v.frozen},
                            {"position", v.computed_at.value()}};
  Json rows = Json::array();
  for (const finance::DisplayRow& r : f.rows)
    rows.push_back({{"key", r.key}, {"label", r.label}, {"exact", r.exact.to_string_exact()}, {"rounded", r.rounded}});
  j["rows"] = rows;
  j["service_fee"] = Json{{"overridden", f.banded.service_fee.overridden},
                          {"pool", money(f.banded.service_fee.pool)},
                          {"setup_deduction", money(f.banded.service_fee.setup_deduction)},
                          {"monthly", money(f.banded.service_fee.monthly)}};
  j["subtotal"] = money(f.subtotal);
  return j;
}

Json line_json(const DeclarationLine& l) {
  const DeclarationPositions& p = l.positions;
  return Json{{"declaration_id", l.id},
              {"participant_id", l.participant_id},
              {"role", role_name(l.role)},
              {"declaration_type", finance::declaration_type_name(l.type)},
              {"declaration_date", l.declaration_date.to_iso8601()},
              {"created_at", l.created_at.to_iso8601()},
              {"standing", standing_name(l.standing)},
              {"uplift", l.pupil_premium_uplift || l.sparsity_uplift},
              {"payment_status", l.payment_status},
              {"clawback_status", l.clawback_status},
              {"positions",
               {{"submitted", position(p.submitted)},
                {"billable", position(p.billable)},
                {"payable", position(p.payable)},
                {"paid", position(p.paid)},
                {"voided", position(p.voided)},
                {"refundable", position(p.refundable)},
                {"clawed_back", position(p.clawed_back)}}}};
}

Json lines_json(const Derivation& d, const std::vector<std::size_t>& idx) {
  Json a = Json::array();
  for (std::size_t i : idx) a.push_back(line_json(d.lines[i]));
  return a;
}

Json counts_json(const finance::AllocationCounts& c) {
  return Json{{"previous_billable", c.previous_billable},
              {"previous_refundable", c.previous_refundable},
              {"current_billable", c.current_billable},
              {"current_refundable", c.current_refundable}};
}

Json derivation_json(const Derivation& d) {
  Json j = statement_json(d.statement);
  const finance::StatementFigures& f = d.statement.figures;
  Json types = Json::array();
  for (const TypeDerivation& t : d.types) {
    Json bands = Json::array();
    for (std::size_t b = 0; b < t.bands.size(); ++b) {
      const finance::BandOutput& o = t.bands[b].output;
      bands.push_back({{"band", std::string(1, static_cast<char>('A' + b))},
                       {"previous_billable", o.counts.previous_billable},
                       {"previous_refundable", o.counts.previous_refundable},
                       {"current_billable", o.counts.current_billable},
                       {"current_refundable", o.counts.current_refundable},
                       {"fee_per_declaration", money(o.fee_per_declaration)},
                       {"billable", money(o.billable)},
                       {"refundable", money(o.refundable)},
                       {"billable_declarations", lines_json(d, t.bands[b].billable)},
                       {"refundable_declarations", lines_json(d, t.bands[b].refundable)}});
    }
    types.push_back({{"declaration_type", finance::declaration_type_name(t.type)},
                     {"counts", counts_json(t.counts)},
                     {"bands", bands},
                     {"billable", money(t.billable)},
                     {"refundable", money(t.refundable)},
                     {"unpaid_declarations", lines_json(d, t.unpaid)},
                     {"unmatched_refundable_declarations", lines_json(d, t.unmatched_refundable)},
                     {"voided_declarations", lines_json(d, t.voided)}});
  }
  j["output"] = Json{{"types", types},
                     {"billable", money(f.banded.output_billable)},
                     {"refundable", money(f.banded.output_refundable)},
                     {"net", money(f.banded.output_net)}};
  j["uplifts"] = Json{{"fee_per_declaration", money(d.statement.contract.banded.uplift_fee_per_declaration)},
                      {"billable_count", f.banded.uplift_billable_count},
                      {"refundable_count", f.banded.uplift_refundable_count},
                      {"billable", money(f.banded.uplift_billable)},
                      {"refundable", money(f.banded.uplift_refundable)}};
  Json adjustments = Json::array();
  for (const Money& a : d.statement.activity.adjustments) adjustments.push_back(money(a));
  j["adjustments"] = adjustments;
  if (f.flat_rate) {
    Json flat = Json::array();
    for (const FlatRateDerivation& x : d.flat_rate)
      flat.push_back({{"declaration_type", finance::declaration_type_name(x.line.type)},
                      {"billable_count", x.line.billable_count},
                      {"refundable_count", x.line.refundable_count},
                      {"fee_per_declaration", money(x.line.fee_per_declaration)},
                      {"billable", money(x.line.billable)},
                      {"refundable", money(x.line.refundable)},
                      {"billable_declarations", lines_json(d, x.billable)},
                      {"refundable_declarations", lines_json(d, x.refundable)}});
    j["mentor_flat_rate"] = Json{{"lines", flat}, {"net", money(f.flat_rate->net)}};
  }
  Json previous = Json::array();
  for (const PreviousStatementCounts& p : d.previous) {
    Json counts = Json::object();
    for (finance::DeclarationType t : finance::kAllDeclarationTypes) {
      const finance::Tally& x = p.counts[finance::index(t)];
      if (x.billable || x.refundable)
        counts[std::string(finance::declaration_type_name(t))] = {{"billable", x.billable}, {"refundable", x.refundable}};
    }
    previous.push_back({{"statement_id", p.statement_id.empty() ? Json(nullptr) : Json(p.statement_id)},
                        {"payment_date", p.payment_date.to_string()},
                        {"counts", counts}});
  }
  j["previous_statements"] = previous;
  return j;
}

std::string csv_field(std::string_view v) {
  const bool quote = v.find_first_of(",\"\n\r") != std::string_view::npos ||
                     (!v.empty() && (v.front() == '=' || v.front() == '+' || v.front() == '-' || v.front() == '@'));
  if (!quote) return std::string(v);
  std::string out = "\"";
  if (v.front() == '=' || v.front() == '+' || v.front() == '-' || v.front() == '@') out.push_back('\'');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string position_text(GlobalPosition p) { return p.value() == 0 ? "" : std::to_string(p.value()); }

std::string period_name(const StatementSummary& s) {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  return std::string(kMonths[(s.month >= 1 && s.month <= 12 ? s.month : 1) - 1]) + " " + std::to_string(s.calendar_year);
}

const char* const kCsvHeader =
    "Participant ID,Type,Sparsity Uplift,Pupil Premium Uplift,Sparsity And Pp,Lead Provider ID,Delivery Partner ID,"
    "Declaration ID,Declaration Status,Declaration Type,Declaration Date,Declaration Created At,Evidence Held,"
    "Statement Name,Statement ID,Uplift Payable,Standing,Band,Fee Per Declaration,Billable Position,"
    "Refundable Position,Voided Position\n";

void csv_row(std::string& out, const Derivation& d, std::size_t i, std::string_view band, const Money* fee) {
  const DeclarationLine& l = d.lines[i];
  const StatementSummary& s = d.statement.summary;
  const bool uplift = l.pupil_premium_uplift || l.sparsity_uplift;
  std::string status(l.clawback_status != "no_clawback" ? l.clawback_status : l.payment_status);
  if (status == "no_payment") status = "submitted";
  const std::string cells[] = {l.participant_id,
                               std::string(role_name(l.role)),
                               l.sparsity_uplift ? "true" : "false",
                               l.pupil_premium_uplift ? "true" : "false",
                               l.sparsity_uplift && l.pupil_premium_uplift ? "true" : "false",
                               s.lead_provider_id,
                               l.delivery_partner_id,
                               l.id,
                               status,
                               std::string(finance::declaration_type_name(l.type)),
                               l.declaration_date.to_iso8601(),
                               l.created_at.to_iso8601(),
                               l.evidence_held,
                               period_name(s),
                               s.id,
                               uplift && l.payment_status == "paid" ? "true" : "false",
                               std::string(standing_name(l.standing)),
                               std::string(band),
                               fee ? fee->to_string_exact() : "",
                               position_text(l.positions.billable),
                               position_text(l.positions.refundable),
                               position_text(l.positions.voided)};
  bool first = true;
  for (const std::string& c : cells) {
    if (!first) out.push_back(',');
    first = false;
    out += csv_field(c);
  }
  out.push_back('\n');
}

// Rows in §5.7 order: per type, billable (by band), refundable, then voided;
// the flat-rate mentor lines after the banded ones.
std::string derivation_csv(const Derivation& d) {
  std::string out = kCsvHeader;
  for (const TypeDerivation& t : d.types) {
    for (std::size_t b = 0; b < t.bands.size(); ++b)
      for (std::size_t i : t.bands[b].billable)
        csv_row(out, d, i, std::string(1, static_cast<char>('A' + b)), &t.bands[b].output.fee_per_declaration);
    for (std::size_t b = 0; b < t.bands.size(); ++b)
      for (std::size_t i : t.bands[b].refundable)
        csv_row(out, d, i, std::string(1, static_cast<char>('A' + b)), &t.bands[b].output.fee_per_declaration);
    for (std::size_t i : t.voided) csv_row(out, d, i, "", nullptr);
  }
  for (const FlatRateDerivation& x : d.flat_rate) {
    for (std::size_t i : x.billable) csv_row(out, d, i, "flat_rate", &x.line.fee_per_declaration);
    for (std::size_t i : x.refundable) csv_row(out, d, i, "flat_rate", &x.line.fee_per_declaration);
  }
  return out;
}

HttpResponse failure(const Status& s) {
  switch (s.code()) {
    case Code::kNotFound: return not_found_response();
    case Code::kValidation: return error_response(422, "Unprocessable entity", s.message());
    default: return error_response(500, "Internal server error", s.to_string());
  }
}

}  // namespace

void register_finance_routes(Router& router, const FinanceDeps& deps) {
  const PaymentsProjection* payments = deps.payments;
  router.add("GET", "/admin/statements", [payments](const HttpRequest& r, const RequestContext&, const PathParams&) {
    std::string lp;
    std::optional<int> cohort;
    for (const auto& [k, v] : parse_query(r.query())) {
      if (k == "lead_provider_id") lp = v;
      if (k == "cohort" && !v.empty()) {
        int c = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), c);
        if (ec != std::errc() || p != v.data() + v.size())
          return error_response(400, "Bad request", "cohort must be a year, e.g. 2025");
        cohort = c;
      }
    }
    if (lp.empty()) return error_response(400, "Bad request", "lead_provider_id is required");
    Json list = Json::array();
    for (const StatementSummary& s : payments->statements(lp, cohort)) list.push_back(summary_json(s));
    return HttpResponse::json(200, Json{{"data", list}}.dump());
  });
  router.add("GET", "/admin/statements/{id}", [payments](const HttpRequest&, const RequestContext&, const PathParams& p) {
    Result<StatementView> v = payments->statement(p.at("id"));
    if (!v) return failure(v.status());
    return HttpResponse::json(200, Json{{"data", statement_json(*v)}}.dump());
  });
  router.add("GET", "/admin/statements/{id}/derivation",
             [payments](const HttpRequest&, const RequestContext&, const PathParams& p) {
               Result<Derivation> d = payments->derivation(p.at("id"));
               if (!d) return failure(d.status());
               return HttpResponse::json(200, Json{{"data", derivation_json(*d)}}.dump());
             });
  router.add("GET", "/admin/statements/{id}/derivation.csv",
             [payments](const HttpRequest&, const RequestContext&, const PathParams& p) {
               Result<Derivation> d = payments->derivation(p.at("id"));
               if (!d) return failure(d.status());
               HttpResponse res;
               res.status = 200;
               res.content_type = "text/csv; charset=utf-8";
               res.body = derivation_csv(*d);
               res.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=\"statement-" + d->statement.summary.id + "-derivation.csv\"");
               return res;
             });
}

}  // namespace rect::api
