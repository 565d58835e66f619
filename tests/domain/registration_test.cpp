#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

TEST_CASE("registration: the sandbox world loads") {
  World w;
  CHECK(w.store.head().value() > 100);
}

TEST_CASE("registration: case 1 - a start date 3 weeks ago keeps the placement date, training starts today") {
  World w;
  w.partner();
  auto o = w.school("register_ect", R"({"school_urn":"100001","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","started_on":"2025-09-24","working_pattern":"full_time",
      "appropriate_body_id":"ab-hub","training_programme":"provider_led","lead_provider_id":"lp-ambition"})");
  REQUIRE(o.ok());
  auto events = w.all_events();
  bool placement = false, training = false;
  for (const auto& e : events) {
    if (e.data.type == "ect_placement_started") placement = e.data.payload.find("\"started_on\":\"2025-09-24\"") != std::string::npos;
    if (e.data.type == "training_period_started")
      training = e.data.payload.find("\"started_on\":\"2025-10-15\"") != std::string::npos &&
                 e.data.payload.find("ecf-standard-september") != std::string::npos;
  }
  CHECK(placement);
  CHECK(training);
}
