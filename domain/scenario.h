// ScenarioPlayer: plays a JSON Lines file of commands through a
// CommandHandler, the same path the HTTP API takes. The format is documented
// in docs/scenarios.md: one object per line with "command", "actor",
// "body", and optionally "at" (the clock from this line on), "save" (keep
// the result under a name), "expect" (the outcome the line must have).
// String values "${name.field}" in a body are replaced by a saved result's
// field. Blank lines and lines starting with '#' are skipped.
//
// Thread-safety: one player per thread.
//
// Usage:
//   CommandHandler handler(store, clock, rng);
//   ScenarioPlayer player(handler);
//   Result<ScenarioReport> r = player.play(text);
//   if (!r) std::cerr << r.status().message();   // names the failing line
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/command_handler.h"

namespace rect::domain {

struct ScenarioLine {
  int line = 0;
  std::string command;
  CommandOutcome outcome;
};

struct ScenarioReport {
  std::vector<ScenarioLine> lines;
  int commands = 0;
  int rejected_as_expected = 0;
};

class ScenarioPlayer {
 public:
  explicit ScenarioPlayer(CommandHandler& handler) : handler_(handler) {}
  // Plays every line; stops with kInvalidArgument at a malformed line and
  // kValidation at a line whose outcome differs from its expectation (a line
  // without "expect" must succeed).
  Result<ScenarioReport> play(std::string_view jsonl);
  // The result fields saved so far, as "name.field" → value.
  const std::map<std::string, std::string>& saved() const { return saved_; }
  std::optional<Timestamp> now() const { return now_; }

 private:
  CommandHandler& handler_;
  std::map<std::string, std::string> saved_;
  std::optional<Timestamp> now_;
};

// The commands a reference data file stands for (docs/scenarios.md,
// "Reference data files"): {"format":"rect-reference","schema_version":1,
// "command":"…","items":[body,…]}, issued by the system actor.
Result<std::vector<Command>> reference_commands(std::string_view json_text);

}  // namespace rect::domain
