// rect-replay as-of: the read models as they stood at a moment (docs/replay.md).
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "replay-tools/command_support.h"
#include "replay-tools/fold.h"
#include "replay-tools/log_access.h"
#include "replay-tools/read_model_copy.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHelp = R"(usage: rect-replay as-of (--time T | --position N) [--valid-at T] --out DIR [--projection P ...] [--data-dir DIR]

Folds the log as rect knew it at a moment into DIR/readmodels (a read-model
store laid out like a data directory's, so `diff` and `export` accept DIR),
with DIR/as-of.json describing the cut, then makes everything read-only.

  --time T        only events recorded at or before T (recorded_at)
  --position N    only events at positions 1..N
  --valid-at T    only events in force at T: valid_at, or recorded_at when an
                  event has none (combine with --time for "what we knew at
                  --time about --valid-at"; alone, it uses the whole log)
  --projection P  only P (repeatable); default every projection
T is YYYY-MM-DD (midnight UTC) or an RFC 3339 time.
)";

void make_read_only(const fs::path& root) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const auto ro = it->is_directory(ec) ? fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                               fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec
                                         : fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
    fs::permissions(it->path(), ro, fs::perm_options::replace, ec);
  }
}

}  // namespace

int cmd_as_of(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {"--time", "--position", "--valid-at", "--out", "--projection"}, {}, kHelp, out,
                              err, a))
    return *rc;
  auto time = a.time("--time");
  auto valid = a.time("--valid-at");
  auto position = a.number("--position");
  for (const Status& s : {time.status(), valid.status(), position.status()})
    if (!s) return fail(err, "as-of", s);
  if (time->has_value() == position->has_value() && !(valid->has_value() && !time->has_value())) {
    err << "rect-replay as-of: give exactly one of --time and --position (or --valid-at alone)\n\n" << kHelp;
    return 2;
  }
  if (!a.get("--out")) {
    err << "rect-replay as-of: --out DIR is required\n";
    return 2;
  }
  const fs::path outdir = *a.get("--out");
  std::error_code ec;
  if (fs::exists(outdir, ec) && !fs::is_empty(outdir, ec))
    return fail(err, "as-of", Status(Code::kInvalidArgument, outdir.string() + " exists and is not empty"));
  fs::create_directories(outdir, ec);
  if (ec) return fail(err, "as-of", Status(Code::kIOError, "cannot create " + outdir.string() + ": " + ec.message()));

  auto log = open_log(a.data_dir());
  if (!log) return fail(err, "as-of", log.status());
  auto chosen = select_projections(a.all("--projection"));
  if (!chosen) return fail(err, "as-of", chosen.status());
  const GlobalPosition head = (*log)->store().head();
  FoldBounds b;
  b.until = position->has_value() ? std::min(head, GlobalPosition(**position)) : head;
  b.recorded_until = *time;
  b.valid_until = *valid;
  const std::string store_dir = (outdir / "readmodels").string();
  FoldReport report;
  {
    std::vector<std::string> names;
    for (const auto& p : *chosen) names.emplace_back(p->name());
    auto store = projections::ReadModelStore::open(store_dir, names);
    if (!store) return fail(err, "as-of", store.status());
    Progress progress(err, "as-of", b.until.value());
    auto r = fold_log((*log)->store(), **store, raw_pointers(*chosen), b, &progress);
    if (!r) return fail(err, "as-of", r.status());
    report = *r;
  }
  auto copy = ReadModelCopy::open(store_dir);
  if (!copy) return fail(err, "as-of", copy.status());
  nlohmann::json manifest{{"format", "rect-as-of"},
                          {"schema_version", 1},
                          {"position", b.until.value()},
                          {"time", *time ? nlohmann::json((*time)->to_iso8601()) : nlohmann::json()},
                          {"valid_at", *valid ? nlohmann::json((*valid)->to_iso8601()) : nlohmann::json()},
                          {"log_head", head.value()},
                          {"events_considered", report.events_read},
                          {"events_folded", report.events_folded}};
  for (const auto& p : *chosen) {
    auto d = (*copy)->digest(std::string(p->name()));
    if (!d) return fail(err, "as-of", d.status());
    manifest["projections"][d->projection] = {{"digest", d->hex()}, {"records", d->records}};
  }
  copy->reset();
  {
    std::ofstream m(outdir / "as-of.json");
    m << manifest.dump(2) << "\n";
    if (!m) return fail(err, "as-of", Status(Code::kIOError, "cannot write as-of.json"));
  }
  make_read_only(outdir);
  out << "as-of: folded " << report.events_folded << " of " << report.events_read << " events up to position "
      << b.until.value() << " into " << store_dir << " (read-only)\n";
  return 0;
}

}  // namespace rect::replay
