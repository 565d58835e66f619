// rect-replay timeline: one participant's whole history, human-readable.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/date.h"
#include "replay-tools/command_support.h"
#include "replay-tools/log_access.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

using Json = nlohmann::json;

// A valid_at that is the start of a day in Europe/London (a business date,
// docs/events.md) as "from YYYY-MM-DD"; any other instant as RFC 3339.
std::string in_force_text(Timestamp t) {
  const domain::Date day = domain::london_date(t);
  if (domain::london_start_of_day(day) == t) return "from " + day.to_string();
  return t.to_iso8601();
}

constexpr const char* kHelp = R"(usage: rect-replay timeline PARTICIPANT_ID [--data-dir DIR] [--json]

Prints every event about a participant (teacher id) in log order: the
teacher-, ect-, mentor-, induction- and declarations- streams, the TRS stream
of their TRN, and the history of every teacher merged into them. Each line
shows the position, when rect recorded it (and when it took effect, if
different), the stream and version, the event type and who did it, then the
payload's fields.

  --json   one JSON object per event instead
)";

Result<std::vector<RecordedEvent>> read_whole_stream(const EventStore& log, const std::string& stream) {
  std::vector<RecordedEvent> all;
  StreamVersion from(1);
  for (;;) {
    auto page = log.read_stream(stream, from, 1000);
    if (!page) return page.status();
    if (page->empty()) return all;
    from = page->back().version.next();
    for (auto& e : *page) all.push_back(std::move(e));
  }
}

std::string field_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

Status collect(const EventStore& log, const std::string& teacher, std::set<std::string>& seen,
               std::vector<RecordedEvent>& events) {
  if (!seen.insert(teacher).second) return Status::ok();
  std::vector<std::string> streams = {"teacher-" + teacher, "ect-" + teacher, "mentor-" + teacher,
                                      "induction-" + teacher, "declarations-" + teacher + "-ect",
                                      "declarations-" + teacher + "-mentor"};
  std::vector<std::string> absorbed;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    auto es = read_whole_stream(log, streams[i]);
    if (!es) return es.status();
    for (auto& e : *es) {
      Json p = Json::parse(e.data.payload, nullptr, false);
      if (e.data.type == "teacher_created" && p.is_object() && p.value("trn", "") != "")
        streams.push_back("trs-" + p.value("trn", ""));
      if (e.data.type == "teacher_absorbed" && p.is_object()) absorbed.push_back(p.value("source_teacher_id", ""));
      events.push_back(std::move(e));
    }
  }
  for (const std::string& source : absorbed)
    if (!source.empty())
      if (Status s = collect(log, source, seen, events); !s) return s;
  return Status::ok();
}

}  // namespace

int cmd_timeline(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {}, {"--json"}, kHelp, out, err, a)) return *rc;
  if (a.positional().size() != 1) {
    err << "rect-replay timeline: give one participant id\n\n" << kHelp;
    return 2;
  }
  const std::string id = a.positional()[0];
  auto log = open_log(a.data_dir());
  if (!log) return fail(err, "timeline", log.status());
  std::set<std::string> seen;
  std::vector<RecordedEvent> events;
  if (Status s = collect((*log)->store(), id, seen, events); !s) return fail(err, "timeline", s);
  std::sort(events.begin(), events.end(), [](const auto& x, const auto& y) { return x.position < y.position; });
  events.erase(std::unique(events.begin(), events.end(), [](const auto& x, const auto& y) { return x.position == y.position; }),
               events.end());
  if (events.empty()) {
    err << "rect-replay timeline: no events about participant " << id << "\n";
    return 1;
  }
  if (!a.has("--json")) out << "participant " << id << ": " << events.size() << " events\n";
  for (const RecordedEvent& e : events) {
    Json p = Json::parse(e.data.payload, nullptr, false);
    const std::string actor = std::string(actor_kind_name(e.data.actor.kind)) +
                              (e.data.actor.id.empty() ? "" : ":" + e.data.actor.id);
    if (a.has("--json")) {
      out << Json{{"position", e.position.value()}, {"recorded_at", e.recorded_at.to_iso8601()},
                  {"valid_at", e.data.valid_at ? Json(e.data.valid_at->to_iso8601()) : Json()},
                  {"stream", e.stream}, {"version", e.version.value()}, {"type", e.data.type},
                  {"actor", actor}, {"payload", p}}
                 .dump()
          << "\n";
      continue;
    }
    out << "\n#" << e.position.value() << "  " << e.recorded_at.to_iso8601();
    if (e.data.valid_at) out << "  (in force " << in_force_text(*e.data.valid_at) << ")";
    out << "  " << e.data.type << "\n    " << e.stream << " v" << e.version.value() << ", by " << actor << "\n";
    if (!p.is_object()) continue;
    for (const auto& [k, v] : p.items())
      if (k != "teacher_id" || e.stream.rfind("teacher-", 0) != 0) out << "    " << k << ": " << field_text(v) << "\n";
  }
  return 0;
}

}  // namespace rect::replay
