#include "domain/participant_status.h"

namespace rect::domain {

std::string participant_status(const Teacher& t, Role role, const TrainingPeriod& tp, Date today) {
  auto leaving_or_left = [&] { return tp.finished_on && *tp.finished_on > today ? "leaving" : "left"; };
  if (tp.withdrawn_at || tp.deferred_at) return leaving_or_left();
  if (tp.finished_on) {
    if (role == Role::kEct) {
      for (const InductionPeriod& ip : t.induction)
        if (!ip.outcome.empty() && ip.finished_on && *ip.finished_on <= *tp.finished_on) return "active";
    } else if (t.mentor_ineligible_on && *t.mentor_ineligible_on <= *tp.finished_on) {
      return "active";
    }
    return leaving_or_left();
  }
  if (tp.started_on > today) return "joining";
  return "active";
}

}  // namespace rect::domain
