// Private to projections/payments/: the state behind PaymentsProjection, the
// fold that updates it and the record codec.
//
// Thread-safety: none; PaymentsProjection guards it with the projection lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "projections/flat_fields.h"
#include "projections/payments/payments.h"
#include "projections/symbols.h"

namespace rect::projections::payments {

enum class PaymentStatus : std::uint8_t { kNoPayment, kEligible, kPayable, kPaid, kVoided };
enum class ClawbackStatus : std::uint8_t { kNone, kAwaiting, kClawedBack };

std::string_view payment_status_name(PaymentStatus s);    // no_payment, eligible, ...
std::string_view clawback_status_name(ClawbackStatus s);  // no_clawback, awaiting_clawback, clawed_back

// The repeated ids and the evidence are Symbols of Model::symbols; `id` points
// at the declaration's own key in Model::declarations.
struct Declaration {
  Symbol id;
  Symbol teacher_id;
  Symbol lead_provider_id;
  Symbol delivery_partner_id;
  Symbol evidence_held;
  int year = 0;
  finance::Role role = finance::Role::kEct;
  finance::DeclarationType type = finance::DeclarationType::kStarted;
  std::int64_t declaration_date = 0;  // µs
  std::int64_t created_at = 0;        // µs, recorded_at of declaration_submitted
  bool pupil_premium = false;
  bool sparsity = false;
  PaymentStatus payment = PaymentStatus::kNoPayment;
  ClawbackStatus clawback = ClawbackStatus::kNone;
  Symbol payment_statement;
  Symbol clawback_statement;
  DeclarationPositions positions;
  // In memory only: queued in Model::dirty_declarations.
  mutable bool marked = false;

  bool uplift() const { return pupil_premium || sparsity; }
};

struct Adjustment {
  std::string id;
  std::string payment_type;
  Money amount;
  GlobalPosition position;
};

// What authorisation fixed: the calculator inputs at that event and the
// figures they gave. The declarations are the first `payment_count` and
// `clawback_count` entries of the statement's (append-only) lists, their
// standing read as of `position`.
struct Frozen {
  GlobalPosition position;
  Timestamp at;
  std::string contract_id;
  std::optional<finance::ContractTerms> contract;  // nullopt: none to compute under
  bool vat_registered = true;
  finance::StatementTallies previous;
  finance::StatementTallies current;
  std::vector<Money> adjustments;
  std::size_t payment_count = 0;
  std::size_t clawback_count = 0;
  std::string error;                                     // why the figures could not be computed
  std::vector<std::pair<std::string, std::string>> rows;  // key -> exact value, as computed then
};

struct Statement {
  StatementSummary summary;
  std::vector<Adjustment> adjustments;
  finance::StatementTallies tallies;
  std::vector<const Declaration*> payment_declarations;   // attached for payment, in order
  std::vector<const Declaration*> clawback_declarations;  // attached for clawback, in order
  std::optional<Frozen> frozen;
};

struct Contract {
  std::string id;
  finance::ContractTerms terms;
};

// An active lead provider: lead provider × contract period.
struct ActiveLeadProvider {
  std::vector<std::int64_t> bands;  // capacities, allocation order
  std::vector<Contract> contracts;  // creation order
  std::vector<Statement*> statements;
};

struct Model {
  // Movable, not copyable: declarations hold Symbols pointing into `symbols`
  // and into the keys of `declarations`.
  Model() = default;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  SymbolTable symbols;  // the declarations' repeated ids and evidence
  std::unordered_map<std::string, bool> vat_registered;  // lead provider -> registered
  std::map<std::pair<std::string, int>, ActiveLeadProvider> alps;
  std::unordered_map<std::string, Statement> statements;
  std::unordered_map<std::string, Declaration> declarations;
  GlobalPosition position;

  std::set<std::string> dirty_lead_providers;
  std::set<std::pair<std::string, int>> dirty_alps;
  std::set<std::string> dirty_statements;
  std::vector<const Declaration*> dirty_declarations;  // each once (Declaration::marked)
  bool declarations_sorted = false;  // dirty_declarations sorted by id, descending, while a drain is under way
  bool dirty_position = false;

  Status fold(const RecordedEvent& e);

  ActiveLeadProvider& alp(const std::string& lp, int year) { return alps[{lp, year}]; }
  const ActiveLeadProvider* find_alp(const std::string& lp, int year) const;
  void mark(const Declaration& d);
  // Re-links statements to their ALPs and declarations to their statements
  // after load().
  void relink();

  // The contract a statement is computed under (see docs/payments.md), or null.
  const Contract* contract_for(const Statement& s) const;
  // The live calculator inputs of a statement.
  finance::StatementTallies previous_of(const Statement& s) const;
  std::vector<Money> adjustments_of(const Statement& s) const;
  // Fixes a statement's inputs and figures at authorisation.
  void freeze(Statement& s, GlobalPosition at_position, Timestamp at);
};

// Records: "l/<lead provider>", "a/<lead provider>/<year>", "s/<statement>",
// "d/<declaration>", "p" (the last position folded).
std::string encode_lead_provider(bool vat_registered);
std::string encode_alp(const ActiveLeadProvider& a);
std::string encode_statement(const Statement& s);
std::string encode_declaration(const Declaration& d);
Status load_record(Model& m, std::string_view key, std::string_view value);

std::string statement_period_name(const StatementSummary& s);  // "January 2026"

}  // namespace rect::projections::payments
