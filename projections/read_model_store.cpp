#include "projections/read_model_store.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
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

}  // namespace

struct ReadModelStore::Impl {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> by_name;
  std::mutex write_mu;
  std::atomic<bool> unlogged{false};

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
    o.compression = rocksdb::kLZ4Compression;
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

void ReadModelStore::set_unlogged() { impl_->unlogged = true; }

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
      if (key.empty() || key[0] == '\0' || key >= kEndOfRecords)
        return Status(Code::kInvalidArgument, "read-model key of '" + c.projection + "' is empty or reserved");
      if (value) wb.Put(*h, key, *value).PermitUncheckedError();
      else wb.Delete(*h, key).PermitUncheckedError();
    }
    wb.Put(*h, kCheckpointKey, encode_checkpoint(c.position, c.schema_version)).PermitUncheckedError();
  }
  rocksdb::WriteOptions wo;
  wo.disableWAL = impl_->unlogged;
  std::lock_guard<std::mutex> l(impl_->write_mu);
  auto s = impl_->db->Write(wo, &wb);
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

}  // namespace rect::projections
