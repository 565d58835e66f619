// ScratchDir: a private directory under $TMPDIR (or /tmp), removed when it
// goes out of scope. rect-replay keeps the logs of its RocksDB secondary
// instances and its verification folds there, never in the data directory.
//
// Thread-safety: plain value; not copyable.
//
// Usage:
//   auto dir = ScratchDir::create("rect-replay-secondary");
//   if (!dir) return dir.status();
//   open_as_secondary(data_dir, (*dir)->path());
#pragma once

#include <memory>
#include <string>

#include "events/status.h"

namespace rect::replay {

class ScratchDir {
 public:
  static Result<std::unique_ptr<ScratchDir>> create(const std::string& tag);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace rect::replay
