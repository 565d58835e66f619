// rect-replay: the analysts' and auditors' tool over the immutable log. Each
// command reads the event store as a RocksDB secondary (so rectd keeps
// serving and writing); only `import` appends to the log. docs/replay.md is
// the manual; `rect-replay --help` and `rect-replay COMMAND --help` the
// summary.
//
// run_replay() is the whole program minus main(), so tests run it in-process.
// Exit codes: 0 success; 1 the check or comparison found a difference or a
// failure; 2 bad usage or an error that stopped the command.
//
// Thread-safety: one call at a time per data directory for commands that
// write there (rebuild, import); reading commands may run concurrently.
//
// Usage:
//   std::ostringstream out, err;
//   int rc = run_replay({"diff", "var", "/tmp/as-of-march/"}, out, err);
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace rect::replay {

int run_replay(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

// One function per command; `words` are the words after the command name.
int cmd_rebuild(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int cmd_as_of(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int cmd_diff(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int cmd_export(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int cmd_audit(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int cmd_import(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int cmd_verify(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int cmd_timeline(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

}  // namespace rect::replay
