#include "projections/read_model_store.h"

#include <rocksdb/db.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>

namespace rect::projections {
namespace {

constexpr const char* kFormatKey = "rect.readmodels.format_version";
const std::string kCheckpointKey = std::string(1, '\0') + "checkpoint";
const std::string kEndOfRecords(8, '\xff');

Status from_rocks(const rocksdb::Status& s, std::string_view what) {
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsNoSpace()) return Status(Code::kNoSpace, msg);
  if (s.IsCorruption()) return Status(Code::kCorruption, msg);
  return Status(Code::kIOError, msg);
}

std::string encode_checkpoint(GlobalPosition p, std::uint32_t schema) {
  std::string v(13, '\0');
  v[0] = 1;
  for (int i = 0; i < 8; ++i) v[1 + i] = static_cast<char>(p.value() >> (56 - 8 * i));
  for (int i = 0; i < 4; ++i) v[9 + i] = static_cast<char>(schema >> (24 - 8 * i));
  return v;
}

bool reserved_key(std::string_view key) { return key.empty() || key[0] == '\0' || key >= kEndOfRecords; }

}  // namespace

struct ReadModelStore::Impl {
  std::string dir;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> by_name;
  std::mutex write_mu;

  ~Impl() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    if (db) db->Close().PermitUncheckedError();
  }

  Result<rocksdb::ColumnFamilyHandle*> cf(std::string_view name) const {
    auto it = by_name.find(name);
    if (it == by_name.end()) return Status(Code::kNotFound, "no read model named '" + std::string(name) + "'");
    return it->second;
  }
};

ReadModelStore::ReadModelStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReadModelStore::~ReadModelStore() = default;

Result<std::unique_ptr<ReadModelStore>> ReadModelStore::open(const std::string& dir,
                                                             const std::vector<std::string>& projections,
                                                             bool read_only) {
  for (const auto& p : projections) {
    if (p.empty() || p == rocksdb::kDefaultColumnFamilyName ||
        !std::all_of(p.begin(), p.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }))
      return Status(Code::kInvalidArgument, "projection name '" + p + "' must be [a-z0-9_]+ and not 'default'");
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = !read_only;
  dbo.create_missing_column_families = !read_only;
  dbo.max_background_jobs = 2;
  std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName};
  std::vector<std::string> existing;
  const bool exists = std::filesystem::exists(std::filesystem::path(dir) / "CURRENT");
  if (exists) {
    auto s = rocksdb::DB::ListColumnFamilies(dbo, dir, &existing);
    if (!s.ok()) return from_rocks(s, "open read-model store at '" + dir + "'");
  } else if (read_only) {
    return Status(Code::kNotFound, "no read-model store at '" + dir + "'");
  }
  for (const auto& n : existing)
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  for (const auto& n : projections)
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) {
    rocksdb::ColumnFamilyOptions o;
    // Uncompressed: a copy derived from the log and rebuilt at will, where
    // LZ4 halved the size but was an eighth of a rebuild's instructions
    // (docs/decisions.md, "Read models are stored uncompressed"). Blocks an
    // older build compressed still read: each block names its compression.
    o.compression = rocksdb::kNoCompression;
    cfs.emplace_back(n, o);
  }
  if (read_only) {
    cfs.erase(std::remove_if(cfs.begin(), cfs.end(),
                             [&](const auto& d) {
                               return std::find(existing.begin(), existing.end(), d.name) == existing.end();
                             }),
              cfs.end());
  }
  rocksdb::DB* raw = nullptr;
  auto s = read_only ? rocksdb::DB::OpenForReadOnly(dbo, dir, cfs, &impl->handles, &raw)
                     : rocksdb::DB::Open(dbo, dir, cfs, &impl->handles, &raw);
  if (!s.ok()) return from_rocks(s, "open read-model store at '" + dir + "'");
  impl->db.reset(raw);
  for (std::size_t i = 0; i < cfs.size(); ++i) impl->by_name[cfs[i].name] = impl->handles[i];

  std::string fv;
  s = impl->db->Get(rocksdb::ReadOptions(), kFormatKey, &fv);
  if (s.IsNotFound() && !exists && !read_only) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = impl->db->Put(wo, kFormatKey, std::string(1, static_cast<char>(kFormatVersion)));
    if (!s.ok()) return from_rocks(s, "write read-model format version");
  } else if (!s.ok()) {
    return Status(Code::kCorruption, "read-model store at '" + dir + "' has no format version; refusing to open it");
  } else if (fv.size() != 1 || static_cast<std::uint8_t>(fv[0]) != kFormatVersion) {
    return Status(Code::kCorruption, "read-model store at '" + dir + "' has format version " +
                                         (fv.size() == 1 ? std::to_string(static_cast<unsigned char>(fv[0])) : "?") +
                                         "; this build reads version " + std::to_string(kFormatVersion) +
                                         ". Refusing to open it (rebuild with rect-replay rebuild)");
  }
  return std::unique_ptr<ReadModelStore>(new ReadModelStore(std::move(impl)));
}

Result<Checkpoint> ReadModelStore::checkpoint(const std::string& projection) const {
  auto h = impl_->cf(projection);
  if (!h) return h.status();
  std::string v;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), *h, kCheckpointKey, &v);
  if (s.IsNotFound()) return Checkpoint{};
  if (!s.ok()) return from_rocks(s, "read checkpoint");
  if (v.size() != 13 || v[0] != 1) return Status(Code::kCorruption, "checkpoint of '" + projection + "' is malformed");
  std::uint64_t p = 0;
  std::uint32_t schema = 0;
  for (int i = 0; i < 8; ++i) p = p << 8 | static_cast<unsigned char>(v[1 + i]);
  for (int i = 0; i < 4; ++i) schema = schema << 8 | static_cast<unsigned char>(v[9 + i]);
  return Checkpoint{GlobalPosition(p), schema};
}


Status ReadModelStore::flush() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  auto s = impl_->db->Flush(fo, impl_->handles);
  if (!s.ok()) return from_rocks(s, "flush read models");
  return Status::ok();
}

Status ReadModelStore::commit(const std::vector<ProjectionCommit>& commits) {
  rocksdb::WriteBatch wb;
  for (const auto& c : commits) {
    auto h = impl_->cf(c.projection);
    if (!h) return h.status();
    for (const auto& [key, value] : c.changes) {
      if (reserved_key(key))
        return Status(Code::kInvalidArgument, "read-model key of '" + c.projection + "' is empty or reserved");
      if (value) wb.Put(*h, key, *value).PermitUncheckedError();
      else wb.Delete(*h, key).PermitUncheckedError();
    }
    wb.Put(*h, kCheckpointKey, encode_checkpoint(c.position, c.schema_version)).PermitUncheckedError();
  }
  std::lock_guard<std::mutex> l(impl_->write_mu);
  auto s = impl_->db->Write(rocksdb::WriteOptions(), &wb);
  if (!s.ok()) return from_rocks(s, "write read models");
  return Status::ok();
}

Status ReadModelStore::scan(const std::string& projection,
                            const std::function<Status(std::string_view, std::string_view)>& f) const {
  auto h = impl_->cf(projection);
  if (!h) return h.status();
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, *h));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const auto k = it->key();
    if (!k.empty() && k[0] == '\0') continue;  // reserved: the checkpoint
    if (Status s = f(std::string_view(k.data(), k.size()), std::string_view(it->value().data(), it->value().size())); !s)
      return s;
  }
  if (!it->status().ok()) return from_rocks(it->status(), "scan read model");
  return Status::ok();
}

Status ReadModelStore::reset(const std::string& projection) {
  auto h = impl_->cf(projection);
  if (!h) return h.status();
  rocksdb::WriteBatch wb;
  wb.DeleteRange(*h, std::string(1, '\0'), kEndOfRecords).PermitUncheckedError();
  std::lock_guard<std::mutex> l(impl_->write_mu);
  auto s = impl_->db->Write(rocksdb::WriteOptions(), &wb);
  if (!s.ok()) return from_rocks(s, "reset read model");
  return Status::ok();
}

struct ReadModelStore::BulkLoad::State {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* cf = nullptr;
  rocksdb::Options options;
  std::string projection, dir;
  std::unique_ptr<rocksdb::SstFileWriter> writer;  // the run being written, if any
  std::vector<std::string> files;                  // every run begun, in order
  std::string last_key;                            // the last key of the run being written
  bool finished = false;

  Status close_run() {
    if (!writer) return Status::ok();
    auto s = writer->Finish();
    writer.reset();
    if (!s.ok()) return from_rocks(s, "write table file for " + projection);
    return Status::ok();
  }
};

ReadModelStore::BulkLoad::BulkLoad(std::unique_ptr<State> state) : state_(std::move(state)) {}

ReadModelStore::BulkLoad::~BulkLoad() {
  if (state_->finished) return;
  state_->writer.reset();
  std::error_code ec;  // a file that cannot be removed is only litter in a copy that is not used
  for (const std::string& f : state_->files) std::filesystem::remove(f, ec);
}

std::size_t ReadModelStore::BulkLoad::runs() const { return state_->files.size(); }

Status ReadModelStore::BulkLoad::add(std::vector<RecordChange>& changes) {
  State& st = *state_;
  if (st.finished) return Status(Code::kInvalidArgument, "bulk load of '" + st.projection + "' already finished");
  for (const auto& c : changes)
    if (reserved_key(c.first))
      return Status(Code::kInvalidArgument, "read-model key of '" + st.projection + "' is empty or reserved");
  std::stable_sort(changes.begin(), changes.end(), [](const RecordChange& a, const RecordChange& b) { return a.first < b.first; });
  // Of changes to the same key, the last one counts.
  std::size_t kept = 0;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (i + 1 < changes.size() && changes[i + 1].first == changes[i].first) continue;
    if (kept != i) changes[kept] = std::move(changes[i]);
    ++kept;
  }
  changes.resize(kept);
  if (changes.empty()) return Status::ok();
  if (st.writer && changes.front().first <= st.last_key)
    if (Status s = st.close_run(); !s) return s;
  if (!st.writer) {
    st.writer = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), st.options, st.cf);
    st.files.push_back(st.dir + "/" + st.projection + "-" + std::to_string(st.files.size()) + ".sst");
    if (auto s = st.writer->Open(st.files.back()); !s.ok()) return from_rocks(s, "begin table file for " + st.projection);
  }
  for (const auto& [key, value] : changes) {
    auto s = value ? st.writer->Put(key, *value) : st.writer->Delete(key);
    if (!s.ok()) return from_rocks(s, "write table file for " + st.projection);
  }
  st.last_key = changes.back().first;
  return Status::ok();
}

Status ReadModelStore::BulkLoad::finish() {
  State& st = *state_;
  if (st.finished) return Status::ok();
  if (Status s = st.close_run(); !s) return s;
  rocksdb::IngestExternalFileOptions io;
  io.move_files = true;
  // One run at a time, in order: runs may overlap, and a later one must win.
  for (const std::string& f : st.files) {
    auto s = st.db->IngestExternalFile(st.cf, {f}, io);
    if (!s.ok()) return from_rocks(s, "add table file to " + st.projection);
  }
  st.finished = true;
  std::error_code ec;  // ingestion may have moved them already; other loads may still be writing in dir
  for (const std::string& f : st.files) std::filesystem::remove(f, ec);
  std::filesystem::remove(st.dir, ec);
  return Status::ok();
}

Result<std::unique_ptr<ReadModelStore::BulkLoad>> ReadModelStore::bulk_load(const std::string& projection) {
  auto h = impl_->cf(projection);
  if (!h) return h.status();
  auto st = std::make_unique<BulkLoad::State>();
  st->db = impl_->db.get();
  st->cf = *h;
  st->options = rocksdb::Options(impl_->db->GetDBOptions(), impl_->db->GetOptions(*h));
  st->projection = projection;
  st->dir = impl_->dir + "/bulk";
  std::error_code ec;
  std::filesystem::create_directories(st->dir, ec);
  if (ec) return Status(Code::kIOError, "create " + st->dir + ": " + ec.message());
  return std::unique_ptr<BulkLoad>(new BulkLoad(std::move(st)));
}

}  // namespace rect::projections
