// finance.md §5.7: which declarations made a statement's numbers.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "domain/finance/declaration_selection.h"
#include "domain/finance/statement_calculator.h"

namespace rect::finance {
namespace {

constexpr std::size_t kStarted = index(DeclarationType::kStarted);

ContractTerms contract(ContractType type) {
  ContractTerms c;
  c.type = type;
  c.banded.bands = {{.capacity = 2,
                     .fee_per_declaration = Decimal(100),
                     .output_fee_ratio = Decimal::fraction(3, 5),
                     .service_fee_ratio = Decimal::fraction(2, 5)}};
  c.banded.monthly_service_fee = Decimal(0);
  c.flat_rate.fee_per_declaration = Decimal(1000);
  return c;
}

DeclarationRecord rec(std::string id, Role role, DeclarationType type, std::int64_t date, std::int64_t created,
                      Standing standing) {
  return {.id = std::move(id), .role = role, .type = type, .declaration_date = Timestamp(date),
          .created_at = Timestamp(created), .standing = standing};
}

std::vector<std::string> ids(const std::vector<DeclarationRecord>& recs, const std::vector<std::size_t>& idx) {
  std::vector<std::string> out;
  for (std::size_t i : idx) out.push_back(recs[i].id);
  return out;
}

TEST_CASE("finance selection: the earliest declarations within capacity are the ones paid") {
  const ContractTerms c = contract(ContractType::kEcf);
  std::vector<DeclarationRecord> recs = {
      rec("d", Role::kEct, DeclarationType::kStarted, 30, 1, Standing::kBillable),
      rec("b", Role::kMentor, DeclarationType::kStarted, 10, 5, Standing::kBillable),
      rec("a", Role::kEct, DeclarationType::kStarted, 10, 5, Standing::kBillable),  // ties on date and created: id
      rec("c", Role::kEct, DeclarationType::kStarted, 10, 2, Standing::kBillable),
      rec("v", Role::kEct, DeclarationType::kStarted, 1, 1, Standing::kVoided),
      rec("k", Role::kEct, DeclarationType::kCompleted, 50, 1, Standing::kBillable),
  };
  StatementActivity a;
  a.current.ect[kStarted].billable = 3;
  a.current.mentor[kStarted].billable = 1;
  a.current.ect[index(DeclarationType::kCompleted)].billable = 1;
  Result<StatementFigures> f = calculate_statement(c, true, a);
  REQUIRE(f.is_ok());
  REQUIRE(f->banded.types[kStarted].allocation.paid() == 2);

  DeclarationSelection sel = select_declarations(c.type, recs, f->banded);
  CHECK(ids(recs, sel.billable) == std::vector<std::string>{"c", "a", "k"});
  CHECK(sel.refundable.empty());
  CHECK(ids(recs, sel.voided) == std::vector<std::string>{"v"});
}

TEST_CASE("finance selection: refundable declarations are limited to those clawed back") {
  const ContractTerms c = contract(ContractType::kEcf);
  std::vector<DeclarationRecord> recs = {
      rec("r2", Role::kEct, DeclarationType::kStarted, 20, 1, Standing::kRefundable),
      rec("r1", Role::kEct, DeclarationType::kStarted, 10, 1, Standing::kRefundable),
  };
  StatementActivity a;
  a.previous.ect[kStarted].billable = 1;  // only one occupies a band
  a.current.ect[kStarted].refundable = 2;
  Result<StatementFigures> f = calculate_statement(c, true, a);
  REQUIRE(f.is_ok());
  DeclarationSelection sel = select_declarations(c.type, recs, f->banded);
  CHECK(ids(recs, sel.refundable) == std::vector<std::string>{"r1"});
}

TEST_CASE("finance selection: flat-rate mentors are all selected under ittecf_ectp") {
  const ContractTerms c = contract(ContractType::kIttecfEctp);
  std::vector<DeclarationRecord> recs = {
      rec("m1", Role::kMentor, DeclarationType::kStarted, 1, 1, Standing::kBillable),
      rec("m2", Role::kMentor, DeclarationType::kStarted, 2, 1, Standing::kBillable),
      rec("m3", Role::kMentor, DeclarationType::kStarted, 3, 1, Standing::kBillable),
      rec("m4", Role::kMentor, DeclarationType::kCompleted, 4, 1, Standing::kRefundable),
      rec("mx", Role::kMentor, DeclarationType::kRetained1, 4, 1, Standing::kBillable),
      rec("e1", Role::kEct, DeclarationType::kStarted, 5, 1, Standing::kBillable),
      rec("e2", Role::kEct, DeclarationType::kStarted, 6, 1, Standing::kBillable),
      rec("e3", Role::kEct, DeclarationType::kStarted, 7, 1, Standing::kBillable),
  };
  StatementActivity a;
  a.current.ect[kStarted].billable = 3;
  a.current.mentor[kStarted].billable = 3;
  a.current.mentor[index(DeclarationType::kCompleted)].refundable = 1;
  Result<StatementFigures> f = calculate_statement(c, true, a);
  REQUIRE(f.is_ok());
  DeclarationSelection sel = select_declarations(c.type, recs, f->banded);
  CHECK(ids(recs, sel.billable) == std::vector<std::string>{"m1", "m2", "m3", "e1", "e2"});
  CHECK(ids(recs, sel.refundable) == std::vector<std::string>{"m4"});
}

}  // namespace
}  // namespace rect::finance
