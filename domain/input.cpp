#include "domain/input.h"

#include <cctype>

namespace rect::domain {

const Json* Input::get(const char* field) {
  seen_.insert(field);
  auto it = body_.find(field);
  if (it == body_.end() || it->is_null()) return nullptr;
  return &*it;
}

const Json* Input::raw(const char* field) { return get(field); }

std::optional<std::string> Input::optional_text(const char* field, std::size_t max_len) {
  const Json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    d_.error(field, kNotText);
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (s.size() > max_len) {
    d_.error(field, kTooLong);
    return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  return s;
}

std::optional<std::string> Input::text(const char* field, std::size_t max_len) {
  const bool had_error = d_.has_error(field);
  auto s = optional_text(field, max_len);
  if (!s && !had_error && !d_.has_error(field)) d_.error(field, kMissing);
  return s;
}

std::optional<Date> Input::optional_date(const char* field) {
  const Json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    d_.error(field, kNotDate);
    return std::nullopt;
  }
  auto d = Date::parse(v->get_ref<const std::string&>());
  if (!d) d_.error(field, kNotDate);
  return d;
}

std::optional<Date> Input::date(const char* field) {
  if (!body_.contains(field) || body_[field].is_null()) {
    seen_.insert(field);
    d_.error(field, kMissing);
    return std::nullopt;
  }
  return optional_date(field);
}

std::optional<std::string> Input::optional_one_of(const char* field, std::initializer_list<const char*> values) {
  auto s = optional_text(field, 256);
  if (!s) return s;
  for (const char* v : values)
    if (*s == v) return s;
  d_.error(field, kNotRecognised);
  return std::nullopt;
}

std::optional<std::string> Input::one_of(const char* field, std::initializer_list<const char*> values) {
  const bool had_error = d_.has_error(field);
  auto s = optional_one_of(field, values);
  if (!s && !had_error && !d_.has_error(field)) d_.error(field, kMissing);
  return s;
}

std::optional<bool> Input::optional_boolean(const char* field) {
  const Json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    d_.error(field, kNotBool);
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<bool> Input::boolean(const char* field) {
  if (!body_.contains(field) || body_[field].is_null()) {
    seen_.insert(field);
    d_.error(field, kMissing);
    return std::nullopt;
  }
  return optional_boolean(field);
}

std::optional<long> Input::optional_integer(const char* field, long lo, long hi) {
  const Json* v = get(field);
  if (!v) return std::nullopt;
  long n = 0;
  if (v->is_number_integer()) {
    n = v->get<long>();
  } else if (v->is_string() && !v->get_ref<const std::string&>().empty() &&
             v->get_ref<const std::string&>().size() < 12) {
    for (char c : v->get_ref<const std::string&>()) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        d_.error(field, kNotInteger);
        return std::nullopt;
      }
      n = n * 10 + (c - '0');
    }
  } else {
    d_.error(field, kNotInteger);
    return std::nullopt;
  }
  if (n < lo || n > hi) {
    d_.error(field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return std::nullopt;
  }
  return n;
}

std::optional<long> Input::integer(const char* field, long lo, long hi) {
  if (!body_.contains(field) || body_[field].is_null()) {
    seen_.insert(field);
    d_.error(field, kMissing);
    return std::nullopt;
  }
  return optional_integer(field, lo, hi);
}

std::optional<std::string> Input::optional_decimal(const char* field, int places) {
  const Json* v = get(field);
  if (!v) return std::nullopt;
  if (!v->is_string() || !is_decimal_text(v->get<std::string>(), places)) {
    d_.error(field, "must be a decimal amount as text, e.g. \"1234.50\"");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::string> Input::decimal(const char* field, int places) {
  if (!body_.contains(field) || body_[field].is_null()) {
    seen_.insert(field);
    d_.error(field, kMissing);
    return std::nullopt;
  }
  return optional_decimal(field, places);
}

void Input::finish() {
  for (auto it = body_.begin(); it != body_.end(); ++it)
    if (!seen_.count(it.key())) d_.error(it.key(), kUnknownField);
}

bool is_decimal_text(const std::string& s, int places) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const std::size_t int_start = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == int_start || i - int_start > 15) return false;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  const std::size_t frac_start = ++i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  const std::size_t frac = i - frac_start;
  return i == s.size() && frac >= 1 && frac <= static_cast<std::size_t>(places);
}

bool is_email(const std::string& s) {
  if (s.size() > 254) return false;
  const auto at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
  for (char c : s)
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  const std::string domain = s.substr(at + 1);
  const auto dot = domain.find('.');
  return dot != std::string::npos && dot > 0 && dot + 1 < domain.size() && domain.back() != '.';
}

}  // namespace rect::domain
