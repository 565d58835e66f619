// Property test: random lead providers, contracts and declaration streams
// across several statements, computed twice — by the calculators from
// per-statement tallies, and by a deliberately simple oracle written from
// finance.md §5 that walks the declaration list itself, allocates one
// participant at a time and does its money in scaled integers over a
// common denominator. Seeded and deterministic.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
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

struct Rng {
  std::mt19937_64 engine;
  // Uniform-enough in [lo, hi]; modulo keeps it identical on every platform.
  std::int64_t in(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(engine() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool one_in(std::int64_t n) { return in(1, n) == 1; }
};

// A scenario, in plain integers (pennies, hundredths).

struct BandSpec {
  std::int64_t capacity;
  std::int64_t fee_pennies;
  std::int64_t output_hundredths;  // service share is 100 − this
};

struct Decl {
  bool mentor;
  int type;                   // index into kAllDeclarationTypes
  bool flagged;               // pupil premium or sparsity uplift
  int payment_statement;      // −1: none (no_payment)
  bool billable;              // payment status eligible/payable/paid
  int clawback_statement;     // −1: none
};

struct Scenario {
  bool ittecf;
  std::vector<BandSpec> bands;
  std::int64_t target;
  std::int64_t setup_pennies;
  std::int64_t uplift_pennies;
  std::optional<std::int64_t> monthly_override_pennies;
  std::int64_t vat_hundredths;
  bool vat_registered;
  std::int64_t flat_pennies;
  std::vector<int> payment_day;  // per statement; small range so that ties occur
  std::vector<std::vector<std::int64_t>> adjustments_pennies;
  std::vector<Decl> decls;
};

Scenario random_scenario(Rng& rng) {
  Scenario s;
  s.ittecf = rng.one_in(2);
  const auto band_count = rng.in(1, 4);
  for (int b = 0; b < band_count; ++b) s.bands.push_back({rng.in(1, 5), rng.in(1, 200000), rng.in(0, 100)});
  s.target = rng.in(0, 25);
  s.setup_pennies = rng.one_in(2) ? 0 : rng.in(0, 100000);
  s.uplift_pennies = rng.in(0, 20000);
  switch (rng.in(0, 2)) {
    case 0: s.monthly_override_pennies = std::nullopt; break;
    case 1: s.monthly_override_pennies = 0; break;
    default: s.monthly_override_pennies = rng.in(1, 5000000); break;
  }
  s.vat_hundredths = rng.in(0, 25);
  s.vat_registered = !rng.one_in(4);
  s.flat_pennies = rng.in(1, 200000);
  const auto statements = rng.in(1, 6);
  for (int i = 0; i < statements; ++i) {
    s.payment_day.push_back(static_cast<int>(rng.in(1, 5)));
    std::vector<std::int64_t> adj;
    for (auto k = rng.in(0, 2); k > 0; --k) adj.push_back(rng.in(1, 200000) * (rng.one_in(2) ? -1 : 1));
    s.adjustments_pennies.push_back(adj);
  }
  for (auto n = rng.in(0, 40); n > 0; --n) {
    Decl d{};
    d.mentor = rng.one_in(3);
    d.type = static_cast<int>(rng.in(0, 8));
    if (d.mentor && s.ittecf && !rng.one_in(8)) d.type = rng.one_in(2) ? 0 : 5;  // mostly started/completed
    d.flagged = rng.one_in(3);
    d.payment_statement = -1;
    d.clawback_statement = -1;
    switch (rng.in(0, 4)) {
      case 0: break;  // no_payment
      case 1:         // voided before payment
        d.payment_statement = static_cast<int>(rng.in(0, statements - 1));
        break;
      case 2:  // clawed back (awaiting or done): still billable where paid
        d.payment_statement = static_cast<int>(rng.in(0, statements - 1));
        d.billable = true;
        d.clawback_statement = static_cast<int>(rng.in(0, statements - 1));
        break;
      default:  // eligible, payable or paid
        d.payment_statement = static_cast<int>(rng.in(0, statements - 1));
        d.billable = true;
        break;
    }
    s.decls.push_back(d);
  }
  return s;
}

// The calculators' side: tallies per statement, as a projection would keep them.

Decimal pennies(std::int64_t p) { return Decimal::fraction(p, 100); }
Decimal hundredths(std::int64_t h) { return Decimal::fraction(h, 100); }

ContractTerms contract_of(const Scenario& s) {
  ContractTerms c;
  c.type = s.ittecf ? ContractType::kIttecfEctp : ContractType::kEcf;
  for (const BandSpec& b : s.bands) {
    c.banded.bands.push_back({.capacity = b.capacity,
                              .fee_per_declaration = pennies(b.fee_pennies),
                              .output_fee_ratio = hundredths(b.output_hundredths),
                              .service_fee_ratio = hundredths(100 - b.output_hundredths)});
  }
  c.banded.recruitment_target = s.target;
  c.banded.setup_fee = pennies(s.setup_pennies);
  c.banded.uplift_fee_per_declaration = pennies(s.uplift_pennies);
  if (s.monthly_override_pennies) c.banded.monthly_service_fee = pennies(*s.monthly_override_pennies);
  c.vat_rate = hundredths(s.vat_hundredths);
  c.flat_rate.fee_per_declaration = pennies(s.flat_pennies);
  return c;
}

std::vector<DatedTallies> tallies_of(const Scenario& s) {
  std::vector<DatedTallies> all(s.payment_day.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    all[i].payment_date = year_month_day{year(2025), month(3), day(static_cast<unsigned>(s.payment_day[i]))};
  }
  for (const Decl& d : s.decls) {
    const Role role = d.mentor ? Role::kMentor : Role::kEct;
    if (d.billable) {
      Tally& t = all[static_cast<std::size_t>(d.payment_statement)].tallies.of(role)[static_cast<std::size_t>(d.type)];
      ++t.billable;
      if (d.flagged) ++t.uplift_billable;
    }
    if (d.clawback_statement >= 0) {
      Tally& t = all[static_cast<std::size_t>(d.clawback_statement)].tallies.of(role)[static_cast<std::size_t>(d.type)];
      ++t.refundable;
      if (d.flagged) ++t.uplift_refundable;
    }
  }
  return all;
}

// The oracle. Money is an integer count of 1/unit pounds, where unit =
// 10^8 × 29 × capacity_A makes every figure of the scenario whole.

struct OracleFigures {
  Int128 unit;
  Int128 output_billable = 0, output_refundable = 0, uplift_billable = 0, uplift_refundable = 0;
  Int128 service = 0, adjustments = 0, mentor_billable = 0, mentor_refundable = 0;
  Int128 subtotal = 0, vat = 0, total = 0;
  std::array<std::int64_t, kDeclarationTypeCount> paid{}, clawed{};
};

// Hundredths of the output fee a type earns (banded), or of the flat fee.
std::int64_t banded_share(int type) { return (type == 0 || type == 5) ? 20 : 15; }

OracleFigures oracle(const Scenario& s, std::size_t which) {
  OracleFigures o;
  const Int128 cap_a = s.bands.front().capacity;
  o.unit = Int128(100000000) * 29 * cap_a;
  const Int128 per_penny = o.unit / 100;
  const int when = s.payment_day[which];
  const bool ittecf = s.ittecf;
  auto banded_sees = [&](const Decl& d) { return !ittecf || !d.mentor; };
  auto flat_sees = [&](const Decl& d) { return ittecf && d.mentor && (d.type == 0 || d.type == 5); };

  for (int type = 0; type < static_cast<int>(kDeclarationTypeCount); ++type) {
    std::int64_t pb = 0, pr = 0, cb = 0, cr = 0;
    for (const Decl& d : s.decls) {
      if (d.type != type || !banded_sees(d)) continue;
      if (d.billable && s.payment_day[static_cast<std::size_t>(d.payment_statement)] < when) ++pb;
      if (d.clawback_statement >= 0 && s.payment_day[static_cast<std::size_t>(d.clawback_statement)] < when) ++pr;
      if (d.billable && d.payment_statement == static_cast<int>(which)) ++cb;
      if (d.clawback_statement == static_cast<int>(which)) ++cr;
    }
    std::vector<std::int64_t> held(s.bands.size(), 0);
    auto place = [&]() -> int {
      for (std::size_t b = 0; b < held.size(); ++b) {
        if (held[b] < s.bands[b].capacity) { ++held[b]; return static_cast<int>(b); }
      }
      return -1;
    };
    auto remove = [&]() -> int {
      for (std::size_t b = held.size(); b-- > 0;) {
        if (held[b] > 0) { --held[b]; return static_cast<int>(b); }
      }
      return -1;
    };
    // Fee of one declaration in band b, in units: pennies × ratio% × share%.
    auto fee = [&](int b) {
      const BandSpec& band = s.bands[static_cast<std::size_t>(b)];
      return Int128(band.fee_pennies) * band.output_hundredths * banded_share(type) * (o.unit / 1000000);
    };
    for (std::int64_t i = 0; i < pb; ++i) place();
    for (std::int64_t i = 0; i < pr; ++i) remove();
    for (std::int64_t i = 0; i < cb; ++i) {
      int b = place();
      if (b >= 0) { o.output_billable += fee(b); ++o.paid[static_cast<std::size_t>(type)]; }
    }
    for (std::int64_t i = 0; i < cr; ++i) {
      int b = remove();
      if (b >= 0) { o.output_refundable += fee(b); ++o.clawed[static_cast<std::size_t>(type)]; }
    }
  }

  for (const Decl& d : s.decls) {
    if (banded_sees(d) && d.flagged) {
      if (d.billable && d.payment_statement == static_cast<int>(which)) o.uplift_billable += s.uplift_pennies * per_penny;
      if (d.clawback_statement == static_cast<int>(which)) o.uplift_refundable += s.uplift_pennies * per_penny;
    }
    if (flat_sees(d)) {
      const Int128 half = Int128(s.flat_pennies) * per_penny / 2;
      if (d.billable && d.payment_statement == static_cast<int>(which)) o.mentor_billable += half;
      if (d.clawback_statement == static_cast<int>(which)) o.mentor_refundable += half;
    }
  }

  if (s.monthly_override_pennies) {
    o.service = *s.monthly_override_pennies * per_penny;
  } else {
    // Walk the target participants one by one through the band ranges.
    // pool/29 in units is fee_pennies × service% × 10^4 × cap_A each; the
    // set-up deduction/29 is in_A × setup_pennies × 10^6.
    Int128 pool_over_29 = 0;
    for (std::int64_t p = 1; p <= s.target; ++p) {
      std::int64_t upper = 0;
      for (const BandSpec& b : s.bands) {
        upper += b.capacity;
        if (p <= upper) {
          pool_over_29 += Int128(b.fee_pennies) * (100 - b.output_hundredths) * 10000 * cap_a;
          break;
        }
      }
    }
    const Int128 in_a = std::min<std::int64_t>(s.target, s.bands.front().capacity);
    o.service = pool_over_29 - in_a * s.setup_pennies * 1000000;
  }
  for (std::int64_t a : s.adjustments_pennies[which]) o.adjustments += a * per_penny;

  o.subtotal = o.output_billable - o.output_refundable + o.uplift_billable - o.uplift_refundable + o.service +
               o.adjustments + (ittecf ? o.mentor_billable - o.mentor_refundable : 0);
  const std::int64_t vat = s.vat_registered ? s.vat_hundredths : 0;
  o.vat = o.subtotal * vat;            // over unit × 100
  o.total = o.subtotal * (100 + vat);   // over unit × 100
  return o;
}

Decimal as_decimal(const OracleFigures& o, Int128 v) { return Decimal::fraction(v, o.unit); }

TEST_CASE("finance property: calculators agree with a from-scratch oracle on 300 random scenarios") {
  Rng rng{std::mt19937_64(20250325)};
  int statements_checked = 0;
  for (int n = 0; n < 300; ++n) {
    const Scenario s = random_scenario(rng);
    const ContractTerms c = contract_of(s);
    const std::vector<DatedTallies> all = tallies_of(s);
    for (std::size_t k = 0; k < all.size(); ++k) {
      CAPTURE(n);
      CAPTURE(k);
      StatementActivity activity;
      activity.previous = previous_tallies(all, all[k].payment_date);
      activity.current = all[k].tallies;
      for (std::int64_t a : s.adjustments_pennies[k]) activity.adjustments.push_back(pennies(a));
      Result<StatementFigures> f = calculate_statement(c, s.vat_registered, activity);
      REQUIRE_MESSAGE(f.is_ok(), f.status().to_string());
      const OracleFigures o = oracle(s, k);
      for (std::size_t t = 0; t < kDeclarationTypeCount; ++t) {
        CHECK(f->banded.types[t].allocation.paid() == o.paid[t]);
        CHECK(f->banded.types[t].allocation.clawed_back() == o.clawed[t]);
      }
      CHECK(f->banded.output_billable == as_decimal(o, o.output_billable));
      CHECK(f->banded.output_refundable == as_decimal(o, o.output_refundable));
      CHECK(f->banded.uplift_billable == as_decimal(o, o.uplift_billable));
      CHECK(f->banded.uplift_refundable == as_decimal(o, o.uplift_refundable));
      CHECK(f->banded.service_fee.monthly == as_decimal(o, o.service));
      CHECK(f->banded.adjustments == as_decimal(o, o.adjustments));
      if (s.ittecf) {
        REQUIRE(f->flat_rate.has_value());
        CHECK(f->flat_rate->billable == as_decimal(o, o.mentor_billable));
        CHECK(f->flat_rate->refundable == as_decimal(o, o.mentor_refundable));
      } else {
        CHECK(!f->flat_rate.has_value());
      }
      CHECK(f->subtotal == as_decimal(o, o.subtotal));
      const Decimal total = Decimal::fraction(o.total, o.unit * 100);
      CHECK(f->vat == Decimal::fraction(o.vat, o.unit * 100));
      CHECK(f->total == total);
      CHECK(f->row("total")->rounded == total.to_pennies_string());
      ++statements_checked;
    }
  }
  CHECK(statements_checked >= 300);
}

TEST_CASE("finance property: the allocator agrees with one-at-a-time placement on 2,000 random inputs") {
  Rng rng{std::mt19937_64(7)};
  for (int n = 0; n < 2000; ++n) {
    std::vector<std::int64_t> caps(static_cast<std::size_t>(rng.in(0, 5)));
    for (auto& c : caps) c = rng.in(1, 6);
    const AllocationCounts in{rng.in(0, 30), rng.in(0, 30), rng.in(0, 30), rng.in(0, 30)};
    CAPTURE(n);
    const BandAllocation a = allocate_bands(caps, in);

    std::vector<BandCounts> expect(caps.size());
    std::vector<std::int64_t> held(caps.size(), 0);
    std::int64_t unpaid = 0;
    auto place = [&](std::int64_t BandCounts::*field) {
      for (std::size_t b = 0; b < caps.size(); ++b) {
        if (held[b] < caps[b]) { ++held[b]; ++(expect[b].*field); return true; }
      }
      return false;
    };
    auto remove = [&](std::int64_t BandCounts::*field) {
      for (std::size_t b = caps.size(); b-- > 0;) {
        if (held[b] > 0) { --held[b]; ++(expect[b].*field); return true; }
      }
      return false;
    };
    for (std::int64_t i = 0; i < in.previous_billable; ++i) (void)place(&BandCounts::previous_billable);
    for (std::int64_t i = 0; i < in.previous_refundable; ++i) (void)remove(&BandCounts::previous_refundable);
    for (std::int64_t i = 0; i < in.current_billable; ++i) unpaid += place(&BandCounts::current_billable) ? 0 : 1;
    for (std::int64_t i = 0; i < in.current_refundable; ++i) (void)remove(&BandCounts::current_refundable);
    CHECK(a.bands == expect);
    CHECK(a.unpaid_current_billable == unpaid);
    for (std::size_t b = 0; b < caps.size(); ++b) {
      CHECK(a.bands[b].net() == held[b]);
      CHECK(a.bands[b].net() <= caps[b]);
    }
  }
}

}  // namespace
}  // namespace rect::finance
