// The clock: a day-rollover command that runs the time-based transitions
// (the daily payable job, finance.md §4.2). Nothing else reads "now" to
// change state.
#include "domain/commands.h"
#include "domain/input.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

void start_day(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto date = in.date("date");
  in.finish();
  if (d.failed()) return;
  if (*date > ctx.today) return d.error("date", "cannot be after today");
  d.emit(ctx, streams::clock(), "day_started", {{"date", date->to_string()}});
  int statements = 0, declarations = 0;
  for (const Statement* st : ctx.state.all_statements()) {
    if (st->fee_type != "output" || st->status != "open" || !(st->deadline_date < *date)) continue;
    ++statements;
    d.emit(ctx, streams::statement(st->id), "statement_marked_payable", {{"statement_id", st->id}, {"on", date->to_string()}});
    for (const Declaration* dec : ctx.state.declarations_naming(st->id))
      if (dec->statement_id == st->id && dec->payment_status == "eligible") {
        ++declarations;
        d.emit(ctx, streams::declarations(dec->teacher_id, role_name(dec->role)), "declaration_made_payable",
               {{"teacher_id", dec->teacher_id}, {"role", role_name(dec->role)}, {"declaration_id", dec->id},
                {"statement_id", st->id}});
      }
  }
  d.result = {{"statements_marked_payable", statements}, {"declarations_made_payable", declarations}};
}

}  // namespace

void register_clock_commands(CommandTable& t) { t["start_day"] = {start_day, bit(ActorKind::kSystem)}; }

}  // namespace rect::domain
