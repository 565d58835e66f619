// What every rect-replay command does the same way: parse its arguments or
// print its help, report an error, and pick projections by name.
//
// Thread-safety: free functions.
//
// Usage:
//   Args a;
//   if (auto rc = parse_or_help(words, {"--out"}, {}, kHelp, out, err, a)) return *rc;
//   if (!s) return fail(err, "as-of", s);
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "events/status.h"
#include "projections/projection.h"
#include "replay-tools/cli.h"

namespace rect::replay {

// Parses into `args`. Returns an exit code when the command should end now
// (help printed: 0; bad usage: 2), nullopt to go on.
std::optional<int> parse_or_help(const std::vector<std::string>& words, const std::vector<std::string>& valued,
                                 const std::vector<std::string>& switches, const char* help, std::ostream& out,
                                 std::ostream& err, Args& args);

// Prints "rect-replay COMMAND: <status>" and returns 2.
int fail(std::ostream& err, const std::string& command, const Status& s);

// The projections rect-replay can fold (projections/all.h), restricted to
// `names` when it is not empty; kInvalidArgument names an unknown one.
Result<std::vector<std::unique_ptr<projections::Projection>>> select_projections(const std::vector<std::string>& names);

std::vector<projections::Projection*> raw_pointers(const std::vector<std::unique_ptr<projections::Projection>>& ps);

}  // namespace rect::replay
