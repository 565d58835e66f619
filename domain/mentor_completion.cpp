#include "domain/mentor_completion.h"

#include <algorithm>

#include "domain/streams.h"

namespace rect::domain {

void mentor_completed(const Context& ctx, Decision& d, const Teacher& t, const TrainingPeriod& tp,
                      const std::string& declaration_id, Date on) {
  Date end = on;
  for (const Declaration& dec : t.declarations[1])
    if (dec.type == "completed" && dec.billable_or_changeable()) end = std::max(end, london_date(dec.declaration_date));
  d.emit(ctx, streams::teacher(t.id), "mentor_funding_ended",
         {{"teacher_id", t.id}, {"on", end.to_string()}, {"reason", "completed_declaration_received"},
          {"declaration_id", declaration_id}});
  const Date finish = std::max(tp.started_on, on);
  if (!tp.finished_on || *tp.finished_on > finish)
    d.emit(ctx, streams::mentor(t.id), "training_period_finished",
           {{"teacher_id", t.id}, {"role", "mentor"}, {"training_period_id", tp.id}, {"finished_on", finish.to_string()},
            {"cause", "mentor_completed"}});
}

void mentor_completion_withdrawn(const Context& ctx, Decision& d, const Teacher& t, const Declaration& voided) {
  for (const Declaration& dec : t.declarations[1])
    if (dec.id != voided.id && dec.type == "completed" && dec.billable_or_changeable()) return;
  if (t.mentor_ineligible_reason != "completed_declaration_received") return;
  d.emit(ctx, streams::teacher(t.id), "mentor_funding_end_cleared", {{"teacher_id", t.id}, {"declaration_id", voided.id}});
  const TrainingPeriod* tp = t.mentor.training_period(voided.training_period_id);
  if (!tp || !tp->finished_on) return;
  const Placement* placement = t.mentor.placement(tp->placement_id);
  if (!placement || (placement->finished_on && *placement->finished_on <= *tp->finished_on)) return;
  for (const TrainingPeriod& other : t.mentor.training)
    if (other.started_on > *tp->finished_on) return;
  const std::string id = ctx.new_id();
  d.emit(ctx, streams::mentor(t.id), "training_period_started",
         {{"teacher_id", t.id}, {"role", "mentor"}, {"training_period_id", id}, {"placement_id", tp->placement_id},
          {"training_programme", "provider_led"}, {"year", tp->year}, {"partnership_id", tp->partnership_id},
          {"eoi_lead_provider_id", tp->eoi_lead_provider_id}, {"lead_provider_id", tp->lead_provider_id},
          {"schedule", tp->schedule}, {"started_on", tp->finished_on->add_days(1).to_string()},
          {"cause", "mentor_completion_voided"}});
}

}  // namespace rect::domain
