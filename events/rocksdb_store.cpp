#include "events/rocksdb_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "events/append_rules.h"
#include "events/codec.h"
#include "events/group_commit_queue.h"
#include "events/rocksdb_log.h"

namespace rect {
namespace {

constexpr const char* kLogCf = "log";
constexpr const char* kStreamIndexCf = "stream_index";
constexpr const char* kStreamHeadsCf = "stream_heads";
constexpr const char* kEventIdsCf = "event_ids";
constexpr const char* kFormatKey = "rect.format_version";


std::string id_key(const EventId& id) { return std::string(reinterpret_cast<const char*>(id.bytes().data()), 16); }

// A one-shot completion flag: one thread waits, another sets it. Uses the
// futex directly so that the waiter sleeps at once instead of spinning and
// yielding first (with 64 appenders on 2 cores, spinning costs more than the
// wake-up it hopes to avoid).
class Completion {
 public:
  void wait() {
    while (state_.load(std::memory_order_acquire) == 0)
      ::syscall(SYS_futex, reinterpret_cast<int*>(&state_), FUTEX_WAIT_PRIVATE, 0, nullptr, nullptr, 0);
  }
  void set() {
    state_.store(1, std::memory_order_release);
    ::syscall(SYS_futex, reinterpret_cast<int*>(&state_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  }

 private:
  std::atomic<int> state_{0};
  static_assert(sizeof(std::atomic<int>) == sizeof(int));
};

// One append waiting for the writer. Lives on the appending thread's stack;
// the writer fills `result` and then flips `done`.
struct PendingAppend {
  std::string stream;
  ExpectedVersion expected = ExpectedVersion::any();
  std::vector<EventId> ids;
  std::vector<std::string> records;  // encoded, with position/version/time to be patched
  bool caller_ids = false;           // some ids came from the caller: check idempotency
  std::optional<Result<AppendResult>> result;
  Completion done;
  // Answered appends wake each other as a binary tree (the writer wakes only
  // the first), so the wake-up system calls run on the appending threads, in
  // parallel, instead of delaying the writer's next group.
  PendingAppend* wake_next[2] = {nullptr, nullptr};

  void wait_and_wake_others() {
    done.wait();
    for (PendingAppend* p : wake_next)
      if (p) p->done.set();
  }
};

}  // namespace

struct RocksDbEventStore::Impl : LogDb {
  std::string dir;
  RocksDbOptions options;
  const Clock* clock = nullptr;
  Random* random = nullptr;
  std::atomic<std::uint64_t> head{0};
  mutable std::mutex head_mu;
  mutable std::condition_variable head_cv;

  GroupCommitQueue<PendingAppend> queue;

  std::atomic<std::uint64_t> stat_groups{0}, stat_appends{0}, stat_events{0};

  // Writer-thread state.
  std::unordered_map<std::string, std::uint64_t> heads_cache;
  Status sticky_error;  // set after a failed write: the store accepts no more appends

  // A clean close also flushes the memtables, so that the next open (a
  // restart, or a replay tool's read-only open) has no write-ahead log to
  // replay into memory.
  ~Impl() {
    queue.stop();
    if (db && !options.read_only && sticky_error.is_ok()) {
      db->SyncWAL().PermitUncheckedError();
      rocksdb::FlushOptions flush;
      flush.allow_write_stall = true;
      db->Flush(flush, handles).PermitUncheckedError();
    }
  }

  Status enqueue(const std::vector<PendingAppend*>& reqs);

  // The stream's last version: its greatest `stream_index` key. Stream ids
  // hold no NUL, so no other stream's keys sit between this stream's.
  Result<std::uint64_t> stored_head_of(std::string_view stream) const {
    const std::string last = codec::stream_index_key(stream, ~std::uint64_t{0});
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), stream_index));
    it->SeekForPrev(last);
    if (!it->status().ok()) return from_rocks(it->status(), "read stream index");
    if (!it->Valid()) return std::uint64_t{0};
    const auto k = it->key();
    const std::string_view prefix(last.data(), stream.size() + 1);
    if (k.size() < prefix.size() || std::string_view(k.data(), prefix.size()) != prefix) return std::uint64_t{0};
    if (k.size() != last.size())
      return Status(Code::kCorruption, "stream index key of '" + std::string(stream) + "' is malformed");
    return codec::get_be64(k.data() + prefix.size());
  }

  Result<RecordedEvent> read_position(std::uint64_t pos) const {
    std::string v;
    auto s = db->Get(rocksdb::ReadOptions(), log, codec::position_key(pos), &v);
    if (s.IsNotFound())
      return Status(Code::kCorruption, "position " + std::to_string(pos) + " is indexed but missing from the log");
    if (!s.ok()) return from_rocks(s, "read log");
    auto e = codec::decode_record(v);
    if (!e) return Status(Code::kCorruption, "position " + std::to_string(pos) + ": " + e.status().message());
    return e;
  }

  Result<std::optional<append_rules::StoredId>> find_stored_id(const EventId& id) {
    std::string v;
    auto s = db->Get(rocksdb::ReadOptions(), event_ids, id_key(id), &v);
    if (s.IsNotFound()) return std::optional<append_rules::StoredId>();
    if (!s.ok()) return from_rocks(s, "read event id index");
    if (v.size() != 8) return Status(Code::kCorruption, "event id index entry is malformed");
    auto e = read_position(codec::get_be64(v.data()));
    if (!e) return e.status();
    return std::optional(append_rules::StoredId{e->stream, e->position, e->version});
  }

  // Decides every append of `batch` against the committed state plus the
  // earlier appends of the same batch, writes the accepted ones in one
  // synced WriteBatch, then answers all of them.
  void commit_batch(std::vector<PendingAppend*>& batch) {
    rocksdb::WriteBatch wb;
    std::unordered_map<std::string, std::uint64_t> new_heads;
    std::unordered_map<std::string, append_rules::StoredId> new_ids;  // keyed by id bytes
    std::vector<std::optional<Result<AppendResult>>> results(batch.size());
    std::vector<std::size_t> writing;
    std::uint64_t next_pos = head.load() + 1;
    const Timestamp now = clock->now();

    for (std::size_t i = 0; i < batch.size(); ++i) {
      PendingAppend& req = *batch[i];
      if (!sticky_error.is_ok()) {
        results[i] = Result<AppendResult>(sticky_error);
        continue;
      }
      auto idem = !req.caller_ids ? Result<std::optional<AppendResult>>(std::optional<AppendResult>())
                                  : append_rules::check_idempotent(req.stream, req.ids, [&](const EventId& id) -> Result<std::optional<append_rules::StoredId>> {
            if (auto it = new_ids.find(id_key(id)); it != new_ids.end()) return std::optional(it->second);
            return find_stored_id(id);
          });
      if (!idem) {
        results[i] = Result<AppendResult>(idem.status());
        continue;
      }
      if (idem->has_value()) {
        results[i] = Result<AppendResult>(std::move(**idem));
        continue;
      }
      std::uint64_t current;
      if (auto it = new_heads.find(req.stream); it != new_heads.end()) {
        current = it->second;
      } else if (auto c = heads_cache.find(req.stream); c != heads_cache.end()) {
        current = c->second;
      } else {
        auto h = stored_head_of(req.stream);
        if (!h) {
          results[i] = Result<AppendResult>(h.status());
          continue;
        }
        current = *h;
      }
      if (!req.expected.admits(StreamVersion(current))) {
        results[i] = Result<AppendResult>(append_rules::wrong_expected_version(req.stream, req.expected, StreamVersion(current)));
        continue;
      }
      AppendResult res;
      res.first_version = StreamVersion(current + 1);
      for (std::size_t k = 0; k < req.records.size(); ++k) {
        const StreamVersion version(++current);
        const GlobalPosition position(next_pos++);
        codec::patch_record(&req.records[k], position, version, now);
        const std::string pos_key = codec::position_key(position.value());
        wb.Put(log, pos_key, req.records[k]).PermitUncheckedError();
        wb.Put(stream_index, codec::stream_index_key(req.stream, version.value()), pos_key).PermitUncheckedError();
        wb.Put(event_ids, id_key(req.ids[k]), pos_key).PermitUncheckedError();
        if (req.caller_ids) new_ids.emplace(id_key(req.ids[k]), append_rules::StoredId{req.stream, position, version});
        res.positions.push_back(position);
      }
      res.last_version = StreamVersion(current);
      new_heads[req.stream] = current;
      results[i] = Result<AppendResult>(std::move(res));
      writing.push_back(i);
    }

    if (!writing.empty()) {
      rocksdb::WriteOptions wo;
      wo.sync = true;
      auto s = db->Write(wo, &wb);
      if (!s.ok()) {
        sticky_error = from_rocks(s, "append failed and was not acknowledged; the store refuses writes until reopened");
        for (std::size_t i : writing) results[i] = Result<AppendResult>(sticky_error);
      } else {
        stat_groups.fetch_add(1, std::memory_order_relaxed);
        stat_events.fetch_add(next_pos - 1 - head.load(), std::memory_order_relaxed);
        for (auto& [stream, v] : new_heads) heads_cache[stream] = v;
        if (heads_cache.size() > 1'000'000) heads_cache.clear();
        {
          std::lock_guard<std::mutex> l(head_mu);
          head.store(next_pos - 1);
        }
        head_cv.notify_all();
      }
    }
    stat_appends.fetch_add(batch.size(), std::memory_order_relaxed);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->result = std::move(*results[i]);
      for (std::size_t k = 0; k < 2; ++k)
        batch[i]->wake_next[k] = 2 * i + 1 + k < batch.size() ? batch[2 * i + 1 + k] : nullptr;
    }
    if (!batch.empty()) batch[0]->done.set();
  }

  Result<std::uint64_t> check_tail(std::uint64_t count) const {
    rocksdb::ReadOptions ro;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, log));
    it->SeekToLast();
    if (!it->Valid()) {
      if (!it->status().ok()) return from_rocks(it->status(), "read log tail");
      return std::uint64_t{0};
    }
    if (it->key().size() != 8) return Status(Code::kCorruption, "log key of unexpected size at the tail");
    const std::uint64_t last = codec::get_be64(it->key().data());
    std::uint64_t expect = last;
    for (std::uint64_t n = 0; n < count && it->Valid(); ++n, it->Prev()) {
      if (it->key().size() != 8) return Status(Code::kCorruption, "log key of unexpected size");
      const std::uint64_t pos = codec::get_be64(it->key().data());
      if (pos != expect)
        return Status(Code::kCorruption, "log has a gap: position " + std::to_string(expect) + " is missing");
      auto e = codec::decode_record(std::string_view(it->value().data(), it->value().size()));
      if (!e) return Status(Code::kCorruption, "record at position " + std::to_string(pos) + ": " + e.status().message());
      if (e->position.value() != pos)
        return Status(Code::kCorruption, "record at position " + std::to_string(pos) + " says it is at " +
                                             std::to_string(e->position.value()));
      --expect;
    }
    if (!it->status().ok()) return from_rocks(it->status(), "read log tail");
    return last;
  }
};

namespace {

Status sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Status(Code::kIOError, "cannot open directory '" + dir.string() + "' to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status(Code::kIOError, "cannot sync directory '" + dir.string() + "'");
  return Status::ok();
}

// Creates a new, empty store at `dir` all or nothing: it is built in a
// staging directory beside `dir` and renamed into place, so a process killed
// half-way leaves no half-made store behind (only a staging directory, which
// the next attempt removes).
Status create_store(const std::string& dir, const rocksdb::DBOptions& dbo,
                    const std::vector<rocksdb::ColumnFamilyDescriptor>& cfs) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    return Status(Code::kInvalidArgument, "'" + dir + "' exists, is not empty and is not a rect event store");
  fs::path target = fs::absolute(dir, ec).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();
  const fs::path staging = target.string() + ".creating";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) return Status(Code::kIOError, "cannot create '" + staging.string() + "': " + ec.message());
  {
    rocksdb::DB* raw = nullptr;
    rocksdb::Options o(dbo, rocksdb::ColumnFamilyOptions());
    o.create_if_missing = true;
    auto s = rocksdb::DB::Open(o, staging.string(), &raw);
    if (!s.ok()) return from_rocks(s, "create event store at '" + staging.string() + "'");
    std::unique_ptr<rocksdb::DB> db(raw);
    for (std::size_t i = 1; i < cfs.size(); ++i) {
      rocksdb::ColumnFamilyHandle* h = nullptr;
      s = db->CreateColumnFamily(cfs[i].options, cfs[i].name, &h);
      if (!s.ok()) return from_rocks(s, "create column family");
      db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db->Put(wo, kFormatKey, std::string(1, static_cast<char>(RocksDbEventStore::kStoreFormatVersion)));
    if (!s.ok()) return from_rocks(s, "write format version");
    s = db->Close();
    if (!s.ok()) return from_rocks(s, "close new store");
  }
  if (fs::exists(target, ec)) fs::remove(target, ec);  // empty, checked above
  fs::rename(staging, target, ec);
  if (ec) return Status(Code::kIOError, "cannot move the new store into '" + dir + "': " + ec.message());
  return sync_directory(target.parent_path());
}

}  // namespace

RocksDbEventStore::RocksDbEventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RocksDbEventStore::~RocksDbEventStore() = default;

Result<std::unique_ptr<RocksDbEventStore>> RocksDbEventStore::open(const std::string& dir, RocksDbOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  impl->clock = options.clock ? options.clock : SystemClock::instance();
  impl->random = options.random ? options.random : SystemRandom::instance();

  rocksdb::DBOptions dbo;
  if (options.env) dbo.env = options.env;
  dbo.create_if_missing = options.create_if_missing && !options.read_only;
  dbo.create_missing_column_families = false;
  dbo.paranoid_checks = true;
  dbo.max_background_jobs = 2;
  dbo.bytes_per_sync = 1 << 20;

  const LogCfOptions cf = log_cf_options();
  const std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, kLogCf, kStreamIndexCf, kStreamHeadsCf,
                                          kEventIdsCf};
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
      {names[0], rocksdb::ColumnFamilyOptions()}, {names[1], cf.log}, {names[2], cf.stream_index},
      {names[3], cf.lookup}, {names[4], cf.lookup}};

  std::vector<std::string> existing;
  const bool exists = std::filesystem::exists(std::filesystem::path(dir) / "CURRENT");
  if (exists) {
    auto s = rocksdb::DB::ListColumnFamilies(dbo, dir, &existing);
    if (!s.ok()) return from_rocks(s, "open event store at '" + dir + "'");
    for (const auto& n : names) {
      if (std::find(existing.begin(), existing.end(), n) == existing.end())
        return Status(Code::kCorruption, "'" + dir + "' is a RocksDB database but not a rect event store (no '" + n +
                                             "' column family); refusing to open it");
    }
    for (const auto& n : existing) {
      if (std::find(names.begin(), names.end(), n) == names.end())
        return Status(Code::kCorruption, "'" + dir + "' has an unknown column family '" + n +
                                             "': written by a newer rect? Refusing to open it");
    }
  } else if (!dbo.create_if_missing) {
    return Status(Code::kNotFound, "no event store at '" + dir + "'");
  } else {
    if (Status st = create_store(dir, dbo, cfs); !st) return st;
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (!options.secondary_dir.empty()) {
    dbo.max_open_files = -1;  // required by secondary instances
    s = rocksdb::DB::OpenAsSecondary(dbo, dir, options.secondary_dir, cfs, &impl->handles, &raw);
  } else if (options.read_only) {
    s = rocksdb::DB::OpenForReadOnly(dbo, dir, cfs, &impl->handles, &raw);
  } else {
    s = rocksdb::DB::Open(dbo, dir, cfs, &impl->handles, &raw);
  }
  if (!s.ok()) return from_rocks(s, "open event store at '" + dir + "'");
  impl->db.reset(raw);
  impl->bind_handles();

  std::string fv;
  s = impl->db->Get(rocksdb::ReadOptions(), impl->meta, kFormatKey, &fv);
  if (s.IsNotFound())
    return Status(Code::kCorruption, "event store at '" + dir + "' has no format version; refusing to open it");
  if (!s.ok()) return from_rocks(s, "read format version");
  const int version = fv.size() == 1 ? static_cast<unsigned char>(fv[0]) : -1;
  if (version != kStoreFormatVersion && version != kOldestReadableFormatVersion)
    return Status(Code::kCorruption, "event store at '" + dir + "' has format version " +
                                         (version >= 0 ? std::to_string(version) : "?") + "; this build of rect reads versions " +
                                         std::to_string(kOldestReadableFormatVersion) + " and " +
                                         std::to_string(kStoreFormatVersion) + " only. Refusing to open it");
  if (version != kStoreFormatVersion && !options.read_only && options.secondary_dir.empty()) {
    // Version 1 also kept every stream's head in `stream_heads`; version 2
    // derives it from `stream_index`. A version-1 store holds everything
    // version 2 needs, so it is taken over by moving the version byte (after
    // which a version-1 build, whose heads would go stale, refuses it).
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = impl->db->Put(wo, impl->meta, kFormatKey, std::string(1, static_cast<char>(kStoreFormatVersion)));
    if (!s.ok()) return from_rocks(s, "upgrade format version");
  }

  auto last = impl->check_tail(options.verify_tail_records);
  if (!last) return Status(last.status().code(), "event store at '" + dir + "' failed its open check: " + last.status().message());
  impl->head.store(*last);

  if (!options.secondary_dir.empty()) impl->options.read_only = true;
  if (!impl->options.read_only)
    impl->queue.start([p = impl.get()](std::vector<PendingAppend*>& group) { p->commit_batch(group); });
  return std::unique_ptr<RocksDbEventStore>(new RocksDbEventStore(std::move(impl)));
}

namespace {

Status prepare_pending(std::string_view stream, ExpectedVersion expected, std::vector<EventData>& events,
                       const Clock& clock, Random& random, PendingAppend* req) {
  req->caller_ids = std::any_of(events.begin(), events.end(), [](const EventData& e) { return !e.id.is_nil(); });
  if (Status s = append_rules::prepare(stream, events, clock.now(), random); !s) return s;
  req->stream = std::string(stream);
  req->expected = expected;
  req->ids = append_rules::ids_of(events);
  req->records.resize(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    RecordedEvent placeholder{req->stream, StreamVersion(), GlobalPosition(), Timestamp(), std::move(events[i])};
    codec::encode_record(placeholder, &req->records[i]);
  }
  return Status::ok();
}

}  // namespace

Status RocksDbEventStore::Impl::enqueue(const std::vector<PendingAppend*>& reqs) {
  if (options.read_only || !options.secondary_dir.empty()) return Status(Code::kUnavailable, "event store is open read-only");
  return queue.push(reqs);
}

Result<AppendResult> RocksDbEventStore::append(std::string_view stream, ExpectedVersion expected,
                                               std::vector<EventData> events) {
  if (impl_->options.read_only) return Status(Code::kUnavailable, "event store is open read-only");
  PendingAppend req;
  if (Status s = prepare_pending(stream, expected, events, *impl_->clock, *impl_->random, &req); !s) return s;
  if (Status s = impl_->enqueue({&req}); !s) return s;
  req.wait_and_wake_others();
  return std::move(*req.result);
}

std::vector<Result<AppendResult>> RocksDbEventStore::append_many(std::vector<AppendRequest> requests) {
  std::vector<std::optional<Result<AppendResult>>> early(requests.size());
  std::vector<PendingAppend> pending(requests.size());
  std::vector<PendingAppend*> queued;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (impl_->options.read_only) {
      early[i] = Result<AppendResult>(Status(Code::kUnavailable, "event store is open read-only"));
    } else if (Status s = prepare_pending(requests[i].stream, requests[i].expected, requests[i].events, *impl_->clock,
                                          *impl_->random, &pending[i]);
               !s) {
      early[i] = Result<AppendResult>(s);
    } else {
      queued.push_back(&pending[i]);
    }
  }
  if (!queued.empty()) {
    if (Status s = impl_->enqueue(queued); !s) {
      for (PendingAppend* p : queued) early[static_cast<std::size_t>(p - pending.data())] = Result<AppendResult>(s);
      queued.clear();
    }
  }
  for (PendingAppend* p : queued) p->wait_and_wake_others();
  std::vector<Result<AppendResult>> out;
  out.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) out.push_back(early[i] ? std::move(*early[i]) : std::move(*pending[i].result));
  return out;
}

Result<std::vector<RecordedEvent>> RocksDbEventStore::read_stream(std::string_view stream, StreamVersion from,
                                                                  std::size_t max) const {
  if (Status s = validate_stream_id(stream); !s) return s;
  std::vector<RecordedEvent> out;
  if (max == 0) return out;
  const std::uint64_t limit = impl_->head.load();
  std::vector<std::string> keys;
  {
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->stream_index));
    const std::string prefix = std::string(stream) + '\0';
    std::uint64_t expect = std::max<std::uint64_t>(from.value(), 1);
    for (it->Seek(codec::stream_index_key(stream, expect)); it->Valid() && keys.size() < max; it->Next()) {
      const auto k = it->key();
      if (k.size() != prefix.size() + 8 || !k.starts_with(prefix)) break;
      if (codec::get_be64(k.data() + prefix.size()) != expect)
        return Status(Code::kCorruption, "stream '" + std::string(stream) + "' is missing version " + std::to_string(expect));
      if (it->value().size() != 8) return Status(Code::kCorruption, "stream index entry is malformed");
      if (codec::get_be64(it->value().data()) > limit) break;
      keys.emplace_back(it->value().data(), 8);
      ++expect;
    }
    if (!it->status().ok()) return from_rocks(it->status(), "read stream index");
  }
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->log, keys.size(), slices.data(), values.data(), statuses.data());
  out.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint64_t pos = codec::get_be64(keys[i].data());
    if (statuses[i].IsNotFound())
      return Status(Code::kCorruption, "position " + std::to_string(pos) + " is indexed but missing from the log");
    if (!statuses[i].ok()) return from_rocks(statuses[i], "read log");
    auto e = codec::decode_record(std::string_view(values[i].data(), values[i].size()));
    if (!e) return Status(Code::kCorruption, "position " + std::to_string(pos) + ": " + e.status().message());
    out.push_back(std::move(*e));
  }
  return out;
}

Result<std::vector<RecordedEvent>> RocksDbEventStore::read_all(GlobalPosition after, std::size_t max) const {
  const std::uint64_t limit = impl_->head.load();
  if (after.value() >= limit || max == 0) return std::vector<RecordedEvent>{};
  return read_log_range(*impl_->db, impl_->log, after.value(), std::min<std::uint64_t>(max, limit - after.value()), "log");
}

Status RocksDbEventStore::read_all_into(GlobalPosition after, std::size_t max, std::vector<RecordedEvent>* out) const {
  const std::uint64_t limit = impl_->head.load();
  if (after.value() >= limit || max == 0) {
    out->clear();
    return Status::ok();
  }
  return read_log_range_into(*impl_->db, impl_->log, after.value(), std::min<std::uint64_t>(max, limit - after.value()),
                             "log", out);
}

Result<StreamVersion> RocksDbEventStore::stream_version(std::string_view stream) const {
  if (Status s = validate_stream_id(stream); !s) return s;
  auto h = impl_->stored_head_of(stream);
  if (!h) return h.status();
  return StreamVersion(*h);
}

WriterStats RocksDbEventStore::writer_stats() const {
  return {impl_->stat_groups.load(), impl_->stat_appends.load(), impl_->stat_events.load()};
}

GlobalPosition RocksDbEventStore::head() const { return GlobalPosition(impl_->head.load()); }

Status RocksDbEventStore::refresh() {
  if (impl_->options.secondary_dir.empty()) return Status::ok();
  auto s = impl_->db->TryCatchUpWithPrimary();
  if (!s.ok()) return from_rocks(s, "catch up with the primary");
  auto last = impl_->check_tail(1);
  if (!last) return last.status();
  {
    std::lock_guard<std::mutex> l(impl_->head_mu);
    impl_->head.store(*last);
  }
  impl_->head_cv.notify_all();
  return Status::ok();
}

GlobalPosition RocksDbEventStore::wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const {
  if (!impl_->options.secondary_dir.empty()) {
    // A secondary learns of new events only by asking; poll the primary's files.
    const auto deadline = std::chrono::steady_clock::now() + wait;
    auto* self = const_cast<RocksDbEventStore*>(this);
    while (impl_->head.load() <= after.value() && std::chrono::steady_clock::now() < deadline) {
      if (!self->refresh()) break;
      if (impl_->head.load() > after.value()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return GlobalPosition(impl_->head.load());
  }
  std::unique_lock<std::mutex> l(impl_->head_mu);
  impl_->head_cv.wait_for(l, wait, [&] { return impl_->head.load() > after.value(); });
  return GlobalPosition(impl_->head.load());
}

Result<VerifyReport> RocksDbEventStore::verify(const std::function<void(std::uint64_t, std::uint64_t)>& progress) const {
  VerifyReport report;
  const std::uint64_t limit = impl_->head.load();
  std::unordered_map<std::string, std::uint64_t> versions;
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 4 << 20;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->log));
  std::uint64_t expect = 1;
  for (it->SeekToFirst(); it->Valid() && expect <= limit; it->Next(), ++expect) {
    const auto k = it->key();
    if (k.size() != 8 || codec::get_be64(k.data()) != expect)
      return Status(Code::kCorruption, "log has a gap: position " + std::to_string(expect) + " is missing");
    auto e = codec::decode_record(std::string_view(it->value().data(), it->value().size()));
    if (!e) return Status(Code::kCorruption, "position " + std::to_string(expect) + ": " + e.status().message());
    if (e->position.value() != expect)
      return Status(Code::kCorruption, "record at position " + std::to_string(expect) + " names position " +
                                           std::to_string(e->position.value()));
    std::uint64_t& v = versions[e->stream];
    if (e->version.value() != v + 1)
      return Status(Code::kCorruption, "stream '" + e->stream + "' jumps from version " + std::to_string(v) + " to " +
                                           std::to_string(e->version.value()) + " at position " + std::to_string(expect));
    v = e->version.value();
    std::string indexed;
    auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->stream_index, codec::stream_index_key(e->stream, v), &indexed);
    if (!s.ok() || indexed != codec::position_key(expect))
      return Status(Code::kCorruption, "stream index of '" + e->stream + "' version " + std::to_string(v) +
                                           " does not point at position " + std::to_string(expect));
    ++report.events;
    if (progress && (expect & 0xFFFF) == 0) progress(expect, limit);
  }
  if (!it->status().ok()) return from_rocks(it->status(), "read log");
  if (expect != limit + 1) return Status(Code::kCorruption, "log ends at position " + std::to_string(expect - 1) + " but head is " + std::to_string(limit));
  for (const auto& [stream, v] : versions) {
    auto h = impl_->stored_head_of(stream);
    if (!h) return h.status();
    if (*h != v)
      return Status(Code::kCorruption, "stream head of '" + stream + "' says " + std::to_string(*h) + " but the log ends at " + std::to_string(v));
  }
  report.streams = versions.size();
  if (progress) progress(limit, limit);
  return report;
}

}  // namespace rect
