#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

struct Case {
  const char* command;
  ActorKind actor;
  const char* body;
  const char* field;
};

void expect_rejected(World& w, const Case& c) {
  const GlobalPosition before = w.store.head();
  auto o = w.run(c.command, {c.actor, c.actor == ActorKind::kLeadProvider ? "lp-ambition" : "ab-hub"}, c.body);
  INFO(c.command << " " << c.body << " -> " << o.status.to_string());
  CHECK(o.status.code() == Code::kValidation);
  bool names_field = false;
  for (const FieldError& e : o.errors) names_field = names_field || e.title == c.field;
  CHECK(names_field);
  CHECK(o.events.empty());
  CHECK(w.store.head() == before);
}

}  // namespace

TEST_CASE("bad input: missing fields are named and nothing is written") {
  World w;
  for (const Case& c : {
           Case{"register_ect", ActorKind::kSchoolUser, R"({"school_urn":"100001"})", "trn"},
           Case{"register_ect", ActorKind::kSchoolUser, R"({"school_urn":"100001"})", "started_on"},
           Case{"register_mentor", ActorKind::kSchoolUser, R"({"school_urn":"100001"})", "ect_trn"},
           Case{"claim_ect", ActorKind::kAppropriateBody, R"({"trn":"1000001"})", "started_on"},
           Case{"release_ect", ActorKind::kAppropriateBody, R"({"trn":"1000001","finished_on":"2025-10-01"})", "number_of_terms"},
           Case{"create_statement", ActorKind::kFinanceUser, R"({"lead_provider_id":"lp-ambition"})", "deadline_date"},
           Case{"add_statement_adjustment", ActorKind::kFinanceUser, R"({"statement_id":"x","payment_type":"y"})", "amount"},
           Case{"start_day", ActorKind::kSystem, R"({})", "date"},
           Case{"create_partnership", ActorKind::kLeadProvider, R"({"school_id":"100001","delivery_partner_id":"dp-north"})", "cohort"},
           Case{"nominate_induction_tutor", ActorKind::kSchoolUser, R"({"school_urn":"100001","name":"Pat"})", "email"},
       })
    expect_rejected(w, c);
}

TEST_CASE("bad input: malformed values are named") {
  World w;
  for (const Case& c : {
           Case{"register_ect", ActorKind::kSchoolUser, R"({"school_urn":"100001","trn":"12ab","date_of_birth":"1995-05-05","email":"a@b.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub","training_programme":"school_led"})", "trn"},
           Case{"register_ect", ActorKind::kSchoolUser, R"({"school_urn":"100001","trn":"1000001","date_of_birth":"1995-02-30","email":"a@b.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub","training_programme":"school_led"})", "date_of_birth"},
           Case{"change_email", ActorKind::kSchoolUser, R"({"school_urn":"100001","trn":"1000001","email":42})", "email"},
           Case{"start_day", ActorKind::kSystem, R"({"date":"01/11/2025"})", "date"},
           Case{"set_school_uplifts", ActorKind::kSystem, R"({"urn":"100001","year":2025,"pupil_premium_uplift":"yes","sparsity_uplift":false})", "pupil_premium_uplift"},
           Case{"add_statement_adjustment", ActorKind::kFinanceUser, R"({"statement_id":"x","payment_type":"y","amount":12.5})", "amount"},
           Case{"submit_declaration", ActorKind::kLeadProvider, R"({"participant_id":5,"declaration_type":"started"})", "participant_id"},
       })
    expect_rejected(w, c);
}

TEST_CASE("bad input: unknown fields are named") {
  World w;
  for (const Case& c : {
           Case{"start_day", ActorKind::kSystem, R"({"date":"2025-10-15","colour":"red"})", "colour"},
           Case{"claim_ect", ActorKind::kAppropriateBody, R"({"trn":"1000001","date_of_birth":"1995-05-05","started_on":"2025-09-01","training_programme":"provider_led","shoe_size":9})", "shoe_size"},
           Case{"submit_declaration", ActorKind::kLeadProvider, R"({"participant_id":"x","has_passed":true})", "has_passed"},
           Case{"create_partnership", ActorKind::kLeadProvider, R"({"cohort":2025,"school_id":"100001","delivery_partner_id":"dp-north","status":"active"})", "status"},
           Case{"withdraw_participant", ActorKind::kLeadProvider, R"({"participant_id":"x","course_identifier":"ecf-induction","reason":"other","when":"now"})", "when"},
       })
    expect_rejected(w, c);
}

TEST_CASE("bad input: out-of-range values are named") {
  World w;
  for (const Case& c : {
           Case{"create_statement", ActorKind::kFinanceUser, R"({"lead_provider_id":"lp-ambition","year":2025,"month":13,"calendar_year":2026,"deadline_date":"2026-05-31","payment_date":"2026-06-25"})", "month"},
           Case{"add_band", ActorKind::kFinanceUser, R"({"lead_provider_id":"lp-ambition","year":2025,"capacity":0})", "capacity"},
           Case{"add_statement_adjustment", ActorKind::kFinanceUser, R"({"statement_id":"x","payment_type":"y","amount":"2000000.00"})", "amount"},
           Case{"add_statement_adjustment", ActorKind::kFinanceUser, R"({"statement_id":"x","payment_type":"y","amount":"0.00"})", "amount"},
           Case{"create_contract_period", ActorKind::kSystem, R"({"year":1999,"started_on":"1999-06-01","finished_on":"2000-05-31","enabled":true,"mentor_funding_enabled":false,"detailed_evidence_types_enabled":false,"uplift_fees_enabled":true})", "year"},
           Case{"change_name", ActorKind::kSchoolUser, R"({"school_urn":"100001","trn":"1000001","corrected_name":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})", "corrected_name"},
       })
    expect_rejected(w, c);
}

TEST_CASE("bad input: a body that is not an object, an unknown command, the wrong actor") {
  World w;
  CHECK(w.system("start_day", "[1,2]").status.code() == Code::kInvalidArgument);
  CHECK(w.system("make_tea", "{}").status.code() == Code::kInvalidArgument);
  CHECK(w.lp("register_ect", "{}").status.code() == Code::kInvalidArgument);
}
