// rect-replay import: play a scenario or reference file through the domain.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "domain/command_handler.h"
#include "domain/scenario.h"
#include "events/rocksdb_store.h"
#include "replay-tools/command_support.h"
#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

constexpr const char* kHelp = R"(usage: rect-replay import FILE [--data-dir DIR]

Plays FILE through the domain's command handlers, exactly as the HTTP API
would, appending the resulting events to DIR/events: a scenario (.jsonl, the
format of docs/scenarios.md) or a reference data file ({"format":
"rect-reference", ...}). Stops at the first line that fails or does not meet
its "expect". This is the only rect-replay command that writes the log, so
rectd must be stopped (the event store has one writer); send commands to a
running rectd over HTTP (POST /commands/NAME) instead.
)";

}  // namespace

int cmd_import(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  Args a;
  if (auto rc = parse_or_help(words, {}, {}, kHelp, out, err, a)) return *rc;
  if (a.positional().size() != 1) {
    err << "rect-replay import: give one file\n\n" << kHelp;
    return 2;
  }
  const std::string file = a.positional()[0];
  std::ifstream in(file);
  if (!in) return fail(err, "import", Status(Code::kNotFound, "cannot read " + file));
  std::stringstream text;
  text << in.rdbuf();

  RocksDbOptions o;
  auto store = RocksDbEventStore::open(a.data_dir() + "/events", o);
  if (!store)
    return fail(err, "import", Status(store.status().code(), store.status().message() +
                                                                 " (is rectd running? import needs the store to itself)"));
  const GlobalPosition before = (*store)->head();
  domain::CommandHandler handler(**store, *SystemClock::instance(), *SystemRandom::instance());
  nlohmann::json head = nlohmann::json::parse(text.str(), nullptr, false);
  int commands = 0;
  if (head.is_object() && head.value("format", "") == "rect-reference") {
    auto cmds = domain::reference_commands(text.str());
    if (!cmds) return fail(err, "import", cmds.status());
    for (const domain::Command& c : *cmds) {
      domain::CommandOutcome o2 = handler.execute(c);
      if (!o2.ok()) {
        err << "rect-replay import: item " << commands + 1 << " (" << c.name << ") failed: " << o2.status.to_string()
            << "\n";
        for (const auto& e : o2.errors) err << "  " << e.title << ": " << e.detail << "\n";
        return 1;
      }
      ++commands;
    }
  } else {
    domain::ScenarioPlayer player(handler);
    auto r = player.play(text.str());
    if (!r) {
      err << "rect-replay import: " << r.status().to_string() << "\n";
      return 1;
    }
    commands = r->commands;
  }
  const GlobalPosition after = (*store)->head();
  out << "imported " << commands << " commands from " << file << ": " << after.value() - before.value()
      << " events, positions " << before.value() + 1 << ".." << after.value() << "\n";
  return 0;
}

}  // namespace rect::replay
