#include "domain/money.h"

#include <algorithm>
#include <ostream>

namespace rect {
namespace {

constexpr Int128 kMax = static_cast<Int128>(~UInt128{0} >> 1);
constexpr int kMaxPlaces = 36;

UInt128 magnitude(Int128 v) { return v < 0 ? UInt128(0) - static_cast<UInt128>(v) : static_cast<UInt128>(v); }

UInt128 gcd(UInt128 a, UInt128 b) {
  while (b != 0) {
    UInt128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

bool mul(Int128 a, Int128 b, Int128* out) { return !__builtin_mul_overflow(a, b, out) && *out != -kMax - 1; }
bool add(Int128 a, Int128 b, Int128* out) { return !__builtin_add_overflow(a, b, out) && *out != -kMax - 1; }

// Digits of an unsigned 128-bit integer, most significant first.
std::string digits(UInt128 v) {
  std::string s;
  do {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  std::reverse(s.begin(), s.end());
  return s;
}

// Adds one to the last digit of a string of digits and '.', carrying left.
void increment(std::string* s) {
  for (auto i = s->size(); i-- > 0;) {
    char& c = (*s)[i];
    if (c == '.') continue;
    if (c != '9') {
      ++c;
      return;
    }
    c = '0';
  }
  s->insert(s->begin(), '1');
}

// |num|/den as integer digits, `places` fractional digits rounded half away
// from zero. Also reports whether the printed value is zero.
std::string magnitude_string(UInt128 num, UInt128 den, int places, bool* zero) {
  std::string s = digits(num / den);
  UInt128 r = num % den;
  if (places > 0) s.push_back('.');
  for (int i = 0; i < places; ++i) {
    // One long-division step: digit = floor(10r/den), r = 10r mod den,
    // computed by repeated addition so that 10r never overflows.
    UInt128 acc = 0;
    int digit = 0;
    for (int k = 0; k < 10; ++k) {
      acc += r;  // acc < den and r < den, both <= 2^127: no overflow
      if (acc >= den) {
        acc -= den;
        ++digit;
      }
    }
    r = acc;
    s.push_back(static_cast<char>('0' + digit));
  }
  if (r != 0 && r >= den - r) increment(&s);
  *zero = s.find_first_not_of("0.") == std::string::npos;
  return s;
}

// Compares a/b with c/d (b, d > 0) without multiplying, by their continued
// fractions: equal integer parts leave r1/b against r2/d, which compare as
// b/r1 against d/r2 with the sense reversed. Returns −1, 0 or 1.
int compare_magnitudes(UInt128 a, UInt128 b, UInt128 c, UInt128 d) {
  int sense = 1;
  for (;;) {
    const UInt128 q1 = a / b, r1 = a % b;
    const UInt128 q2 = c / d, r2 = c % d;
    if (q1 != q2) return q1 < q2 ? -sense : sense;
    if (r1 == 0 || r2 == 0) return r1 == r2 ? 0 : (r1 == 0 ? -sense : sense);
    a = b;
    b = r1;
    c = d;
    d = r2;
    sense = -sense;
  }
}

}  // namespace

Result<Decimal> Decimal::parse(std::string_view text) {
  const Status malformed(Code::kInvalidArgument, "malformed decimal: \"" + std::string(text) + "\"");
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  Int128 num = 0;
  Int128 den = 1;
  int integer_digits = 0;
  int fraction_digits = 0;
  bool point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (point || integer_digits == 0) return malformed;
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return malformed;
    if (point) {
      ++fraction_digits;
      if (!mul(den, 10, &den)) return Status(Code::kInvalidArgument, "decimal out of range: \"" + std::string(text) + "\"");
    } else {
      ++integer_digits;
    }
    if (!mul(num, 10, &num) || !add(num, c - '0', &num)) {
      return Status(Code::kInvalidArgument, "decimal out of range: \"" + std::string(text) + "\"");
    }
  }
  if (integer_digits == 0 || (point && fraction_digits == 0)) return malformed;
  return fraction(negative ? -num : num, den);
}

Result<Decimal> Decimal::parse_exact(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return parse(text);
  Result<Decimal> num = parse(text.substr(0, slash));
  Result<Decimal> den = parse(text.substr(slash + 1));
  if (!num || !den || !num->is_integer() || !den->is_integer() || den->is_zero() || den->is_negative() ||
      text[slash + 1] == '+') {
    return Status(Code::kInvalidArgument, "malformed fraction: \"" + std::string(text) + "\"");
  }
  return fraction(num->num_, den->num_);
}

Decimal Decimal::fraction(Int128 numerator, Int128 denominator) {
  if (denominator == 0 || numerator == -kMax - 1 || denominator == -kMax - 1) return invalid();
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  UInt128 g = gcd(magnitude(numerator), static_cast<UInt128>(denominator));
  if (g > 1) {
    numerator /= static_cast<Int128>(g);
    denominator /= static_cast<Int128>(g);
  }
  return Decimal(numerator, denominator, 0);
}

Decimal Decimal::invalid() { return Decimal(0, 0, 0); }

Result<Decimal> Decimal::checked() const {
  if (!is_valid()) return Status(Code::kInvalidArgument, "decimal overflow or division by zero");
  return *this;
}

Decimal operator+(const Decimal& a, const Decimal& b) {
  if (!a.is_valid() || !b.is_valid()) return Decimal::invalid();
  // Knuth's sum of reduced fractions: with g = gcd(b, d),
  // a/b + c/d = t / ((b/g) * d) where t = a*(d/g) + c*(b/g); only gcd(t, g)
  // can still be cancelled.
  Int128 g = static_cast<Int128>(gcd(static_cast<UInt128>(a.den_), static_cast<UInt128>(b.den_)));
  Int128 left, right, t, d;
  if (!mul(a.num_, b.den_ / g, &left) || !mul(b.num_, a.den_ / g, &right) || !add(left, right, &t)) {
    return Decimal::invalid();
  }
  if (t == 0) return Decimal();
  Int128 g2 = static_cast<Int128>(gcd(magnitude(t), static_cast<UInt128>(g)));
  if (!mul(a.den_ / g, b.den_ / g2, &d)) return Decimal::invalid();
  return Decimal(t / g2, d, 0);
}

Decimal Decimal::operator-() const {
  if (!is_valid()) return invalid();
  return Decimal(-num_, den_, 0);
}

Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }

Decimal operator*(const Decimal& a, const Decimal& b) {
  if (!a.is_valid() || !b.is_valid()) return Decimal::invalid();
  if (a.num_ == 0 || b.num_ == 0) return Decimal();
  Int128 g1 = static_cast<Int128>(gcd(magnitude(a.num_), static_cast<UInt128>(b.den_)));
  Int128 g2 = static_cast<Int128>(gcd(magnitude(b.num_), static_cast<UInt128>(a.den_)));
  Int128 n, d;
  if (!mul(a.num_ / g1, b.num_ / g2, &n) || !mul(a.den_ / g2, b.den_ / g1, &d)) return Decimal::invalid();
  return Decimal(n, d, 0);
}

Decimal operator/(const Decimal& a, const Decimal& b) {
  if (!a.is_valid() || !b.is_valid() || b.num_ == 0) return Decimal::invalid();
  Int128 sign = b.num_ < 0 ? -1 : 1;
  return a * Decimal(sign * b.den_, sign * b.num_, 0);
}

bool operator==(const Decimal& a, const Decimal& b) {
  return a.is_valid() && b.is_valid() && a.num_ == b.num_ && a.den_ == b.den_;
}

std::partial_ordering operator<=>(const Decimal& a, const Decimal& b) {
  if (!a.is_valid() || !b.is_valid()) return std::partial_ordering::unordered;
  const int sa = (a.num_ > 0) - (a.num_ < 0);
  const int sb = (b.num_ > 0) - (b.num_ < 0);
  if (sa != sb || sa == 0) return sa <=> sb;
  const int c = compare_magnitudes(magnitude(a.num_), static_cast<UInt128>(a.den_), magnitude(b.num_),
                                   static_cast<UInt128>(b.den_));
  return (sa > 0 ? c : -c) <=> 0;
}

std::string Decimal::to_decimal_string(int places) const {
  if (!is_valid()) return "invalid";
  places = std::clamp(places, 0, kMaxPlaces);
  bool zero = false;
  std::string s = magnitude_string(magnitude(num_), static_cast<UInt128>(den_), places, &zero);
  return (num_ < 0 && !zero) ? "-" + s : s;
}

std::string Decimal::to_string_exact() const {
  if (!is_valid()) return "invalid";
  UInt128 d = static_cast<UInt128>(den_);
  int twos = 0;
  int fives = 0;
  while (d % 2 == 0) { d /= 2; ++twos; }
  while (d % 5 == 0) { d /= 5; ++fives; }
  if (d == 1) return to_decimal_string(std::max(twos, fives));
  std::string s = num_ < 0 ? "-" : "";
  return s + digits(magnitude(num_)) + "/" + digits(static_cast<UInt128>(den_));
}

Decimal Decimal::rounded(int places) const {
  if (!is_valid()) return invalid();
  Result<Decimal> r = parse(to_decimal_string(places));
  return r ? *r : invalid();
}

std::string to_string(const Decimal& d) { return d.to_string_exact(); }

std::ostream& operator<<(std::ostream& os, const Decimal& d) { return os << d.to_string_exact(); }

}  // namespace rect
