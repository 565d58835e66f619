// Read-model generations: which copy of the read models is current, so that
// rect-replay can rebuild into a fresh copy while rectd serves the old one
// and then swap atomically (blue/green; docs/replay.md, docs/decisions.md
// "Blue/green rebuild").
//
// Layout inside a data directory:
//   readmodels.current    the pointer: a two-line text file
//                           "rect-readmodels-pointer 1\nreadmodels.gen-<N>\n"
//   readmodels.gen-<N>    one RocksDB read-model store per generation
//   readmodels            the original copy (generation 0), used while no
//                         pointer exists
// The pointer is replaced with write-to-temporary, fsync, rename(2), fsync of
// the directory, so a reader sees the old or the new name, never a mixture.
//
// Thread-safety: free functions over the filesystem; publish_generation()
// calls must not race each other (rect-replay holds DIR/replay.lock).
//
// Usage (rectd at start, or on a reload request):
//   auto dir = current_read_models_dir(options.data_dir);
//   if (!dir) return dir.status();
//   auto rm = ReadModelStore::open(*dir, names);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/status.h"

namespace rect::projections {

inline constexpr const char* kReadModelPointerFile = "readmodels.current";
inline constexpr const char* kReadModelPointerHeader = "rect-readmodels-pointer 1";

struct Generation {
  std::uint64_t number = 0;  // 0: the original DIR/readmodels
  std::string path;
};

// The generation the pointer names, or generation 0 when there is no pointer.
// kCorruption when the pointer is malformed or names a missing directory.
Result<Generation> current_generation(const std::string& data_dir);

// The directory rectd should open as its read-model store.
Result<std::string> current_read_models_dir(const std::string& data_dir);

// DIR/readmodels.gen-<n> (or DIR/readmodels for 0).
std::string generation_dir(const std::string& data_dir, std::uint64_t n);

// Every generation directory present, ordered by number.
std::vector<Generation> list_generations(const std::string& data_dir);

// Makes generation `n` current by atomically replacing the pointer.
Status publish_generation(const std::string& data_dir, std::uint64_t n);

// True when another process holds the RocksDB lock of the store in `dir`
// (for example rectd serving it); such a copy must not be deleted.
bool generation_in_use(const std::string& dir);

}  // namespace rect::projections
