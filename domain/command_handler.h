// CommandHandler: the domain's front door. Takes a Command, decides it
// against the current state of the log, and appends the resulting events.
//
// The handler keeps a private State folded from the store (catching up with
// read_all before every command), decides under a shared lock, then appends
// each affected stream with the version it decided against. If the first
// stream moved in the meantime (kWrongExpectedVersion) it catches up and
// decides again, at most `max_attempts` times; later streams of the same
// command are cascades of an accepted fact and are appended even if they
// moved (docs/decisions.md, "Multi-stream commands"), unless the command
// guards them too (Decision::guard), when it decides again as for the first.
// A rejected command writes nothing, except events that release what an
// earlier attempt of it reserved (Decision::release_on_refusal). Time comes
// from the injected Clock (or Command::now when set, for scenarios and sandbox
// time travel); ids from the injected Random.
//
// Several CommandHandlers (in one process or many) may share one store:
// correctness rests on the store's expected-version check, not on the lock.
//
// Thread-safety: execute() is safe to call concurrently.
//
// Usage:
//   MemoryEventStore store(&clock);
//   CommandHandler handler(store, clock, rng);
//   CommandOutcome o = handler.execute({"create_partnership",
//       {ActorKind::kLeadProvider, "lp-1"}, R"({"cohort":2025,"school_id":"100001","delivery_partner_id":"dp-1"})"});
//   if (!o.ok()) report(o.status, o.errors);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/command.h"
#include "events/event_store.h"
#include "events/world.h"

namespace rect::domain {

struct CommandHandlerOptions {
  int max_attempts = 16;  // decisions per command before giving up with kWrongExpectedVersion
  // From this many events behind, catch_up() reads and parses payloads on a
  // second thread while it folds (a start on a long log); below, on one.
  std::uint64_t parse_ahead_from = 100000;
};

class CommandHandler {
 public:
  CommandHandler(EventStore& store, const Clock& clock, Random& random, CommandHandlerOptions options = {});
  ~CommandHandler();
  CommandHandler(const CommandHandler&) = delete;
  CommandHandler& operator=(const CommandHandler&) = delete;

  // Decides and records one command. `now` overrides the clock when set.
  CommandOutcome execute(const Command& command, std::optional<Timestamp> now = std::nullopt);

  // Folds every event the store has that this handler has not seen yet.
  Status catch_up();

  // The names of every command, sorted.
  static std::vector<std::string> command_names();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rect::domain
