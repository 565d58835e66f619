// Teacher records the system imports rather than a user enters: the early
// roll-out mentors who completed their training before the service
// (domain.md §4.2, S/teachers/import_early_rollout_mentor.rb).
#include "domain/commands.h"
#include "domain/input.h"
#include "domain/rules.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

void import_early_roll_out_mentor(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto trn = in.text("trn", 16);
  in.finish();
  if (trn && !is_trn(*trn)) d.error("trn", "must be 7 digits");
  if (d.failed()) return;
  const TrsRecord* r = ctx.state.trs(*trn);
  if (!r) return d.error("trn", "No teacher with this teacher reference number (TRN) was found in TRS");
  const Teacher* t = ctx.state.teacher_by_trn(*trn);
  if (t && !t->mentor_ineligible_reason.empty())
    return d.error("trn", "This mentor's funding has already ended (" + t->mentor_ineligible_reason + ")");
  std::string id;
  if (t) {
    id = t->id;
  } else {
    id = ctx.new_id();
    d.emit(ctx, streams::trs(*trn), "trn_claimed", {{"trn", *trn}, {"teacher_id", id}});
    d.emit(ctx, streams::teacher(id), "teacher_created",
           {{"teacher_id", id}, {"trn", *trn}, {"first_name", r->first_name}, {"last_name", r->last_name},
            {"source", "early_roll_out_import"}});
  }
  // RECT records the same completion date for every early roll-out mentor.
  d.emit(ctx, streams::teacher(id), "mentor_funding_ended",
         {{"teacher_id", id}, {"on", Date::from_ymd(2021, 4, 19).to_string()}, {"reason", "completed_during_early_roll_out"},
          {"declaration_id", ""}});
  d.result = {{"participant_id", id}};
}

}  // namespace

void register_teacher_record_commands(CommandTable& t) {
  t["import_early_roll_out_mentor"] = {import_early_roll_out_mentor, kSystemOrAdmin};
}

}  // namespace rect::domain
