// ReadModelStore: the RocksDB database that holds persisted read models, one
// column family per projection, each with its checkpoint.
//
// A projection's records and its checkpoint (the global position of the last
// event folded, and the projection's schema version) are only ever written
// together, in one WriteBatch (commit()). Format: docs/storage-format.md,
// "Read-model store".
//
// Thread-safety: commit() and scan() may be called concurrently; reset() must
// not run concurrently with another call for the same projection.
//
// Usage:
//   auto store = ReadModelStore::open(dir + "/readmodels", {"participants", "payments"});
//   auto cp = (*store)->checkpoint("participants");
//   (*store)->commit({{"participants", changes, GlobalPosition(42), 3}});
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "events/status.h"
#include "events/types.h"
#include "projections/projection.h"

namespace rect::projections {

struct Checkpoint {
  GlobalPosition position;
  std::uint32_t schema_version = 0;  // 0: never written
};

struct ProjectionCommit {
  std::string projection;
  std::vector<RecordChange> changes;
  GlobalPosition position;
  std::uint32_t schema_version;
};

class ReadModelStore {
 public:
  // Opens or creates the store; creates the column families named in
  // `projections` that do not exist yet. Refuses an unknown format version.
  static Result<std::unique_ptr<ReadModelStore>> open(const std::string& dir, const std::vector<std::string>& projections,
                                                      bool read_only = false);
  ~ReadModelStore();

  Result<Checkpoint> checkpoint(const std::string& projection) const;
  // Writes every commit's changes and checkpoint in one atomic WriteBatch.
  Status commit(const std::vector<ProjectionCommit>& commits);
  // Calls `f(key, value)` for every record of `projection`, in key order.
  Status scan(const std::string& projection,
              const std::function<Status(std::string_view, std::string_view)>& f) const;
  // Drops every record and the checkpoint of `projection`.
  Status reset(const std::string& projection);
  // Bulk loading into a store nobody else has open (rect-replay's folds into
  // a fresh copy): from now on commit() skips the write-ahead log, so a crash
  // may lose commits that flush() has not persisted. The copy is only used
  // once the fold has finished and flushed.
  void set_unlogged();
  // Persists everything committed so far (memtables to table files).
  Status flush();

  static constexpr std::uint8_t kFormatVersion = 1;

 private:
  struct Impl;
  explicit ReadModelStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::projections
