#include "domain/fold.h"

#include <algorithm>

namespace rect::domain {
namespace {

const ApplierTable& table() {
  static const ApplierTable t = [] {
    ApplierTable m;
    register_reference_appliers(m);
    register_teacher_appliers(m);
    register_finance_appliers(m);
    return m;
  }();
  return t;
}

}  // namespace

const Applier* find_applier(const std::string& type) {
  const ApplierTable& t = table();
  auto it = t.find(type);
  return it == t.end() ? nullptr : &it->second;
}

std::vector<std::string> known_event_types() {
  std::vector<std::string> out;
  for (const auto& [type, a] : table()) out.push_back(type);
  std::sort(out.begin(), out.end());
  return out;
}

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Date> opt_date(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return Date::parse(it->get_ref<const std::string&>());
}

Date date_of(const Json& j, const char* key) { return opt_date(j, key).value_or(Date()); }

std::optional<Timestamp> opt_time(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return Timestamp::parse_iso8601(it->get_ref<const std::string&>());
}

}  // namespace rect::domain
