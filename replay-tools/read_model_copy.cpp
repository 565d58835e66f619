#include "replay-tools/read_model_copy.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "projections/generations.h"

namespace rect::replay {
namespace {

namespace fs = std::filesystem;

// The read-model store keeps a projection's checkpoint under this reserved
// key of its column family (docs/storage-format.md, "Read-model store").
const std::string kCheckpointKey = std::string(1, '\0') + "checkpoint";

Result<projections::Checkpoint> decode_checkpoint(std::string_view v, const std::string& projection) {
  if (v.size() != 13 || v[0] != 1) return Status(Code::kCorruption, "checkpoint of '" + projection + "' is malformed");
  std::uint64_t p = 0;
  std::uint32_t schema = 0;
  for (int i = 0; i < 8; ++i) p = p << 8 | static_cast<unsigned char>(v[1 + i]);
  for (int i = 0; i < 4; ++i) schema = schema << 8 | static_cast<unsigned char>(v[9 + i]);
  return projections::Checkpoint{GlobalPosition(p), schema};
}

bool is_store(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / "CURRENT", ec);
}

}  // namespace

void RecordDigest::mix(std::string_view bytes) {
  for (unsigned char c : bytes) {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
}

void RecordDigest::add(std::string_view key, std::string_view value) {
  char len[16];
  std::snprintf(len, sizeof len, "%zu:", key.size());
  mix(len);
  mix(key);
  std::snprintf(len, sizeof len, "%zu:", value.size());
  mix(len);
  mix(value);
}

std::string RecordDigest::hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
  return buf;
}

std::uint64_t RecordDigest::of_value(std::string_view value) {
  RecordDigest d;
  d.mix(value);
  return d.value();
}

Result<std::string> resolve_read_models(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return Status(Code::kNotFound, "'" + path + "' is not a directory");
  if (is_store(path)) return path;
  auto dir = projections::current_read_models_dir(path);
  if (!dir) return dir.status();
  if (!is_store(*dir)) return Status(Code::kNotFound, "no read models at '" + path + "' (looked in " + *dir + ")");
  return *dir;
}

struct ReadModelCopy::Impl {
  std::unique_ptr<ScratchDir> scratch;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> by_name;

  ~Impl() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    if (db) db->Close().PermitUncheckedError();
    db.reset();
  }
};

ReadModelCopy::ReadModelCopy(std::string dir, std::unique_ptr<Impl> impl) : dir_(std::move(dir)), impl_(std::move(impl)) {
  for (const auto& [name, h] : impl_->by_name)
    if (name != rocksdb::kDefaultColumnFamilyName) names_.push_back(name);
}

ReadModelCopy::~ReadModelCopy() = default;

Result<std::unique_ptr<ReadModelCopy>> ReadModelCopy::open(const std::string& store_dir) {
  if (!is_store(store_dir)) return Status(Code::kNotFound, "no read-model store at '" + store_dir + "'");
  auto impl = std::make_unique<Impl>();
  auto scratch = ScratchDir::create("rect-replay-readmodels");
  if (!scratch) return scratch.status();
  impl->scratch = std::move(*scratch);
  rocksdb::DBOptions dbo;
  dbo.max_open_files = -1;  // required by secondary instances
  std::vector<std::string> names;
  auto s = rocksdb::DB::ListColumnFamilies(dbo, store_dir, &names);
  if (!s.ok()) return Status(Code::kIOError, "list read models in '" + store_dir + "': " + s.ToString());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::OpenAsSecondary(dbo, store_dir, impl->scratch->path(), cfs, &impl->handles, &raw);
  if (!s.ok()) return Status(Code::kIOError, "open read models in '" + store_dir + "': " + s.ToString());
  impl->db.reset(raw);
  for (std::size_t i = 0; i < cfs.size(); ++i) impl->by_name[cfs[i].name] = impl->handles[i];
  std::string fv;
  s = impl->db->Get(rocksdb::ReadOptions(), "rect.readmodels.format_version", &fv);
  if (!s.ok() || fv.size() != 1 || static_cast<std::uint8_t>(fv[0]) != projections::ReadModelStore::kFormatVersion)
    return Status(Code::kCorruption, "'" + store_dir + "' is not a read-model store of format version " +
                                         std::to_string(projections::ReadModelStore::kFormatVersion));
  return std::unique_ptr<ReadModelCopy>(new ReadModelCopy(store_dir, std::move(impl)));
}

bool ReadModelCopy::has(std::string_view projection) const {
  return std::find(names_.begin(), names_.end(), projection) != names_.end();
}

Result<projections::Checkpoint> ReadModelCopy::scan(
    const std::string& projection, const std::function<Status(std::string_view, std::string_view)>& f) const {
  auto it_h = impl_->by_name.find(projection);
  if (it_h == impl_->by_name.end() || projection == rocksdb::kDefaultColumnFamilyName)
    return Status(Code::kNotFound, "no read model named '" + projection + "' in " + dir_);
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, it_h->second));
  projections::Checkpoint cp;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view k(it->key().data(), it->key().size());
    const std::string_view v(it->value().data(), it->value().size());
    if (!k.empty() && k[0] == '\0') {
      if (k == kCheckpointKey) {
        auto c = decode_checkpoint(v, projection);
        if (!c) return c.status();
        cp = *c;
      }
      continue;
    }
    if (Status s = f(k, v); !s) return s;
  }
  if (!it->status().ok()) return Status(Code::kIOError, "scan " + projection + ": " + it->status().ToString());
  return cp;
}

Result<ProjectionDigest> ReadModelCopy::digest(const std::string& projection) const {
  ProjectionDigest d;
  d.projection = projection;
  auto cp = scan(projection, [&](std::string_view k, std::string_view v) {
    d.digest.add(k, v);
    ++d.records;
    return Status::ok();
  });
  if (!cp) return cp.status();
  d.checkpoint = *cp;
  d.digest.add("checkpoint", std::to_string(cp->position.value()) + "/" + std::to_string(cp->schema_version));
  return d;
}

}  // namespace rect::replay
