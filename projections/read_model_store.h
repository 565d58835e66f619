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
  // Persists everything committed so far (memtables to table files).
  Status flush();

  // Writes one projection's records straight into table files, which finish()
  // adds to the store, instead of through the memtables: for folds into a
  // store nobody else has open (rect-replay's fresh copies). Records may come
  // in any order; each batch is sorted, and a new file (a "run") is begun
  // whenever a batch does not start after the last key written, so batches in
  // ascending key order make one file that needs no compaction. Runs are
  // added in the order they were written, so a later change to a key wins,
  // and a change to a key the store already holds replaces it. Nothing is
  // visible before finish(); the checkpoint is not written (use commit()).
  //
  // Thread-safety: one thread at a time per BulkLoad; commit() may run
  // beside it.
  //
  // Usage:
  //   auto bulk = store->bulk_load("payments");
  //   (*bulk)->add(changes);  // as often as needed
  //   (*bulk)->finish();
  class BulkLoad {
   public:
    ~BulkLoad();  // removes the files of a load that did not finish
    Status add(std::vector<RecordChange>& changes);  // sorts `changes`
    Status finish();
    std::size_t runs() const;  // files begun so far

   private:
    friend class ReadModelStore;
    struct State;
    explicit BulkLoad(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };
  // Its files go under DIR/bulk/ until finish(); one load per projection at a time.
  Result<std::unique_ptr<BulkLoad>> bulk_load(const std::string& projection);

  static constexpr std::uint8_t kFormatVersion = 1;

 private:
  struct Impl;
  explicit ReadModelStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::projections
