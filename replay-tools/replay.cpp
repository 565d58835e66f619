#include "replay-tools/replay.h"

namespace rect::replay {
namespace {

constexpr const char* kUsage = R"(rect-replay: read, rebuild and audit rect's immutable event log.

usage: rect-replay COMMAND [--data-dir DIR] [options]     (DIR defaults to ./var, as for rectd)

  rebuild [--projection P ...] [--from-position N] [--no-swap]
                     build the read models into a fresh generation, verify it, swap it in
  as-of (--time T | --position N) [--valid-at T] --out DIR
                     the read models as they stood then, written read-only to DIR
  diff A B           compare two read-model copies key by key; exit 1 on any difference
  export --format csv|jsonl [--from T] [--until T] [--type TYPE ...] --out DIR
                     the log flattened per event type and month, plus the read models
  audit statement ID recompute a statement from the log; exit 1 if it differs from its frozen figures
  import FILE        play a scenario (.jsonl) or reference data file (.json) through the domain
  verify             check the log and every read model against a fresh fold
  timeline PARTICIPANT_ID
                     a participant's whole history, human-readable

Every command but import only reads the log, and may run while rectd serves.
Run 'rect-replay COMMAND --help' for a command's options; docs/replay.md has the manual.
)";

}  // namespace

int run_replay(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    (words.empty() ? err : out) << kUsage;
    return words.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(words.begin() + 1, words.end());
  const std::string& c = words[0];
  if (c == "rebuild") return cmd_rebuild(rest, out, err);
  if (c == "as-of") return cmd_as_of(rest, out, err);
  if (c == "diff") return cmd_diff(rest, out, err);
  if (c == "export") return cmd_export(rest, out, err);
  if (c == "audit") return cmd_audit(rest, out, err);
  if (c == "import") return cmd_import(rest, out, err);
  if (c == "verify") return cmd_verify(rest, out, err);
  if (c == "timeline") return cmd_timeline(rest, out, err);
  err << "rect-replay: unknown command '" << c << "'\n\n" << kUsage;
  return 2;
}

}  // namespace rect::replay
