#include "events/rocksdb_log.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <cstring>

#include "events/codec.h"

namespace rect {

LogDb::LogDb() = default;

LogDb::~LogDb() {
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  if (db) db->Close().PermitUncheckedError();
}

void LogDb::bind_handles() {
  meta = handles[0];
  log = handles[1];
  stream_index = handles[2];
  stream_heads = handles[3];
  event_ids = handles[4];
}

namespace {

// The stream part of a `stream_index` key: the stream id and its NUL.
class StreamPrefix : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "rect.StreamPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* nul = std::memchr(key.data(), 0, key.size());
    return rocksdb::Slice(key.data(), static_cast<std::size_t>(static_cast<const char*>(nul) - key.data()) + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override { return std::memchr(key.data(), 0, key.size()) != nullptr; }
};

}  // namespace

LogCfOptions log_cf_options() {
  LogCfOptions o;
  o.log.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(4));
  o.log.write_buffer_size = 64 << 20;
  o.log.compression = rocksdb::kLZ4Compression;
  o.stream_index.memtable_insert_with_hint_prefix_extractor = std::make_shared<StreamPrefix>();
  rocksdb::BlockBasedTableOptions point_lookups;
  point_lookups.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  point_lookups.whole_key_filtering = true;
  o.lookup.table_factory.reset(rocksdb::NewBlockBasedTableFactory(point_lookups));
  o.lookup.memtable_whole_key_filtering = true;
  o.lookup.memtable_prefix_bloom_size_ratio = 0.05;
  o.lookup.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(2));
  o.lookup.compression = rocksdb::kLZ4Compression;
  return o;
}

Status from_rocks(const rocksdb::Status& s, std::string_view what) {
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsNoSpace()) return Status(Code::kNoSpace, msg);
  if (s.IsCorruption()) return Status(Code::kCorruption, msg);
  if (s.IsNotFound()) return Status(Code::kNotFound, msg);
  if (s.IsInvalidArgument()) return Status(Code::kInvalidArgument, msg);
  return Status(Code::kIOError, msg);
}

Status read_log_range_into(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log, std::uint64_t after, std::uint64_t want,
                          std::string_view what, std::vector<RecordedEvent>* out) {
  std::size_t n = 0;
  if (want == 0) {
    out->clear();
    return Status::ok();
  }
  rocksdb::ReadOptions ro;
  ro.fill_cache = want < 1024;
  // Each call has an iterator of its own, whose readahead starts afresh: about
  // what `want` events take on disk (~220 bytes each, compressed), so that a
  // short page does not read far past its end.
  if (want >= 1024) ro.readahead_size = std::clamp<std::size_t>(want * 256, 256 << 10, 2 << 20);
  const std::string upper = codec::position_key(after + want + 1);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro, log));
  std::uint64_t expect = after + 1;
  for (it->Seek(codec::position_key(expect)); it->Valid(); it->Next(), ++expect) {
    const auto k = it->key();
    if (k.size() != 8 || codec::get_be64(k.data()) != expect) break;
    if (n == out->size()) out->emplace_back();
    Status s = codec::decode_record_into(std::string_view(it->value().data(), it->value().size()), &(*out)[n++]);
    if (!s) {
      out->clear();
      return Status(Code::kCorruption, "position " + std::to_string(expect) + ": " + s.message());
    }
  }
  out->resize(n);
  if (!it->status().ok()) return from_rocks(it->status(), std::string("read ") + std::string(what));
  if (n != want)
    return Status(Code::kCorruption,
                  std::string(what) + " has a gap: position " + std::to_string(expect) + " is missing");
  return Status::ok();
}

Result<std::vector<RecordedEvent>> read_log_range(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log, std::uint64_t after,
                                                  std::uint64_t want, std::string_view what) {
  std::vector<RecordedEvent> out;
  out.reserve(want);
  if (Status s = read_log_range_into(db, log, after, want, what, &out); !s) return s;
  return out;
}

}  // namespace rect
