// StatementTallies: the per-statement declaration counts a payments
// projection keeps, and the §5.0 selectors that turn them into calculator
// inputs.
//
// For one statement, per role (ECT, mentor) and declaration type, a Tally
// counts the declarations *billable* on it (payment statement is this one
// and payment status eligible, payable or paid) and *refundable* on it
// (clawback statement is this one and clawback status awaiting_clawback or
// clawed_back), and how many of each carry a pupil-premium or sparsity
// uplift flag (counted once even if both flags are set). A paid declaration
// awaiting clawback is billable on its payment statement and refundable on
// its clawback statement. Voided declarations are in neither count.
//
// `previous_tallies` sums the statements paid strictly before a payment
// date: statements sharing the payment date are not "previous" (§8.2).
//
// Thread-safety: plain values and pure functions.
//
// Usage:
//   StatementTallies s;
//   s.of(Role::kEct)[index(DeclarationType::kStarted)].billable += 1;
//   std::vector<DatedTallies> all = ...;                 // every statement of the ALP
//   StatementTallies before = previous_tallies(all, all[3].payment_date);
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <span>

#include "domain/finance/contract_terms.h"
#include "domain/finance/declaration_type.h"

namespace rect::finance {

enum class Role : std::uint8_t { kEct, kMentor };

struct Tally {
  std::int64_t billable = 0;
  std::int64_t refundable = 0;
  std::int64_t uplift_billable = 0;    // billable ones with an uplift flag
  std::int64_t uplift_refundable = 0;  // refundable ones with an uplift flag
  Tally& operator+=(const Tally& o);
  friend bool operator==(const Tally&, const Tally&) = default;
};

using TypeTallies = std::array<Tally, kDeclarationTypeCount>;

struct StatementTallies {
  TypeTallies ect{};
  TypeTallies mentor{};
  TypeTallies& of(Role r) { return r == Role::kEct ? ect : mentor; }
  const TypeTallies& of(Role r) const { return r == Role::kEct ? ect : mentor; }
  StatementTallies& operator+=(const StatementTallies& o);
  friend bool operator==(const StatementTallies&, const StatementTallies&) = default;
};

// One statement of an active lead provider, for ordering by payment date.
struct DatedTallies {
  std::chrono::year_month_day payment_date;
  StatementTallies tallies;
};

// Σ tallies of the statements with payment_date < `payment_date`.
StatementTallies previous_tallies(std::span<const DatedTallies> statements,
                                  std::chrono::year_month_day payment_date);

// Sel of §5.0 for the banded calculator: ECTs and mentors together under
// `ecf`, ECTs only under `ittecf_ectp`.
TypeTallies banded_selection(ContractType contract, const StatementTallies& t);

// Sel of §5.0 for the flat-rate calculator: mentors' started and completed
// under `ittecf_ectp` (other types zero), nothing under `ecf`.
TypeTallies flat_rate_selection(ContractType contract, const StatementTallies& t);

// True when any count is negative.
bool has_negative(const TypeTallies& t);

}  // namespace rect::finance
