// The payments fold: each finance or declaration event updates a few counts,
// links and positions; nothing is recomputed here except at authorisation,
// which freezes the statement's inputs and figures.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "projections/payments/model.h"

namespace rect::projections::payments {
namespace {

using Json = nlohmann::json;

Result<Money> money_of(const Json& j, const char* field) {
  auto it = j.find(field);
  if (it == j.end() || !it->is_string()) return Status(Code::kCorruption, std::string("missing money field ") + field);
  return Decimal::parse(it->get<std::string>());
}

Result<finance::ContractTerms> contract_terms(const Json& p, const std::vector<std::int64_t>& capacities) {
  finance::ContractTerms c;
  auto type = finance::parse_contract_type(p.value("contract_type", ""));
  if (!type) return Status(Code::kCorruption, "contract_created: unknown contract_type");
  c.type = *type;
  auto vat = money_of(p, "vat_rate");
  if (!vat) return vat.status();
  c.vat_rate = *vat;
  const Json& b = p.at("banded");
  c.banded.recruitment_target = b.value("recruitment_target", 0L);
  auto setup = money_of(b, "setup_fee");
  auto uplift = money_of(b, "uplift_fee_per_declaration");
  if (!setup || !uplift) return Status(Code::kCorruption, "contract_created: bad banded amounts");
  c.banded.setup_fee = *setup;
  c.banded.uplift_fee_per_declaration = *uplift;
  if (auto m = b.find("monthly_service_fee"); m != b.end() && !m->is_null()) {
    auto fee = money_of(b, "monthly_service_fee");
    if (!fee) return fee.status();
    c.banded.monthly_service_fee = *fee;
  }
  const Json& terms = b.at("band_terms");
  for (std::size_t i = 0; i < terms.size(); ++i) {
    finance::BandTerms t;
    t.capacity = i < capacities.size() ? capacities[i] : 0;
    auto fee = money_of(terms[i], "fee_per_declaration");
    auto out = money_of(terms[i], "output_fee_ratio");
    auto svc = money_of(terms[i], "service_fee_ratio");
    if (!fee || !out || !svc) return Status(Code::kCorruption, "contract_created: bad band terms");
    t.fee_per_declaration = *fee;
    t.output_fee_ratio = *out;
    t.service_fee_ratio = *svc;
    c.banded.bands.push_back(t);
  }
  if (auto f = p.find("flat_rate"); f != p.end() && f->is_object()) {
    c.flat_rate.recruitment_target = f->value("recruitment_target", 0L);
    auto fee = money_of(*f, "fee_per_declaration");
    if (!fee) return fee.status();
    c.flat_rate.fee_per_declaration = *fee;
  }
  return c;
}

finance::Role role_of(const FlatFields& f) {
  return f.text("role") == "mentor" ? finance::Role::kMentor : finance::Role::kEct;
}

}  // namespace

std::string_view payment_status_name(PaymentStatus s) {
  switch (s) {
    case PaymentStatus::kNoPayment: return "no_payment";
    case PaymentStatus::kEligible: return "eligible";
    case PaymentStatus::kPayable: return "payable";
    case PaymentStatus::kPaid: return "paid";
    case PaymentStatus::kVoided: return "voided";
  }
  return "no_payment";
}

std::string_view clawback_status_name(ClawbackStatus s) {
  switch (s) {
    case ClawbackStatus::kNone: return "no_clawback";
    case ClawbackStatus::kAwaiting: return "awaiting_clawback";
    case ClawbackStatus::kClawedBack: return "clawed_back";
  }
  return "no_clawback";
}

const ActiveLeadProvider* Model::find_alp(const std::string& lp, int year) const {
  auto it = alps.find({lp, year});
  return it == alps.end() ? nullptr : &it->second;
}

void Model::mark(const Declaration& d) {
  if (d.marked) return;
  d.marked = true;
  dirty_declarations.push_back(&d);
  declarations_sorted = false;
}

const Contract* Model::contract_for(const Statement& s) const {
  const ActiveLeadProvider* a = find_alp(s.summary.lead_provider_id, s.summary.cohort);
  if (!a || a->contracts.empty()) return nullptr;
  if (s.summary.contract_id.empty()) return &a->contracts.back();
  for (const Contract& c : a->contracts)
    if (c.id == s.summary.contract_id) return &c;
  return nullptr;
}

finance::StatementTallies Model::previous_of(const Statement& s) const {
  finance::StatementTallies sum;
  const ActiveLeadProvider* a = find_alp(s.summary.lead_provider_id, s.summary.cohort);
  if (!a) return sum;
  for (const Statement* other : a->statements)
    if (other->summary.payment_date < s.summary.payment_date) sum += other->tallies;
  return sum;
}

std::vector<Money> Model::adjustments_of(const Statement& s) const {
  std::vector<Money> out;
  out.reserve(s.adjustments.size());
  for (const Adjustment& a : s.adjustments) out.push_back(a.amount);
  return out;
}

void Model::freeze(Statement& s, GlobalPosition at_position, Timestamp at) {
  Frozen f;
  f.position = at_position;
  f.at = at;
  if (const Contract* c = contract_for(s)) {
    f.contract_id = c->id;
    f.contract = c->terms;
  }
  auto vat = vat_registered.find(s.summary.lead_provider_id);
  f.vat_registered = vat == vat_registered.end() ? true : vat->second;
  f.previous = previous_of(s);
  f.current = s.tallies;
  f.adjustments = adjustments_of(s);
  f.payment_count = s.payment_declarations.size();
  f.clawback_count = s.clawback_declarations.size();
  if (!f.contract) {
    f.error = "the statement has no contract to be computed under";
  } else {
    Result<finance::StatementFigures> figures =
        finance::calculate_statement(*f.contract, f.vat_registered, {f.previous, f.current, f.adjustments});
    if (figures) {
      for (const finance::DisplayRow& r : figures->rows)
        f.rows.emplace_back(std::string(r.key), r.exact.to_string_exact());
    } else {
      f.error = figures.status().message();
    }
  }
  s.frozen = std::move(f);
}

Status Model::fold(const RecordedEvent& e) {
  const std::string_view type = e.data.type;  // comparisons check the length first
  const GlobalPosition pos = e.position;
  position = pos;
  dirty_position = true;
  const bool declaration_event = type.starts_with("declaration_");
  const bool finance_event = type.starts_with("statement_") || type == "band_added" || type == "contract_created" ||
                             type.starts_with("lead_provider_");
  if (!declaration_event && !finance_event) return Status::ok();

  if (type == "contract_created") {
    Json p = Json::parse(e.data.payload, nullptr, false);
    if (!p.is_object() || !p.contains("banded")) return Status(Code::kCorruption, "contract_created: bad payload");
    ActiveLeadProvider& a = alp(p.value("lead_provider_id", ""), p.value("year", 0));
    Result<finance::ContractTerms> terms = contract_terms(p, a.bands);
    if (!terms) return terms.status();
    a.contracts.push_back({p.value("contract_id", ""), std::move(*terms)});
    dirty_alps.insert({p.value("lead_provider_id", ""), p.value("year", 0)});
    return Status::ok();
  }

  FlatFields f;
  if (!f.parse(e.data.payload)) return Status(Code::kCorruption, e.data.type + ": payload is not a JSON object");

  if (type == "lead_provider_created" || type == "lead_provider_vat_status_changed") {
    const std::string lp = f.str("lead_provider_id");
    vat_registered[lp] = f.boolean(type == "lead_provider_created" ? "vat_registered" : "to");
    dirty_lead_providers.insert(lp);
    return Status::ok();
  }
  if (type == "band_added") {
    const std::string lp = f.str("lead_provider_id");
    const int year = static_cast<int>(f.integer("year"));
    ActiveLeadProvider& a = alp(lp, year);
    const std::size_t order = static_cast<std::size_t>(std::max<std::int64_t>(f.integer("allocation_order"), 1));
    if (a.bands.size() < order) a.bands.resize(order, 0);
    a.bands[order - 1] = f.integer("capacity");
    dirty_alps.insert({lp, year});
    return Status::ok();
  }
  if (type == "statement_created") {
    const std::string id = f.str("statement_id");
    Statement& s = statements[id];
    StatementSummary& m = s.summary;
    m.id = id;
    m.lead_provider_id = f.str("lead_provider_id");
    m.cohort = static_cast<int>(f.integer("year"));
    m.month = static_cast<int>(f.integer("month"));
    m.calendar_year = static_cast<int>(f.integer("calendar_year"));
    auto deadline = domain::Date::parse(f.text("deadline_date").value_or(""));
    auto payment = domain::Date::parse(f.text("payment_date").value_or(""));
    if (!deadline || !payment) return Status(Code::kCorruption, "statement_created: bad dates");
    m.deadline_date = *deadline;
    m.payment_date = *payment;
    m.fee_type = f.str("fee_type");
    m.status = "open";
    m.contract_id = f.str("contract_id");
    m.created_position = pos;
    alp(m.lead_provider_id, m.cohort).statements.push_back(&s);
    dirty_statements.insert(id);
    return Status::ok();
  }
  if (finance_event) {
    auto it = statements.find(f.str("statement_id"));
    if (it == statements.end()) return Status::ok();
    Statement& s = it->second;
    if (type == "statement_adjustment_added") {
      auto amount = Decimal::parse(f.text("amount").value_or(""));
      if (!amount) return Status(Code::kCorruption, "statement_adjustment_added: bad amount");
      s.adjustments.push_back({f.str("adjustment_id"), f.str("payment_type"), *amount, pos});
    } else if (type == "statement_adjustment_removed") {
      const std::string adj = f.str("adjustment_id");
      std::erase_if(s.adjustments, [&](const Adjustment& a) { return a.id == adj; });
    } else if (type == "statement_marked_payable") {
      s.summary.status = "payable";
      s.summary.marked_payable_on = domain::Date::parse(f.text("on").value_or(""));
    } else if (type == "statement_authorised") {
      s.summary.status = "paid";
      const Timestamp at = Timestamp::parse_iso8601(f.text("at").value_or("")).value_or(e.recorded_at);
      s.summary.authorised_at = at;
      s.summary.authorised_position = pos;
      if (!s.frozen) freeze(s, pos, at);
    } else {
      return Status::ok();
    }
    dirty_statements.insert(s.summary.id);
    return Status::ok();
  }

  // Declaration events.
  const std::string id = f.str("declaration_id");
  auto symbol = [&](const char* field) { return symbols.symbol(f.text(field).value_or("")); };
  if (type == "declaration_submitted") {
    auto& [key, d] = *declarations.try_emplace(id).first;
    d.id = Symbol(&key);
    d.teacher_id = symbol("teacher_id");
    d.lead_provider_id = symbol("lead_provider_id");
    d.delivery_partner_id = symbol("delivery_partner_id");
    d.evidence_held = symbol("evidence_held");
    d.year = static_cast<int>(f.integer("year"));
    d.role = role_of(f);
    auto t = finance::parse_declaration_type(f.text("declaration_type").value_or(""));
    if (!t) return Status(Code::kCorruption, "declaration_submitted: unknown declaration_type");
    d.type = *t;
    auto date = Timestamp::parse_iso8601(f.text("declaration_date").value_or(""));
    if (!date) return Status(Code::kCorruption, "declaration_submitted: bad declaration_date");
    d.declaration_date = date->micros();
    d.created_at = e.recorded_at.micros();
    d.pupil_premium = f.boolean("pupil_premium_uplift");
    d.sparsity = f.boolean("sparsity_uplift");
    d.positions.submitted = pos;
    mark(d);
    return Status::ok();
  }
  auto dit = declarations.find(id);
  if (dit == declarations.end()) return Status::ok();
  Declaration& d = dit->second;
  auto statement_of = [&](const std::string& sid) -> Statement* {
    auto it = statements.find(sid);
    return it == statements.end() ? nullptr : &it->second;
  };
  auto tally_of = [&](Statement& s) -> finance::Tally& { return s.tallies.of(d.role)[finance::index(d.type)]; };

  if (type == "declaration_made_eligible") {
    if (d.payment != PaymentStatus::kNoPayment) return Status::ok();
    d.payment = PaymentStatus::kEligible;
    d.payment_statement = symbol("statement_id");
    d.positions.billable = pos;
    if (Statement* s = statement_of(d.payment_statement)) {
      finance::Tally& t = tally_of(*s);
      ++t.billable;
      if (d.uplift()) ++t.uplift_billable;
      s->payment_declarations.push_back(&d);
    }
  } else if (type == "declaration_made_payable") {
    if (d.payment == PaymentStatus::kEligible) d.payment = PaymentStatus::kPayable;
    d.positions.payable = pos;
  } else if (type == "declaration_paid") {
    d.payment = PaymentStatus::kPaid;
    d.positions.paid = pos;
  } else if (type == "declaration_voided") {
    const bool was_billable = d.payment == PaymentStatus::kEligible || d.payment == PaymentStatus::kPayable;
    d.payment = PaymentStatus::kVoided;
    d.positions.voided = pos;
    if (was_billable)
      if (Statement* s = statement_of(d.payment_statement)) {
        finance::Tally& t = tally_of(*s);
        --t.billable;
        if (d.uplift()) --t.uplift_billable;
      }
  } else if (type == "declaration_clawback_requested") {
    if (d.clawback != ClawbackStatus::kNone) return Status::ok();
    d.clawback = ClawbackStatus::kAwaiting;
    d.clawback_statement = symbol("statement_id");
    d.positions.refundable = pos;
    if (Statement* s = statement_of(d.clawback_statement)) {
      finance::Tally& t = tally_of(*s);
      ++t.refundable;
      if (d.uplift()) ++t.uplift_refundable;
      s->clawback_declarations.push_back(&d);
    }
  } else if (type == "declaration_clawed_back") {
    d.clawback = ClawbackStatus::kClawedBack;
    d.positions.clawed_back = pos;
  } else {
    return Status::ok();
  }
  mark(d);
  return Status::ok();
}

}  // namespace rect::projections::payments
