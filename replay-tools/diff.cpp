// rect-replay diff: compare two read-model copies key by key (docs/replay.md).
#include <map>
#include <set>
#include <unordered_map>

#include "replay-tools/command_support.h"
#include "replay-tools/read_model_copy.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

constexpr const char* kHelp = R"(usage: rect-replay diff A B [--projection P ...] [--limit N]

A and B are read-model copies: a data directory (its current generation), an
as-of output directory, or a read-model store directory. Every projection's
records are compared by a digest per key; each differing key is printed with
both values. Exit 0 when identical, 1 on any difference.

  --projection P  compare only P (repeatable)
  --limit N       print at most N differing keys per projection (default 20)
)";

std::string shown(const std::optional<std::string>& v) { return v ? *v : "(absent)"; }

// The differing keys of one projection, with both values.
struct Differences {
  std::uint64_t count = 0;
  std::map<std::string, std::pair<std::optional<std::string>, std::optional<std::string>>> shown;
};

Result<Differences> compare(const ReadModelCopy& a, const ReadModelCopy& b, const std::string& p, std::size_t limit) {
  std::unordered_map<std::string, std::uint64_t> in_b;
  auto cb = b.scan(p, [&](std::string_view k, std::string_view v) {
    in_b.emplace(std::string(k), RecordDigest::of_value(v));
    return Status::ok();
  });
  if (!cb) return cb.status();
  Differences d;
  auto ca = a.scan(p, [&](std::string_view k, std::string_view v) {
    auto it = in_b.find(std::string(k));
    if (it == in_b.end() || it->second != RecordDigest::of_value(v)) {
      if (++d.count <= limit) d.shown[std::string(k)].first = std::string(v);
      if (it == in_b.end()) return Status::ok();
    }
    in_b.erase(it);
    return Status::ok();
  });
  if (!ca) return ca.status();
  for (const auto& [k, digest] : in_b)
    if (++d.count <= limit) d.shown[k];
  std::set<std::string> wanted;
  for (const auto& [k, values] : d.shown) wanted.insert(k);
  auto again = b.scan(p, [&](std::string_view k, std::string_view v) {
    if (wanted.count(std::string(k))) d.shown[std::string(k)].second = std::string(v);
    return Status::ok();
  });
  if (!again) return again.status();
  return d;
}

}  // namespace

int cmd_diff(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {"--projection", "--limit"}, {}, kHelp, out, err, a)) return *rc;
  if (a.positional().size() != 2) {
    err << "rect-replay diff: give two read-model copies\n\n" << kHelp;
    return 2;
  }
  auto limit = a.number("--limit");
  if (!limit) return fail(err, "diff", limit.status());
  std::unique_ptr<ReadModelCopy> copies[2];
  for (int i = 0; i < 2; ++i) {
    auto dir = resolve_read_models(a.positional()[i]);
    if (!dir) return fail(err, "diff", dir.status());
    auto c = ReadModelCopy::open(*dir);
    if (!c) return fail(err, "diff", c.status());
    copies[i] = std::move(*c);
  }
  std::set<std::string> names;
  for (const auto& c : copies)
    for (const std::string& n : c->projections()) names.insert(n);
  if (auto only = a.all("--projection"); !only.empty()) names = std::set<std::string>(only.begin(), only.end());
  std::uint64_t total = 0;
  for (const std::string& p : names) {
    if (!copies[0]->has(p) || !copies[1]->has(p)) {
      out << "projection " << p << ": only in " << (copies[0]->has(p) ? "A" : copies[1]->has(p) ? "B" : "neither")
          << "\n";
      ++total;
      continue;
    }
    auto d = compare(*copies[0], *copies[1], p, limit->value_or(20));
    if (!d) return fail(err, "diff", d.status());
    auto da = copies[0]->digest(p);
    auto db = copies[1]->digest(p);
    if (!da || !db) return fail(err, "diff", da ? db.status() : da.status());
    out << "projection " << p << ": " << (d->count == 0 ? "identical" : std::to_string(d->count) + " key(s) differ")
        << " (A: " << da->records << " records at position " << da->checkpoint.position.value() << ", B: "
        << db->records << " records at position " << db->checkpoint.position.value() << ")\n";
    for (const auto& [k, values] : d->shown)
      out << "  key " << k << "\n    A: " << shown(values.first) << "\n    B: " << shown(values.second) << "\n";
    if (d->count > d->shown.size()) out << "  ... and " << d->count - d->shown.size() << " more\n";
    total += d->count;
  }
  out << (total == 0 ? "no differences\n" : std::to_string(total) + " difference(s)\n");
  return total == 0 ? 0 : 1;
}

}  // namespace rect::replay
