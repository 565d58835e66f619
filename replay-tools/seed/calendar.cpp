#include "replay-tools/seed/calendar.h"

#include <cstdio>

namespace rect::seed {

// Howard Hinnant's days_from_civil / civil_from_days.
int day_of(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd ymd_of(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

int weekday(int day) { return ((day % 7) + 7 + 3) % 7; }

int next_weekday(int day) {
  const int w = weekday(day);
  return w >= 5 ? day + (7 - w) : day;
}

std::string iso_date(int day) {
  const Ymd d = ymd_of(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Timestamp at_hour(int day, int hour) {
  return Timestamp((static_cast<std::int64_t>(day) * 86400 + hour * 3600) * 1000000);
}

int cohort_year_on(int day) {
  const Ymd d = ymd_of(day);
  return d.month >= 6 ? d.year : d.year - 1;
}

}  // namespace rect::seed
