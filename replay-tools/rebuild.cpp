// rect-replay rebuild: blue/green rebuild of the read models (docs/replay.md).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "projections/generations.h"
#include "replay-tools/command_support.h"
#include "replay-tools/fold.h"
#include "replay-tools/log_access.h"
#include "replay-tools/read_model_copy.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHelp = R"(usage: rect-replay rebuild [--data-dir DIR] [--projection P ...] [--from-position N] [--no-swap]

Folds the log into a fresh generation DIR/readmodels.gen-N while rectd keeps
serving the current one, verifies it (every checkpoint at the head the rebuild
started from, every record readable, digests printed), then makes it current
by atomically replacing the pointer DIR/readmodels.current. rectd switches at
its next start (or reload). The copy it replaced is kept until the next
rebuild; older copies not held open by a process are deleted.

  --projection P      rebuild only P (repeatable); the other projections are
                      copied unchanged from the current generation
  --from-position N   fold only events after position N (for analysis; the
                      result is verified but never swapped in)
  --no-swap           build and verify, but leave the pointer alone
)";

// Holds DIR/replay.lock so that two rebuilds cannot race on the pointer.
class RebuildLock {
 public:
  ~RebuildLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status acquire(const std::string& data_dir) {
    const std::string path = data_dir + "/replay.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return Status(Code::kIOError, "cannot open " + path);
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) return Status(Code::kUnavailable, "another rebuild holds " + path);
    return Status::ok();
  }

 private:
  int fd_ = -1;
};

// Copies one projection's records and checkpoint from `from` into `to`.
Result<ProjectionDigest> carry_over(const ReadModelCopy& from, projections::ReadModelStore& to, const std::string& name) {
  ProjectionDigest d;
  d.projection = name;
  // The records come in key order: one table file, added once all are read.
  auto load = to.bulk_load(name);
  if (!load) return load.status();
  std::vector<projections::RecordChange> chunk;
  auto flush = [&] {
    Status s = (*load)->add(chunk);
    chunk.clear();
    return s;
  };
  auto cp = from.scan(name, [&](std::string_view k, std::string_view v) {
    d.digest.add(k, v);
    ++d.records;
    chunk.emplace_back(std::string(k), std::string(v));
    return chunk.size() >= 10000 ? flush() : Status::ok();
  });
  if (!cp) return cp.status();
  if (Status s = flush(); !s) return s;
  if (Status s = (*load)->finish(); !s) return s;
  if (Status s = to.commit({{name, {}, cp->position, cp->schema_version}}); !s) return s;
  d.checkpoint = *cp;
  d.digest.add("checkpoint", std::to_string(cp->position.value()) + "/" + std::to_string(cp->schema_version));
  return d;
}

void print_digest(std::ostream& out, const ProjectionDigest& d, const char* how) {
  out << "digest " << d.projection << " " << d.hex() << " records=" << d.records
      << " checkpoint=" << d.checkpoint.position.value() << " (" << how << ")\n";
}

}  // namespace

int cmd_rebuild(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {"--projection", "--from-position"}, {"--no-swap"}, kHelp, out, err, a)) return *rc;
  const std::string dir = a.data_dir();
  auto from = a.number("--from-position");
  if (!from) return fail(err, "rebuild", from.status());
  RebuildLock lock;
  if (Status s = lock.acquire(dir); !s) return fail(err, "rebuild", s);
  auto log = open_log(dir);
  if (!log) return fail(err, "rebuild", log.status());
  const GlobalPosition head = (*log)->store().head();
  auto chosen = select_projections(a.all("--projection"));
  if (!chosen) return fail(err, "rebuild", chosen.status());

  auto current = projections::current_generation(dir);
  if (!current) return fail(err, "rebuild", current.status());
  std::unique_ptr<ReadModelCopy> old_copy;
  const bool had_read_models = fs::exists(current->path + "/CURRENT");
  if (had_read_models) {
    auto c = ReadModelCopy::open(current->path);
    if (!c) return fail(err, "rebuild", c.status());
    old_copy = std::move(*c);
  }
  std::set<std::string> rebuilt;
  for (const auto& p : *chosen) rebuilt.emplace(p->name());
  std::vector<std::string> carried;
  if (old_copy)
    for (const std::string& n : old_copy->projections())
      if (!rebuilt.count(n)) carried.push_back(n);

  std::uint64_t n = 1;
  for (const auto& g : projections::list_generations(dir)) n = std::max(n, g.number + 1);
  const std::string fresh = projections::generation_dir(dir, n);
  out << "rebuilding " << rebuilt.size() << " projection(s) up to position " << head.value() << " into " << fresh
      << " (rectd keeps serving " << current->path << ")\n";

  std::vector<std::string> names(rebuilt.begin(), rebuilt.end());
  names.insert(names.end(), carried.begin(), carried.end());
  std::vector<ProjectionDigest> carried_digests;
  {
    auto store = projections::ReadModelStore::open(fresh, names);
    if (!store) return fail(err, "rebuild", store.status());
    for (const std::string& c : carried) {
      auto d = carry_over(*old_copy, **store, c);
      if (!d) return fail(err, "rebuild", d.status());
      carried_digests.push_back(std::move(*d));
    }
    FoldBounds b;
    b.after = GlobalPosition(from->value_or(0));
    b.until = head;
    Progress progress(err, "rebuild", head.value() - std::min(head.value(), b.after.value()));
    auto r = fold_log((*log)->store(), **store, raw_pointers(*chosen), b, &progress);
    if (!r) return fail(err, "rebuild", r.status());
    out << "folded " << r->events_read << " events at " << static_cast<long>(progress.rate(r->events_read))
        << " events/s\n";
  }
  old_copy.reset();

  auto check = ReadModelCopy::open(fresh);
  if (!check) return fail(err, "rebuild", check.status());
  for (const auto& p : *chosen) {
    auto d = (*check)->digest(std::string(p->name()));
    if (!d) return fail(err, "rebuild", d.status());
    if (d->checkpoint.position != head || d->checkpoint.schema_version != p->schema_version())
      return fail(err, "rebuild", Status(Code::kCorruption, "verification failed: " + d->projection + " is at " +
                                                                std::to_string(d->checkpoint.position.value()) +
                                                                ", expected " + std::to_string(head.value())));
    print_digest(out, *d, "rebuilt");
  }
  for (const auto& expected : carried_digests) {
    auto d = (*check)->digest(expected.projection);
    if (!d) return fail(err, "rebuild", d.status());
    if (d->hex() != expected.hex())
      return fail(err, "rebuild", Status(Code::kCorruption, "verification failed: the copy of " +
                                                                expected.projection + " differs from its source"));
    print_digest(out, *d, "copied");
  }
  check->reset();

  if (a.has("--no-swap") || from->value_or(0) > 0) {
    out << "built and verified " << fresh << "; not swapped in"
        << (from->value_or(0) > 0 ? " (it folds only events after position " + std::to_string(**from) + ")" : "")
        << "\n";
    return 0;
  }
  if (Status s = projections::publish_generation(dir, n); !s) return fail(err, "rebuild", s);
  out << "swapped: " << projections::kReadModelPointerFile << " -> " << fs::path(fresh).filename().string();
  if (had_read_models)
    out << " (previous: " << fs::path(current->path).filename().string() << ", kept until the next rebuild)\n";
  else
    out << " (there were no read models before)\n";
  for (const auto& g : projections::list_generations(dir)) {
    if (g.number == n || g.number == current->number || g.number == 0) continue;
    if (projections::generation_in_use(g.path)) {
      out << "kept " << g.path << ": a process still has it open\n";
      continue;
    }
    std::error_code ec;
    fs::remove_all(g.path, ec);
    if (ec) err << "rect-replay rebuild: could not remove " << g.path << ": " << ec.message() << "\n";
    else out << "removed " << g.path << "\n";
  }
  out << "rectd serves the new read models from its next start (or reload)\n";
  return 0;
}

}  // namespace rect::replay
