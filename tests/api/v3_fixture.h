// Test fixture for the lead provider API v3: a real RocksDB event store in a
// temp dir, the domain CommandHandler, the LeadProviderViews projection behind
// a ProjectionEngine, and the v3 routes served by an in-process HttpServer on
// a loopback port. Tokens are "token-<lead provider id>". Every response the
// helpers receive under /api/v3 is checked against the shared OpenAPI contract
// when it is present.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "api/http_server.h"
#include "api/router.h"
#include "api/v3/lead_provider_api.h"
#include "domain/command_handler.h"
#include "domain/scenario.h"
#include "events/rocksdb_store.h"
#include "events/world.h"
#include "projections/engine.h"
#include "projections/lead_provider/views.h"
#include "tests/support/http_client.h"
#include "tests/support/openapi_validator.h"
#include "tests/support/temp_dir.h"

namespace rect::testing::v3 {

using Json = nlohmann::json;

inline constexpr const char* kContract = RECT_SOURCE_DIR "/../shared/contracts/rect-api-v3.openapi.yaml";
inline constexpr const char* kAmbition = "lp-ambition";
inline constexpr const char* kTeachFirst = "lp-teach-first";
// Delivery partners with UUID ids (the sandbox's dp-north/dp-south are not UUIDs).
inline constexpr const char* kDpA = "6f1c1a52-0000-4000-8000-00000000000a";
inline constexpr const char* kDpB = "6f1c1a52-0000-4000-8000-00000000000b";
inline constexpr const char* kDpT = "6f1c1a52-0000-4000-8000-00000000000f";

inline const OpenApiContract* contract() {
  static OpenApiContract::Loaded loaded = OpenApiContract::load(kContract);
  static bool told = false;
  if (!loaded.contract && !told) {
    told = true;
    MESSAGE("OpenAPI contract checks skipped: " << loaded.why_not);
  }
  return loaded.contract.get();
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Timestamp at(const char* iso) { return Timestamp::parse_iso8601(iso).value(); }

struct Reply {
  int status = 0;
  std::string body;
  Json json;
  const Json& data() const { return json.at("data"); }
};

class Fixture {
 public:
  explicit Fixture(bool sandbox = true) {
    auto log = RocksDbEventStore::open(dir.sub("events"), {.clock = &clock, .random = &rng});
    REQUIRE(log);
    store = std::move(*log);
    commands = std::make_unique<domain::CommandHandler>(*store, clock, rng);
    auto rms = projections::ReadModelStore::open(dir.sub("readmodels"), {"lead_provider_api"});
    REQUIRE(rms);
    read_models = std::move(*rms);
    views = std::make_unique<projections::lead_provider::LeadProviderViews>();
    engine = std::make_unique<projections::ProjectionEngine>(*store, *read_models,
                                                              std::vector<projections::Projection*>{views.get()});
    REQUIRE(engine->start());
    api::register_lead_provider_v3(router, {views.get(), commands.get(), engine.get(), std::chrono::milliseconds(5000)});
    auto srv = api::HttpServer::start({.address = "127.0.0.1", .port = 0, .threads = 2},
                                      [this](const api::HttpRequest& r) { return handle(r); });
    REQUIRE(srv);
    server = std::move(*srv);
    for (const char* f : {"contract-periods.v1.json", "schedules.v1.json"}) {
      auto cmds = domain::reference_commands(read_text(std::string(RECT_SOURCE_DIR) + "/data/reference/" + f));
      REQUIRE(cmds);
      for (const domain::Command& c : *cmds) REQUIRE(commands->execute(c).ok());
    }
    if (sandbox) {
      domain::ScenarioPlayer player(*commands);
      auto r = player.play(read_text(std::string(RECT_SOURCE_DIR) + "/data/scenarios/sandbox-setup.jsonl"));
      INFO(r.status().to_string());
      REQUIRE(r);
      // The sandbox's own delivery partners have ids that are not UUIDs, which the contract requires.
      for (const char* lead_provider : {kAmbition, kTeachFirst})
        for (const char* dp : {"dp-north", "dp-south"})
          for (int year = 2021; year <= 2026; ++year)
            (void)system("unpair_delivery_partner", Json{{"lead_provider_id", lead_provider}, {"delivery_partner_id", dp}, {"year", year}});
      ok(system("register_delivery_partner", Json{{"delivery_partner_id", kDpA}, {"name", "Alpha Partners"}}));
      ok(system("register_delivery_partner", Json{{"delivery_partner_id", kDpB}, {"name", "Beta Partners"}}));
      ok(system("register_delivery_partner", Json{{"delivery_partner_id", kDpT}, {"name", "Tau Partners"}}));
      for (int year : {2024, 2025}) {
        ok(system("pair_delivery_partner", Json{{"lead_provider_id", kAmbition}, {"delivery_partner_id", kDpA}, {"year", year}}));
        ok(system("pair_delivery_partner", Json{{"lead_provider_id", kTeachFirst}, {"delivery_partner_id", kDpT}, {"year", year}}));
      }
      ok(system("pair_delivery_partner", Json{{"lead_provider_id", kAmbition}, {"delivery_partner_id", kDpB}, {"year", 2025}}));
    }
    sync();
  }
  ~Fixture() {
    if (server) server->stop();
    if (engine) engine->stop();
  }

  // --- commands straight to the domain (seeding) -----------------------------
  domain::CommandOutcome run(const std::string& name, Actor actor, const Json& body) {
    return commands->execute({name, std::move(actor), body.dump(), std::nullopt});
  }
  domain::CommandOutcome system(const std::string& name, const Json& body) { return run(name, {ActorKind::kSystem, ""}, body); }
  domain::CommandOutcome school(const std::string& name, const Json& body) {
    return run(name, {ActorKind::kSchoolUser, "school-user"}, body);
  }
  domain::CommandOutcome ab(const std::string& name, const Json& body) {
    return run(name, {ActorKind::kAppropriateBody, "ab-hub"}, body);
  }
  domain::CommandOutcome lp(const std::string& name, const Json& body, const std::string& lp_id = kAmbition) {
    return run(name, {ActorKind::kLeadProvider, lp_id}, body);
  }
  static Json result(const domain::CommandOutcome& o) { return Json::parse(o.result); }
  static Json ok(const domain::CommandOutcome& o) {
    INFO(o.status.to_string());
    for (const auto& e : o.errors) INFO(e.title << ": " << e.detail);
    REQUIRE(o.ok());
    return result(o);
  }
  void sync() { REQUIRE(engine->wait_for(store->head(), std::chrono::seconds(10))); }

  // Registers an ECT (TRN from the sandbox's TRS records) provider-led with `lead_provider`.
  std::string register_ect(const std::string& trn, const std::string& dob, const std::string& urn = "100001",
                           const std::string& lead_provider = kAmbition, const std::string& start = "2025-09-01") {
    return ok(school("register_ect", Json{{"school_urn", urn}, {"trn", trn}, {"date_of_birth", dob},
                                          {"email", "ect" + trn + "@example.com"}, {"started_on", start},
                                          {"working_pattern", "full_time"}, {"appropriate_body_id", "ab-hub"},
                                          {"training_programme", "provider_led"}, {"lead_provider_id", lead_provider}}))
        .at("participant_id");
  }
  std::string partner(const std::string& urn, const std::string& lead_provider, const std::string& dp, int cohort = 2025) {
    return ok(lp("create_partnership", Json{{"cohort", cohort}, {"school_id", urn}, {"delivery_partner_id", dp}}, lead_provider))
        .at("partnership_id");
  }

  // --- HTTP -----------------------------------------------------------------
  // Sends a request as `lead_provider` ("" for none) and checks the answer against the contract.
  Reply call(const std::string& method, const std::string& path_template, const std::string& target,
             const std::string& lead_provider = kAmbition, const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!lead_provider.empty()) headers.emplace_back("Authorization", "Bearer token-" + lead_provider);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    HttpResult r = http_request(server->port(), method, target, body, headers);
    Reply out{r.status, r.body, Json::parse(r.body, nullptr, false)};
    INFO(method << " " << target << " -> " << r.status << " " << r.body.substr(0, 600));
    REQUIRE(r.status != 0);
    if (const OpenApiContract* c = contract(); c && path_template.rfind("/api/v3", 0) == 0) {
      for (const std::string& problem : c->check(method, path_template, r.status, r.body)) FAIL_CHECK(problem);
    }
    return out;
  }
  Reply get(const std::string& path_template, const std::string& target, const std::string& lead_provider = kAmbition) {
    return call("GET", path_template, target, lead_provider);
  }
  static std::string body(const std::string& type, const Json& attributes) {
    return Json{{"data", {{"type", type}, {"attributes", attributes}}}}.dump();
  }

  TempDir dir{"rect-v3"};
  ManualClock clock{at("2025-10-15T09:00:00Z")};
  SeededRandom rng{42};
  std::unique_ptr<RocksDbEventStore> store;
  std::unique_ptr<domain::CommandHandler> commands;
  std::unique_ptr<projections::ReadModelStore> read_models;
  std::unique_ptr<projections::lead_provider::LeadProviderViews> views;
  std::unique_ptr<projections::ProjectionEngine> engine;
  api::Router router;
  std::unique_ptr<api::HttpServer> server;

 private:
  api::HttpResponse handle(const api::HttpRequest& r) {
    api::RequestContext ctx;
    ctx.now = clock.now();
    if (r.path().rfind("/api/v3", 0) == 0) {
      const std::string_view auth = r.header("authorization");
      const std::string prefix = "Bearer token-";
      if (auth.rfind(prefix, 0) != 0) return api::HttpResponse::json(401, R"({"error":"HTTP Token: Access denied"})");
      ctx.actor = {ActorKind::kLeadProvider, std::string(auth.substr(prefix.size()))};
    }
    try {
      return router.dispatch(r, ctx);
    } catch (const std::exception& e) {
      return api::HttpResponse::json(500, std::string(R"({"error":")") + api::json_escape(e.what()) + "\"}");
    }
  }
};

}  // namespace rect::testing::v3
