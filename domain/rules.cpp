#include "domain/rules.h"

#include <cctype>
#include <cstring>

namespace rect::domain {

bool contains(std::initializer_list<const char*> list, const std::string& s) {
  for (const char* v : list)
    if (s == v) return true;
  return false;
}

int declaration_type_index(const std::string& type) {
  int i = 0;
  for (const char* t : kDeclarationTypesList) {
    if (type == t) return i;
    ++i;
  }
  return -1;
}

bool is_trn(const std::string& s) {
  if (s.size() != 7) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

const ContractPeriod* cohort_for_registration(const State& s, Date d, Date today) {
  const ContractPeriod* current = s.contract_period_on(today);
  const ContractPeriod* containing = s.contract_period_on(d);
  if (!containing || (current && containing->year < current->year)) return current;
  return containing;
}

std::optional<Date> earliest_permitted_start_date(const State& s, Date today) {
  const ContractPeriod* current = s.contract_period_on(today);
  if (!current) return std::nullopt;
  if (const ContractPeriod* two_before = s.contract_period(current->year - 2)) return two_before->started_on;
  return Date::from_ymd(current->year - 2, 6, 1);
}

std::string term_for(Date d) {
  const int m = d.month();
  if (m >= 6 && m <= 10) return "september";
  if (m >= 3 && m <= 5) return "april";
  return "january";
}

std::string default_schedule(const std::string& kind, Date d) { return "ecf-" + kind + "-" + term_for(d); }

EvidenceRule evidence_rule(bool detailed, Role role, const std::string& type) {
  static const std::vector<std::string> kSimple = {"training-event-attended", "self-study-material-completed", "other"};
  static const std::vector<std::string> kWithOffline = {"training-event-attended", "self-study-material-completed",
                                                        "materials-engaged-with-offline", "other"};
  static const std::vector<std::string> kEngagement = {"75-percent-engagement-met",
                                                       "75-percent-engagement-met-reduced-induction"};
  EvidenceRule r;
  if (!detailed) {
    if (type == "started") {
      r.required = false;
      r.ignored = true;
    } else {
      r.accepted = kSimple;
    }
    return r;
  }
  if (role == Role::kEct) {
    if (type == "retained-2") r.accepted = kEngagement;
    else if (type == "completed") {
      r.accepted = kEngagement;
      r.accepted.push_back("one-term-induction");
    } else {
      r.accepted = kWithOffline;
    }
    return r;
  }
  if (type == "started") r.accepted = kWithOffline;
  else if (type == "completed") r.accepted = kEngagement;
  return r;
}

std::optional<Timestamp> parse_declaration_date(const std::string& s) {
  // \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([.,]\d+)?(Z|[+-]\d{2}(:?\d{2})?)?  (case-insensitive)
  auto digit = [&](std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); };
  auto digits = [&](std::size_t i, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k)
      if (!digit(i + k)) return false;
    return true;
  };
  if (s.size() < 19 || !digits(0, 4) || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2) ||
      (s[10] != 'T' && s[10] != 't') || !digits(11, 2) || s[13] != ':' || !digits(14, 2) || s[16] != ':' ||
      !digits(17, 2))
    return std::nullopt;
  std::size_t i = 19;
  std::string fraction;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    const std::size_t from = i;
    while (digit(i)) ++i;
    if (i == from) return std::nullopt;
    fraction = s.substr(from, std::min<std::size_t>(i - from, 6));
  }
  std::string offset;
  bool local = false;
  if (i == s.size()) {
    local = true;
  } else if (s[i] == 'Z' || s[i] == 'z') {
    if (++i != s.size()) return std::nullopt;
    offset = "Z";
  } else if (s[i] == '+' || s[i] == '-') {
    const char sign = s[i++];
    if (!digits(i, 2)) return std::nullopt;
    std::string hh = s.substr(i, 2), mm = "00";
    i += 2;
    if (i < s.size()) {
      if (s[i] == ':') ++i;
      if (!digits(i, 2) || i + 2 != s.size()) return std::nullopt;
      mm = s.substr(i, 2);
    }
    offset = std::string(1, sign) + hh + ":" + mm;
  } else {
    return std::nullopt;
  }
  const auto day = Date::parse(s.substr(0, 10));
  if (!day) return std::nullopt;
  const int hh = std::stoi(s.substr(11, 2)), mi = std::stoi(s.substr(14, 2)), ss = std::stoi(s.substr(17, 2));
  if (hh > 23 || mi > 59 || ss > 59) return std::nullopt;
  std::string canonical = s.substr(0, 10) + "T" + s.substr(11, 8);
  if (!fraction.empty()) canonical += "." + fraction;
  if (local) {
    auto as_utc = Timestamp::parse_iso8601(canonical + "Z");
    if (!as_utc) return std::nullopt;
    const std::int64_t shift = london_start_of_day(*day).micros() - utc_midnight(*day).micros();
    return Timestamp(as_utc->micros() + shift);
  }
  return Timestamp::parse_iso8601(canonical + offset);
}

std::string rfc3339_utc(Timestamp t) {
  std::string iso = t.to_iso8601();  // 2025-03-31T12:00:00.000000Z
  const auto dot = iso.find('.');
  return dot == std::string::npos ? iso : iso.substr(0, dot) + "Z";
}

bool valid_terms(const std::string& s) {
  if (s.empty() || s.size() > 4) return false;
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0 || i > 2) return false;
  int whole = std::stoi(s.substr(0, i));
  int tenth = 0;
  if (i < s.size()) {
    if (s[i] != '.' || i + 2 != s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 1]))) return false;
    tenth = s[i + 1] - '0';
  }
  return whole < 16 || (whole == 16 && tenth == 0);
}

}  // namespace rect::domain
