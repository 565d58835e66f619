// Test support for the payments projection: the domain's test World (the
// project's reference data and the sandbox played, clock 2025-10-15) plus
// finance set-up through the same commands finance users issue, participants
// made funding-eligible, declarations submitted, and a PaymentsProjection
// folded from the log.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "projections/payments/payments.h"
#include "tests/domain/world.h"

namespace rect::testing::payments {

using domain::testing::World;
using projections::payments::PaymentsProjection;

struct PayWorld : World {
  int next_trn = 3000000;
  std::string lead_provider = "lp-ambition";
  std::string school = "100001";
  bool partnered = false;

  PayWorld() = default;

  static std::string ok_result(const domain::CommandOutcome& o, const char* field) {
    INFO(o.status.to_string());
    for (const auto& e : o.errors) INFO(e.title << ": " << e.detail);
    REQUIRE(o.ok());
    return result(o, field);
  }

  // Bands of these capacities for (lead provider, cohort).
  void bands(const std::vector<int>& capacities, int cohort = 2025) {
    for (int c : capacities)
      ok_result(system("add_band", R"({"lead_provider_id":")" + lead_provider + R"(","year":)" + std::to_string(cohort) +
                                       R"(,"capacity":)" + std::to_string(c) + "}"),
                "allocation_order");
  }

  // A contract; `band_terms` is the JSON array text, `extra` more banded fields.
  std::string contract(const std::string& type, const std::string& band_terms, const std::string& banded_extra,
                       const std::string& flat = "", int cohort = 2025, const std::string& vat = "0.20") {
    std::string body = R"({"lead_provider_id":")" + lead_provider + R"(","year":)" + std::to_string(cohort) +
                       R"(,"contract_type":")" + type + R"(","vat_rate":")" + vat + R"(","banded":{"band_terms":)" +
                       band_terms + "," + banded_extra + "}";
    if (!flat.empty()) body += R"(,"flat_rate":)" + flat;
    body += "}";
    return ok_result(system("create_contract", body), "contract_id");
  }

  std::string statement(int month, int calendar_year, const std::string& deadline, const std::string& payment,
                        const std::string& fee_type = "output", int cohort = 2025) {
    return ok_result(system("create_statement", R"({"lead_provider_id":")" + lead_provider + R"(","year":)" +
                                                    std::to_string(cohort) + R"(,"month":)" + std::to_string(month) +
                                                    R"(,"calendar_year":)" + std::to_string(calendar_year) +
                                                    R"(,"deadline_date":")" + deadline + R"(","payment_date":")" + payment +
                                                    R"(","fee_type":")" + fee_type + R"("})"),
                     "statement_id");
  }

  void partner_once() {
    if (partnered) return;
    partner(school, lead_provider, "dp-north", 2025);
    partnered = true;
  }

  // A funding-eligible ECT trained by the lead provider; returns {participant id, trn}.
  std::pair<std::string, std::string> eligible_ect() {
    partner_once();
    const std::string trn = std::to_string(next_trn++);
    ok_result(system("record_trs_teacher", R"({"trn":")" + trn + R"(","first_name":"E","last_name":"T)" + trn +
                                               R"(","date_of_birth":"1995-05-05","induction_status":"RequiredToComplete","qts_awarded_on":"2025-07-01"})"),
              "trn");
    const std::string pid = ok_result(
        school_cmd("register_ect", R"({"school_urn":")" + school + R"(","trn":")" + trn +
                                       R"(","date_of_birth":"1995-05-05","email":"e)" + trn +
                                       R"(@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub","training_programme":"provider_led","lead_provider_id":")" +
                                       lead_provider + R"("})"),
        "participant_id");
    ok_result(ab("claim_ect", R"({"trn":")" + trn +
                                  R"(","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led"})"),
              "x");
    return {pid, trn};
  }

  // A funding-eligible mentor of a new ECT; returns the mentor's participant id.
  std::string eligible_mentor() {
    const auto ect = eligible_ect();
    const std::string trn = std::to_string(next_trn++);
    ok_result(system("record_trs_teacher", R"({"trn":")" + trn + R"(","first_name":"M","last_name":"T)" + trn +
                                               R"(","date_of_birth":"1980-02-02","induction_status":"None","qts_awarded_on":"2005-07-01"})"),
              "trn");
    return ok_result(school_cmd("register_mentor", R"({"school_urn":")" + school + R"(","trn":")" + trn +
                                                       R"(","date_of_birth":"1980-02-02","email":"m)" + trn +
                                                       R"(@example.com","ect_trn":")" + ect.second + R"("})"),
                     "participant_id");
  }

  domain::CommandOutcome school_cmd(const std::string& name, const std::string& body) {
    return run(name, {ActorKind::kSchoolUser, "tutor-" + school}, body);
  }

  domain::CommandOutcome declare(const std::string& pid, const std::string& type, bool mentor = false,
                                 const std::string& date = "2025-10-01T10:00:00Z") {
    const std::string evidence = type == "completed" ? "75-percent-engagement-met" : "training-event-attended";
    return lp("submit_declaration",
              R"({"participant_id":")" + pid + R"(","declaration_type":")" + type + R"(","declaration_date":")" + date +
                  R"(","course_identifier":")" + (mentor ? "ecf-mentor" : "ecf-induction") + R"(","evidence_held":")" +
                  evidence + R"("})",
              lead_provider);
  }
  std::string declared(const std::string& pid, const std::string& type, bool mentor = false,
                       const std::string& date = "2025-10-01T10:00:00Z") {
    return ok_result(declare(pid, type, mentor, date), "declaration_id");
  }
  // `n` new eligible ECTs each with one declaration of `type`; their declaration ids.
  std::vector<std::string> ect_declarations(int n, const std::string& type = "started") {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(declared(eligible_ect().first, type));
    return ids;
  }
  std::vector<std::string> mentor_declarations(int n, const std::string& type = "started") {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back(declared(eligible_mentor(), type, true));
    return ids;
  }

  // Moves the clock to `date` 00:30 UTC and runs the daily job.
  void day(const std::string& date) {
    set_today((date + "T00:30:00Z").c_str());
    ok_result(system("start_day", R"({"date":")" + date + R"("})"), "statements_marked_payable");
  }
  void authorise(const std::string& statement_id) {
    ok_result(finance("authorise_statement", R"({"statement_id":")" + statement_id + R"("})"), "statement_id");
  }
  void void_declaration(const std::string& id) {
    ok_result(lp("void_declaration", R"({"participant_declaration_id":")" + id + R"("})", lead_provider), "declaration_id");
  }
  std::string adjust(const std::string& statement_id, const std::string& amount) {
    return ok_result(finance("add_statement_adjustment", R"({"statement_id":")" + statement_id +
                                                             R"(","payment_type":"manual","amount":")" + amount + R"("})"),
                     "adjustment_id");
  }

  // Folds every event into `p` (from where it stands).
  void fold(PaymentsProjection& p) {
    for (const RecordedEvent& e : all_events())
      if (e.position > p.position()) REQUIRE(p.apply(e));
  }

  // The statement's display row `key`, exact.
  static std::string row(const PaymentsProjection& p, const std::string& statement_id, const char* key) {
    auto v = p.statement(statement_id);
    INFO(v.status().to_string());
    REQUIRE(v);
    const finance::DisplayRow* r = v->figures.row(key);
    REQUIRE(r);
    return r->exact.to_string_exact();
  }
};

}  // namespace rect::testing::payments
