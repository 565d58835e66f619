// The seed world: what every part of the generator shares, read-only once
// built — lead providers, delivery partners and their pairings per cohort,
// appropriate bodies, schedules (milestone windows), freeze dates and the
// timeline — and the system/finance commands that set it up (reference_setup).
//
// Thread-safety: a built World is read concurrently by every shard.
//
// Usage:
//   World w = build_world(seed);
//   for (const TimedCommand& c : reference_setup(w, 2021)) run(c);
//   const Window* win = w.window(2024, "ecf-standard-september", 0);
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/command.h"
#include "events/status.h"

namespace rect::seed {

inline constexpr int kFirstCohort = 2021;
inline constexpr int kLastCohort = 2026;
inline constexpr const char* kDeclarationTypes[] = {"started",    "retained-1", "retained-2",
                                                    "retained-3", "retained-4", "completed"};
inline constexpr int kDeclarationTypeCount = 6;

struct LeadProviderInfo {
  std::string id, name;
  int share = 1;  // relative market share
};

// One milestone window; `last` is the milestone date (or start + 120 days when open-ended).
struct Window {
  int first = 0, last = 0;
};

struct World {
  int first_day = 0;  // the day the reference data is loaded
  int last_day = 0;   // the last simulated day
  std::vector<LeadProviderInfo> lead_providers;
  std::vector<std::string> delivery_partners;
  std::map<std::pair<int, int>, std::vector<int>> pairings;  // (lead provider, cohort) -> delivery partners
  std::vector<std::string> hubs, local_authorities;
  std::string istip;
  std::map<std::pair<int, std::string>, std::vector<std::optional<Window>>> schedules;  // by declaration type
  std::string contract_periods_json, schedules_json;  // the reference files

  const Window* window(int cohort, const std::string& schedule, int type) const;
  // The first day declarations for the cohort are refused (payments frozen); INT32_MAX if never.
  int freeze_day(int cohort) const;
  // The last day a clawback can still find an output statement.
  int last_clawback_day(int cohort) const;
};

Result<World> build_world();

// A Command with a fresh correlation id (drawn by the handler).
inline domain::Command command(std::string name, Actor actor, std::string body) {
  domain::Command c;
  c.name = std::move(name);
  c.actor = std::move(actor);
  c.body = std::move(body);
  return c;
}

// A command of the system or a finance user at a day (06:00 UTC).
struct TimedCommand {
  int day = 0;
  domain::Command command;
};

// The reference data (contract periods, schedules, lead providers, delivery
// partners, appropriate bodies) for the first day, and per cohort: lead
// provider activation, pairings, bands, contracts and the statement calendar.
std::vector<TimedCommand> reference_setup(const World& w);

}  // namespace rect::seed
