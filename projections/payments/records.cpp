// The payments read model's persisted records (docs/storage-format.md, "Read
// models: payments"): compact JSON written by hand, read back with
// nlohmann/json at start-up only. Per-statement counts and declaration lists
// are not stored for live statements; relink() derives them from the
// declarations, so the two can never disagree.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "projections/json_bytes.h"
#include "projections/payments/model.h"

namespace rect::projections::payments {
namespace {

using Json = nlohmann::json;

void put_string(std::string& out, std::string_view s) {
  out.push_back('"');
  // Most strings (ids, amounts, dates) need no escape: copied up to the
  // first byte that does, and from there a byte at a time.
  const std::size_t plain = first_json_special(s.data(), s.size());
  if (plain != 0) out.append(s.data(), plain);  // an empty view's data() may be null
  for (char c : s.substr(plain)) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void put_key(std::string& out, std::string_view k) {
  if (out.back() != '{') out.push_back(',');
  put_string(out, k);
  out.push_back(':');
}
void field(std::string& out, std::string_view k, std::string_view v) {
  put_key(out, k);
  put_string(out, v);
}
void field(std::string& out, std::string_view k, std::int64_t v) {
  put_key(out, k);
  out += std::to_string(v);
}
void field(std::string& out, std::string_view k, bool v) {
  put_key(out, k);
  out += v ? "true" : "false";
}
void money(std::string& out, std::string_view k, const Money& m) { field(out, k, m.to_string_exact()); }

std::int64_t pos(GlobalPosition p) { return static_cast<std::int64_t>(p.value()); }

std::string encode_terms(const finance::ContractTerms& c) {
  std::string o = "{";
  field(o, "contract_type", finance::contract_type_name(c.type));
  money(o, "vat_rate", c.vat_rate);
  field(o, "recruitment_target", c.banded.recruitment_target);
  money(o, "setup_fee", c.banded.setup_fee);
  money(o, "uplift_fee_per_declaration", c.banded.uplift_fee_per_declaration);
  put_key(o, "monthly_service_fee");
  if (c.banded.monthly_service_fee) put_string(o, c.banded.monthly_service_fee->to_string_exact());
  else o += "null";
  put_key(o, "bands");
  o.push_back('[');
  for (std::size_t i = 0; i < c.banded.bands.size(); ++i) {
    const finance::BandTerms& b = c.banded.bands[i];
    if (i) o.push_back(',');
    o.push_back('{');
    field(o, "capacity", b.capacity);
    money(o, "fee_per_declaration", b.fee_per_declaration);
    money(o, "output_fee_ratio", b.output_fee_ratio);
    money(o, "service_fee_ratio", b.service_fee_ratio);
    o.push_back('}');
  }
  o.push_back(']');
  field(o, "flat_rate_recruitment_target", c.flat_rate.recruitment_target);
  money(o, "flat_rate_fee_per_declaration", c.flat_rate.fee_per_declaration);
  o.push_back('}');
  return o;
}

// A StatementTallies as [[billable, refundable, uplift_billable, uplift_refundable] × 9] for ECTs then mentors.
std::string encode_tallies(const finance::StatementTallies& t) {
  std::string o = "[";
  for (finance::Role r : {finance::Role::kEct, finance::Role::kMentor})
    for (const finance::Tally& x : t.of(r)) {
      if (o.size() > 1) o.push_back(',');
      o.push_back('[');
      for (std::int64_t v : {x.billable, x.refundable, x.uplift_billable, x.uplift_refundable}) {
        if (o.back() != '[') o.push_back(',');
        o += std::to_string(v);
      }
      o.push_back(']');
    }
  o.push_back(']');
  return o;
}

Result<Money> decimal_of(const Json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_string()) return Status(Code::kCorruption, std::string("payments record: missing ") + k);
  return Decimal::parse_exact(j[k].get<std::string>());
}

Result<finance::ContractTerms> decode_terms(const Json& j) {
  finance::ContractTerms c;
  auto type = finance::parse_contract_type(j.value("contract_type", ""));
  if (!type) return Status(Code::kCorruption, "payments record: bad contract_type");
  c.type = *type;
  auto vat = decimal_of(j, "vat_rate");
  auto setup = decimal_of(j, "setup_fee");
  auto uplift = decimal_of(j, "uplift_fee_per_declaration");
  auto flat = decimal_of(j, "flat_rate_fee_per_declaration");
  if (!vat || !setup || !uplift || !flat) return Status(Code::kCorruption, "payments record: bad contract amounts");
  c.vat_rate = *vat;
  c.banded.setup_fee = *setup;
  c.banded.uplift_fee_per_declaration = *uplift;
  c.flat_rate.fee_per_declaration = *flat;
  c.banded.recruitment_target = j.value("recruitment_target", 0L);
  c.flat_rate.recruitment_target = j.value("flat_rate_recruitment_target", 0L);
  if (j.contains("monthly_service_fee") && !j["monthly_service_fee"].is_null()) {
    auto m = decimal_of(j, "monthly_service_fee");
    if (!m) return m.status();
    c.banded.monthly_service_fee = *m;
  }
  for (const Json& b : j.at("bands")) {
    finance::BandTerms t;
    t.capacity = b.value("capacity", 0L);
    auto fee = decimal_of(b, "fee_per_declaration");
    auto out = decimal_of(b, "output_fee_ratio");
    auto svc = decimal_of(b, "service_fee_ratio");
    if (!fee || !out || !svc) return Status(Code::kCorruption, "payments record: bad band terms");
    t.fee_per_declaration = *fee;
    t.output_fee_ratio = *out;
    t.service_fee_ratio = *svc;
    c.banded.bands.push_back(t);
  }
  return c;
}

Status decode_tallies(const Json& j, finance::StatementTallies& t) {
  if (!j.is_array() || j.size() != 2 * finance::kDeclarationTypeCount)
    return Status(Code::kCorruption, "payments record: bad tallies");
  std::size_t k = 0;
  for (finance::Role r : {finance::Role::kEct, finance::Role::kMentor})
    for (finance::Tally& x : t.of(r)) {
      const Json& a = j[k++];
      x = {a.at(0).get<std::int64_t>(), a.at(1).get<std::int64_t>(), a.at(2).get<std::int64_t>(),
           a.at(3).get<std::int64_t>()};
    }
  return Status::ok();
}

std::optional<domain::Date> date_of(const Json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_string()) return std::nullopt;
  return domain::Date::parse(j[k].get<std::string>());
}

GlobalPosition gpos(const Json& j, const char* k) { return GlobalPosition(j.value(k, std::uint64_t{0})); }

Status load_statement(Model& m, const std::string& id, const Json& j) {
  Statement& s = m.statements[id];
  StatementSummary& x = s.summary;
  x.id = id;
  x.lead_provider_id = j.value("lead_provider_id", "");
  x.cohort = j.value("cohort", 0);
  x.month = j.value("month", 0);
  x.calendar_year = j.value("calendar_year", 0);
  auto deadline = date_of(j, "deadline_date");
  auto payment = date_of(j, "payment_date");
  if (!deadline || !payment) return Status(Code::kCorruption, "payments record: bad statement dates");
  x.deadline_date = *deadline;
  x.payment_date = *payment;
  x.fee_type = j.value("fee_type", "");
  x.status = j.value("status", "open");
  x.contract_id = j.value("contract_id", "");
  x.marked_payable_on = date_of(j, "marked_payable_on");
  if (j.contains("authorised_at")) x.authorised_at = Timestamp(j["authorised_at"].get<std::int64_t>());
  x.created_position = gpos(j, "created_position");
  x.authorised_position = gpos(j, "authorised_position");
  for (const Json& a : j.at("adjustments")) {
    auto amount = decimal_of(a, "amount");
    if (!amount) return amount.status();
    s.adjustments.push_back({a.value("id", ""), a.value("payment_type", ""), *amount, gpos(a, "position")});
  }
  if (j.contains("frozen")) {
    const Json& fj = j["frozen"];
    Frozen f;
    f.position = gpos(fj, "position");
    f.at = Timestamp(fj.value("at", std::int64_t{0}));
    f.contract_id = fj.value("contract_id", "");
    if (fj.contains("contract") && !fj["contract"].is_null()) {
      auto terms = decode_terms(fj["contract"]);
      if (!terms) return terms.status();
      f.contract = std::move(*terms);
    }
    f.vat_registered = fj.value("vat_registered", true);
    if (Status st = decode_tallies(fj.at("previous"), f.previous); !st) return st;
    if (Status st = decode_tallies(fj.at("current"), f.current); !st) return st;
    for (const Json& a : fj.at("adjustments")) {
      auto amount = Decimal::parse_exact(a.get<std::string>());
      if (!amount) return amount.status();
      f.adjustments.push_back(*amount);
    }
    f.payment_count = fj.value("payment_count", std::size_t{0});
    f.clawback_count = fj.value("clawback_count", std::size_t{0});
    f.error = fj.value("error", "");
    for (const Json& r : fj.at("rows")) f.rows.emplace_back(r.at(0).get<std::string>(), r.at(1).get<std::string>());
    s.frozen = std::move(f);
  }
  return Status::ok();
}

Status load_declaration(Model& m, const std::string& id, const Json& j) {
  auto& [key, d] = *m.declarations.try_emplace(id).first;
  d.id = Symbol(&key);
  auto symbol = [&](const char* field) { return m.symbols.symbol(j.value(field, "")); };
  d.teacher_id = symbol("teacher_id");
  d.lead_provider_id = symbol("lead_provider_id");
  d.delivery_partner_id = symbol("delivery_partner_id");
  d.evidence_held = symbol("evidence_held");
  d.year = j.value("year", 0);
  d.role = j.value("role", "ect") == "mentor" ? finance::Role::kMentor : finance::Role::kEct;
  auto t = finance::parse_declaration_type(j.value("declaration_type", ""));
  if (!t) return Status(Code::kCorruption, "payments record: bad declaration_type");
  d.type = *t;
  d.declaration_date = j.value("declaration_date", std::int64_t{0});
  d.created_at = j.value("created_at", std::int64_t{0});
  d.pupil_premium = j.value("pupil_premium_uplift", false);
  d.sparsity = j.value("sparsity_uplift", false);
  d.payment = static_cast<PaymentStatus>(j.value("payment", 0));
  d.clawback = static_cast<ClawbackStatus>(j.value("clawback", 0));
  d.payment_statement = symbol("payment_statement");
  d.clawback_statement = symbol("clawback_statement");
  const Json& p = j.at("positions");
  d.positions = {gpos(p, "submitted"), gpos(p, "billable"), gpos(p, "payable"),    gpos(p, "paid"),
                 gpos(p, "voided"),    gpos(p, "refundable"), gpos(p, "clawed_back")};
  return Status::ok();
}

}  // namespace

std::string encode_lead_provider(bool vat_registered) {
  std::string o = "{";
  field(o, "vat_registered", vat_registered);
  o.push_back('}');
  return o;
}

std::string encode_alp(const ActiveLeadProvider& a) {
  std::string o = "{";
  put_key(o, "bands");
  o.push_back('[');
  for (std::size_t i = 0; i < a.bands.size(); ++i) {
    if (i) o.push_back(',');
    o += std::to_string(a.bands[i]);
  }
  o.push_back(']');
  put_key(o, "contracts");
  o.push_back('[');
  for (std::size_t i = 0; i < a.contracts.size(); ++i) {
    if (i) o.push_back(',');
    o += "{";
    field(o, "id", a.contracts[i].id);
    put_key(o, "terms");
    o += encode_terms(a.contracts[i].terms);
    o.push_back('}');
  }
  o += "]}";
  return o;
}

std::string encode_statement(const Statement& s) {
  const StatementSummary& x = s.summary;
  std::string o = "{";
  field(o, "lead_provider_id", x.lead_provider_id);
  field(o, "cohort", std::int64_t{x.cohort});
  field(o, "month", std::int64_t{x.month});
  field(o, "calendar_year", std::int64_t{x.calendar_year});
  field(o, "deadline_date", x.deadline_date.to_string());
  field(o, "payment_date", x.payment_date.to_string());
  field(o, "fee_type", x.fee_type);
  field(o, "status", x.status);
  field(o, "contract_id", x.contract_id);
  if (x.marked_payable_on) field(o, "marked_payable_on", x.marked_payable_on->to_string());
  if (x.authorised_at) field(o, "authorised_at", x.authorised_at->micros());
  field(o, "created_position", pos(x.created_position));
  field(o, "authorised_position", pos(x.authorised_position));
  put_key(o, "adjustments");
  o.push_back('[');
  for (std::size_t i = 0; i < s.adjustments.size(); ++i) {
    const Adjustment& a = s.adjustments[i];
    if (i) o.push_back(',');
    o.push_back('{');
    field(o, "id", a.id);
    field(o, "payment_type", a.payment_type);
    money(o, "amount", a.amount);
    field(o, "position", pos(a.position));
    o.push_back('}');
  }
  o.push_back(']');
  if (s.frozen) {
    const Frozen& f = *s.frozen;
    put_key(o, "frozen");
    o.push_back('{');
    field(o, "position", pos(f.position));
    field(o, "at", f.at.micros());
    field(o, "contract_id", f.contract_id);
    put_key(o, "contract");
    o += f.contract ? encode_terms(*f.contract) : "null";
    field(o, "vat_registered", f.vat_registered);
    put_key(o, "previous");
    o += encode_tallies(f.previous);
    put_key(o, "current");
    o += encode_tallies(f.current);
    put_key(o, "adjustments");
    o.push_back('[');
    for (std::size_t i = 0; i < f.adjustments.size(); ++i) {
      if (i) o.push_back(',');
      put_string(o, f.adjustments[i].to_string_exact());
    }
    o.push_back(']');
    field(o, "payment_count", static_cast<std::int64_t>(f.payment_count));
    field(o, "clawback_count", static_cast<std::int64_t>(f.clawback_count));
    field(o, "error", f.error);
    put_key(o, "rows");
    o.push_back('[');
    for (std::size_t i = 0; i < f.rows.size(); ++i) {
      if (i) o.push_back(',');
      o.push_back('[');
      put_string(o, f.rows[i].first);
      o.push_back(',');
      put_string(o, f.rows[i].second);
      o.push_back(']');
    }
    o += "]}";
  }
  o.push_back('}');
  return o;
}

std::string encode_declaration(const Declaration& d) {
  std::string o = "{";
  field(o, "teacher_id", d.teacher_id);
  field(o, "lead_provider_id", d.lead_provider_id);
  field(o, "delivery_partner_id", d.delivery_partner_id);
  field(o, "evidence_held", d.evidence_held);
  field(o, "year", std::int64_t{d.year});
  field(o, "role", std::string_view(d.role == finance::Role::kMentor ? "mentor" : "ect"));
  field(o, "declaration_type", finance::declaration_type_name(d.type));
  field(o, "declaration_date", d.declaration_date);
  field(o, "created_at", d.created_at);
  field(o, "pupil_premium_uplift", d.pupil_premium);
  field(o, "sparsity_uplift", d.sparsity);
  field(o, "payment", static_cast<std::int64_t>(d.payment));
  field(o, "clawback", static_cast<std::int64_t>(d.clawback));
  field(o, "payment_statement", d.payment_statement);
  field(o, "clawback_statement", d.clawback_statement);
  put_key(o, "positions");
  o.push_back('{');
  const DeclarationPositions& p = d.positions;
  field(o, "submitted", pos(p.submitted));
  field(o, "billable", pos(p.billable));
  field(o, "payable", pos(p.payable));
  field(o, "paid", pos(p.paid));
  field(o, "voided", pos(p.voided));
  field(o, "refundable", pos(p.refundable));
  field(o, "clawed_back", pos(p.clawed_back));
  o += "}}";
  return o;
}

Status load_record(Model& m, std::string_view key, std::string_view value) {
  Json j = Json::parse(value, nullptr, false);
  if (j.is_discarded()) return Status(Code::kCorruption, "payments record is not JSON: " + std::string(key));
  try {
    if (key == "p") {
      m.position = GlobalPosition(j.get<std::uint64_t>());
      return Status::ok();
    }
    if (key.starts_with("l/")) {
      m.vat_registered[std::string(key.substr(2))] = j.value("vat_registered", true);
      return Status::ok();
    }
    if (key.starts_with("a/")) {
      const std::string_view rest = key.substr(2);
      const auto slash = rest.rfind('/');
      if (slash == std::string_view::npos) return Status(Code::kCorruption, "payments record: bad key");
      ActiveLeadProvider& a = m.alp(std::string(rest.substr(0, slash)), std::stoi(std::string(rest.substr(slash + 1))));
      a.bands = j.at("bands").get<std::vector<std::int64_t>>();
      for (const Json& c : j.at("contracts")) {
        auto terms = decode_terms(c.at("terms"));
        if (!terms) return terms.status();
        a.contracts.push_back({c.value("id", ""), std::move(*terms)});
      }
      return Status::ok();
    }
    if (key.starts_with("s/")) return load_statement(m, std::string(key.substr(2)), j);
    if (key.starts_with("d/")) return load_declaration(m, std::string(key.substr(2)), j);
  } catch (const Json::exception& e) {
    return Status(Code::kCorruption, "payments record " + std::string(key) + ": " + e.what());
  }
  return Status(Code::kCorruption, "unknown payments record key: " + std::string(key));
}

void Model::relink() {
  for (auto& [key, a] : alps) a.statements.clear();
  for (auto& [id, s] : statements) {
    s.tallies = {};
    s.payment_declarations.clear();
    s.clawback_declarations.clear();
    alp(s.summary.lead_provider_id, s.summary.cohort).statements.push_back(&s);
  }
  for (auto& [key, a] : alps)
    std::sort(a.statements.begin(), a.statements.end(),
              [](const Statement* x, const Statement* y) { return x->summary.created_position < y->summary.created_position; });
  for (auto& [id, d] : declarations) {
    if (auto it = statements.find(d.payment_statement); !d.payment_statement.empty() && it != statements.end()) {
      it->second.payment_declarations.push_back(&d);
      if (d.payment != PaymentStatus::kVoided && d.payment != PaymentStatus::kNoPayment) {
        finance::Tally& t = it->second.tallies.of(d.role)[finance::index(d.type)];
        ++t.billable;
        if (d.uplift()) ++t.uplift_billable;
      }
    }
    if (auto it = statements.find(d.clawback_statement); !d.clawback_statement.empty() && it != statements.end()) {
      it->second.clawback_declarations.push_back(&d);
      finance::Tally& t = it->second.tallies.of(d.role)[finance::index(d.type)];
      ++t.refundable;
      if (d.uplift()) ++t.uplift_refundable;
    }
  }
  for (auto& [id, s] : statements) {
    std::sort(s.payment_declarations.begin(), s.payment_declarations.end(),
              [](const Declaration* x, const Declaration* y) { return x->positions.billable < y->positions.billable; });
    std::sort(s.clawback_declarations.begin(), s.clawback_declarations.end(), [](const Declaration* x, const Declaration* y) {
      return x->positions.refundable < y->positions.refundable;
    });
  }
}

std::string statement_period_name(const StatementSummary& s) {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  const int m = s.month >= 1 && s.month <= 12 ? s.month : 1;
  return std::string(kMonths[m - 1]) + " " + std::to_string(s.calendar_year);
}

}  // namespace rect::projections::payments
