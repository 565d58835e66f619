// Command-line arguments of rect-replay: flags ("--name value", "--name=value",
// bare "--switch"), repeated flags, and positional words, checked against
// what each command accepts so a typo is an error rather than ignored.
//
// Thread-safety: plain values.
//
// Usage:
//   auto a = Args::parse(argv_words, {"--projection", "--from-position"}, {"--no-swap"});
//   if (!a) { err << a.status().message(); return 2; }
//   std::vector<std::string> ps = a->all("--projection");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/status.h"
#include "events/types.h"

namespace rect::replay {

class Args {
 public:
  // `valued` flags take a value; `switches` do not. "--data-dir" and "--help"
  // are always accepted.
  static Result<Args> parse(const std::vector<std::string>& words, const std::vector<std::string>& valued,
                            const std::vector<std::string>& switches);

  bool has(const std::string& flag) const;
  std::optional<std::string> get(const std::string& flag) const;  // the last occurrence
  std::vector<std::string> all(const std::string& flag) const;
  const std::vector<std::string>& positional() const { return positional_; }
  std::string data_dir() const { return get("--data-dir").value_or("./var"); }

  // Typed readers: nullopt when the flag is absent, an error when malformed.
  Result<std::optional<std::uint64_t>> number(const std::string& flag) const;
  Result<std::optional<Timestamp>> time(const std::string& flag) const;

 private:
  std::vector<std::pair<std::string, std::string>> flags_;
  std::vector<std::string> positional_;
};

}  // namespace rect::replay
