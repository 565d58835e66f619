#include "replay-tools/command_support.h"

#include <algorithm>

#include "projections/all.h"

namespace rect::replay {

std::optional<int> parse_or_help(const std::vector<std::string>& words, const std::vector<std::string>& valued,
                                 const std::vector<std::string>& switches, const char* help, std::ostream& out,
                                 std::ostream& err, Args& args) {
  auto a = Args::parse(words, valued, switches);
  if (!a) {
    err << "rect-replay: " << a.status().message() << "\n\n" << help;
    return 2;
  }
  if (a->has("--help")) {
    out << help;
    return 0;
  }
  args = std::move(*a);
  return std::nullopt;
}

int fail(std::ostream& err, const std::string& command, const Status& s) {
  err << "rect-replay " << command << ": " << s.to_string() << "\n";
  return 2;
}

Result<std::vector<std::unique_ptr<projections::Projection>>> select_projections(const std::vector<std::string>& names) {
  auto all = projections::make_all_projections();
  if (names.empty()) return all;
  std::vector<std::unique_ptr<projections::Projection>> chosen;
  for (const std::string& n : names) {
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p && p->name() == n; });
    if (it == all.end()) {
      std::string known;
      for (const std::string& k : projections::all_projection_names()) known += (known.empty() ? "" : ", ") + k;
      return Status(Code::kInvalidArgument, "unknown projection '" + n + "' (rect-replay folds: " + known + ")");
    }
    chosen.push_back(std::move(*it));
  }
  return chosen;
}

std::vector<projections::Projection*> raw_pointers(const std::vector<std::unique_ptr<projections::Projection>>& ps) {
  std::vector<projections::Projection*> out;
  for (const auto& p : ps) out.push_back(p.get());
  return out;
}

}  // namespace rect::replay
