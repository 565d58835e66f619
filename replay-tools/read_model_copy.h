// ReadModelCopy: read access to any copy of the read models — the one rectd
// is serving, a rebuilt generation, or an `as-of` output — without taking
// its lock: the store is opened as a RocksDB secondary instance, so rectd
// may keep writing it. Each projection is read with one iterator, so its
// records and its checkpoint come from the same moment.
//
// Also: resolve_read_models(), which turns what a user typed (a data
// directory, an as-of output directory, or a store directory) into the store
// directory, and the digest that `rebuild`, `diff` and `verify` compare.
//
// Thread-safety: scan() may be called from several threads.
//
// Usage:
//   auto copy = ReadModelCopy::open(*resolve_read_models("var"));
//   for (const std::string& p : (*copy)->projections()) {
//     auto d = (*copy)->digest(p);
//     std::cout << p << " " << d->hex() << "\n";
//   }
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "events/status.h"
#include "projections/read_model_store.h"
#include "replay-tools/scratch_dir.h"

namespace rect::replay {

// A 64-bit FNV-1a digest of a sequence of (key, value) records, each
// length-prefixed so that record boundaries count.
class RecordDigest {
 public:
  void add(std::string_view key, std::string_view value);
  std::uint64_t value() const { return h_; }
  std::string hex() const;
  static std::uint64_t of_value(std::string_view value);

 private:
  void mix(std::string_view bytes);
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

struct ProjectionDigest {
  std::string projection;
  projections::Checkpoint checkpoint;
  std::uint64_t records = 0;
  RecordDigest digest;  // over the records, then the checkpoint
  std::string hex() const { return digest.hex(); }
};

// The store directory for `path`: `path` itself if it holds a RocksDB store,
// else the current generation of the data directory (or as-of output) `path`.
Result<std::string> resolve_read_models(const std::string& path);

class ReadModelCopy {
 public:
  static Result<std::unique_ptr<ReadModelCopy>> open(const std::string& store_dir);
  ~ReadModelCopy();

  const std::string& dir() const { return dir_; }
  // The projections (column families) present, sorted.
  const std::vector<std::string>& projections() const { return names_; }
  bool has(std::string_view projection) const;
  // Every record of `projection` in key order; returns its checkpoint as of
  // the same moment. kNotFound for an unknown projection.
  Result<projections::Checkpoint> scan(const std::string& projection,
                                       const std::function<Status(std::string_view, std::string_view)>& f) const;
  Result<ProjectionDigest> digest(const std::string& projection) const;

 private:
  struct Impl;
  ReadModelCopy(std::string dir, std::unique_ptr<Impl> impl);
  std::string dir_;
  std::vector<std::string> names_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::replay
