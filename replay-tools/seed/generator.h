// rect::seed::generate — the deterministic synthetic dataset behind
// scripts/run, tests and benchmarks: 7 lead providers, 60 delivery partners,
// 30 appropriate bodies, GIAS-like schools and ECTs and mentors of cohorts
// 2021–2026 living through registrations, partnerships, mentoring, school
// moves, lead provider changes, inductions, declarations (some voided, some
// clawed back), withdrawals, deferrals, statements and their authorisation.
// docs/dataset.md describes the shape and its proportions.
//
// Every event comes from the domain's own CommandHandler: nothing is written
// by hand. The world is split into shards of about 1,000 participants (a set
// of schools each), because the write side scans all teachers for some rules;
// each shard runs its own handler over an in-memory log with a ManualClock
// moving day by day from May 2021 to November 2026, and a global handler
// runs the reference data and the finance calendar (payable job, adjustments,
// authorisations). Shards and the global part meet at the global days: global
// events are copied into the shards that need them, the shards' events are
// merged in time order into the global log, and that log is copied into
// `target` with EventStore::append_many (one call per recorded_at value),
// keeping every envelope field, version and — into an empty store — every
// position. `target` must have been created with `target_clock` as its
// Clock: the generator sets it to each copied group's original recorded_at.
//
// Same seed and size → the same commands and byte-identical events, whatever
// the number of threads.
//
// Thread-safety: one generate() per target at a time; it uses
// SeedOptions::threads threads internally.
//
// Usage:
//   ManualClock clock(Timestamp(0));
//   MemoryEventStore store(&clock);
//   Result<SeedStats> s = seed::generate(store, clock, {.participants = 500, .seed = 7});
//   if (!s) std::cerr << s.status().to_string();   // names the rejected command
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "events/event_store.h"
#include "events/world.h"

namespace rect::seed {

struct SeedProgress {
  int day = 0, first_day = 0, last_day = 0;  // simulated days since 1970-01-01
  std::uint64_t events = 0;                  // copied into the target so far
};

struct SeedOptions {
  int participants = 100000;  // ECTs and mentors; schools are one per five participants
  std::uint64_t seed = 1;
  bool append = false;  // allow a target that already holds events (whose streams must not clash)
  int threads = 2;
  // Participants per shard; smaller shards give more of them (tests use this
  // to exercise several shards on a small dataset). Changes the dataset.
  int participants_per_shard = 1000;
  std::function<void(const SeedProgress&)> progress = {};  // called after each stretch of simulated days
};

struct SeedStats {
  std::uint64_t events = 0, participants = 0, ects = 0, mentors = 0, schools = 0, declarations = 0;
  std::uint64_t moves = 0, lead_provider_changes = 0, commands_global = 0;
  std::vector<std::string> lead_provider_ids;
  std::map<std::string, std::uint64_t> events_by_type;
  double seconds = 0;
  // Where the time went: the shards' commands (wall time), merging, the global
  // part's commands and fold, and copying into the target.
  double seconds_shards = 0, seconds_merge = 0, seconds_global = 0, seconds_copy = 0;
};

Result<SeedStats> generate(EventStore& target, ManualClock& target_clock, const SeedOptions& options);

}  // namespace rect::seed
