// The finance routes over an in-process HttpServer + Router, reading a
// payments projection folded from events (§7 V3 plus a frozen statement).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "api/finance/finance_routes.h"
#include "api/http_server.h"
#include "api/router.h"
#include "projections/payments/payments.h"
#include "tests/projections/payments_events.h"
#include "tests/support/http_client.h"

namespace rect::testing {
namespace {

using Json = nlohmann::json;

struct Fixture {
  projections::payments::PaymentsProjection payments;
  api::Router router;
  std::unique_ptr<api::HttpServer> server;

  Fixture() {
    payments::SyntheticLog l;
    l.lead_provider("lp", true);
    for (int b = 1; b <= 3; ++b) l.band("lp", 2025, b, 2);
    l.contract("lp", 2025, "c", "ecf", "0.20", {{"100", "0.75", "0.25"}, {"100", "0.75", "0.25"}, {"100", "0.75", "0.25"}},
               6, "0", "0", "0", "");
    l.statement("prev", "lp", 2025, 11, 2025, "2025-10-31", "2025-11-25", "output", "c");
    l.statement("cur", "lp", 2025, 1, 2026, "2025-12-31", "2026-01-25", "output", "c");
    l.statement("other", "lp", 2024, 1, 2026, "2025-12-31", "2026-01-25", "output", "");
    for (int i = 0; i < 7; ++i) {
      const std::string id = "d" + std::to_string(i);
      l.submitted(id, "lp", 2025, "ect", "started", "2025-10-0" + std::to_string(i + 1) + "T10:00:00Z", i == 1, false);
      l.declaration_event("declaration_made_eligible", id, "ect", i == 0 ? "prev" : "cur");
    }
    l.declaration_event("declaration_made_payable", "d0", "ect");
    l.authorised("prev");
    l.declaration_event("declaration_paid", "d0", "ect");
    l.declaration_event("declaration_voided", "d6", "ect");
    l.adjustment("cur", "a1", "-12.34");
    for (const RecordedEvent& e : l.events) REQUIRE(payments.apply(e));
    api::register_finance_routes(router, {&payments});
    auto s = api::HttpServer::start({.address = "127.0.0.1", .port = 0, .threads = 2}, [this](const api::HttpRequest& r) {
      return router.dispatch(r, api::RequestContext{{ActorKind::kFinanceUser, "f"}, Timestamp(0), false});
    });
    REQUIRE(s);
    server = std::move(*s);
  }
  HttpResult get(const std::string& target) { return http_request(server->port(), "GET", target); }
  Json get_json(const std::string& target, int status = 200) {
    HttpResult r = get(target);
    INFO(r.body);
    REQUIRE(r.status == status);
    return Json::parse(r.body);
  }
};

}  // namespace

TEST_CASE("finance routes: statement list per lead provider and cohort") {
  Fixture f;
  Json all = f.get_json("/admin/statements?lead_provider_id=lp");
  CHECK(all["data"].size() == 3);
  Json one = f.get_json("/admin/statements?lead_provider_id=lp&cohort=2025");
  REQUIRE(one["data"].size() == 2);
  CHECK(one["data"][0]["id"] == "prev");
  CHECK(one["data"][0]["status"] == "paid");
  CHECK(one["data"][1]["status"] == "open");
  CHECK(f.get("/admin/statements").status == 400);
  CHECK(f.get("/admin/statements?lead_provider_id=lp&cohort=x").status == 400);
}

TEST_CASE("finance routes: a statement's display rows, exact and rounded") {
  Fixture f;
  Json s = f.get_json("/admin/statements/cur")["data"];
  std::map<std::string, Json> rows;
  for (const Json& r : s["rows"]) rows[r["key"]] = r;
  // 5 current billable (d1..d5) after 1 previous: A1, B2, C2 → 75; adjustment −12.34; uplift 0 (fee 0).
  CHECK(rows["output_payment"]["exact"] == "75");
  CHECK(rows["output_payment"]["rounded"] == "75.00");
  CHECK(rows["additional_adjustments"]["rounded"] == "-12.34");
  CHECK(rows["vat"]["exact"] == "12.532");
  CHECK(rows["vat"]["rounded"] == "12.53");
  CHECK(rows["total"]["exact"] == "75.192");
  CHECK(s["computed_with"]["frozen"] == false);
  Json frozen = f.get_json("/admin/statements/prev")["data"];
  CHECK(frozen["computed_with"]["frozen"] == true);
  CHECK(frozen["computed_with"]["position"] == frozen["authorised_position"]);
  CHECK(f.get("/admin/statements/nope").status == 404);
  CHECK(f.get("/admin/statements/other").status == 422);  // no contract for that cohort
}

TEST_CASE("finance routes: derivation per type and band with the declarations and positions") {
  Fixture f;
  Json d = f.get_json("/admin/statements/cur/derivation")["data"];
  const Json& started = d["output"]["types"][0];
  CHECK(started["declaration_type"] == "started");
  CHECK(started["counts"]["previous_billable"] == 1);
  CHECK(started["counts"]["current_billable"] == 5);
  const Json& a = started["bands"][0];
  CHECK(a["band"] == "A");
  CHECK(a["previous_billable"] == 1);
  CHECK(a["current_billable"] == 1);
  CHECK(a["fee_per_declaration"]["exact"] == "15");
  REQUIRE(a["billable_declarations"].size() == 1);
  CHECK(a["billable_declarations"][0]["declaration_id"] == "d1");  // §5.7: earliest declaration date first
  CHECK(a["billable_declarations"][0]["positions"]["billable"].is_number());
  CHECK(started["bands"][2]["billable_declarations"].size() == 2);
  REQUIRE(started["voided_declarations"].size() == 1);
  CHECK(started["voided_declarations"][0]["declaration_id"] == "d6");
  CHECK(started["voided_declarations"][0]["positions"]["voided"].is_number());
  REQUIRE(d["previous_statements"].size() == 1);
  CHECK(d["previous_statements"][0]["statement_id"] == "prev");
}

TEST_CASE("finance routes: derivation as CSV") {
  Fixture f;
  HttpResult r = f.get("/admin/statements/cur/derivation.csv");
  REQUIRE(r.status == 200);
  std::vector<std::string> lines;
  std::size_t from = 0;
  for (std::size_t at; (at = r.body.find('\n', from)) != std::string::npos; from = at + 1)
    lines.push_back(r.body.substr(from, at - from));
  REQUIRE(lines.size() == 1 + 5 + 1);  // header, 5 billable, 1 voided
  CHECK(lines[0].starts_with("Participant ID,Type,"));
  CHECK(lines[1].find(",d1,") != std::string::npos);
  CHECK(lines[1].find(",billable,A,15,") != std::string::npos);
  CHECK(lines[6].find(",d6,voided,") != std::string::npos);
  CHECK(f.get("/admin/statements/nope/derivation.csv").status == 404);
}

}  // namespace rect::testing
