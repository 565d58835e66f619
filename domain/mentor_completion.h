// Private to domain/: the mentor completion rule (domain.md §4.2). A mentor's
// `completed` declaration ends their funding on its date
// (completed_declaration_received) and finishes that lead provider's latest
// mentor training; voiding or clawing back the last such declaration clears
// both and, if needed, opens a new training period from the old finish + 1.
//
// Thread-safety: pure functions over a Context.
//
// Usage:
//   mentor_completed(ctx, d, teacher, training_period, declaration_id, on);
#pragma once

#include <string>

#include "domain/decision.h"

namespace rect::domain {

void mentor_completed(const Context& ctx, Decision& d, const Teacher& t, const TrainingPeriod& tp,
                      const std::string& declaration_id, Date on);
void mentor_completion_withdrawn(const Context& ctx, Decision& d, const Teacher& t, const Declaration& voided);

}  // namespace rect::domain
