// GIAS reconciliation (domain.md §2.8): the nightly import's URN
// replacements, closures and merges, issued by the system. A replacement
// gives the school its successor's URN and moves everything at the school
// with it; a closure ends the school's placements on the closing date; a
// merge moves the predecessor's open placements to the successor, merges a
// mentor's placements at both, and recreates the predecessor's partnerships
// there. Nothing is rewritten or deleted (docs/decisions.md, "GIAS merges
// append, they do not rewrite").
#include <algorithm>
#include <map>

#include "domain/commands.h"
#include "domain/input.h"
#include "domain/periods.h"
#include "domain/streams.h"

namespace rect::domain {
namespace {

constexpr const char* kUnknownSchool = "No school with this URN was found";
constexpr const char* kAlreadyClosed = "This school is already closed";

// A replacement (§2.8.1): GIAS closed the school and opened one successor
// that rect has no record of, so the school carries on under the new URN.
// school_urn_replaced starts the successor's stream (its expected version,
// none, is what keeps a concurrent registration of that URN out);
// school_urn_retired then closes the old stream, guarded at the version the
// replacement decided against, and every placement and partnership at the
// school, finished or not, follows with its own event. The retirement bumps
// the old stream, so a command decided against the old URN that writes there
// first (a registration, a tutor nomination) fails its expected-version check
// and, decided again, finds no school with that URN. A command that landed on
// the old stream between the two appends makes the replacement decide again:
// it finds its own school_urn_replaced and finishes the move, taking what the
// command placed at the school with it.
void replace_school_urn(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("urn", 16);
  auto successor_urn = in.text("successor_urn", 16);
  in.finish();
  if (successor_urn && (successor_urn->size() < 6 || !std::all_of(successor_urn->begin(), successor_urn->end(), ::isdigit)))
    d.error("successor_urn", "must be 6 or more digits");
  if (d.failed()) return;
  const State& s = ctx.state;
  const School* school = s.school(*urn);
  const bool resumed = !school && s.successor_urn(*urn) == *successor_urn && !s.urn_retired(*urn);
  if (!resumed) {
    if (!school) d.error("urn", kUnknownSchool);
    else if (school->status == "closed") d.error("urn", kAlreadyClosed);
    if (s.school(*successor_urn) || s.version(streams::school(*successor_urn)) != StreamVersion::none())
      d.error("successor_urn", "A school with this URN already exists: merge the schools instead");
    if (d.failed()) return;
    d.emit(ctx, streams::school(*successor_urn), "school_urn_replaced",
           {{"urn", *successor_urn}, {"from", *urn}, {"to", *successor_urn}});
  }
  d.guard(ctx, streams::school(*urn), "school_urn_retired", {{"urn", *urn}, {"successor_urn", *successor_urn}});
  for (const Partnership* sp : s.partnerships_placed_at(*urn))
    if (sp->school_urn == *urn)
      d.emit(ctx, streams::partnership(sp->id), "school_partnership_moved",
             {{"partnership_id", sp->id}, {"from", *urn}, {"to", *successor_urn}});
  for (const Teacher* placed : s.teachers_placed_at(*urn)) {
    const Teacher& t = *placed;
    for (Role r : {Role::kEct, Role::kMentor})
      for (const Placement& p : t.role(r).placements)
        if (p.school_urn == *urn)
          d.emit(ctx, r == Role::kEct ? streams::ect(t.id) : streams::mentor(t.id),
                 r == Role::kEct ? "ect_placement_moved_school" : "mentor_placement_moved_school",
                 {{"teacher_id", t.id}, {"placement_id", p.id}, {"from_urn", *urn}, {"to_urn", *successor_urn},
                  {"cause", "urn_replaced"}});
  }
  d.result = {{"urn", *successor_urn}};
}

void close_school(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("urn", 16);
  auto on = in.date("closed_on");
  in.finish();
  if (d.failed()) return;
  const School* school = ctx.state.school(*urn);
  if (!school) return d.error("urn", kUnknownSchool);
  if (school->status == "closed") return d.error("urn", kAlreadyClosed);
  d.emit(ctx, streams::school(*urn), "school_closed", {{"urn", *urn}, {"on", on->to_string()}});
  for (const Teacher* placed : ctx.state.teachers_placed_at(*urn)) {
    const Teacher& t = *placed;
    for (const Placement& p : t.ect.placements)
      if (p.school_urn == *urn && (!p.finished_on || *p.finished_on > *on))
        finish_ect_placement(ctx, d, t, p, *on, "school_closed", "");
    for (const Placement& p : t.mentor.placements)
      if (p.school_urn == *urn && (!p.finished_on || *p.finished_on > *on))
        finish_mentor_placement(ctx, d, t, p, *on, "school_closed", "");
  }
}

// Re-points a moved placement's training periods at the successor's copy of their partnership.
void move_training(const Context& ctx, Decision& d, const Teacher& t, Role role, const std::string& placement_id,
                   const std::map<std::string, std::string>& partnership_ids) {
  for (const TrainingPeriod& tp : t.role(role).training) {
    if (tp.placement_id != placement_id) continue;
    auto it = partnership_ids.find(tp.partnership_id);
    if (it == partnership_ids.end()) continue;
    const Partnership* sp = ctx.state.partnership(tp.partnership_id);
    d.emit(ctx, role == Role::kEct ? streams::ect(t.id) : streams::mentor(t.id), "training_period_partnership_confirmed",
           {{"teacher_id", t.id}, {"role", role_name(role)}, {"training_period_id", tp.id}, {"partnership_id", it->second},
            {"lead_provider_id", sp->lead_provider_id}, {"delivery_partner_id", sp->delivery_partner_id}});
  }
}

void merge_school(const Context& ctx, const Json& body, Decision& d) {
  Input in(body, d);
  auto urn = in.text("urn", 16);
  auto successor_urn = in.text("successor_urn", 16);
  in.finish();
  if (d.failed()) return;
  const State& s = ctx.state;
  const School* school = s.school(*urn);
  const School* successor = s.school(*successor_urn);
  if (!school) d.error("urn", kUnknownSchool);
  else if (school->status == "closed") d.error("urn", kAlreadyClosed);
  if (!successor) d.error("successor_urn", kUnknownSchool);
  else if (successor->status == "closed") d.error("successor_urn", "The successor school is closed");
  if (school && successor && *urn == *successor_urn) d.error("successor_urn", "A school cannot be merged into itself");
  if (d.failed()) return;
  d.emit(ctx, streams::school(*urn), "school_merged", {{"urn", *urn}, {"successor_urn", *successor_urn}});

  std::map<std::string, std::string> partnership_ids;  // predecessor's id -> successor's
  for (const Partnership* placed : s.partnerships_placed_at(*urn)) {
    const Partnership& sp = *placed;
    const std::string& id = sp.id;
    if (sp.school_urn != *urn) continue;
    for (const Partnership* there : s.partnerships_for(*successor_urn, sp.lead_provider_id, sp.year))
      if (there->delivery_partner_id == sp.delivery_partner_id) partnership_ids[id] = there->id;
    if (partnership_ids.count(id)) continue;
    const std::string new_id = ctx.new_id();
    partnership_ids[id] = new_id;
    d.emit(ctx, streams::partnership(new_id), "school_partnership_created",
           {{"partnership_id", new_id}, {"school_urn", *successor_urn}, {"lead_provider_id", sp.lead_provider_id},
            {"delivery_partner_id", sp.delivery_partner_id}, {"year", sp.year}, {"source", "gias_merge"},
            {"previous_partnership_id", id}});
  }

  for (const Teacher* placed : s.teachers_placed_at(*urn)) {
    const Teacher& t = *placed;
    for (const Placement& p : t.ect.placements) {
      if (p.school_urn != *urn || !p.unfinished()) continue;
      d.emit(ctx, streams::ect(t.id), "ect_placement_moved_school",
             {{"teacher_id", t.id}, {"placement_id", p.id}, {"from_urn", *urn}, {"to_urn", *successor_urn},
              {"cause", "gias_merge"}});
      move_training(ctx, d, t, Role::kEct, p.id, partnership_ids);
    }
    for (const Placement& p : t.mentor.placements) {
      if (p.school_urn != *urn || !p.unfinished()) continue;
      move_training(ctx, d, t, Role::kMentor, p.id, partnership_ids);
      if (const Placement* there = t.mentor.unfinished_at(*successor_urn)) {
        d.emit(ctx, streams::mentor(t.id), "mentor_placements_merged",
               {{"teacher_id", t.id}, {"into", there->id}, {"merged", Json::array({p.id})}, {"cause", "gias_merge"}});
      } else {
        d.emit(ctx, streams::mentor(t.id), "mentor_placement_moved_school",
               {{"teacher_id", t.id}, {"placement_id", p.id}, {"from_urn", *urn}, {"to_urn", *successor_urn},
                {"cause", "gias_merge"}});
      }
    }
  }
}

}  // namespace

void register_gias_commands(CommandTable& t) {
  t["replace_school_urn"] = {replace_school_urn, kSystemOrAdmin};
  t["close_school"] = {close_school, kSystemOrAdmin};
  t["merge_school"] = {merge_school, kSystemOrAdmin};
}

}  // namespace rect::domain
