// Calendar arithmetic for the seed generator: days since 1970-01-01 (UTC),
// their Y-M-D parts, weekdays and the text forms the commands take.
//
// Thread-safety: pure functions.
//
// Usage:
//   int d = seed::day_of(2025, 9, 1);
//   std::string text = seed::iso_date(d + 7);          // "2025-09-08"
//   Timestamp at = seed::at_hour(d, 9);                 // 09:00 UTC that day
#pragma once

#include <string>

#include "events/types.h"

namespace rect::seed {

struct Ymd {
  int year, month, day;
};

int day_of(int year, int month, int day);
Ymd ymd_of(int day);
// 0 = Monday … 6 = Sunday.
int weekday(int day);
// The day itself on a weekday, else the following Monday.
int next_weekday(int day);
std::string iso_date(int day);
Timestamp at_hour(int day, int hour);
// The contract period (cohort) containing the day: 1 June to 31 May.
int cohort_year_on(int day);

}  // namespace rect::seed
