// rect-replay verify: the log's integrity and every read model against a fresh fold.
#include <filesystem>

#include "projections/generations.h"
#include "replay-tools/command_support.h"
#include "replay-tools/fold.h"
#include "replay-tools/log_access.h"
#include "replay-tools/read_model_copy.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

constexpr const char* kHelp = R"(usage: rect-replay verify [--data-dir DIR] [--read-models DIR] [--log-only]

Checks, while rectd may keep serving:
  1. the log: positions 1..head contiguous, every record's checksum, every
     stream's versions contiguous and matching its index;
  2. each projection of the current read models: its checkpoint is at most
     the head of the log;
  3. each projection rect-replay can fold equals a fresh fold of the log up
     to that projection's checkpoint (compared by digest).
Exit 0 when everything holds, 1 otherwise.

  --read-models DIR  check this copy instead of the current generation
  --log-only         check only the log (step 1)
)";

}  // namespace

int cmd_verify(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {"--read-models"}, {"--log-only"}, kHelp, out, err, a)) return *rc;
  auto log = open_log(a.data_dir());
  if (!log) return fail(err, "verify", log.status());
  RocksDbEventStore& store = (*log)->store();
  int problems = 0;
  {
    Progress progress(err, "verify log", store.head().value());
    auto report = store.verify([&](std::uint64_t done, std::uint64_t) { progress.update(done); });
    if (!report) {
      out << "FAIL log: " << report.status().to_string() << "\n";
      ++problems;
    } else {
      progress.finish(report->events);
      out << "ok   log: " << report->events << " events in " << report->streams
          << " streams, positions and versions contiguous, checksums good\n";
    }
  }
  if (a.has("--log-only")) return problems == 0 ? 0 : 1;

  auto dir = a.get("--read-models") ? resolve_read_models(*a.get("--read-models"))
                                    : projections::current_read_models_dir(a.data_dir());
  if (!dir) return fail(err, "verify", dir.status());
  auto live = ReadModelCopy::open(*dir);
  if (!live && live.status().code() == Code::kNotFound && !a.get("--read-models"))
    return fail(err, "verify", Status(Code::kNotFound, live.status().message() +
                                                           " (the log checked above is fine; 'rect-replay rebuild' "
                                                           "builds the read models, --log-only checks the log alone)"));
  if (!live) return fail(err, "verify", live.status());
  if (Status s = store.refresh(); !s) return fail(err, "verify", s);
  const GlobalPosition head = store.head();

  std::vector<ProjectionDigest> live_digests;
  for (const std::string& p : (*live)->projections()) {
    auto d = (*live)->digest(p);
    if (!d) return fail(err, "verify", d.status());
    if (d->checkpoint.position > head) {
      out << "FAIL " << p << ": checkpoint " << d->checkpoint.position.value() << " is past the head "
          << head.value() << " of the log\n";
      ++problems;
    } else {
      out << "ok   " << p << ": checkpoint " << d->checkpoint.position.value() << " <= head " << head.value() << "\n";
    }
    live_digests.push_back(std::move(*d));
  }

  auto all = select_projections({});
  if (!all) return fail(err, "verify", all.status());
  std::vector<std::unique_ptr<projections::Projection>> foldable;
  FoldBounds b;
  b.until = GlobalPosition();
  for (auto& p : *all) {
    auto it = std::find_if(live_digests.begin(), live_digests.end(),
                           [&](const ProjectionDigest& d) { return d.projection == p->name(); });
    if (it == live_digests.end()) continue;
    b.stop_at[it->projection] = it->checkpoint.position;
    b.until = std::max(b.until, std::min(it->checkpoint.position, head));
    foldable.push_back(std::move(p));
  }
  for (const auto& d : live_digests)
    if (!b.stop_at.count(d.projection))
      out << "skip " << d.projection << ": not a projection rect-replay folds (projections/all.cpp)\n";
  if (!foldable.empty()) {
    auto scratch = ScratchDir::create("rect-replay-verify");
    if (!scratch) return fail(err, "verify", scratch.status());
    const std::string fresh_dir = (*scratch)->path() + "/readmodels";
    {
      std::vector<std::string> names;
      for (const auto& p : foldable) names.emplace_back(p->name());
      auto fresh = projections::ReadModelStore::open(fresh_dir, names);
      if (!fresh) return fail(err, "verify", fresh.status());
      Progress progress(err, "verify fold", b.until.value());
      auto r = fold_log(store, **fresh, raw_pointers(foldable), b, &progress);
      if (!r) return fail(err, "verify", r.status());
    }
    auto fresh = ReadModelCopy::open(fresh_dir);
    if (!fresh) return fail(err, "verify", fresh.status());
    for (const auto& p : foldable) {
      const std::string name(p->name());
      auto want = (*fresh)->digest(name);
      if (!want) return fail(err, "verify", want.status());
      auto it = std::find_if(live_digests.begin(), live_digests.end(),
                             [&](const ProjectionDigest& d) { return d.projection == name; });
      if (it->checkpoint.schema_version != p->schema_version()) {
        out << "FAIL " << name << ": schema version " << it->checkpoint.schema_version << ", this build folds "
            << p->schema_version() << " (rebuild it)\n";
        ++problems;
      } else if (want->hex() != it->hex()) {
        out << "FAIL " << name << ": differs from a fresh fold to position " << it->checkpoint.position.value()
            << " (" << it->records << " records, digest " << it->hex() << "; fresh fold " << want->records
            << " records, digest " << want->hex() << "); see rect-replay diff\n";
        ++problems;
      } else {
        out << "ok   " << name << ": equals a fresh fold to position " << it->checkpoint.position.value()
            << " (digest " << it->hex() << ")\n";
      }
    }
  }
  out << (problems == 0 ? "verified\n" : std::to_string(problems) + " problem(s)\n");
  return problems == 0 ? 0 : 1;
}

}  // namespace rect::replay
