#include "replay-tools/scratch_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace rect::replay {

Result<std::unique_ptr<ScratchDir>> ScratchDir::create(const std::string& tag) {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + tag + "-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr)
    return Status(Code::kIOError, "cannot create a scratch directory " + tmpl + ": " + std::strerror(errno));
  return std::unique_ptr<ScratchDir>(new ScratchDir(tmpl));
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  if (ec) std::cerr << "rect-replay: could not remove " << path_ << ": " << ec.message() << "\n";
}

}  // namespace rect::replay
