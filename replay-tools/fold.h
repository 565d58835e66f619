// fold_log(): folds a stretch of the log into a set of projections and
// persists them into a read-model store that nobody else has open. It is the
// engine of `rebuild`, `as-of`, `export` and `verify`.
//
// The calling thread reads and decodes pages of the log and hands each page,
// a slice at a time, to every projection; each projection folds on a thread
// of its own (they are independent), so reading and the folds overlap. The
// reading runs at most `queue_slices` slices and one page ahead of the
// slowest fold, so that the events a fold reads were decoded moments before,
// while they are still in the caches. A projection is drained
// when it has folded everything (or every `commit_every` events), not every
// page: a record changed many times is serialised and written once. Its
// changes are drained in batches of `commit_batch` records
// (Projection::drain_some), so memory stays bounded. A thread of their own
// writes the batches as table files (ReadModelStore::BulkLoad) while the
// folds go on; a projection whose drain comes in key order makes one file,
// which needs no memtable and no compaction. Only once every fold has
// finished are the files added to the store and each checkpoint written: a
// fold that fails adds nothing.
//
// Bounds: events with after < position <= until are considered; of those,
// `recorded_until` keeps only what rect had recorded by then (as we knew it
// then) and `valid_until` only what had taken effect by then (valid_at, or
// recorded_at when an event has none). `stop_at` stops single projections
// earlier (verify compares each projection at its own checkpoint). Every
// projection's checkpoint ends at the bound it was folded to.
//
// The projections are set to fold only (Projection::set_folding_only: no
// list indexes) and to drain on `drain_threads` threads. Each but the last
// to finish is cleared as soon as its last batch is handed to the writer, and
// its memory given back, so that a projection that finished early does not
// weigh on one still draining (the last is left as it is: clearing it would
// only add to the wall time). The caller reads the copy in `out`, not the
// projections.
//
// Thread-safety: one call per set of projections at a time.
//
// Usage:
//   FoldBounds b;  b.until = log.head();
//   auto r = fold_log(log, *store, projections, b, &progress);
//   if (!r) return r.status();
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "events/event_store.h"
#include "projections/projection.h"
#include "projections/read_model_store.h"
#include "replay-tools/progress.h"

namespace rect::replay {

struct FoldBounds {
  GlobalPosition after = GlobalPosition::start();
  GlobalPosition until;
  std::optional<Timestamp> recorded_until;
  std::optional<Timestamp> valid_until;
  std::map<std::string, GlobalPosition> stop_at;  // by projection name
  std::size_t page = 8192;                        // events per read
  std::size_t slice = 1024;                       // events a folding thread is handed at a time
  std::uint64_t commit_every = 0;                 // events a projection folds between drains (0: at the end)
  std::size_t commit_batch = 4096;                // records per drained batch at most
  std::size_t queue_slices = 4;                   // slices read ahead of the slowest projection
  unsigned drain_threads = 2;                     // threads a projection's drain may render on (same output)
};

struct FoldReport {
  std::uint64_t events_read = 0;    // events considered
  std::uint64_t events_folded = 0;  // events that passed the time bounds
  GlobalPosition reached;           // the last position considered
  std::size_t table_files = 0;      // files the records were written as (one per projection when drains are sorted)
};

Result<FoldReport> fold_log(const EventStore& log, projections::ReadModelStore& out,
                            const std::vector<projections::Projection*>& projections, const FoldBounds& bounds,
                            Progress* progress);

// Hands the allocator's free pages back to the system, so that what a
// finished projection freed does not stay in the process while another
// drains: jemalloc purges every arena; glibc's malloc trims its own; any
// other allocator (the sanitizers') is left alone. glibc's malloc_trim is
// called only when glibc's malloc is in use: otherwise glibc's malloc was
// never set up, and two first calls at once race in setting it up (a crash
// of fold_log once in five runs). Safe to call from any thread.
void release_free_memory();

}  // namespace rect::replay
