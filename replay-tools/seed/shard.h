// Shard: one slice of the seed world — a set of schools with their early
// career teachers and mentors — played through its own CommandHandler over
// its own SeedLog. The generator runs many shards side by side in simulated
// time and merges their logs (see generator.h for why and how).
//
// A shard keeps an agenda of actions (register, claim, declare, move school,
// withdraw, pass…) ordered by day; executing one action issues one or more
// commands and may schedule later ones. Every choice comes from the shard's
// own seeded generator, so a shard's commands depend only on (seed, index)
// and on the global events imported into it.
//
// Thread-safety: none; the generator gives each shard to one thread at a time.
//
// Usage:
//   Shard s(world, plan);
//   s.import(global_event);          // reference data, payments
//   Status st = s.run_until(day);    // every action due before `day`
//   for (const RecordedEvent* e : s.own_events()) merge(*e);
//   st = s.forget();
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "events/event.h"
#include "replay-tools/seed/world.h"

namespace rect::seed {

struct ShardPlan {
  int index = 0;
  int first_school = 0;  // global index of the shard's first school (URN 100000 + index)
  int schools = 0;
  int ects = 0;
  int mentors = 0;
  int first_trn = 1000000;
  std::uint64_t seed = 1;
};

struct ShardCounts {
  std::uint64_t ects = 0, mentors = 0, moves = 0, lead_provider_changes = 0;
};

class Shard {
 public:
  Shard(const World& world, const ShardPlan& plan);
  ~Shard();
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  // Copies an event the global part recorded into this shard's log.
  Status import(const RecordedEvent& e);
  // Executes every action due on a day before `end_day`; stops at the first
  // rejected command with a status naming it.
  Status run_until(int end_day);
  // The events this shard's commands wrote during the last run_until.
  std::vector<const RecordedEvent*> own_events() const;
  // Folds what the handler has not seen yet, then forgets every event.
  Status forget();
  const ShardCounts& counts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::seed
