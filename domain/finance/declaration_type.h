// DeclarationType: the nine milestones a lead provider declares, as finance
// sees them, with the share of the output fee each one earns.
//
// The enumerators are in milestone order and serve as array indices
// (kDeclarationTypeCount of them), so per-type counts are a plain
// std::array. Shares follow finance.md §5.0 (banded: started and completed
// 0.20, every retained and extended 0.15) and §5.5 (flat-rate mentors:
// started and completed 0.5 each, other types earn nothing).
//
// Thread-safety: constants and pure functions.
//
// Usage:
//   auto t = rect::finance::parse_declaration_type("retained-2");   // optional
//   rect::Decimal share = rect::finance::banded_fee_proportion(*t);  // 0.15
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/money.h"

namespace rect::finance {

enum class DeclarationType : std::uint8_t {
  kStarted = 0,
  kRetained1,
  kRetained2,
  kRetained3,
  kRetained4,
  kCompleted,
  kExtended1,
  kExtended2,
  kExtended3,
};

inline constexpr std::size_t kDeclarationTypeCount = 9;

inline constexpr std::array<DeclarationType, kDeclarationTypeCount> kAllDeclarationTypes = {
    DeclarationType::kStarted,   DeclarationType::kRetained1, DeclarationType::kRetained2,
    DeclarationType::kRetained3, DeclarationType::kRetained4, DeclarationType::kCompleted,
    DeclarationType::kExtended1, DeclarationType::kExtended2, DeclarationType::kExtended3,
};

constexpr std::size_t index(DeclarationType t) { return static_cast<std::size_t>(t); }

// The API spelling: "started", "retained-1", …, "extended-3".
std::string_view declaration_type_name(DeclarationType t);
std::optional<DeclarationType> parse_declaration_type(std::string_view name);

// FEE_PROPORTION of finance.md §5.0 for the banded calculator.
Decimal banded_fee_proportion(DeclarationType t);
// The flat-rate mentor share of §5.5: 1/2 for started and completed, else 0.
Decimal flat_rate_fee_proportion(DeclarationType t);
// Whether the flat-rate calculator counts this type (started, completed).
bool is_flat_rate_type(DeclarationType t);

}  // namespace rect::finance
