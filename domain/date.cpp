#include "domain/date.h"

#include <cstdio>

namespace rect::domain {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000LL;
constexpr std::int64_t kMicrosPerHour = 3'600'000'000LL;

// Howard Hinnant's days_from_civil / civil_from_days.
std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
  int y;
  unsigned m;
  unsigned d;
};

Civil civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The UTC instant of 01:00 on the last Sunday of `month` in `year`.
std::int64_t last_sunday_0100_utc(int year, unsigned month) {
  const std::int32_t last = days_from_civil(year, month, days_in_month(year, month));
  const int weekday = ((last + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday (4); Sunday = 0
  return static_cast<std::int64_t>(last - weekday) * kMicrosPerDay + kMicrosPerHour;
}

bool is_bst(std::int64_t utc_micros) {
  const int y = civil_from_days(static_cast<std::int32_t>(floor_div(utc_micros, kMicrosPerDay))).y;
  return utc_micros >= last_sunday_0100_utc(y, 3) && utc_micros < last_sunday_0100_utc(y, 10);
}

}  // namespace

Date Date::from_ymd(int year, int month, int day) {
  return Date(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m))) return std::nullopt;
  return from_ymd(y, m, d);
}

int Date::year() const { return civil_from_days(days_).y; }
int Date::month() const { return static_cast<int>(civil_from_days(days_).m); }
int Date::day() const { return static_cast<int>(civil_from_days(days_).d); }

std::string Date::to_string() const {
  const Civil c = civil_from_days(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

Date Date::add_months(int n) const {
  const Civil c = civil_from_days(days_);
  int total = c.y * 12 + static_cast<int>(c.m) - 1 + n;
  const int y = total / 12;
  const unsigned m = static_cast<unsigned>(total % 12) + 1;
  const unsigned d = c.d > days_in_month(y, m) ? days_in_month(y, m) : c.d;
  return Date(days_from_civil(y, m, d));
}

Date london_date(Timestamp t) {
  std::int64_t us = t.micros();
  if (is_bst(us)) us += kMicrosPerHour;
  return Date::from_days(static_cast<std::int32_t>(floor_div(us, kMicrosPerDay)));
}

Timestamp london_start_of_day(Date d) {
  const std::int64_t utc_midnight_us = static_cast<std::int64_t>(d.days()) * kMicrosPerDay;
  // Local midnight is 23:00 UTC the day before during BST (changes happen at 01:00 UTC, never near midnight).
  const std::int64_t candidate = utc_midnight_us - kMicrosPerHour;
  return Timestamp(is_bst(candidate) ? candidate : utc_midnight_us);
}

Timestamp london_end_of_day(Date d) { return Timestamp(london_start_of_day(d.add_days(1)).micros() - 1); }

Timestamp utc_midnight(Date d) { return Timestamp(static_cast<std::int64_t>(d.days()) * kMicrosPerDay); }

}  // namespace rect::domain
