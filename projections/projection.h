// Projection: a pure fold of the event log into a read model.
//
// A projection keeps its state in memory (so reads are fast) and reports the
// records it changed so that the ProjectionEngine can persist them, together
// with the projection's checkpoint, in one RocksDB WriteBatch: after a crash
// the persisted state is exactly the fold of the log up to the persisted
// checkpoint, never a double-applied or skipped event. On start the engine
// hands every persisted record back through load(); a projection whose
// schema_version changed is cleared and rebuilt from position 0.
//
// Projections are pure: apply() depends only on the state and the event.
// Time-derived fields are computed at read time with a Clock, never folded.
//
// Thread-safety: the engine calls apply/drain/load/clear from its one thread,
// holding the projection's lock exclusively (see lock()); readers take the
// same lock shared.
//
// Usage:
//   class CountByType final : public Projection {
//     std::string_view name() const override { return "count_by_type"; }
//     Status apply(const RecordedEvent& e) override { ++counts_[e.data.type]; dirty_.insert(e.data.type); return {}; }
//     ...
//   };
#pragma once

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/event.h"
#include "events/status.h"

namespace rect::projections {

// One persisted record change: a value, or nullopt to delete the key.
using RecordChange = std::pair<std::string, std::optional<std::string>>;

class Projection {
 public:
  virtual ~Projection() = default;

  // Unique, stable, [a-z0-9_]+; names the projection's column family.
  virtual std::string_view name() const = 0;
  // Bump when the fold or the record format changes: the engine rebuilds.
  virtual std::uint32_t schema_version() const = 0;

  // Folds one event. An error stops this projection at the event before
  // (its checkpoint does not move past it) and is shown by /admin/projections.
  virtual Status apply(const RecordedEvent& event) = 0;
  // Appends the records changed since the last call to `out`.
  virtual void drain_changes(std::vector<RecordChange>& out) = 0;
  // Appends at most about `max` of the records changed since the last drain,
  // so that a large drain can be written in bounded batches; true when none
  // remain. The default drains everything at once.
  virtual bool drain_some(std::vector<RecordChange>& out, std::size_t max) {
    (void)max;
    drain_changes(out);
    return true;
  }
  // At most how many records the drains from now on would append if
  // nothing more were folded, for a progress display (0: not known). May
  // prepare the drain (sorting what it will write), so it is not const.
  virtual std::size_t pending_changes() { return 0; }
  // How many threads (the caller's among them) a drain may render records
  // on; what it drains does not depend on it. Projections whose records are
  // cheap to make ignore it.
  virtual void set_drain_threads(unsigned threads) { (void)threads; }
  // While on, the projection only folds and drains (a rebuild): it may skip
  // what only its queries read, and a query is a programmer error. Switching
  // it off makes what was skipped.
  virtual void set_folding_only(bool on) { (void)on; }
  // Restores one persisted record at start-up.
  virtual Status load(std::string_view key, std::string_view value) = 0;
  // Forgets all state (before a rebuild).
  virtual void clear() = 0;

  // Readers hold this shared; the engine holds it exclusively while folding.
  std::shared_mutex& lock() const { return mu_; }

 private:
  mutable std::shared_mutex mu_;
};

}  // namespace rect::projections
