// The worked vectors of finance.md §7 and the edge cases of issue 6, driven as
// commands through the domain (CommandHandler over a MemoryEventStore), the
// resulting events folded by the payments projection.
#include <doctest/doctest.h>

#include "tests/projections/payments_world.h"

namespace rect::testing::payments {
namespace {

const char* kEcfTerms100 = R"([{"fee_per_declaration":"100.00","output_fee_ratio":"0.75","service_fee_ratio":"0.25"},
  {"fee_per_declaration":"100.00","output_fee_ratio":"0.75","service_fee_ratio":"0.25"},
  {"fee_per_declaration":"100.00","output_fee_ratio":"0.75","service_fee_ratio":"0.25"}])";
const char* kFixedFee0 = R"("recruitment_target":6,"setup_fee":"0","uplift_fee_per_declaration":"0","monthly_service_fee":"0")";

std::string statement_id(const PaymentsProjection& p, const std::string& lp, int cohort, int month) {
  for (const auto& s : p.statements(lp, cohort))
    if (s.month == month) return s.id;
  FAIL("no statement for month " << month);
  return "";
}

}  // namespace

TEST_CASE("payments V1: the monthly service fee from bands, target and set-up fee") {
  struct Case {
    std::vector<int> caps;
    const char* terms;
    int target;
    const char* expected;
  };
  const Case cases[] = {
      {{100}, R"([{"fee_per_declaration":"800","output_fee_ratio":"0.60","service_fee_ratio":"0.40"}])", 100, "31500/29"},
      {{100, 100},
       R"([{"fee_per_declaration":"800","output_fee_ratio":"0.60","service_fee_ratio":"0.40"},
           {"fee_per_declaration":"600","output_fee_ratio":"0.60","service_fee_ratio":"0.40"}])",
       150, "1500"},
      {{100}, R"([{"fee_per_declaration":"800","output_fee_ratio":"0.60","service_fee_ratio":"0.40"}])", 50, "15750/29"},
  };
  for (const Case& c : cases) {
    PayWorld w;
    w.bands(c.caps);
    w.contract("ecf", c.terms,
               R"("recruitment_target":)" + std::to_string(c.target) + R"(,"setup_fee":"500","uplift_fee_per_declaration":"0")");
    PaymentsProjection p;
    w.fold(p);
    // Every statement of the contract carries the fee, output and service months alike.
    for (const auto& s : p.statements("lp-ambition", 2025)) CHECK(PayWorld::row(p, s.id, "service_fee") == c.expected);
  }
}

TEST_CASE("payments V4: previous refunds free capacity, clawback at the top band, over capacity unpaid") {
  PayWorld w;
  w.bands({2, 2, 2});
  w.contract("ecf", R"([{"fee_per_declaration":"100","output_fee_ratio":"0.75","service_fee_ratio":"0.25"},
                       {"fee_per_declaration":"75","output_fee_ratio":"0.75","service_fee_ratio":"0.25"},
                       {"fee_per_declaration":"50","output_fee_ratio":"0.75","service_fee_ratio":"0.25"}])",
             kFixedFee0);
  std::vector<std::string> ects;
  for (int i = 0; i < 8; ++i) ects.push_back(w.eligible_ect().first);
  std::vector<std::string> first;
  for (int i = 0; i < 4; ++i) first.push_back(w.declared(ects[i], "started"));
  PaymentsProjection p;
  w.fold(p);
  const std::string nov = statement_id(p, "lp-ambition", 2025, 11);
  const std::string jan = statement_id(p, "lp-ambition", 2025, 1);
  const std::string apr = statement_id(p, "lp-ambition", 2025, 4);

  w.day("2025-11-01");
  w.authorise(nov);
  w.fold(p);
  const std::string nov_total = PayWorld::row(p, nov, "total");
  // 4 started: A 2 × 15 + B 2 × 11.25 = 52.5; VAT 20%.
  CHECK(PayWorld::row(p, nov, "output_payment") == "52.5");
  CHECK(nov_total == "63");

  // A void after authorisation is a clawback on the next output statement (January).
  w.set_today("2025-11-02T09:00:00Z");
  w.void_declaration(first[0]);
  w.fold(p);
  CHECK(PayWorld::row(p, jan, "clawbacks") == "-11.25");  // PB 4 fills A and B; the refund drains B (75 × 0.75 × 0.2)
  CHECK(PayWorld::row(p, jan, "total") == "-13.5");        // negative total: only a clawback, no service fee
  w.day("2026-01-01");
  w.authorise(jan);

  // April: PB 4, PR 1, CB 4, CR 1 → A pb2; B pb2 pr1 cb1; C cb2 cr1; one current unpaid.
  w.set_today("2026-01-02T09:00:00Z");
  for (int i = 4; i < 8; ++i) w.declared(ects[i], "started", false, "2026-01-02T08:00:00Z");
  w.void_declaration(first[1]);
  w.fold(p);
  auto d = p.derivation(apr);
  REQUIRE(d);
  const auto& started = d->types[0];
  REQUIRE(started.bands.size() == 3);
  CHECK(started.counts == finance::AllocationCounts{4, 1, 4, 1});
  CHECK(started.bands[0].output.counts == finance::BandCounts{2, 0, 0, 0});
  CHECK(started.bands[1].output.counts == finance::BandCounts{2, 1, 1, 0});
  CHECK(started.bands[2].output.counts == finance::BandCounts{0, 0, 2, 1});
  CHECK(started.unpaid.size() == 1);                 // over capacity: earns £0
  CHECK(started.bands[2].refundable.size() == 1);    // the clawback is priced at band C (50), not A (100)
  CHECK(PayWorld::row(p, apr, "output_payment") == "26.25");  // 11.25 + 2 × 7.5
  CHECK(PayWorld::row(p, apr, "clawbacks") == "-7.5");
  // The declarations behind the numbers carry the positions of the events that made them so.
  for (const auto& b : started.bands)
    for (std::size_t i : b.billable) CHECK(d->lines[i].positions.billable.value() > 0);
  CHECK(d->lines[started.bands[2].refundable[0]].id == first[1]);
  CHECK(d->lines[started.bands[2].refundable[0]].positions.refundable.value() > 0);

  // Authorised figures never change: a later VAT change moves live statements only.
  REQUIRE(w.system("change_lead_provider_vat", R"({"lead_provider_id":"lp-ambition","vat_registered":false})").ok());
  w.fold(p);
  CHECK(PayWorld::row(p, nov, "total") == nov_total);
  CHECK(PayWorld::row(p, jan, "total") == "-13.5");
  CHECK(PayWorld::row(p, apr, "total") == "18.75");  // 26.25 − 7.5, no VAT now
  auto frozen = p.statement(nov);
  REQUIRE(frozen);
  CHECK(frozen->frozen);
  CHECK(frozen->summary.status == "paid");
  CHECK(frozen->computed_at == frozen->summary.authorised_position);
}

TEST_CASE("payments V5: output per type and band, and flat-rate mentors (ittecf_ectp)") {
  PayWorld w;
  w.bands({10, 8, 100});
  w.contract("ittecf_ectp", R"([{"fee_per_declaration":"100","output_fee_ratio":"0.80","service_fee_ratio":"0.20"},
                               {"fee_per_declaration":"75","output_fee_ratio":"0.80","service_fee_ratio":"0.20"},
                               {"fee_per_declaration":"50","output_fee_ratio":"0.80","service_fee_ratio":"0.20"}])",
             R"("recruitment_target":100,"setup_fee":"0","uplift_fee_per_declaration":"0","monthly_service_fee":"0")",
             R"({"recruitment_target":20,"fee_per_declaration":"1000"})");
  w.ect_declarations(23, "started");
  w.ect_declarations(3, "completed");
  w.mentor_declarations(15, "started");
  w.mentor_declarations(5, "completed");
  PaymentsProjection p;
  w.fold(p);
  const std::string nov = statement_id(p, "lp-ambition", 2025, 11);
  CHECK(PayWorld::row(p, nov, "ect_output_payment") == "344");
  CHECK(PayWorld::row(p, nov, "mentor_output_payment") == "10000");
  CHECK(PayWorld::row(p, nov, "total") == "12412.8");  // (344 + 10000) × 1.2
  auto d = p.derivation(nov);
  REQUIRE(d);
  CHECK(d->types[0].bands[0].output.counts.current_billable == 10);
  CHECK(d->types[0].bands[1].output.counts.current_billable == 8);
  CHECK(d->types[0].bands[2].output.counts.current_billable == 5);
  CHECK(d->types[0].bands[2].output.fee_per_declaration == Decimal(8));
  REQUIRE(d->flat_rate.size() == 2);
  CHECK(d->flat_rate[0].billable.size() == 15);
  CHECK(d->flat_rate[1].billable.size() == 5);
}

TEST_CASE("payments V6: totals, uplifts, adjustments and VAT, non-VAT-registered provider") {
  for (const char* lp : {"lp-ambition", "lp-teach-first"}) {
    PayWorld w;
    w.lead_provider = lp;
    REQUIRE(w.system("update_contract_period", R"({"year":2025,"uplift_fees_enabled":true})").ok());
    REQUIRE(w.system("set_school_uplifts",
                     R"({"urn":"100001","year":2025,"pupil_premium_uplift":true,"sparsity_uplift":false})")
                .ok());
    w.bands({100});
    w.contract("ecf", R"([{"fee_per_declaration":"1000","output_fee_ratio":"1.00","service_fee_ratio":"0.00"}])",
               R"("recruitment_target":100,"setup_fee":"0","uplift_fee_per_declaration":"50","monthly_service_fee":"1000")");
    w.ect_declarations(1, "started");
    PaymentsProjection p;
    w.fold(p);
    const std::string nov = statement_id(p, lp, 2025, 11);
    CHECK(PayWorld::row(p, nov, "output_payment") == "200");
    CHECK(PayWorld::row(p, nov, "uplift_fees") == "50");
    CHECK(PayWorld::row(p, nov, "service_fee") == "1000");
    const bool vat = std::string(lp) == "lp-ambition";
    CHECK(PayWorld::row(p, nov, "vat") == (vat ? "250" : "0"));
    CHECK(PayWorld::row(p, nov, "total") == (vat ? "1500" : "1250"));
    w.adjust(nov, "150.00");
    w.adjust(nov, "-50.00");
    w.fold(p);
    CHECK(PayWorld::row(p, nov, "additional_adjustments") == "100");
    CHECK(PayWorld::row(p, nov, "total") == (vat ? "1620" : "1350"));
  }
}

TEST_CASE("payments: monthly_service_fee null computes, 0 means zero, a statement with only adjustments") {
  PayWorld w;
  w.bands({100});
  w.contract("ecf", R"([{"fee_per_declaration":"800","output_fee_ratio":"0.60","service_fee_ratio":"0.40"}])",
             R"("recruitment_target":100,"setup_fee":"500","uplift_fee_per_declaration":"0","monthly_service_fee":null)");
  PaymentsProjection p;
  w.fold(p);
  const std::string jan = statement_id(p, "lp-ambition", 2025, 1);
  CHECK(PayWorld::row(p, jan, "service_fee") == "31500/29");
  CHECK(PayWorld::row(p, jan, "total") == "37800/29");
  auto v = p.statement(jan);
  REQUIRE(v);
  CHECK(v->figures.row("total")->rounded == "1303.45");

  PayWorld z;
  z.bands({100});
  z.contract("ecf", R"([{"fee_per_declaration":"800","output_fee_ratio":"0.60","service_fee_ratio":"0.40"}])", kFixedFee0);
  PaymentsProjection q;
  z.fold(q);
  const std::string zjan = statement_id(q, "lp-ambition", 2025, 1);
  CHECK(PayWorld::row(q, zjan, "service_fee") == "0");
  z.adjust(zjan, "-123.45");
  z.fold(q);
  CHECK(PayWorld::row(q, zjan, "additional_adjustments") == "-123.45");
  CHECK(PayWorld::row(q, zjan, "total") == "-148.14");
}

TEST_CASE("payments: statements sharing a payment date are not previous to each other") {
  PayWorld w;
  w.bands({1, 1, 1});
  w.contract("ecf", kEcfTerms100, kFixedFee0);
  // December 2025, output, same payment date as November but an earlier deadline.
  const std::string dec = w.statement(12, 2025, "2025-10-20", "2025-11-25");
  w.ect_declarations(1);  // lands on December (earliest open deadline)
  w.day("2025-10-21");
  w.set_today("2025-10-22T09:00:00Z");
  w.ect_declarations(1);  // December is no longer open: lands on November
  PaymentsProjection p;
  w.fold(p);
  const std::string nov = statement_id(p, "lp-ambition", 2025, 11);
  auto d = p.derivation(nov);
  REQUIRE(d);
  CHECK(d->types[0].counts.previous_billable == 0);
  CHECK(d->types[0].counts.current_billable == 1);
  CHECK(d->types[0].bands[0].output.counts.current_billable == 1);  // band A, not pushed up by December
  auto e = p.derivation(dec);
  REQUIRE(e);
  CHECK(e->types[0].counts.previous_billable == 0);
}

TEST_CASE("payments: a clawback with no future output statement is the specified 422 (domain outcome)") {
  PayWorld w;
  w.bands({10, 10, 10});
  w.contract("ecf", kEcfTerms100, kFixedFee0);
  const std::string id = w.ect_declarations(1)[0];
  PaymentsProjection p;
  w.fold(p);
  w.day("2025-11-01");
  w.authorise(statement_id(p, "lp-ambition", 2025, 11));
  w.day("2026-08-01");  // the last output statement's deadline (2026-07-31) has passed
  auto o = w.lp("void_declaration", R"({"participant_declaration_id":")" + id + R"("})");
  CHECK(o.status.code() == Code::kValidation);
  REQUIRE(o.errors.size() == 1);
  CHECK(o.errors[0].title == "participant_declaration_id");
  CHECK(o.errors[0].detail.find("The funding contract for this cohort has ended") != std::string::npos);
}

TEST_CASE("payments: a statement with no contract is reported, not guessed") {
  PayWorld w;
  PaymentsProjection p;
  w.fold(p);
  auto v = p.statement(statement_id(p, "lp-ambition", 2025, 11));
  CHECK(v.status().code() == Code::kValidation);
  CHECK(p.statement("no-such-statement").status().code() == Code::kNotFound);
}

}  // namespace rect::testing::payments
