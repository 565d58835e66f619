// finance.md §7 worked vectors V1, V3, V5, V6 and the ECF1 fee table, as
// golden tests with exact expected values.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "domain/finance/banded_calculator.h"
#include "domain/finance/flat_rate_calculator.h"
#include "domain/finance/service_fee.h"
#include "domain/finance/statement_calculator.h"
#include "domain/money.h"

namespace rect::finance {
namespace {

Decimal D(const char* s) {
  Result<Decimal> r = Decimal::parse(s);
  REQUIRE_MESSAGE(r.is_ok(), r.status().to_string());
  return *r;
}

BandTerms terms(std::int64_t capacity, const char* fee, const char* output_ratio) {
  Decimal out = D(output_ratio);
  return {.capacity = capacity, .fee_per_declaration = D(fee), .output_fee_ratio = out,
          .service_fee_ratio = Decimal(1) - out};
}

// Fees with no set-up fee, no uplift fee and a computed service fee unless
// a caller sets them.
BandedFeeStructure fees(std::vector<BandTerms> bands) {
  BandedFeeStructure f;
  f.bands = std::move(bands);
  return f;
}

Tally billable(std::int64_t n) { return {.billable = n}; }

constexpr std::size_t kStarted = index(DeclarationType::kStarted);
constexpr std::size_t kCompleted = index(DeclarationType::kCompleted);

TEST_CASE("finance V1a: service fee from one band and a set-up fee") {
  BandedFeeStructure f = fees({terms(100, "800", "0.6")});
  f.recruitment_target = 100;
  f.setup_fee = D("500");
  Result<ServiceFee> s = monthly_service_fee(f);
  REQUIRE(s.is_ok());
  CHECK(s->pool == Decimal(32000));
  CHECK(s->setup_deduction == Decimal(500));
  CHECK(s->monthly == Decimal::fraction(31500, 29));
  CHECK(s->monthly.to_decimal_string(10) == "1086.2068965517");
  CHECK(s->monthly.to_pennies_string() == "1086.21");
  CHECK(!s->overridden);
}

TEST_CASE("finance V1b: service fee across two bands") {
  BandedFeeStructure f = fees({terms(100, "800", "0.6"), terms(100, "600", "0.6")});
  f.recruitment_target = 150;
  f.setup_fee = D("500");
  Result<ServiceFee> s = monthly_service_fee(f);
  REQUIRE(s.is_ok());
  CHECK(s->pool == Decimal(44000));
  CHECK(s->setup_deduction == Decimal(500));
  CHECK(s->monthly == Decimal(1500));
}

TEST_CASE("finance V1c: service fee with a target below band A") {
  BandedFeeStructure f = fees({terms(100, "800", "0.6")});
  f.recruitment_target = 50;
  f.setup_fee = D("500");
  Result<ServiceFee> s = monthly_service_fee(f);
  REQUIRE(s.is_ok());
  CHECK(s->pool == Decimal(16000));
  CHECK(s->setup_deduction == Decimal(250));
  CHECK(s->monthly == Decimal::fraction(15750, 29));
  CHECK(s->monthly.to_decimal_string(10) == "543.1034482759");
  CHECK(s->monthly.to_pennies_string() == "543.10");
}

TEST_CASE("finance V3: banded output with capacity overflow and clawback") {
  BandedFeeStructure f = fees({terms(2, "100", "0.75"), terms(2, "100", "0.75"), terms(2, "100", "0.75")});
  f.monthly_service_fee = Decimal(0);
  TypeTallies prev{}, cur{};
  prev[kStarted] = billable(1);
  cur[kStarted] = {.billable = 6, .refundable = 2};
  Result<BandedFigures> r = calculate_banded(f, prev, cur, {});
  REQUIRE(r.is_ok());
  const TypeOutput& started = r->types[kStarted];
  CHECK(started.bands[0].fee_per_declaration == Decimal(15));
  CHECK(started.bands[0].counts == BandCounts{.previous_billable = 1, .current_billable = 1});
  CHECK(started.bands[1].counts == BandCounts{.current_billable = 2});
  CHECK(started.bands[2].counts == BandCounts{.current_billable = 2, .current_refundable = 2});
  CHECK(started.allocation.unpaid_current_billable == 1);
  CHECK(r->output_billable == Decimal(75));
  CHECK(r->output_refundable == Decimal(30));
  CHECK(r->output_net == Decimal(45));
  CHECK(r->subtotal == Decimal(45));
}

TEST_CASE("finance V5: output payment table per type and band, and mentor flat rate") {
  ContractTerms c;
  c.type = ContractType::kIttecfEctp;
  // Capacities 10/8/5 so that 23 current started declarations land
  // 10/8/5 in A/B/C and 3 completed land in A, as in the vector.
  c.banded.bands = {terms(10, "100", "0.8"), terms(8, "75", "0.8"), terms(5, "50", "0.8")};
  c.banded.monthly_service_fee = Decimal(0);
  c.flat_rate.fee_per_declaration = D("1000");
  StatementActivity a;
  a.current.ect[kStarted] = billable(23);
  a.current.ect[kCompleted] = billable(3);
  a.current.mentor[kStarted] = billable(15);
  a.current.mentor[kCompleted] = billable(5);
  Result<StatementFigures> r = calculate_statement(c, true, a);
  REQUIRE(r.is_ok());
  const TypeOutput& started = r->banded.types[kStarted];
  CHECK(started.bands[0].fee_per_declaration == Decimal(16));
  CHECK(started.bands[1].fee_per_declaration == Decimal(12));
  CHECK(started.bands[2].fee_per_declaration == Decimal(8));
  const TypeOutput& retained = r->banded.types[index(DeclarationType::kRetained1)];
  CHECK(retained.bands[0].fee_per_declaration == Decimal(12));
  CHECK(retained.bands[1].fee_per_declaration == Decimal(9));
  CHECK(retained.bands[2].fee_per_declaration == Decimal(6));
  CHECK(r->banded.types[index(DeclarationType::kExtended3)].bands[2].fee_per_declaration == Decimal(6));
  CHECK(started.bands[0].billable == Decimal(160));
  CHECK(started.bands[1].billable == Decimal(96));
  CHECK(started.bands[2].billable == Decimal(40));
  CHECK(started.billable == Decimal(296));
  CHECK(r->banded.types[kCompleted].billable == Decimal(48));
  CHECK(r->banded.output_billable == Decimal(344));
  REQUIRE(r->flat_rate.has_value());
  CHECK(r->flat_rate->lines[0].fee_per_declaration == Decimal(500));
  CHECK(r->flat_rate->lines[0].billable == Decimal(7500));
  CHECK(r->flat_rate->lines[1].billable == Decimal(2500));
  CHECK(r->flat_rate->billable == Decimal(10000));
  CHECK(r->row("ect_output_payment")->exact == Decimal(344));
  CHECK(r->row("mentor_output_payment")->rounded == "10000.00");
}

TEST_CASE("finance V5 companion: one type, fee 150 at output ratio 0.5") {
  BandedFeeStructure f = fees({terms(100, "150", "0.5")});
  f.monthly_service_fee = Decimal(0);
  TypeTallies cur{};
  cur[kStarted] = {.billable = 5, .refundable = 3};
  Result<BandedFigures> r = calculate_banded(f, {}, cur, {});
  REQUIRE(r.is_ok());
  CHECK(r->types[kStarted].bands[0].fee_per_declaration == Decimal(15));
  CHECK(r->output_billable == Decimal(75));
  CHECK(r->output_refundable == Decimal(45));
  CHECK(r->output_net == Decimal(30));
}

TEST_CASE("finance V6: banded totals 200 + 50 + 1,000 + 0 = 1,250, with VAT 1,500") {
  ContractTerms c;
  c.banded.bands = {terms(100, "1000", "0.5")};  // started earns 0.2 × 0.5 × 1000 = 100
  c.banded.uplift_fee_per_declaration = D("25");
  c.banded.monthly_service_fee = D("1000");
  c.vat_rate = D("0.2");
  StatementActivity a;
  a.current.ect[kStarted] = {.billable = 2, .uplift_billable = 2};
  Result<StatementFigures> r = calculate_statement(c, true, a);
  REQUIRE(r.is_ok());
  CHECK(r->banded.output_net == Decimal(200));
  CHECK(r->banded.uplift_net == Decimal(50));
  CHECK(r->banded.service_fee.monthly == Decimal(1000));
  CHECK(r->banded.adjustments == Decimal(0));
  CHECK(r->subtotal == Decimal(1250));
  CHECK(r->vat == Decimal(250));
  CHECK(r->total == Decimal(1500));

  a.adjustments = {D("150"), D("-50")};
  Result<StatementFigures> adjusted = calculate_statement(c, true, a);
  REQUIRE(adjusted.is_ok());
  CHECK(adjusted->banded.adjustments == Decimal(100));
  CHECK(adjusted->subtotal == Decimal(1350));
  CHECK(adjusted->row("additional_adjustments")->rounded == "100.00");
}

TEST_CASE("finance V6: flat rate net 100 becomes 120 with VAT, VAT on 200 is 40") {
  FlatRateFeeStructure f;
  f.fee_per_declaration = D("100");
  TypeTallies mentors{};
  mentors[kStarted] = {.billable = 3, .refundable = 2};
  mentors[kCompleted] = {.billable = 3, .refundable = 2};
  Result<FlatRateFigures> r = calculate_flat_rate(f, mentors);
  REQUIRE(r.is_ok());
  CHECK(r->billable == Decimal(300));
  CHECK(r->refundable == Decimal(200));
  CHECK(r->net == Decimal(100));

  ContractTerms c;
  c.type = ContractType::kIttecfEctp;
  c.banded.bands = {terms(10, "100", "0.6")};
  c.banded.monthly_service_fee = Decimal(0);
  c.flat_rate = f;
  StatementActivity a;
  a.current.mentor = mentors;
  Result<StatementFigures> s = calculate_statement(c, true, a);
  REQUIRE(s.is_ok());
  CHECK(s->total == Decimal(120));
  CHECK(s->vat == Decimal(20));

  a.current.mentor = {};
  a.current.mentor[kStarted] = billable(4);  // 4 × 50 = 200
  Result<StatementFigures> s200 = calculate_statement(c, true, a);
  REQUIRE(s200.is_ok());
  CHECK(s200->subtotal == Decimal(200));
  CHECK(s200->vat == Decimal(40));
}

TEST_CASE("finance V6: uplifts at 125, four billable and one refundable") {
  BandedFeeStructure f = fees({terms(100, "100", "0.6")});
  f.uplift_fee_per_declaration = D("125");
  f.monthly_service_fee = Decimal(0);
  TypeTallies cur{};
  cur[kStarted] = {.billable = 6, .refundable = 1, .uplift_billable = 4, .uplift_refundable = 1};
  Result<BandedFigures> r = calculate_banded(f, {}, cur, {});
  REQUIRE(r.is_ok());
  CHECK(r->uplift_billable_count == 4);
  CHECK(r->uplift_billable == Decimal(500));
  CHECK(r->uplift_refundable == Decimal(125));
  CHECK(r->uplift_net == Decimal(375));
}

TEST_CASE("finance vector: ECF1 fee table for bands 400/300/200/100 at 60% output") {
  BandedFeeStructure f =
      fees({terms(1, "400", "0.6"), terms(1, "300", "0.6"), terms(1, "200", "0.6"), terms(1, "100", "0.6")});
  f.monthly_service_fee = Decimal(0);
  Result<BandedFigures> r = calculate_banded(f, {}, {}, {});
  REQUIRE(r.is_ok());
  const std::vector<std::int64_t> full = {48, 36, 24, 12};
  const std::vector<std::int64_t> partial = {36, 27, 18, 9};
  for (DeclarationType t : kAllDeclarationTypes) {
    const bool whole = t == DeclarationType::kStarted || t == DeclarationType::kCompleted;
    for (std::size_t b = 0; b < 4; ++b) {
      CHECK(r->types[index(t)].bands[b].fee_per_declaration == Decimal(whole ? full[b] : partial[b]));
    }
  }
}

}  // namespace
}  // namespace rect::finance
