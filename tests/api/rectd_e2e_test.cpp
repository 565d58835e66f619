// A real rectd process on a loopback port, on a store seeded by rect-seed
// (the same path scripts/run takes): every read endpoint of the lead provider
// API answers 200 with a body that conforms to the shared OpenAPI contract,
// a write goes through, and another provider's record is a 404.
#include <doctest/doctest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.h"
#include "tests/support/openapi_validator.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

const OpenApiContract* shared_contract() {
  static const auto loaded = OpenApiContract::load(RECT_SOURCE_DIR "/../shared/contracts/rect-api-v3.openapi.yaml");
  return loaded.contract.get();
}

std::string first_id(const HttpResult& r) {
  const Json j = Json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_array() || j["data"].empty()) return {};
  return j["data"][0].value("id", "");
}

}  // namespace

TEST_CASE("rectd end to end: every read endpoint on a seeded store conforms to the contract") {
  TempDir dir("rect-e2e");
  Process seed(RECT_SEED_BINARY, {"--data-dir", dir.path(), "--participants", "300", "--seed", "3"});
  REQUIRE_MESSAGE(seed.wait(180s) == std::optional<int>(0), seed.output());
  auto issue = [&](const std::string& lp) {
    Process p(RECTD_BINARY, {"token", "issue", "--holder-kind", "lead_provider", "--holder-id", lp, "--data-dir", dir.path()});
    REQUIRE(p.wait(30s) == std::optional<int>(0));
    std::string out = p.output();
    return out.substr(0, out.find('\n'));
  };
  const std::string token = issue("lp-ambition");
  const std::string other = issue("lp-teach-first");
  Process rectd(RECTD_BINARY, {"--data-dir", dir.path(), "--port", "0", "--threads", "2"});
  auto line = rectd.wait_for_line("listening on", 120s);
  REQUIRE_MESSAGE(line, rectd.output());
  const std::uint16_t port = port_from_listen_line(*line);
  const OpenApiContract* contract = shared_contract();
  if (!contract) MESSAGE("OpenAPI contract checks skipped: ../shared/contracts is not present (or python3/PyYAML is missing)");

  auto get = [&](const std::string& target, const std::string& path_template, const std::string& as) {
    auto r = http_request(port, "GET", target, "", {{"Authorization", "Bearer " + as}});
    INFO(target << " -> " << r.status << " " << r.body.substr(0, 300));
    CHECK(r.status == 200);
    if (contract)
      for (const auto& problem : contract->check("GET", path_template, r.status, r.body)) FAIL_CHECK(problem);
    return r;
  };
  struct Pair {
    std::string list, one;
    std::string query;
  };
  const std::vector<Pair> resources = {
      {"/api/v3/participants", "/api/v3/participants/{id}", ""},
      {"/api/v3/participant-declarations", "/api/v3/participant-declarations/{id}", ""},
      {"/api/v3/partnerships", "/api/v3/partnerships/{id}", ""},
      {"/api/v3/schools", "/api/v3/schools/{id}", "filter%5Bcohort%5D=2024"},
      {"/api/v3/delivery-partners", "/api/v3/delivery-partners/{id}", ""},
      {"/api/v3/statements", "/api/v3/statements/{id}", ""},
      {"/api/v3/unfunded-mentors", "/api/v3/unfunded-mentors/{id}", ""},
  };
  std::string declaration;
  for (const auto& res : resources) {
    const std::string q = res.query.empty() ? "?page%5Bper_page%5D=5" : "?page%5Bper_page%5D=5&" + res.query;
    const auto list = get(res.list + q, res.list, token);
    const std::string id = first_id(list);
    if (id.empty()) {
      MESSAGE(res.list << " is empty for lp-ambition in this dataset");
      continue;
    }
    std::string one = res.one.substr(0, res.one.find("{id}")) + id;
    get(one + (res.query.empty() ? "" : "?" + res.query), res.one, token);
    if (res.list == "/api/v3/participant-declarations") declaration = id;
    if (res.list != "/api/v3/schools" && res.list != "/api/v3/delivery-partners") {
      auto foreign = http_request(port, "GET", one, "", {{"Authorization", "Bearer " + other}});
      CHECK_MESSAGE(foreign.status == 404, one << " visible to another lead provider: " << foreign.status);
    }
  }
  const auto transfers = get("/api/v3/participants/transfers", "/api/v3/participants/transfers", token);
  if (const std::string id = first_id(transfers); !id.empty())
    get("/api/v3/participants/" + id + "/transfers", "/api/v3/participants/{id}/transfers", token);

  REQUIRE_FALSE(declaration.empty());
  auto shown = Json::parse(http_request(port, "GET", "/api/v3/participant-declarations/" + declaration, "",
                                        {{"Authorization", "Bearer " + token}}).body);
  const std::string state = shown["data"]["attributes"].value("state", "");
  auto voided = http_request(port, "PUT", "/api/v3/participant-declarations/" + declaration + "/void", "",
                             {{"Authorization", "Bearer " + token}});
  INFO("void of a " << state << " declaration: " << voided.body.substr(0, 300));
  CHECK((voided.status == 200 || voided.status == 422));
  if (voided.status == 200) {
    const std::string after = Json::parse(voided.body)["data"]["attributes"].value("state", "");
    CHECK((after == "voided" || after == "awaiting_clawback"));
  }
  rectd.signal(SIGTERM);
  CHECK(rectd.wait(30s) == std::optional<int>(0));
}

}  // namespace rect::testing
