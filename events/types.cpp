#include "events/types.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace rect {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string Timestamp::to_iso8601() const {
  char out[kIso8601Capacity];
  return std::string(out, to_iso8601(out));
}

std::size_t Timestamp::to_iso8601(char (&out)[kIso8601Capacity]) const {
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds(us_)};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const std::int64_t tod = (tp - day).count();
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {
    const int n = std::snprintf(out, kIso8601Capacity, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", y,
                                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                static_cast<long long>(tod / 3600000000LL), static_cast<long long>(tod / 60000000LL % 60),
                                static_cast<long long>(tod / 1000000 % 60), static_cast<long long>(tod % 1000000));
    return std::min(static_cast<std::size_t>(n), kIso8601Capacity - 1);
  }
  // Digits written by hand: this runs for every timestamp the API renders.
  std::memcpy(out, "0000-00-00T00:00:00.000000Z", 27);
  auto put = [&](int at, std::int64_t v, int width) {
    for (int i = at + width - 1; i >= at; --i, v /= 10) out[i] = static_cast<char>('0' + v % 10);
  };
  put(0, y, 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, tod / 3600000000LL, 2);
  put(14, tod / 60000000LL % 60, 2);
  put(17, tod / 1000000 % 60, 2);
  put(20, tod % 1000000, 6);
  return 27;
}

std::optional<Timestamp> Timestamp::parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0;
  if (!parse_digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !parse_digits(s, 5, 2, &mo) || s[7] != '-' ||
      !parse_digits(s, 8, 2, &d))
    return std::nullopt;
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t us = duration_cast<microseconds>(sys_days(ymd).time_since_epoch()).count();
  if (s.size() == 10) return Timestamp(us);
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!parse_digits(s, 11, 2, &hh) || s.size() < 19 || s[13] != ':' || !parse_digits(s, 14, 2, &mm) ||
      s[16] != ':' || !parse_digits(s, 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
    return std::nullopt;
  us += (static_cast<std::int64_t>(hh) * 3600 + mm * 60 + ss) * 1000000LL;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::int64_t frac = 0;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) {
        frac = frac * 10 + (s[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    while (digits < 6) {
      frac *= 10;
      ++digits;
    }
    us += frac;
  }
  if (pos == s.size()) return std::nullopt;  // a time needs an explicit zone
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size() ? std::optional(Timestamp(us)) : std::nullopt;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  int oh = 0, om = 0;
  if (!parse_digits(s, pos + 1, 2, &oh) || pos + 6 != s.size() || s[pos + 3] != ':' ||
      !parse_digits(s, pos + 4, 2, &om) || oh > 23 || om > 59)
    return std::nullopt;
  const std::int64_t off = (static_cast<std::int64_t>(oh) * 3600 + om * 60) * 1000000LL;
  return Timestamp(s[pos] == '+' ? us - off : us + off);
}

bool EventId::is_nil() const {
  for (auto b : b_)
    if (b != 0) return false;
  return true;
}

std::string EventId::to_string() const {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b_[i] >> 4]);
    out.push_back(kHex[b_[i] & 0xF]);
  }
  return out;
}

std::optional<EventId> EventId::parse(std::string_view s) {
  if (s.size() != 36) return std::nullopt;
  Bytes b{};
  std::size_t bi = 0;
  for (std::size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int hi = hex_value(s[i]);
    const int lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    b[bi++] = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return EventId(b);
}

std::string_view actor_kind_name(ActorKind k) {
  switch (k) {
    case ActorKind::kSystem: return "system";
    case ActorKind::kSchoolUser: return "school_user";
    case ActorKind::kAppropriateBody: return "appropriate_body";
    case ActorKind::kLeadProvider: return "lead_provider";
    case ActorKind::kFinanceUser: return "finance_user";
    case ActorKind::kAdmin: return "admin";
  }
  return "unknown";
}

std::optional<ActorKind> parse_actor_kind(std::string_view s) {
  for (auto k : {ActorKind::kSystem, ActorKind::kSchoolUser, ActorKind::kAppropriateBody, ActorKind::kLeadProvider,
                 ActorKind::kFinanceUser, ActorKind::kAdmin})
    if (actor_kind_name(k) == s) return k;
  return std::nullopt;
}

}  // namespace rect
