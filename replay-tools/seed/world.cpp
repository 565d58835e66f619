#include "replay-tools/seed/world.h"

#include <cctype>
#include <climits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "events/world.h"
#include "replay-tools/seed/calendar.h"

namespace rect::seed {

const char* embedded_contract_periods();
const char* embedded_schedules();

namespace {

using Json = nlohmann::json;

const char* const kPlaces[] = {
    "Aldershot", "Barnsley",   "Bedford",    "Blackburn",  "Bolton",     "Bradford",   "Brighton",  "Bristol",
    "Burnley",   "Cambridge",  "Carlisle",   "Chester",    "Colchester", "Coventry",   "Crawley",   "Derby",
    "Doncaster", "Dudley",     "Durham",     "Exeter",     "Gateshead",  "Gloucester", "Grimsby",   "Guildford",
    "Halifax",   "Harrogate",  "Hastings",   "Hereford",   "Huddersfield", "Ipswich",  "Kendal",    "Lancaster",
    "Leeds",     "Leicester",  "Lincoln",    "Luton",      "Maidstone",  "Mansfield",  "Middlesbrough", "Norwich",
    "Nottingham", "Oldham",    "Oxford",     "Peterborough", "Plymouth", "Portsmouth", "Preston",   "Reading",
    "Rochdale",  "Salisbury",  "Sheffield",  "Shrewsbury", "Slough",     "Southampton", "Stockport", "Sunderland",
    "Swindon",   "Taunton",    "Telford",    "Truro",      "Wakefield",  "Warrington", "Wigan",     "Worcester",
    "York"};
constexpr int kPlaceCount = static_cast<int>(sizeof kPlaces / sizeof kPlaces[0]);
constexpr int kDeliveryPartners = 60;
constexpr int kHubs = 25;

domain::Command system(const std::string& name, const Json& body) {
  return command(name, {ActorKind::kSystem, ""}, body.dump());
}

int parse_day(const std::string& s) { return day_of(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2))); }

}  // namespace

const Window* World::window(int cohort, const std::string& schedule, int type) const {
  auto it = schedules.find({cohort, schedule});
  if (it == schedules.end() || type < 0 || type >= static_cast<int>(it->second.size()) || !it->second[type]) return nullptr;
  return &*it->second[type];
}

int World::freeze_day(int cohort) const {
  if (cohort == 2021) return day_of(2024, 6, 17);
  if (cohort == 2022) return day_of(2025, 6, 15);
  return INT_MAX;
}

int World::last_clawback_day(int cohort) const { return day_of(cohort + 3, 9, 30); }

Result<World> build_world() {
  World w;
  w.first_day = day_of(2021, 5, 4);
  w.last_day = day_of(2026, 11, 20);
  w.lead_providers = {{"lp-ambition", "Ambition Institute", 20},
                      {"lp-best-practice-network", "Best Practice Network", 12},
                      {"lp-capita", "Capita", 8},
                      {"lp-education-development-trust", "Education Development Trust", 14},
                      {"lp-niot", "National Institute of Teaching", 8},
                      {"lp-teach-first", "Teach First", 20},
                      {"lp-ucl", "UCL Early Career Teacher Education", 18}};
  // Delivery partner ids are UUIDs, as the API contract requires; each is
  // derived from the partner's place name, so it is the same in every dataset.
  for (int i = 0; i < kDeliveryPartners; ++i) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the name
    for (char c : std::string_view(kPlaces[i])) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    w.delivery_partners.push_back(SeededRandom(h).next_uuid().to_string());
  }
  const int lps = static_cast<int>(w.lead_providers.size());
  for (int year = kFirstCohort; year <= kLastCohort; ++year)
    for (int dp = 0; dp < kDeliveryPartners; ++dp) {
      // Each delivery partner works with one lead provider, a third of them with a second one,
      // and a few change partner from one cohort to the next.
      const int first = (dp + (dp % 11 == 0 ? year : 0)) % lps;
      w.pairings[{first, year}].push_back(dp);
      if (dp % 3 == 0) w.pairings[{(first + 1 + dp % 3) % lps, year}].push_back(dp);
    }
  for (int i = 0; i < kHubs; ++i) w.hubs.push_back("ab-hub-" + std::to_string(i + 1));
  w.local_authorities = {"ab-la-1", "ab-la-2", "ab-la-3"};
  w.istip = "ab-istip";

  w.contract_periods_json = embedded_contract_periods();
  w.schedules_json = embedded_schedules();
  const Json schedules = Json::parse(w.schedules_json, nullptr, false);
  if (schedules.is_discarded() || !schedules.contains("items")) return Status(Code::kCorruption, "the embedded schedules file is not valid");
  for (const Json& item : schedules["items"]) {
    std::vector<std::optional<Window>> windows(kDeclarationTypeCount);
    for (const Json& m : item["milestones"]) {
      const std::string type = m["declaration_type"];
      for (int t = 0; t < kDeclarationTypeCount; ++t)
        if (type == kDeclarationTypes[t]) {
          const int first = parse_day(m["start_date"]);
          const int last = m["milestone_date"].is_string() ? parse_day(m["milestone_date"]) : first + 120;
          windows[t] = Window{first, last};
        }
    }
    w.schedules[{item["year"].get<int>(), item["schedule_identifier"].get<std::string>()}] = windows;
  }
  return w;
}

std::vector<TimedCommand> reference_setup(const World& w) {
  std::vector<TimedCommand> out;
  auto add = [&](int day, const std::string& name, const Json& body) { out.push_back({day, system(name, body)}); };
  const int day0 = w.first_day;

  // Contract periods as they stood in 2021: every cohort open, none frozen.
  // The freeze of 2021 and 2022 is applied on its date (see the generator).
  const Json periods = Json::parse(w.contract_periods_json), schedules = Json::parse(w.schedules_json);
  for (Json item : periods["items"]) {
    item["enabled"] = true;
    item["payments_frozen_at"] = nullptr;
    add(day0, "create_contract_period", item);
  }
  for (const Json& item : schedules["items"]) add(day0, "create_schedule", item);
  for (const LeadProviderInfo& lp : w.lead_providers)
    add(day0, "register_lead_provider", {{"lead_provider_id", lp.id}, {"name", lp.name}, {"vat_registered", lp.id != "lp-teach-first"}});
  for (int i = 0; i < static_cast<int>(w.delivery_partners.size()); ++i)
    add(day0, "register_delivery_partner",
        {{"delivery_partner_id", w.delivery_partners[i]}, {"name", std::string(kPlaces[i]) + " Learning Partnership"}});
  for (int i = 0; i < static_cast<int>(w.hubs.size()); ++i)
    add(day0, "register_appropriate_body",
        {{"appropriate_body_id", w.hubs[i]}, {"name", std::string(kPlaces[kPlaceCount - 1 - i]) + " Teaching School Hub"},
         {"body_type", "teaching_school_hub"}});
  const char* const counties[] = {"Shire County Council", "Wolds County Council", "Fenland County Council"};
  for (int i = 0; i < static_cast<int>(w.local_authorities.size()); ++i)
    add(day0, "register_appropriate_body",
        {{"appropriate_body_id", w.local_authorities[i]}, {"name", counties[i]}, {"body_type", "local_authority"}});
  add(day0, "register_appropriate_body",
      {{"appropriate_body_id", w.istip}, {"name", "Independent Schools Teacher Induction Panel (ISTIP)"}, {"body_type", "national"}});
  add(day0, "register_appropriate_body",
      {{"appropriate_body_id", "ab-national-tapb"}, {"name", "National Teacher Accreditation"}, {"body_type", "national"}});

  for (int year = kFirstCohort; year <= kLastCohort; ++year) {
    const int day = year == kFirstCohort ? day0 : next_weekday(day_of(year, 5, 4));
    for (int lp = 0; lp < static_cast<int>(w.lead_providers.size()); ++lp) {
      const std::string& id = w.lead_providers[lp].id;
      add(day, "activate_lead_provider", {{"lead_provider_id", id}, {"year", year}});
      auto pit = w.pairings.find({lp, year});
      if (pit != w.pairings.end())
        for (int dp : pit->second)
          add(day, "pair_delivery_partner", {{"lead_provider_id", id}, {"delivery_partner_id", w.delivery_partners[dp]}, {"year", year}});
      const int share = w.lead_providers[lp].share;
      for (int band = 0; band < 3; ++band)
        add(day, "add_band", {{"lead_provider_id", id}, {"year", year}, {"capacity", share * (band == 0 ? 200 : band == 1 ? 400 : 1000)}});
      Json terms = Json::array();
      for (const char* fee : {"1000.00", "925.00", "850.00"})
        terms.push_back({{"fee_per_declaration", fee}, {"output_fee_ratio", "0.60"}, {"service_fee_ratio", "0.40"}});
      add(day, "create_contract",
          {{"lead_provider_id", id}, {"year", year}, {"contract_type", "ecf"}, {"vat_rate", "0.20"},
           {"banded", {{"recruitment_target", share * 1500}, {"setup_fee", "0.00"}, {"uplift_fee_per_declaration", "100.00"},
                       {"band_terms", terms}}}});
      // Monthly statements from November of the cohort's year to December three years on;
      // January, April, August and November are output statements.
      for (int k = 0; k < 38; ++k) {
        const int month = (10 + k) % 12 + 1, calendar_year = year + (10 + k) / 12;
        const int payment = day_of(calendar_year, month, 25);
        add(day, "create_statement",
            {{"lead_provider_id", id}, {"year", year}, {"month", month}, {"calendar_year", calendar_year},
             {"deadline_date", iso_date(day_of(calendar_year, month, 1) - 1)}, {"payment_date", iso_date(payment)}});
      }
    }
  }
  return out;
}

}  // namespace rect::seed
