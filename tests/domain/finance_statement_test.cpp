// Edge cases of calculate_statement: capacity, clawback pricing, payment-date
// ties, service fee override, VAT, negative totals, display rows, errors.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/finance/statement_calculator.h"
#include "domain/money.h"

namespace rect::finance {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

Decimal D(const char* s) {
  Result<Decimal> r = Decimal::parse(s);
  REQUIRE_MESSAGE(r.is_ok(), r.status().to_string());
  return *r;
}

constexpr std::size_t kStarted = index(DeclarationType::kStarted);
constexpr std::size_t kCompleted = index(DeclarationType::kCompleted);
constexpr std::size_t kRetained2 = index(DeclarationType::kRetained2);

BandTerms terms(std::int64_t capacity, const char* fee, const char* output_ratio = "0.6") {
  Decimal out = D(output_ratio);
  return {.capacity = capacity, .fee_per_declaration = D(fee), .output_fee_ratio = out,
          .service_fee_ratio = Decimal(1) - out};
}

// An ecf contract, bands A 100 @ 1000 and B 100 @ 500 (output 0.6), no
// service fee, 20% VAT.
ContractTerms ecf() {
  ContractTerms c;
  c.type = ContractType::kEcf;
  c.banded.bands = {terms(2, "1000"), terms(2, "500")};
  c.banded.recruitment_target = 4;
  c.banded.monthly_service_fee = Decimal(0);
  c.banded.uplift_fee_per_declaration = D("100");
  c.vat_rate = D("0.2");
  return c;
}

ContractTerms ittecf() {
  ContractTerms c = ecf();
  c.type = ContractType::kIttecfEctp;
  c.flat_rate.fee_per_declaration = D("1000");
  return c;
}

StatementFigures calc(const ContractTerms& c, const StatementActivity& a, bool vat_registered = true) {
  Result<StatementFigures> r = calculate_statement(c, vat_registered, a);
  REQUIRE_MESSAGE(r.is_ok(), r.status().to_string());
  return *r;
}

std::vector<std::string_view> keys(const StatementFigures& f) {
  std::vector<std::string_view> k;
  for (const DisplayRow& r : f.rows) k.push_back(r.key);
  return k;
}

TEST_CASE("finance edge: declarations over total band capacity pay nothing") {
  StatementActivity a;
  a.previous.ect[kStarted].billable = 4;  // A and B full
  a.current.ect[kStarted].billable = 3;
  StatementFigures f = calc(ecf(), a);
  CHECK(f.banded.types[kStarted].allocation.unpaid_current_billable == 3);
  CHECK(f.banded.output_billable == Decimal(0));
  CHECK(f.total == Decimal(0));
  CHECK(f.row("output_payment")->rounded == "0.00");
}

TEST_CASE("finance edge: a clawback is priced at the highest occupied band") {
  // Three paid earlier: A holds 2 (at 120 each), B holds 1 (at 60). The
  // clawback of a declaration first paid in band A drains band B.
  StatementActivity a;
  a.previous.ect[kStarted].billable = 3;
  a.current.ect[kStarted].refundable = 1;
  StatementFigures f = calc(ecf(), a);
  CHECK(f.banded.types[kStarted].bands[1].counts.current_refundable == 1);
  CHECK(f.banded.output_refundable == Decimal(60));
  CHECK(f.row("clawbacks")->exact == Decimal(-60));
  CHECK(f.total == Decimal(-72));
  CHECK(f.row("total")->rounded == "-72.00");
}

TEST_CASE("finance edge: statements sharing a payment date are not previous") {
  const year_month_day d1{year(2025), month(1), day(25)};
  const year_month_day d2{year(2025), month(2), day(25)};
  std::vector<DatedTallies> all(4);
  all[0].payment_date = d1;
  all[0].tallies.ect[kStarted].billable = 1;
  all[1].payment_date = d2;
  all[1].tallies.ect[kStarted].billable = 2;
  all[2].payment_date = d2;  // same payment date as [1]
  all[2].tallies.ect[kStarted].billable = 5;
  all[3].payment_date = year_month_day{year(2025), month(3), day(25)};
  all[3].tallies.ect[kStarted].billable = 7;

  StatementTallies prev = previous_tallies(all, d2);
  CHECK(prev.ect[kStarted].billable == 1);
  CHECK(previous_tallies(all, d1).ect[kStarted].billable == 0);

  StatementActivity a{.previous = prev, .current = all[1].tallies, .adjustments = {}};
  StatementFigures f = calc(ecf(), a);
  // One previous in A leaves room for one current in A (120) and one in B (60).
  CHECK(f.banded.output_billable == Decimal(180));
}

TEST_CASE("finance edge: monthly_service_fee null computes, 0 means zero, a value overrides") {
  ContractTerms c = ecf();
  c.banded.setup_fee = D("29");
  StatementActivity a;

  c.banded.monthly_service_fee.reset();
  StatementFigures computed = calc(c, a);
  // pool = 2×1000×0.4 + 2×500×0.4 = 1200; deduction = 2×29/2 = 29.
  CHECK(computed.banded.service_fee.pool == Decimal(1200));
  CHECK(computed.banded.service_fee.setup_deduction == Decimal(29));
  CHECK(computed.banded.service_fee.monthly == Decimal::fraction(1171, 29));
  CHECK(computed.row("service_fee")->rounded == "40.38");

  c.banded.monthly_service_fee = Decimal(0);
  StatementFigures zero = calc(c, a);
  CHECK(zero.banded.service_fee.overridden);
  CHECK(zero.banded.service_fee.monthly == Decimal(0));
  CHECK(zero.total == Decimal(0));

  c.banded.monthly_service_fee = D("123.45");
  CHECK(calc(c, a).row("service_fee")->exact == D("123.45"));
}

TEST_CASE("finance edge: a target beyond every band fills the bands only, zero-ratio bands add nothing") {
  ContractTerms c = ecf();
  c.banded.bands.push_back(terms(2, "500", "1"));  // a band D: all output
  c.banded.recruitment_target = 100;
  c.banded.monthly_service_fee.reset();
  StatementFigures f = calc(c, {});
  CHECK(f.banded.service_fee.pool == Decimal(1200));
  CHECK(f.banded.service_fee.monthly == Decimal::fraction(1200, 29));
}

TEST_CASE("finance edge: a provider not registered for VAT pays no VAT") {
  StatementActivity a;
  a.current.ect[kStarted].billable = 1;
  StatementFigures f = calc(ecf(), a, /*vat_registered=*/false);
  CHECK(f.vat_rate == Decimal(0));
  CHECK(f.vat == Decimal(0));
  CHECK(f.total == Decimal(120));
  CHECK(f.row("vat")->rounded == "0.00");
  CHECK(calc(ecf(), a, true).total == Decimal(144));
}

TEST_CASE("finance edge: totals may be negative") {
  StatementActivity a;
  a.previous.ect[kStarted].billable = 2;
  a.current.ect[kStarted].refundable = 2;
  a.current.ect[kStarted].uplift_refundable = 1;
  a.adjustments = {D("-10.005")};
  StatementFigures f = calc(ecf(), a);
  // −(2×120) − 100 − 10.005 = −350.005; VAT −70.001; total −420.006.
  CHECK(f.subtotal == D("-350.005"));
  CHECK(f.vat == D("-70.001"));
  CHECK(f.total == D("-420.006"));
  CHECK(f.row("clawbacks")->exact == Decimal(-340));
  CHECK(f.row("additional_adjustments")->rounded == "-10.01");
  CHECK(f.row("total")->rounded == "-420.01");
}

TEST_CASE("finance edge: a statement with only adjustments") {
  StatementActivity a;
  a.adjustments = {D("250.50"), D("-0.50")};
  StatementFigures f = calc(ecf(), a);
  CHECK(f.banded.output_billable == Decimal(0));
  CHECK(f.banded.adjustments == Decimal(250));
  CHECK(f.total == Decimal(300));
  CHECK(f.row("output_payment")->exact == Decimal(0));
  CHECK(f.row("clawbacks")->rounded == "0.00");
}

TEST_CASE("finance edge: ecf rows in order, with exact and rounded values") {
  ContractTerms c = ecf();
  c.banded.monthly_service_fee.reset();
  c.banded.setup_fee = D("0");
  c.banded.recruitment_target = 1;  // pool 400, monthly 400/29
  StatementActivity a;
  a.current.ect[kStarted] = {.billable = 1, .uplift_billable = 1};
  StatementFigures f = calc(c, a);
  CHECK(keys(f) == std::vector<std::string_view>{"output_payment", "service_fee", "uplift_fees", "clawbacks",
                                                 "additional_adjustments", "vat", "total"});
  CHECK(f.row("service_fee")->exact == Decimal::fraction(400, 29));
  CHECK(f.row("service_fee")->rounded == "13.79");
  CHECK(f.row("uplift_fees")->exact == Decimal(100));
  // (120 + 100 + 400/29) × 1.2 = 6780/29 × 6/5 = 8136/29.
  CHECK(f.total == Decimal::fraction(8136, 29));
  CHECK(f.row("total")->rounded == "280.55");
  CHECK(f.row("total")->exact.to_string_exact() == "8136/29");
  CHECK(f.subtotal + f.vat == f.total);
}

TEST_CASE("finance edge: ecf contracts band ECTs and mentors together") {
  StatementActivity a;
  a.current.ect[kStarted].billable = 2;
  a.current.mentor[kStarted].billable = 1;  // lands in band B
  a.current.mentor[kRetained2].billable = 1;
  StatementFigures f = calc(ecf(), a);
  CHECK(f.banded.types[kStarted].bands[1].counts.current_billable == 1);
  CHECK(f.banded.output_billable == Decimal(120 + 120 + 60 + 90));
  CHECK(!f.flat_rate.has_value());
}

TEST_CASE("finance edge: ittecf_ectp bands ECTs only and pays mentors flat rate") {
  StatementActivity a;
  a.previous.mentor[kStarted].billable = 50;  // flat rate ignores previous
  a.current.ect[kStarted].billable = 2;
  a.current.mentor[kStarted] = {.billable = 3, .refundable = 1};
  a.current.mentor[kCompleted].billable = 1;
  a.current.mentor[kRetained2].billable = 4;  // not a flat-rate type
  a.adjustments = {D("10")};
  StatementFigures f = calc(ittecf(), a);
  CHECK(f.banded.output_billable == Decimal(240));
  REQUIRE(f.flat_rate.has_value());
  CHECK(f.flat_rate->billable == Decimal(2000));
  CHECK(f.flat_rate->refundable == Decimal(500));
  CHECK(keys(f) == std::vector<std::string_view>{"ect_output_payment", "mentor_output_payment", "service_fee",
                                                 "ect_clawbacks", "mentor_clawbacks", "additional_adjustments",
                                                 "vat", "total"});
  CHECK(f.row("mentor_clawbacks")->exact == Decimal(-500));
  CHECK(f.subtotal == Decimal(240 + 1500 + 10));
  CHECK(f.vat == Decimal(350));
  CHECK(f.total == Decimal(2100));
}

TEST_CASE("finance edge: invalid inputs are reported, not computed") {
  StatementActivity a;
  a.current.ect[kStarted].billable = -1;
  Result<StatementFigures> negative = calculate_statement(ecf(), true, a);
  REQUIRE(!negative.is_ok());
  CHECK(negative.status().code() == Code::kInvalidArgument);

  ContractTerms bad_ratio = ecf();
  bad_ratio.banded.bands[0].service_fee_ratio = D("0.5");
  CHECK(calculate_statement(bad_ratio, true, {}).status().code() == Code::kInvalidArgument);

  ContractTerms no_bands = ecf();
  no_bands.banded.bands.clear();
  CHECK(calculate_statement(no_bands, true, {}).status().code() == Code::kInvalidArgument);

  ContractTerms bad_vat = ecf();
  bad_vat.vat_rate = D("1.5");
  CHECK(calculate_statement(bad_vat, true, {}).status().code() == Code::kInvalidArgument);

  StatementActivity bad_adjustment;
  bad_adjustment.adjustments = {Decimal::invalid()};
  CHECK(calculate_statement(ecf(), true, bad_adjustment).status().code() == Code::kInvalidArgument);
}

TEST_CASE("finance edge: arithmetic overflow fails the statement") {
  ContractTerms c = ecf();
  StatementActivity a;
  a.current.ect[kStarted].billable = 1;
  c.banded.bands[0].fee_per_declaration = D("10000000000000000000000000000000000000");  // 1e37: fits
  CHECK(calculate_statement(c, true, a).is_ok());
  // 38 nines × 0.2 × 0.6 needs 3 × (38 nines) as a numerator: overflow.
  c.banded.bands[0].fee_per_declaration = D("99999999999999999999999999999999999999");
  Result<StatementFigures> over = calculate_statement(c, true, a);
  REQUIRE(!over.is_ok());
  CHECK(over.status().code() == Code::kInvalidArgument);
}

}  // namespace
}  // namespace rect::finance
