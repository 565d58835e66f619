#include "replay-tools/seed/people.h"

#include <cctype>

#include "replay-tools/seed/calendar.h"
#include "replay-tools/seed/shard.h"

namespace rect::seed {
namespace {

const char* const kFirstNames[] = {
    "Aisha", "Alex",  "Amelia", "Ben",    "Chloe", "Daniel", "Ella",   "Emily", "Fatima", "George", "Grace", "Hannah",
    "Harry", "Isla",  "Jack",   "James",  "Jess",  "Kai",    "Laura",  "Leo",   "Lily",   "Mia",    "Mohammed", "Noah",
    "Olivia", "Omar", "Priya",  "Rosie",  "Ryan",  "Sam",    "Sophie", "Tom",   "Yusuf",  "Zara",   "Ewan",  "Niamh"};
const char* const kLastNames[] = {
    "Ahmed",  "Baker",  "Brown",   "Clarke", "Davies", "Evans",  "Green",  "Hall",   "Hughes", "Jackson", "Jones",
    "Khan",   "Lewis",  "Martin",  "Morris", "Patel",  "Roberts", "Robinson", "Shah", "Smith",  "Taylor",  "Thomas",
    "Thompson", "Turner", "Walker", "Ward",  "White",  "Williams", "Wilson", "Wood",  "Wright", "Young",   "Begum"};
const char* const kSchoolPlaces[] = {
    "Abbey",  "Ashfield", "Beech", "Bramley", "Brook",  "Castle", "Cedar",  "Church",   "Elm",   "Fairfield", "Forest",
    "Grange", "Hawthorn", "Heath", "Highfield", "Hill", "Holy Trinity", "Kings", "Lime", "Manor", "Meadow",   "Mill",
    "Moor",   "Oak",      "Orchard", "Park",  "Priory", "Queens", "Riverside", "St Mary's", "St John's", "Valley", "Willow"};
const char* const kTowns[] = {"Ashby", "Barton", "Bury", "Chorley", "Didcot", "Eastwood", "Frome", "Hexham", "Ilkley",
                              "Keswick", "Ludlow", "Malton", "Newark", "Otley", "Penrith", "Ripon", "Selby", "Thirsk",
                              "Ulverston", "Wetherby", "Whitby", "Yeovil"};

template <std::size_t N>
const char* pick(std::mt19937_64& rng, const char* const (&list)[N]) { return list[rng() % N]; }

double unit(std::mt19937_64& rng) { return static_cast<double>(rng() % 1000000) / 1000000.0; }

int weighted_lead_provider(std::mt19937_64& rng, const World& w) {
  int total = 0;
  for (const LeadProviderInfo& lp : w.lead_providers) total += lp.share;
  int r = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
  for (int i = 0; i < static_cast<int>(w.lead_providers.size()); ++i)
    if ((r -= w.lead_providers[i].share) < 0) return i;
  return 0;
}

std::string lower(std::string s) {
  for (char& c : s) c = c == ' ' || c == '\'' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::vector<School> make_schools(const ShardPlan& plan, std::mt19937_64& rng, const World& world) {
  struct Type {
    const char* name;
    double upto;
    const char* suffix;
  };
  static const Type kTypes[] = {{"Community school", 0.32, "Primary School"},
                                {"Academy converter", 0.58, "Academy"},
                                {"Academy sponsor led", 0.68, "Academy"},
                                {"Voluntary aided school", 0.77, "CE Primary School"},
                                {"Foundation school", 0.82, "High School"},
                                {"Free schools", 0.86, "Free School"},
                                {"Community special school", 0.89, "School"},
                                {"Other independent school", 0.96, "School"},
                                {"Other independent special school", 1.01, "College"}};
  std::vector<School> out;
  for (int i = 0; i < plan.schools; ++i) {
    School s;
    s.urn = std::to_string(100000 + plan.first_school + i);
    const double u = unit(rng);
    const Type* type = &kTypes[0];
    for (const Type& t : kTypes)
      if (u < t.upto) {
        type = &t;
        break;
      }
    s.type_name = type->name;
    s.name = std::string(pick(rng, kSchoolPlaces)) + " " + type->suffix + ", " + pick(rng, kTowns);
    s.independent = s.type_name.find("independent") != std::string::npos;
    s.section_41_approved = s.independent && unit(rng) < 0.3;
    s.gias_eligible = !s.independent;
    if (unit(rng) < 0.015) s.status = "closed";
    s.hosts_ects = s.status == "open" && (!s.independent || s.section_41_approved);
    const double w = unit(rng);
    s.weight = 1 + static_cast<int>(w * w * w * w * 30);
    s.appropriate_body = s.independent && unit(rng) < 0.6 ? world.istip : world.hubs[rng() % world.hubs.size()];
    s.tutor_name = std::string(pick(rng, kFirstNames)) + " " + pick(rng, kLastNames);
    s.pupil_premium_rate = unit(rng) < 0.35 ? 0.9 : 0.05;
    s.sparsity_rate = unit(rng) < 0.12 ? 0.95 : 0.0;
    int lp = weighted_lead_provider(rng, world);
    for (int y = kFirstCohort; y <= kLastCohort; ++y) {
      if (unit(rng) < 0.2) lp = weighted_lead_provider(rng, world);
      s.lead_provider.push_back(lp);
    }
    out.push_back(std::move(s));
  }
  return out;
}

Teacher make_teacher(std::mt19937_64& rng, int trn, bool mentor, int cohort) {
  Teacher t;
  t.trn = std::to_string(trn);
  t.first_name = pick(rng, kFirstNames);
  t.last_name = pick(rng, kLastNames);
  const int born = mentor ? day_of(1965, 1, 1) + static_cast<int>(rng() % (25 * 365))
                          : day_of(cohort - 35, 1, 1) + static_cast<int>(rng() % (13 * 365));
  t.date_of_birth = iso_date(born);
  t.qts_awarded_on = mentor ? iso_date(day_of(2000 + static_cast<int>(rng() % 16), 7, 1)) : iso_date(day_of(cohort, 7, 1));
  t.email = lower(t.first_name + "." + t.last_name) + "." + t.trn + "@teachers.example.org";
  return t;
}

}  // namespace rect::seed
