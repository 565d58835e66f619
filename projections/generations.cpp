#include "projections/generations.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace rect::projections {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kGenPrefix = "readmodels.gen-";

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

// The n of "readmodels.gen-<n>", or 0 when `name` is not one.
std::uint64_t parse_generation_name(std::string_view name) {
  if (!name.starts_with(kGenPrefix)) return 0;
  const std::string_view digits = name.substr(kGenPrefix.size());
  if (digits.empty() || digits.size() > 18 || digits[0] == '0') return 0;
  std::uint64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

Status fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status(Code::kIOError, errno_text("open " + path));
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) return Status(Code::kIOError, errno_text("fsync " + path));
  return Status::ok();
}

}  // namespace

std::string generation_dir(const std::string& data_dir, std::uint64_t n) {
  if (n == 0) return data_dir + "/readmodels";
  return data_dir + "/" + std::string(kGenPrefix) + std::to_string(n);
}

Result<Generation> current_generation(const std::string& data_dir) {
  const std::string pointer = data_dir + "/" + kReadModelPointerFile;
  std::ifstream in(pointer);
  if (!in) {
    std::error_code ec;
    if (fs::exists(pointer, ec)) return Status(Code::kIOError, "cannot read " + pointer);
    return Generation{0, generation_dir(data_dir, 0)};
  }
  std::string header, name, extra;
  std::getline(in, header);
  std::getline(in, name);
  const bool trailing = static_cast<bool>(in >> extra);
  const std::uint64_t n = parse_generation_name(name);
  if (header != kReadModelPointerHeader || n == 0 || trailing)
    return Status(Code::kCorruption, pointer + " is not a read-model pointer (expected \"" +
                                         std::string(kReadModelPointerHeader) + "\" then readmodels.gen-<N>)");
  Generation g{n, generation_dir(data_dir, n)};
  std::error_code ec;
  if (!fs::is_directory(g.path, ec))
    return Status(Code::kCorruption, pointer + " names " + name + ", which does not exist");
  return g;
}

Result<std::string> current_read_models_dir(const std::string& data_dir) {
  auto g = current_generation(data_dir);
  if (!g) return g.status();
  return g->path;
}

std::vector<Generation> list_generations(const std::string& data_dir) {
  std::vector<Generation> out;
  std::error_code ec;
  if (fs::is_directory(generation_dir(data_dir, 0), ec)) out.push_back({0, generation_dir(data_dir, 0)});
  for (fs::directory_iterator it(data_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::uint64_t n = parse_generation_name(it->path().filename().string());
    if (n != 0 && it->is_directory(ec)) out.push_back({n, it->path().string()});
  }
  std::sort(out.begin(), out.end(), [](const Generation& a, const Generation& b) { return a.number < b.number; });
  return out;
}

Status publish_generation(const std::string& data_dir, std::uint64_t n) {
  if (n == 0) return Status(Code::kInvalidArgument, "generation 0 is the original copy and has no pointer");
  const std::string dir = generation_dir(data_dir, n);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status(Code::kNotFound, dir + " does not exist");
  const std::string pointer = data_dir + "/" + kReadModelPointerFile;
  const std::string tmp = pointer + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << kReadModelPointerHeader << "\n" << kGenPrefix << n << "\n";
    out.flush();
    if (!out) return Status(Code::kIOError, "cannot write " + tmp);
  }
  if (Status s = fsync_path(tmp, O_RDONLY); !s) return s;
  if (::rename(tmp.c_str(), pointer.c_str()) != 0) return Status(Code::kIOError, errno_text("rename " + tmp));
  return fsync_path(data_dir, O_RDONLY | O_DIRECTORY);
}

bool generation_in_use(const std::string& dir) {
  const std::string lock = dir + "/LOCK";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock fl;
  std::memset(&fl, 0, sizeof fl);
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  // When the lock cannot be queried the copy is treated as in use: keeping a
  // stale copy is harmless, deleting a served one is not.
  const bool held = ::fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace rect::projections
