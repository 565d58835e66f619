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

// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
// civil_from_days: 400-year eras, years starting in March).
struct CivilDate {
  std::int64_t year;
  unsigned month, day;
};

CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719'468;
  const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const auto doe = static_cast<std::uint32_t>(z - era * 146'097);                // [0, 146096]
  const std::uint32_t yoe = (doe - doe / 1'460 + doe / 36'524 - doe / 146'096) / 365;  // [0, 399]
  const std::uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              // [0, 365]
  const std::uint32_t mp = (5 * doy + 2) / 153;                                   // [0, 11], from March
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

}  // namespace

std::string Timestamp::to_iso8601() const {
  char out[kIso8601Capacity];
  return std::string(out, to_iso8601(out));
}

std::size_t Timestamp::to_iso8601(char (&out)[kIso8601Capacity]) const {
  // Integer arithmetic only (std::chrono's calendar types cost a few hundred
  // instructions a call, and this runs for every timestamp the API renders).
  constexpr std::int64_t kMicrosPerDay = 86'400'000'000LL;
  std::int64_t days = us_ / kMicrosPerDay;
  std::int64_t tod = us_ % kMicrosPerDay;
  if (tod < 0) {
    tod += kMicrosPerDay;
    --days;
  }
  const CivilDate date = civil_from_days(days);
  const auto secs = static_cast<std::uint32_t>(tod / 1'000'000);
  const auto micros = static_cast<std::uint32_t>(tod % 1'000'000);
  if (date.year < 0 || date.year > 9999) {
    const int n = std::snprintf(out, kIso8601Capacity, "%04lld-%02u-%02uT%02u:%02u:%02u.%06uZ",
                                static_cast<long long>(date.year), date.month, date.day, secs / 3600, secs / 60 % 60,
                                secs % 60, micros);
    return std::min(static_cast<std::size_t>(n), kIso8601Capacity - 1);
  }
  static constexpr char kTwoDigits[] =
      "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
      "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
  auto put2 = [&](int at, std::uint32_t v) { std::memcpy(out + at, kTwoDigits + 2 * v, 2); };
  const auto y = static_cast<std::uint32_t>(date.year);
  put2(0, y / 100);
  put2(2, y % 100);
  out[4] = '-';
  put2(5, date.month);
  out[7] = '-';
  put2(8, date.day);
  out[10] = 'T';
  put2(11, secs / 3600);
  out[13] = ':';
  put2(14, secs / 60 % 60);
  out[16] = ':';
  put2(17, secs % 60);
  out[19] = '.';
  put2(20, micros / 10000);
  put2(22, micros / 100 % 100);
  put2(24, micros % 100);
  out[26] = 'Z';
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
