// Small helpers shared by the benchmarks in bench/: timing, percentiles,
// declaration-like payloads and flag parsing. Benchmarks only.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace rect::bench {

using Stopwatch = std::chrono::steady_clock;

inline double seconds_since(Stopwatch::time_point t) {
  return std::chrono::duration<double>(Stopwatch::now() - t).count();
}

// The q-quantile (0..1) of `v`, in the unit of its elements; sorts v.
inline double percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// A ~280-byte JSON object shaped like a declaration event payload.
inline std::string declaration_payload(std::uint64_t n) {
  char buf[400];
  std::snprintf(buf, sizeof buf,
                R"({"declaration_id":"%08llx-5d1e-4c7a-9f00-%012llx","participant_id":"7a0c1c5e-0d7e-4b9a-8a55-%012llx",)"
                R"("declaration_type":"started","declaration_date":"2025-10-01T10:00:00Z","course_identifier":"ecf-induction",)"
                R"("lead_provider_id":"lp-%llu","cohort":2025,"evidence_held":"training-event-attended"})",
                static_cast<unsigned long long>(n), static_cast<unsigned long long>(n),
                static_cast<unsigned long long>(n % 100000), static_cast<unsigned long long>(n % 7));
  return buf;
}

// --name=value or --name value from argv, else `fallback`.
inline std::string flag(int argc, char** argv, std::string_view name, std::string fallback) {
  const std::string key = "--" + std::string(name);
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == key && i + 1 < argc) return argv[i + 1];
    if (a.starts_with(key + "=")) return std::string(a.substr(key.size() + 1));
  }
  return fallback;
}

inline bool has_flag(int argc, char** argv, std::string_view name) {
  const std::string key = "--" + std::string(name);
  for (int i = 1; i < argc; ++i)
    if (key == argv[i]) return true;
  return false;
}

}  // namespace rect::bench
