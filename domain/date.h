// Date: a calendar day (proleptic Gregorian), and the Europe/London rules that
// turn a Timestamp into "today".
//
// The service reasons in business dates: a period's started_on / finished_on,
// a statement's deadline, "today". Today is the Europe/London date of the
// injected clock's now(); timestamps stay UTC. Dates are stored as days since
// 1970-01-01 so comparisons and "+ 2 days" are integer arithmetic.
//
// Thread-safety: plain values.
//
// Usage:
//   Date d = Date::parse("2025-09-01").value();
//   Date today = london_date(clock.now());
//   if (d > today.add_months(4)) reject();
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/types.h"

namespace rect::domain {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days) { return Date(days); }
  static Date from_ymd(int year, int month, int day);
  // Strict "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
  static std::optional<Date> parse(std::string_view s);

  constexpr std::int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  std::string to_string() const;

  constexpr Date add_days(std::int32_t n) const { return Date(days_ + n); }
  // Same day-of-month n months later, clamped to the month's last day.
  Date add_months(int n) const;
  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(std::int32_t d) : days_(d) {}
  std::int32_t days_ = 0;
};

// The Europe/London calendar date at instant t (GMT, or BST from the last
// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC).
Date london_date(Timestamp t);
// The instant at which `d` starts in Europe/London.
Timestamp london_start_of_day(Date d);
// The last microsecond of `d` in Europe/London.
Timestamp london_end_of_day(Date d);
// The UTC midnight starting `d` (for dates given without a time).
Timestamp utc_midnight(Date d);

}  // namespace rect::domain
