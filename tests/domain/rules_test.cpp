#include "domain/date.h"
#include "domain/rules.h"
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

TEST_CASE("date: civil dates, months and Europe/London days") {
  CHECK(Date::parse("2025-02-29") == std::nullopt);
  CHECK(Date::parse("2024-02-29")->to_string() == "2024-02-29");
  CHECK(Date::parse("2025-10-31")->add_months(4).to_string() == "2026-02-28");
  CHECK(london_date(at("2025-06-30T23:30:00Z")).to_string() == "2025-07-01");  // BST
  CHECK(london_date(at("2025-12-31T23:30:00Z")).to_string() == "2025-12-31");  // GMT
  CHECK(london_start_of_day(*Date::parse("2025-07-01")) == at("2025-06-30T23:00:00Z"));
  CHECK(london_start_of_day(*Date::parse("2025-12-01")) == at("2025-12-01T00:00:00Z"));
}

TEST_CASE("rules: declaration_date follows the API's RFC 3339 pattern") {
  CHECK(parse_declaration_date("2025-10-01T10:00:00Z") == at("2025-10-01T10:00:00Z"));
  CHECK(parse_declaration_date("2025-10-01T10:00:00.123+01:00") == at("2025-10-01T09:00:00.123Z"));
  CHECK(parse_declaration_date("2025-10-01T10:00:00+0100") == at("2025-10-01T09:00:00Z"));
  CHECK(parse_declaration_date("2025-10-01T10:00:00") == at("2025-10-01T09:00:00Z"));  // London local time
  CHECK(!parse_declaration_date("2025-10-01"));
  CHECK(!parse_declaration_date("2025-02-30T10:00:00Z"));
  CHECK(!parse_declaration_date("invalid"));
  CHECK(rfc3339_utc(at("2025-03-01T12:00:00Z")) == "2025-03-01T12:00:00Z");
}

TEST_CASE("rules: terms, schedules by month, evidence") {
  CHECK(valid_terms("0"));
  CHECK(valid_terms("16"));
  CHECK(valid_terms("2.5"));
  CHECK(!valid_terms("2.25"));
  CHECK(!valid_terms("17"));
  CHECK(!valid_terms("16.5"));
  CHECK(default_schedule("standard", *Date::parse("2025-11-15")) == "ecf-standard-january");
  CHECK(default_schedule("standard", *Date::parse("2026-03-01")) == "ecf-standard-april");
  CHECK(default_schedule("standard", *Date::parse("2026-06-01")) == "ecf-standard-september");
  CHECK(evidence_rule(false, Role::kEct, "started").ignored);
  CHECK(evidence_rule(true, Role::kEct, "completed").accepted.size() == 3);
  CHECK(evidence_rule(true, Role::kMentor, "retained-1").accepted.empty());
}

TEST_CASE("partnerships: the API's messages") {
  World w;
  auto blank = w.lp("create_partnership", "{}");
  CHECK(blank.errors == std::vector<FieldError>{{"cohort", "Enter a '#/cohort'."},
                                                {"school_id", "Enter a '#/school_id'."},
                                                {"delivery_partner_id", "Enter a '#/delivery_partner_id'."}});
  auto check1 = [&](const std::string& body, const std::string& title, const std::string& detail) {
    auto o = w.lp("create_partnership", body);
    INFO(body << " -> " << o.status.to_string());
    REQUIRE(!o.errors.empty());
    CHECK(o.errors[0] == FieldError{title, detail});
  };
  check1(R"({"cohort":2019,"school_id":"100001","delivery_partner_id":"dp-north"})", "cohort",
         "The '#/cohort' you have entered is invalid. Check cohort details and try again.");
  check1(R"({"cohort":2026,"school_id":"100001","delivery_partner_id":"dp-north"})", "cohort",
         "You cannot create a partnership for a future cohort.");
  check1(R"({"cohort":2022,"school_id":"100001","delivery_partner_id":"dp-north"})", "cohort",
         "You cannot create this partnership as the cohort is closed.");
  check1(R"({"cohort":2025,"school_id":"999999","delivery_partner_id":"dp-north"})", "school_id",
         "The '#/school_id' you have entered is invalid. Check school details and try again. Contact the DfE for support if you are unable to find the '#/school_id'.");
  check1(R"({"cohort":2025,"school_id":"100003","delivery_partner_id":"dp-north"})", "school_id",
         "The school you have entered is currently ineligible for DfE funding. Contact the school for more information.");
  check1(R"({"cohort":2025,"school_id":"100001","delivery_partner_id":"dp-nowhere"})", "delivery_partner_id",
         "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again.");
  REQUIRE(w.system("register_delivery_partner", R"({"delivery_partner_id":"dp-lonely","name":"Lonely"})").ok());
  check1(R"({"cohort":2025,"school_id":"100001","delivery_partner_id":"dp-lonely"})", "delivery_partner_id",
         "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. Contact the DfE for more information.");
  const std::string id = w.partner();
  check1(R"({"cohort":2025,"school_id":"100001","delivery_partner_id":"dp-south"})", "school_id",
         "You are already in a confirmed partnership with this school for the entered cohort.");
  auto same = w.lp("update_partnership", R"({"partnership_id":")" + id + R"(","delivery_partner_id":"dp-north"})");
  CHECK(same.errors.at(0).detail ==
        "We are unable to process this request. You are already confirmed to be in partnership with the entered delivery partner. Contact the DfE for support.");
  CHECK(w.lp("update_partnership", R"({"partnership_id":")" + id + R"(","delivery_partner_id":"dp-south"})").ok());
  CHECK(w.lp("update_partnership", R"({"partnership_id":")" + id + R"(","delivery_partner_id":"dp-south"})", "lp-teach-first")
            .status.code() == Code::kNotFound);
  CHECK(w.system("unpair_delivery_partner", R"({"lead_provider_id":"lp-ambition","delivery_partner_id":"dp-south","year":2025})")
            .status.code() == Code::kValidation);
}

TEST_CASE("partnerships: school-led-only schools are refused") {
  World w;
  auto o = w.school("register_ect", R"({"school_urn":"100002","trn":"1000001","date_of_birth":"1995-05-05","email":"a@example.com",
      "started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub","training_programme":"school_led"})");
  REQUIRE(o.ok());
  auto p = w.lp("create_partnership", R"({"cohort":2025,"school_id":"100002","delivery_partner_id":"dp-north"})");
  REQUIRE(!p.errors.empty());
  CHECK(p.errors[0].detail == "This school has only registered school-led participants. Contact the school for more information.");
}

TEST_CASE("finance: statements, adjustments, bands and contracts") {
  World w;
  auto past = w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":9,"calendar_year":2025,"deadline_date":"2025-08-31","payment_date":"2025-09-25"})");
  CHECK(past.errors.at(0).title == "deadline_date");
  auto dup = w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":1,"calendar_year":2026,"deadline_date":"2025-12-31","payment_date":"2026-01-25"})");
  CHECK(dup.errors.at(0).title == "month");
  auto st = w.finance("create_statement", R"({"lead_provider_id":"lp-ambition","year":2025,"month":2,"calendar_year":2026,"deadline_date":"2026-01-31","payment_date":"2026-02-25"})");
  REQUIRE(st.ok());
  const std::string id = World::result(st, "statement_id");
  auto adj = w.finance("add_statement_adjustment", R"({"statement_id":")" + id + R"(","payment_type":"Extra","amount":"-150.25"})");
  REQUIRE(adj.ok());
  CHECK(w.finance("remove_statement_adjustment", R"({"statement_id":")" + id + R"(","adjustment_id":")" + World::result(adj, "adjustment_id") + R"("})").ok());
  REQUIRE(w.finance("add_band", R"({"lead_provider_id":"lp-ambition","year":2026,"capacity":2000})").ok());
  auto contract = w.finance("create_contract", R"({"lead_provider_id":"lp-ambition","year":2026,"contract_type":"ecf","banded":{"recruitment_target":1000,"setup_fee":"0","uplift_fee_per_declaration":"100.00","band_terms":[{"fee_per_declaration":"1000.00","output_fee_ratio":"0.60","service_fee_ratio":"0.30"}]}})");
  CHECK(contract.errors.at(0).title == "banded.band_terms.output_fee_ratio");
  REQUIRE(w.finance("create_contract", R"({"lead_provider_id":"lp-ambition","year":2026,"contract_type":"ecf","banded":{"recruitment_target":1000,"setup_fee":"0","uplift_fee_per_declaration":"100.00","band_terms":[{"fee_per_declaration":"1000.00","output_fee_ratio":"0.60","service_fee_ratio":"0.40"}]}})").ok());
  CHECK(w.finance("add_band", R"({"lead_provider_id":"lp-ambition","year":2026,"capacity":2000})").errors.at(0).title == "capacity");
}
