// rect-replay export: the log flattened per event type and month, plus the read models.
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "replay-tools/command_support.h"
#include "replay-tools/fold.h"
#include "replay-tools/log_access.h"
#include "replay-tools/read_model_copy.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kHelp = R"(usage: rect-replay export --format csv|jsonl --out DIR [--from T] [--until T] [--type TYPE ...] [--valid-at T] [--no-read-models] [--data-dir DIR]

Writes DIR/events/<type>/<YYYY-MM>.<csv|jsonl>: one file per event type and
month of recorded_at, events in log order. CSV files start with a header row:
the envelope (position, recorded_at, valid_at, stream, version, type,
schema_version, event_id, correlation_id, causation_id, actor_kind, actor_id)
then every payload field of that type, nested objects flattened with dots
("to.schedule"), arrays as JSON text. Also DIR/read_models/<projection>.<ext>
(key, value) holding the read models folded up to --until, and
DIR/manifest.json. docs/replay.md shows how to query the CSV with DuckDB.

  --from T, --until T  recorded_at from T (inclusive) until T (exclusive)
  --type TYPE          only these event types (repeatable)
  --valid-at T         the read models hold only the events in force at T
                       (valid_at, or recorded_at when an event has none), as
                       with as-of --valid-at; the event files are not cut by it
  --no-read-models     skip the read models
)";

const std::vector<std::string> kEnvelope = {"position", "recorded_at", "valid_at", "stream", "version", "type",
                                            "schema_version", "event_id", "correlation_id", "causation_id",
                                            "actor_kind", "actor_id"};

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

void flatten(const Json& j, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string name = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object() && !v.empty()) flatten(v, name, out);
    else if (v.is_null()) out[name] = "";
    else if (v.is_string()) out[name] = v.get<std::string>();
    else out[name] = v.dump();
  }
}

std::string column_name(const std::string& field) {
  return std::find(kEnvelope.begin(), kEnvelope.end(), field) != kEnvelope.end() ? "payload." + field : field;
}

std::map<std::string, std::string> envelope(const RecordedEvent& e) {
  auto opt_id = [](const std::optional<EventId>& id) { return id ? id->to_string() : std::string(); };
  return {{"position", std::to_string(e.position.value())},
          {"recorded_at", e.recorded_at.to_iso8601()},
          {"valid_at", e.data.valid_at ? e.data.valid_at->to_iso8601() : ""},
          {"stream", e.stream},
          {"version", std::to_string(e.version.value())},
          {"type", e.data.type},
          {"schema_version", std::to_string(e.data.schema_version)},
          {"event_id", e.data.id.to_string()},
          {"correlation_id", opt_id(e.data.correlation_id)},
          {"causation_id", opt_id(e.data.causation_id)},
          {"actor_kind", std::string(actor_kind_name(e.data.actor.kind))},
          {"actor_id", e.data.actor.id}};
}

// Output files, opened on demand; closed in bulk when too many are open.
class Files {
 public:
  std::ofstream* get(const fs::path& path, const std::string& header, bool& fresh) {
    auto it = open_.find(path);
    if (it != open_.end()) return &it->second;
    if (open_.size() >= 200) open_.clear();
    fresh = rows_.find(path) == rows_.end();
    fs::create_directories(path.parent_path());
    auto& f = open_[path];
    f.open(path, fresh ? std::ios::trunc : std::ios::app);
    if (fresh && !header.empty()) f << header;
    rows_[path];
    return &f;
  }
  void count(const fs::path& p) { ++rows_[p]; }
  bool good() const {
    for (const auto& [p, f] : open_)
      if (!f) return false;
    return true;
  }
  const std::map<fs::path, std::uint64_t>& rows() const { return rows_; }

 private:
  std::map<fs::path, std::ofstream> open_;
  std::map<fs::path, std::uint64_t> rows_;
};

struct Filter {
  std::optional<Timestamp> from, until;
  std::set<std::string> types;
  bool admits(const RecordedEvent& e) const {
    if (from && e.recorded_at < *from) return false;
    if (until && e.recorded_at >= *until) return false;
    return types.empty() || types.count(e.data.type);
  }
};

template <typename F>
Status each_event(const EventStore& log, GlobalPosition head, const Filter& filter, Progress& progress, F&& f) {
  GlobalPosition at;
  std::uint64_t seen = 0;
  while (at < head) {
    auto page = log.read_all(at, 8192);
    if (!page) return page.status();
    if (page->empty()) break;
    for (const RecordedEvent& e : *page) {
      if (e.position > head) break;
      if (filter.admits(e))
        if (Status s = f(e); !s) return s;
    }
    at = page->back().position;
    seen += page->size();
    progress.update(seen);
  }
  progress.finish(seen);
  return Status::ok();
}

}  // namespace

int cmd_export(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {"--format", "--out", "--from", "--until", "--type", "--valid-at"},
                              {"--no-read-models"}, kHelp, out, err, a))
    return *rc;
  const std::string format = a.get("--format").value_or("");
  if (!format.empty() && format != "csv" && format != "jsonl")
    return fail(err, "export", Status(Code::kInvalidArgument, "unknown --format '" + format + "' (csv or jsonl)"));
  if (format.empty() || !a.get("--out")) {
    err << "rect-replay export: --format csv|jsonl and --out DIR are required\n\n" << kHelp;
    return 2;
  }
  const bool csv = format == "csv";
  Filter filter;
  auto from = a.time("--from");
  auto until = a.time("--until");
  auto valid = a.time("--valid-at");
  if (!from) return fail(err, "export", from.status());
  if (!until) return fail(err, "export", until.status());
  if (!valid) return fail(err, "export", valid.status());
  filter.from = *from;
  filter.until = *until;
  for (const std::string& t : a.all("--type")) filter.types.insert(t);
  const fs::path root = *a.get("--out");
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_empty(root, ec))
    return fail(err, "export", Status(Code::kInvalidArgument, root.string() + " exists and is not empty"));

  auto log = open_log(a.data_dir());
  if (!log) return fail(err, "export", log.status());
  const EventStore& store = (*log)->store();
  const GlobalPosition head = store.head();

  std::map<std::string, std::set<std::string>> columns;  // by type; CSV only needs them up front
  if (csv) {
    Progress p(err, "export (columns)", head.value());
    Status s = each_event(store, head, filter, p, [&](const RecordedEvent& e) {
      std::map<std::string, std::string> fields;
      flatten(Json::parse(e.data.payload, nullptr, false), "", fields);
      auto& cols = columns[e.data.type];
      for (const auto& [k, v] : fields) cols.insert(k);
      return Status::ok();
    });
    if (!s) return fail(err, "export", s);
  }
  Files files;
  Progress p(err, "export", head.value());
  Status s = each_event(store, head, filter, p, [&](const RecordedEvent& e) {
    const std::string month = e.recorded_at.to_iso8601().substr(0, 7);
    const fs::path path = root / "events" / e.data.type / (month + (csv ? ".csv" : ".jsonl"));
    Json payload = Json::parse(e.data.payload, nullptr, false);
    std::string line;
    std::string header;
    if (csv) {
      for (const auto& c : kEnvelope) header += (header.empty() ? "" : ",") + c;
      for (const auto& c : columns[e.data.type]) header += "," + csv_cell(column_name(c));
      header += "\n";
      auto env = envelope(e);
      for (const auto& c : kEnvelope) line += (line.empty() ? "" : ",") + csv_cell(env[c]);
      std::map<std::string, std::string> fields;
      flatten(payload, "", fields);
      for (const auto& c : columns[e.data.type]) line += "," + csv_cell(fields[c]);
    } else {
      Json j;
      for (const auto& [k, v] : envelope(e)) j[k] = v;
      j["position"] = e.position.value();
      j["version"] = e.version.value();
      j["payload"] = payload;
      line = j.dump();
    }
    bool fresh = false;
    std::ofstream* f = files.get(path, header, fresh);
    *f << line << "\n";
    files.count(path);
    return *f ? Status::ok() : Status(Code::kIOError, "cannot write " + path.string());
  });
  if (!s) return fail(err, "export", s);
  if (!files.good()) return fail(err, "export", Status(Code::kIOError, "writing the export failed"));

  Json manifest{{"format", "rect-export"}, {"schema_version", 1}, {"log_head", head.value()},
                {"from", *from ? Json((*from)->to_iso8601()) : Json()},
                {"until", *until ? Json((*until)->to_iso8601()) : Json()},
                {"read_models_valid_at", *valid ? Json((*valid)->to_iso8601()) : Json()}, {"files", Json::object()}};
  for (const auto& [path, rows] : files.rows())
    manifest["files"][fs::relative(path, root).string()] = rows;

  if (!a.has("--no-read-models")) {
    auto chosen = select_projections({});
    if (!chosen) return fail(err, "export", chosen.status());
    auto scratch = ScratchDir::create("rect-replay-export");
    if (!scratch) return fail(err, "export", scratch.status());
    const std::string dir = (*scratch)->path() + "/readmodels";
    {
      std::vector<std::string> names;
      for (const auto& pr : *chosen) names.emplace_back(pr->name());
      auto rm = projections::ReadModelStore::open(dir, names);
      if (!rm) return fail(err, "export", rm.status());
      FoldBounds b;
      b.until = head;
      if (*until) b.recorded_until = Timestamp((*until)->micros() - 1);
      b.valid_until = *valid;
      Progress fp(err, "export (read models)", head.value());
      auto r = fold_log(store, **rm, raw_pointers(*chosen), b, &fp);
      if (!r) return fail(err, "export", r.status());
    }
    auto copy = ReadModelCopy::open(dir);
    if (!copy) return fail(err, "export", copy.status());
    fs::create_directories(root / "read_models");
    for (const std::string& pname : (*copy)->projections()) {
      const fs::path path = root / "read_models" / (pname + (csv ? ".csv" : ".jsonl"));
      std::ofstream f(path);
      if (csv) f << "key,value\n";
      std::uint64_t rows = 0;
      auto cp = (*copy)->scan(pname, [&](std::string_view k, std::string_view v) {
        if (csv) {
          f << csv_cell(k) << "," << csv_cell(v) << "\n";
        } else {
          Json value = Json::parse(v, nullptr, false);
          f << Json{{"key", k}, {"value", value.is_discarded() ? Json(v) : value}}.dump() << "\n";
        }
        ++rows;
        return f ? Status::ok() : Status(Code::kIOError, "cannot write " + path.string());
      });
      if (!cp) return fail(err, "export", cp.status());
      manifest["files"][fs::relative(path, root).string()] = rows;
    }
  }
  std::ofstream m(root / "manifest.json");
  m << manifest.dump(2) << "\n";
  if (!m) return fail(err, "export", Status(Code::kIOError, "cannot write manifest.json"));
  out << "exported " << manifest["files"].size() << " files to " << root.string() << "\n";
  return 0;
}

}  // namespace rect::replay
