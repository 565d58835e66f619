#include "domain/valid_at.h"

#include <array>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/date.h"

namespace rect::domain {
namespace {

// The event types whose payload names when their fact took effect. A
// withdrawal, a deferral and a statement's status take effect when recorded.
constexpr std::array<std::pair<std::string_view, EffectiveField>, 18> kFields = {{
    {"declaration_submitted", {"declaration_date", true}},
    {"ect_funding_ineligibility_recorded", {"on", false}},
    {"ect_left_school", {"finished_on", false}},
    {"ect_placement_finished", {"finished_on", false}},
    {"ect_placement_started", {"started_on", false}},
    {"induction_failed", {"finished_on", false}},
    {"induction_passed", {"finished_on", false}},
    {"induction_period_opened", {"started_on", false}},
    {"induction_period_released", {"finished_on", false}},
    {"mentor_assigned", {"started_on", false}},
    {"mentor_funding_ended", {"on", false}},
    {"mentor_left_school", {"finished_on", false}},
    {"mentor_placement_finished", {"finished_on", false}},
    {"mentor_placement_started", {"started_on", false}},
    {"mentorship_finished", {"finished_on", false}},
    {"school_closed", {"on", false}},
    {"training_period_finished", {"finished_on", false}},
    {"training_period_started", {"started_on", false}},
}};

}  // namespace

std::vector<std::string_view> types_with_effective_time() {
  std::vector<std::string_view> out;
  for (const auto& entry : kFields) out.push_back(entry.first);
  return out;
}

const EffectiveField* effective_field(std::string_view type) {
  for (const auto& [name, field] : kFields)
    if (name == type) return &field;
  return nullptr;
}

std::optional<Timestamp> effective_time(std::string_view type, const nlohmann::json& payload) {
  const EffectiveField* f = effective_field(type);
  if (f == nullptr || !payload.is_object()) return std::nullopt;
  auto it = payload.find(f->field);
  if (it == payload.end() || !it->is_string()) return std::nullopt;
  const std::string& text = it->get_ref<const std::string&>();
  if (f->is_time) return Timestamp::parse_iso8601(text);
  auto day = Date::parse(text);
  if (!day) return std::nullopt;
  return london_start_of_day(*day);
}

}  // namespace rect::domain
