#include "events/rocksdb_log.h"

#include <rocksdb/db.h>

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

Status from_rocks(const rocksdb::Status& s, std::string_view what) {
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsNoSpace()) return Status(Code::kNoSpace, msg);
  if (s.IsCorruption()) return Status(Code::kCorruption, msg);
  if (s.IsNotFound()) return Status(Code::kNotFound, msg);
  if (s.IsInvalidArgument()) return Status(Code::kInvalidArgument, msg);
  return Status(Code::kIOError, msg);
}

Result<std::vector<RecordedEvent>> read_log_range(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* log, std::uint64_t after,
                                                  std::uint64_t want, std::string_view what) {
  std::vector<RecordedEvent> out;
  if (want == 0) return out;
  out.reserve(want);
  rocksdb::ReadOptions ro;
  ro.fill_cache = want < 1024;
  if (want >= 1024) ro.readahead_size = 2 << 20;
  const std::string upper = codec::position_key(after + want + 1);
  rocksdb::Slice upper_slice(upper);
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro, log));
  std::uint64_t expect = after + 1;
  for (it->Seek(codec::position_key(expect)); it->Valid(); it->Next(), ++expect) {
    const auto k = it->key();
    if (k.size() != 8 || codec::get_be64(k.data()) != expect) break;
    Status s = codec::decode_record_into(std::string_view(it->value().data(), it->value().size()), &out.emplace_back());
    if (!s) return Status(Code::kCorruption, "position " + std::to_string(expect) + ": " + s.message());
  }
  if (!it->status().ok()) return from_rocks(it->status(), std::string("read ") + std::string(what));
  if (out.size() != want)
    return Status(Code::kCorruption,
                  std::string(what) + " has a gap: position " + std::to_string(expect) + " is missing");
  return out;
}

}  // namespace rect
