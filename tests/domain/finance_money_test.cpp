#include <doctest/doctest.h>

#include <string>

#include "domain/money.h"

namespace rect {
namespace {

Decimal D(const char* s) {
  Result<Decimal> r = Decimal::parse(s);
  REQUIRE_MESSAGE(r.is_ok(), r.status().to_string());
  return *r;
}

Int128 pow10(int n) {
  Int128 v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

TEST_CASE("finance money: parses plain decimal strings") {
  CHECK(D("0") == Decimal(0));
  CHECK(D("1234.5") == Decimal::fraction(2469, 2));
  CHECK(D("-0.01") == Decimal::fraction(-1, 100));
  CHECK(D("+7") == Decimal(7));
  CHECK(D("1000.00") == Decimal(1000));
  CHECK(D("-0") == Decimal(0));
  CHECK(D("00012.340") == Decimal::fraction(617, 50));
}

TEST_CASE("finance money: rejects malformed strings with kInvalidArgument") {
  for (const char* bad : {"", "-", "+", ".5", "5.", "1.2.3", "1e5", " 1", "1 ", "1,000", "--1", "abc", "0x10",
                          "1.-5", "£5", "nan", "inf"}) {
    Result<Decimal> r = Decimal::parse(bad);
    CHECK_MESSAGE(!r.is_ok(), bad);
    if (!r.is_ok()) CHECK(r.status().code() == Code::kInvalidArgument);
  }
}

TEST_CASE("finance money: rejects strings beyond 38 digits as out of range") {
  std::string big(39, '9');
  Result<Decimal> r = Decimal::parse(big);
  REQUIRE(!r.is_ok());
  CHECK(r.status().code() == Code::kInvalidArgument);
  CHECK(r.status().message().find("out of range") != std::string::npos);
  CHECK(Decimal::parse(std::string(38, '9')).is_ok());
  CHECK(!Decimal::parse("0." + std::string(39, '1')).is_ok());
}

TEST_CASE("finance money: division is exact, 1/29 * 29 == 1") {
  Decimal third = Decimal(1) / 29;
  CHECK(third * 29 == Decimal(1));
  CHECK(third.to_string_exact() == "1/29");
  Decimal sum;
  for (int i = 0; i < 29; ++i) sum += third;
  CHECK(sum == Decimal(1));
  CHECK((Decimal(1) / 3 + Decimal(1) / 6) == D("0.5"));
  CHECK((D("0.1") + D("0.2")) == D("0.3"));
}

TEST_CASE("finance money: at least 28 significant digits survive") {
  Decimal a = D("1234567890123456789.0123456789");  // 29 significant digits
  CHECK(a.to_string_exact() == "1234567890123456789.0123456789");
  CHECK((a + D("0.0000000001") - a) == D("0.0000000001"));
  CHECK((Decimal(31500) / 29).to_decimal_string(28) == "1086.2068965517241379310344827586");
}

TEST_CASE("finance money: arithmetic and comparisons") {
  CHECK(D("1.5") * D("-2") == Decimal(-3));
  CHECK(D("-3") / D("-4") == D("0.75"));
  CHECK(-D("2.5") == D("-2.5"));
  CHECK(D("0.2") * D("0.75") * Decimal(100) == Decimal(15));
  CHECK(D("1.01") > D("1.001"));
  CHECK(D("-1") < Decimal(0));
  CHECK(D("2") >= Decimal(2));
  CHECK(Decimal::fraction(2, -4) == D("-0.5"));
  CHECK(Decimal::fraction(6, 4).numerator() == 3);
  CHECK(Decimal::fraction(6, 4).denominator() == 2);
  CHECK(D("0").is_zero());
  CHECK(D("-0.1").is_negative());
  CHECK(D("10").is_integer());
}

TEST_CASE("finance money: to_string_exact prints terminating decimals and fractions") {
  CHECK(Decimal(1500).to_string_exact() == "1500");
  CHECK(D("-0.015").to_string_exact() == "-0.015");
  CHECK((Decimal(31500) / 29).to_string_exact() == "31500/29");
  CHECK((Decimal(-15750) / 29).to_string_exact() == "-15750/29");
  CHECK(Decimal(0).to_string_exact() == "0");
  CHECK(D("0.125").to_string_exact() == "0.125");
}

TEST_CASE("finance money: pennies round half away from zero") {
  CHECK(D("1.005").to_pennies_string() == "1.01");
  CHECK(D("1.0049999").to_pennies_string() == "1.00");
  CHECK(D("-1.005").to_pennies_string() == "-1.01");
  CHECK(D("-1.0049").to_pennies_string() == "-1.00");
  CHECK(D("2.675").to_pennies_string() == "2.68");
  CHECK(D("9.995").to_pennies_string() == "10.00");
  CHECK(D("-999.995").to_pennies_string() == "-1000.00");
  CHECK(D("-0.004").to_pennies_string() == "0.00");
  CHECK(D("-0.005").to_pennies_string() == "-0.01");
  CHECK(D("7").to_pennies_string() == "7.00");
  CHECK((Decimal(31500) / 29).to_pennies_string() == "1086.21");
  CHECK((Decimal(15750) / 29).to_pennies_string() == "543.10");
  CHECK((Decimal(1) / 3).to_decimal_string(0) == "0");
  CHECK((Decimal(2) / 3).to_decimal_string(0) == "1");
  CHECK(D("0.5").to_decimal_string(0) == "1");
  CHECK(D("-0.5").to_decimal_string(0) == "-1");
  CHECK((Decimal(-1) / 16).to_decimal_string(3) == "-0.063");
  CHECK(D("1.005").rounded(2) == D("1.01"));
}

TEST_CASE("finance money: the header example holds") {
  Decimal monthly = (D("1086.5") * 3 - Decimal(500)) / 29;
  CHECK(monthly.to_string_exact() == "5519/58");
  CHECK(monthly.to_pennies_string() == "95.16");
}

TEST_CASE("finance money: overflow is detected and sticky") {
  Decimal big = Decimal::fraction(pow10(37), 1);
  Decimal product = big * Decimal(100);
  CHECK(!product.is_valid());
  CHECK(!product.checked().is_ok());
  CHECK(product.checked().status().code() == Code::kInvalidArgument);
  CHECK(!(product + Decimal(1)).is_valid());
  CHECK(!(Decimal(1) - product).is_valid());
  CHECK(!(product * Decimal(0)).is_valid());
  CHECK(!(-product).is_valid());
  CHECK(product.to_pennies_string() == "invalid");
  CHECK(!(product == product));
  CHECK(!(product < Decimal(0)));
  CHECK(!(product > Decimal(0)));
  CHECK(!(big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big + big)
             .is_valid());
  // Denominators that cannot be combined overflow too.
  Decimal tiny = Decimal::fraction(1, pow10(30) + 1);
  CHECK(!(tiny + Decimal::fraction(1, pow10(30) + 3)).is_valid());
  CHECK(big.checked().is_ok());
}

TEST_CASE("finance money: division by zero is invalid, not a crash") {
  CHECK(!(Decimal(1) / 0).is_valid());
  CHECK(!(Decimal(1) / Decimal()).is_valid());
  CHECK(!Decimal::fraction(1, 0).is_valid());
  CHECK(Decimal::invalid().to_string_exact() == "invalid");
}

TEST_CASE("finance money: the largest values print and compare") {
  Decimal max = D(std::string(38, '9').c_str());
  CHECK(max.to_string_exact() == std::string(38, '9'));
  CHECK((-max).to_pennies_string() == "-" + std::string(38, '9') + ".00");
  CHECK(max > -max);
  CHECK(-max < max);
  Decimal near_one = Decimal::fraction(pow10(37) - 1, pow10(37));
  CHECK(near_one < Decimal(1));
  CHECK(near_one.to_pennies_string() == "1.00");
}

TEST_CASE("finance money: values too far apart to subtract still compare exactly") {
  Decimal a = Decimal::fraction(1, pow10(30) + 1);
  Decimal b = Decimal::fraction(1, pow10(30) + 3);
  CHECK(!(a - b).is_valid());
  CHECK(a > b);
  CHECK(b < a);
  CHECK(-a < -b);
  CHECK(a != b);
  Decimal c = Decimal::fraction(pow10(30) + 2, pow10(30) + 1);  // 1 + 1/(10^30+1)
  Decimal d = Decimal::fraction(pow10(30) + 4, pow10(30) + 3);  // 1 + 1/(10^30+3)
  CHECK(c > d);
  CHECK(Decimal::fraction(7, 3) > Decimal::fraction(9, 4));
  CHECK(Decimal::fraction(-7, 3) < Decimal::fraction(-9, 4));
  CHECK((Decimal(0) <=> Decimal(0)) == std::partial_ordering::equivalent);
}

TEST_CASE("finance money: comparison agrees with subtraction on small fractions") {
  for (int an = -12; an <= 12; ++an) {
    for (int ad = 1; ad <= 7; ++ad) {
      for (int bn = -12; bn <= 12; ++bn) {
        for (int bd = 1; bd <= 7; ++bd) {
          Decimal a = Decimal::fraction(an, ad);
          Decimal b = Decimal::fraction(bn, bd);
          const long cross = static_cast<long>(an) * bd - static_cast<long>(bn) * ad;
          CHECK((a < b) == (cross < 0));
          CHECK((a == b) == (cross == 0));
        }
      }
    }
  }
}

TEST_CASE("finance money: exact strings round-trip through parse_exact") {
  for (Decimal d : {Decimal(31500) / 29, Decimal(-15750) / 29, D("-0.015"), Decimal(0), D("1234.5")}) {
    Result<Decimal> back = Decimal::parse_exact(d.to_string_exact());
    REQUIRE(back.is_ok());
    CHECK(*back == d);
  }
  CHECK(*Decimal::parse_exact("6/4") == D("1.5"));
  for (const char* bad : {"1/0", "1/-2", "1/+2", "1.5/2", "1/2.5", "/2", "1/", "1//2", "a/b"}) {
    CHECK_MESSAGE(!Decimal::parse_exact(bad).is_ok(), bad);
  }
}

}  // namespace
}  // namespace rect
