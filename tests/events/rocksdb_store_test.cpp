// Tests specific to the RocksDB backend: format checks at open, corruption,
// injected disk faults.
#include <doctest/doctest.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "events/rocksdb_store.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

EventData event(std::string type = "Thing") {
  EventData e;
  e.type = std::move(type);
  e.payload = R"({"k":"v"})";
  return e;
}

// Opens the store's RocksDB directly, as an attacker or a bad disk would.
struct RawDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  explicit RawDb(const std::string& dir) {
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* n : {"default", "log", "stream_index", "stream_heads", "event_ids"})
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, cfs, &handles, &raw).ok());
    db.reset(raw);
  }
  ~RawDb() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    db->Close().PermitUncheckedError();
  }
};

std::string pos_key(std::uint64_t p) {
  std::string k(8, '\0');
  for (int i = 0; i < 8; ++i) k[i] = static_cast<char>(p >> (56 - 8 * i));
  return k;
}

void fill(const std::string& dir, int n) {
  auto store = RocksDbEventStore::open(dir, {});
  REQUIRE(store);
  for (int i = 0; i < n; ++i) REQUIRE((*store)->append("s-" + std::to_string(i % 3), ExpectedVersion::any(), {event()}));
}

// A filesystem whose WAL writes can be made to fail, as a full disk or a
// failing fsync would.
class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultyFileSystem(std::shared_ptr<rocksdb::FileSystem> base) : FileSystemWrapper(std::move(base)) {}
  const char* Name() const override { return "FaultyFileSystem"; }
  std::atomic<bool> fail_append_no_space{false};
  std::atomic<bool> fail_sync{false};

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r, rocksdb::IODebugContext* dbg) override {
    auto s = target()->NewWritableFile(f, o, r, dbg);
    if (s.ok() && f.size() > 4 && f.ends_with(".log")) *r = std::make_unique<FaultyFile>(std::move(*r), this);
    return s;
  }

 private:
  class FaultyFile : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    FaultyFile(std::unique_ptr<rocksdb::FSWritableFile> f, FaultyFileSystem* fs)
        : FSWritableFileOwnerWrapper(std::move(f)), fs_(fs) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& d, const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
      if (fs_->fail_append_no_space) return rocksdb::IOStatus::NoSpace("injected: disk full");
      return FSWritableFileOwnerWrapper::Append(d, o, dbg);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
      if (fs_->fail_sync) return rocksdb::IOStatus::IOError("injected: fsync failed");
      return FSWritableFileOwnerWrapper::Sync(o, dbg);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
      if (fs_->fail_sync) return rocksdb::IOStatus::IOError("injected: fsync failed");
      return FSWritableFileOwnerWrapper::Fsync(o, dbg);
    }

   private:
    FaultyFileSystem* fs_;
  };
};

}  // namespace

TEST_CASE("a new store records its format version and reopens") {
  TempDir dir;
  fill(dir.sub("s"), 5);
  auto store = RocksDbEventStore::open(dir.sub("s"), {.verify_tail_records = UINT64_MAX});
  REQUIRE(store);
  CHECK((*store)->head() == GlobalPosition(5));
  auto report = (*store)->verify();
  REQUIRE(report);
  CHECK(report->events == 5);
  CHECK(report->streams == 3);
}

TEST_CASE("a store of an unknown format version is refused at open") {
  TempDir dir;
  fill(dir.sub("s"), 2);
  {
    RawDb raw(dir.sub("s"));
    REQUIRE(raw.db->Put(rocksdb::WriteOptions(), "rect.format_version", std::string(1, '\x09')).ok());
  }
  auto store = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE_FALSE(store);
  CHECK(store.status().code() == Code::kCorruption);
  CHECK(store.status().message().find("format version 9") != std::string::npos);
}

TEST_CASE("a version-1 store is read as it is and taken over by a read-write open") {
  TempDir dir;
  fill(dir.sub("s"), 6);  // streams s-0, s-1, s-2 at version 2 each
  {
    // Make it a version-1 store: the version byte, and the stream heads
    // version 1 kept (stale here, as an old build's would be after a new one
    // wrote): the head must come from the stream index, never from these.
    RawDb raw(dir.sub("s"));
    REQUIRE(raw.db->Put(rocksdb::WriteOptions(), "rect.format_version", std::string(1, '\x01')).ok());
    REQUIRE(raw.db->Put(rocksdb::WriteOptions(), raw.handles[3], "s-0", pos_key(1)).ok());
  }
  {
    auto ro = RocksDbEventStore::open(dir.sub("s"), {.read_only = true});
    REQUIRE(ro);
    CHECK((*ro)->head() == GlobalPosition(6));
  }
  {
    RawDb raw(dir.sub("s"));
    std::string v;
    REQUIRE(raw.db->Get(rocksdb::ReadOptions(), "rect.format_version", &v).ok());
    CHECK(v == std::string(1, '\x01'));
  }
  {
    auto store = RocksDbEventStore::open(dir.sub("s"), {});
    REQUIRE(store);
    auto stale = (*store)->append("s-0", ExpectedVersion::exact(StreamVersion(1)), {event()});
    REQUIRE_FALSE(stale);
    CHECK(stale.status().code() == Code::kWrongExpectedVersion);
    auto r = (*store)->append("s-0", ExpectedVersion::exact(StreamVersion(2)), {event()});
    REQUIRE(r);
    CHECK(r->first_version == StreamVersion(3));
    REQUIRE((*store)->verify());
  }
  RawDb raw(dir.sub("s"));
  std::string v;
  REQUIRE(raw.db->Get(rocksdb::ReadOptions(), "rect.format_version", &v).ok());
  CHECK(v == std::string(1, '\x02'));
}

TEST_CASE("a stream's version after reopen comes from the stream index, beside streams sharing its prefix") {
  TempDir dir;
  {
    auto store = RocksDbEventStore::open(dir.sub("s"), {});
    REQUIRE(store);
    for (const char* s : {"a", "ab", "a-b", "b"}) {
      for (int i = 0; i < (s[0] == 'a' && s[1] == 0 ? 3 : 5); ++i)
        REQUIRE((*store)->append(s, ExpectedVersion::any(), {event()}));
    }
  }
  auto store = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE(store);
  auto r = (*store)->append("a", ExpectedVersion::exact(StreamVersion(3)), {event()});
  REQUIRE(r);
  CHECK(r->first_version == StreamVersion(4));
  auto fresh = (*store)->append("a-", ExpectedVersion::no_stream(), {event()});
  REQUIRE(fresh);
  CHECK(fresh->first_version == StreamVersion(1));
  auto wrong = (*store)->append("ab", ExpectedVersion::exact(StreamVersion(4)), {event()});
  REQUIRE_FALSE(wrong);
  CHECK(wrong.status().actual_version() == std::optional<std::uint64_t>(5));
}

TEST_CASE("a RocksDB directory that is not a rect store is refused") {
  TempDir dir;
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(o, dir.sub("other"), &raw).ok());
    delete raw;
  }
  auto store = RocksDbEventStore::open(dir.sub("other"), {});
  REQUIRE_FALSE(store);
  CHECK(store.status().code() == Code::kCorruption);
  CHECK(store.status().message().find("not a rect event store") != std::string::npos);
}

TEST_CASE("a record whose checksum fails is refused at open and on read") {
  TempDir dir;
  fill(dir.sub("s"), 10);
  {
    RawDb raw(dir.sub("s"));
    std::string v;
    REQUIRE(raw.db->Get(rocksdb::ReadOptions(), raw.handles[1], pos_key(7), &v).ok());
    v[v.size() - 3] ^= 0x20;  // flip one bit of the payload
    REQUIRE(raw.db->Put(rocksdb::WriteOptions(), raw.handles[1], pos_key(7), v).ok());
  }
  auto store = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE_FALSE(store);
  CHECK(store.status().code() == Code::kCorruption);
  CHECK(store.status().message().find("position 7") != std::string::npos);
  CHECK(store.status().message().find("checksum") != std::string::npos);

  auto unchecked = RocksDbEventStore::open(dir.sub("s"), {.verify_tail_records = 0});
  REQUIRE(unchecked);
  auto all = (*unchecked)->read_all(GlobalPosition::start(), 100);
  REQUIRE_FALSE(all);
  CHECK(all.status().code() == Code::kCorruption);
  auto report = (*unchecked)->verify();
  REQUIRE_FALSE(report);
  CHECK(report.status().code() == Code::kCorruption);
}

TEST_CASE("a missing record (a gap in the log) is refused") {
  TempDir dir;
  fill(dir.sub("s"), 10);
  {
    RawDb raw(dir.sub("s"));
    REQUIRE(raw.db->Delete(rocksdb::WriteOptions(), raw.handles[1], pos_key(4)).ok());
  }
  auto store = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE_FALSE(store);
  CHECK(store.status().message().find("gap") != std::string::npos);
}

// Injects a write fault, checks the append fails with `code` and is never
// acknowledged, that the store refuses appends until reopened, and that a
// reopened store works and verifies.
void check_write_fault(std::atomic<bool> FaultyFileSystem::*fault, Code code) {
  TempDir dir;
  auto fs = std::make_shared<FaultyFileSystem>(rocksdb::FileSystem::Default());
  auto env = rocksdb::NewCompositeEnv(fs);
  {
    auto store = RocksDbEventStore::open(dir.sub("s"), {.env = env.get()});
    REQUIRE(store);
    REQUIRE((*store)->append("s", ExpectedVersion::any(), {event("Before")}));
    (*fs).*fault = true;
    auto r = (*store)->append("s", ExpectedVersion::any(), {event("During")});
    REQUIRE_FALSE(r);
    CHECK(r.status().code() == code);
    CHECK((*store)->head() == GlobalPosition(1));
    (*fs).*fault = false;
    auto after = (*store)->append("s", ExpectedVersion::any(), {event("After")});
    REQUIRE_FALSE(after);  // the store stays read-only until reopened
    CHECK(after.status().code() == code);
    auto all = (*store)->read_all(GlobalPosition::start(), 10);
    REQUIRE(all);
    CHECK(all->size() == 1);
  }
  auto store = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE(store);
  REQUIRE((*store)->append("s", ExpectedVersion::any(), {event("Later")}));
  REQUIRE((*store)->verify());
}

TEST_CASE("a full disk fails the append, which is never acknowledged") {
  check_write_fault(&FaultyFileSystem::fail_append_no_space, Code::kNoSpace);
}

TEST_CASE("a failed fsync fails the append, which is never acknowledged") {
  check_write_fault(&FaultyFileSystem::fail_sync, Code::kIOError);
}

TEST_CASE("a store killed while being created is created afresh, never refused") {
  // Regression: creation used to make the database and then its column
  // families one by one, so a kill in between left a store that every later
  // open refused as "not a rect event store".
  TempDir dir;
  const std::string target = dir.sub("s");
  std::filesystem::create_directories(target + ".creating");
  std::ofstream(target + ".creating/CURRENT") << "half made\n";
  auto store = RocksDbEventStore::open(target + "/", {});
  REQUIRE(store);
  CHECK_FALSE(std::filesystem::exists(target + ".creating"));
  REQUIRE((*store)->append("s", ExpectedVersion::any(), {event()}));
}

TEST_CASE("a non-empty directory that is not a store is refused, not overwritten") {
  TempDir dir;
  std::filesystem::create_directories(dir.sub("s"));
  std::ofstream(dir.sub("s") + "/notes.txt") << "precious\n";
  auto store = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE_FALSE(store);
  CHECK(store.status().message().find("is not a rect event store") != std::string::npos);
  CHECK(std::filesystem::exists(dir.sub("s") + "/notes.txt"));
}

TEST_CASE("append_many writes many appends in one group, each decided on its own") {
  TempDir dir;
  auto store = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE(store);
  std::vector<AppendRequest> reqs;
  for (int i = 0; i < 500; ++i) reqs.push_back({"s-" + std::to_string(i % 10), ExpectedVersion::any(), {event()}});
  reqs.push_back({"s-0", ExpectedVersion::no_stream(), {event()}});  // s-0 exists by then
  reqs.push_back({"", ExpectedVersion::any(), {event()}});           // invalid
  const auto before = (*store)->writer_stats();
  auto results = (*store)->append_many(std::move(reqs));
  REQUIRE(results.size() == 502);
  for (int i = 0; i < 500; ++i) CHECK(results[i]);
  CHECK(results[500].status().code() == Code::kWrongExpectedVersion);
  CHECK(results[501].status().code() == Code::kInvalidArgument);
  CHECK((*store)->head() == GlobalPosition(500));
  CHECK((*store)->writer_stats().groups - before.groups <= 2);
  auto v = (*store)->stream_version("s-3");
  REQUIRE(v);
  CHECK(*v == StreamVersion(50));
}

TEST_CASE("a secondary instance follows a store another process writes") {
  TempDir dir;
  auto primary = RocksDbEventStore::open(dir.sub("s"), {});
  REQUIRE(primary);
  REQUIRE((*primary)->append("a", ExpectedVersion::any(), {event()}));
  auto secondary = RocksDbEventStore::open(dir.sub("s"), {.secondary_dir = dir.sub("secondary")});
  REQUIRE(secondary);
  CHECK((*secondary)->head() == GlobalPosition(1));
  CHECK((*secondary)->append("a", ExpectedVersion::any(), {event()}).status().code() == Code::kUnavailable);
  REQUIRE((*primary)->append("a", ExpectedVersion::any(), {event(), event()}));
  CHECK((*secondary)->wait_for_head_after(GlobalPosition(1), std::chrono::seconds(5)) == GlobalPosition(3));
  auto all = (*secondary)->read_all(GlobalPosition::start(), 10);
  REQUIRE(all);
  CHECK(all->size() == 3);
}

TEST_CASE("read-only open serves reads and refuses appends") {
  TempDir dir;
  fill(dir.sub("s"), 3);
  auto store = RocksDbEventStore::open(dir.sub("s"), {.read_only = true});
  REQUIRE(store);
  CHECK((*store)->head() == GlobalPosition(3));
  CHECK((*store)->append("s", ExpectedVersion::any(), {event()}).status().code() == Code::kUnavailable);
  auto missing = RocksDbEventStore::open(dir.sub("nothing"), {.read_only = true});
  CHECK(missing.status().code() == Code::kNotFound);
}

TEST_CASE("a clean close leaves no write-ahead log for the next open to replay") {
  TempDir dir;
  fill(dir.sub("s"), 200);
  std::uintmax_t wal_bytes = 0;
  int sst_files = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir.sub("s"))) {
    if (f.path().extension() == ".log") wal_bytes += f.file_size();
    if (f.path().extension() == ".sst") ++sst_files;
  }
  CHECK(wal_bytes == 0);
  CHECK(sst_files > 0);
  auto store = RocksDbEventStore::open(dir.sub("s"), {.read_only = true, .verify_tail_records = UINT64_MAX});
  REQUIRE(store);
  CHECK((*store)->head() == GlobalPosition(200));
}

}  // namespace rect::testing
