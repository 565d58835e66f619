// Private to events/: what the RocksDB backend and Kafka mode's local state
// share, since both keep the log in a RocksDB column family laid out as in
// docs/storage-format.md.
//
// Thread-safety: pure functions over a thread-safe rocksdb::DB.
//
// Usage:
//   auto events = read_log_range(*db, log_cf, after, want, "log");
//   if (!events) return events.status();
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "events/event.h"
#include "events/status.h"

#include <rocksdb/options.h>

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Status;
}  // namespace rocksdb

namespace rect {

// An open log database and its five column families (default/meta, log,
// stream_index, stream_heads, event_ids, in that order in `handles`).
// Destroying it releases the handles and closes the database; an owner that
// must act first (stop its writer, sync the WAL) does so in its own
// destructor, which runs before this one.
struct LogDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* log = nullptr;
  rocksdb::ColumnFamilyHandle* stream_index = nullptr;
  rocksdb::ColumnFamilyHandle* stream_heads = nullptr;
  rocksdb::ColumnFamilyHandle* event_ids = nullptr;

  LogDb();
  ~LogDb();
  LogDb(const LogDb&) = delete;
  LogDb& operator=(const LogDb&) = delete;
  // Names the five handles after DB::Open filled `handles`.
  void bind_handles();
};

// The column family options a log database is opened with:
//  - `log`: positions arrive in order, so each memtable insert is hinted
//    (no skiplist search); LZ4.
//  - `stream_index`: hinted by stream (the key up to its NUL), so a stream's
//    next version lands beside its previous one.
//  - `lookup` (event_ids, stream_heads): point lookups only; Bloom filters,
//    hinted by the ids' leading (time-ordered) bytes; LZ4.
// Memtable settings are not part of the files: changing them needs no new
// format version.
struct LogCfOptions {
  rocksdb::ColumnFamilyOptions log;
  rocksdb::ColumnFamilyOptions stream_index;
  rocksdb::ColumnFamilyOptions lookup;
};
LogCfOptions log_cf_options();

// Maps a RocksDB status to rect's codes; `what` says what was being done.
Status from_rocks(const rocksdb::Status& s, std::string_view what);

// The `want` events at positions after+1 .. after+want of a log column
// family, checked: contiguous positions, record versions and checksums. A
// missing position is kCorruption naming it (`what` names the log).
// The same into `out`, whose events' storage is reused (see
// EventStore::read_all_into).
Status read_log_range_into(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log, std::uint64_t after, std::uint64_t want,
                          std::string_view what, std::vector<RecordedEvent>* out);
Result<std::vector<RecordedEvent>> read_log_range(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log, std::uint64_t after,
                                                  std::uint64_t want, std::string_view what);

}  // namespace rect
