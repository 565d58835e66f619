#include "replay-tools/cli.h"

#include <algorithm>

namespace rect::replay {

Result<Args> Args::parse(const std::vector<std::string>& words, const std::vector<std::string>& valued,
                         const std::vector<std::string>& switches) {
  auto in = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  Args a;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (!w.starts_with("--")) {
      a.positional_.push_back(w);
      continue;
    }
    const auto eq = w.find('=');
    const std::string name = w.substr(0, eq);
    if (name == "--help" || in(switches, name)) {
      if (eq != std::string::npos) return Status(Code::kInvalidArgument, name + " takes no value");
      a.flags_.emplace_back(name, "");
    } else if (name == "--data-dir" || in(valued, name)) {
      if (eq != std::string::npos) {
        a.flags_.emplace_back(name, w.substr(eq + 1));
      } else {
        if (i + 1 >= words.size()) return Status(Code::kInvalidArgument, name + " needs a value");
        a.flags_.emplace_back(name, words[++i]);
      }
    } else {
      return Status(Code::kInvalidArgument, "unknown option " + name);
    }
  }
  return a;
}

bool Args::has(const std::string& flag) const {
  return std::any_of(flags_.begin(), flags_.end(), [&](const auto& f) { return f.first == flag; });
}

std::optional<std::string> Args::get(const std::string& flag) const {
  std::optional<std::string> v;
  for (const auto& [k, val] : flags_)
    if (k == flag) v = val;
  return v;
}

std::vector<std::string> Args::all(const std::string& flag) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : flags_)
    if (k == flag) out.push_back(v);
  return out;
}

Result<std::optional<std::uint64_t>> Args::number(const std::string& flag) const {
  auto v = get(flag);
  if (!v) return std::optional<std::uint64_t>();
  if (v->empty() || v->size() > 19 || !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; }))
    return Status(Code::kInvalidArgument, flag + " must be a non-negative whole number, not '" + *v + "'");
  return std::optional<std::uint64_t>(std::stoull(*v));
}

Result<std::optional<Timestamp>> Args::time(const std::string& flag) const {
  auto v = get(flag);
  if (!v) return std::optional<Timestamp>();
  auto t = Timestamp::parse_iso8601(*v);
  if (!t) return Status(Code::kInvalidArgument, flag + " must be a date or RFC 3339 time, not '" + *v + "'");
  return std::optional<Timestamp>(*t);
}

}  // namespace rect::replay
