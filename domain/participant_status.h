// Private to domain/: a training period's participant_status as the lead
// provider API derives it from dates (api.md §8.7): active, joining,
// leaving or left.
//
// Thread-safety: pure function.
//
// Usage:
//   if (participant_status(t, Role::kEct, tp, today) == "left") reject();
#pragma once

#include <string>

#include "domain/state.h"

namespace rect::domain {

std::string participant_status(const Teacher& t, Role role, const TrainingPeriod& tp, Date today);

}  // namespace rect::domain
