// The Service in-process: tokens (issue, use, revoke), roles, the rate limit,
// sandbox time, the commands endpoint and /admin/projections.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "api/rate_limiter.h"
#include "api/service.h"
#include "api/sha256.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

struct Fixture {
  TempDir dir{"rect-service"};
  ManualClock clock{*Timestamp::parse_iso8601("2025-10-01T09:00:00Z")};
  SeededRandom random{7};
  std::unique_ptr<api::Service> svc;
  explicit Fixture(api::ServiceOptions o = {}) {
    o.data_dir = dir.path();
    o.port = 0;
    o.clock = &clock;
    o.random = &random;
    auto s = api::Service::start(o);
    REQUIRE_MESSAGE(s, s.status().to_string());
    svc = std::move(*s);
  }
  HttpResult get(const std::string& target, const std::string& token = "") {
    return http_request(svc->port(), "GET", target, "", auth(token));
  }
  HttpResult post(const std::string& target, const std::string& body, const std::string& token) {
    return http_request(svc->port(), "POST", target, body, auth(token));
  }
  static std::vector<std::pair<std::string, std::string>> auth(const std::string& token) {
    if (token.empty()) return {};
    return {{"Authorization", "Bearer " + token}};
  }
};

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-4 examples") {
  CHECK(api::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(api::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(api::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(api::sha256_hex(std::string(1000, 'a')) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
  CHECK(api::constant_time_equal("abc", "abc"));
  CHECK_FALSE(api::constant_time_equal("abc", "abd"));
  CHECK_FALSE(api::constant_time_equal("abc", "abcd"));
}

TEST_CASE("the rate limiter admits N per rolling window") {
  api::RateLimiter limiter(3, 10s);
  Timestamp t(0);
  CHECK_FALSE(limiter.allow("k", t));
  CHECK_FALSE(limiter.allow("k", Timestamp(1'000'000)));
  CHECK_FALSE(limiter.allow("k", Timestamp(2'000'000)));
  auto blocked = limiter.allow("k", Timestamp(3'000'000));
  REQUIRE(blocked);
  CHECK(blocked->count() == 7);
  CHECK_FALSE(limiter.allow("other", Timestamp(3'000'000)));
  CHECK_FALSE(limiter.allow("k", Timestamp(10'000'000)));  // the first left the window
  CHECK(limiter.allow("k", Timestamp(10'500'000)));
}

TEST_CASE("tokens: stored as hashes, scoped by role, revocation in force on the next request") {
  Fixture f;
  const std::string admin = f.svc->admin_token();
  struct stat st {};
  REQUIRE(::stat((f.dir.path() + "/admin.token").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  CHECK(f.get("/api/v3/participants").status == 401);
  CHECK(f.get("/api/v3/participants").body == R"({"error":"HTTP Token: Access denied"})");
  CHECK(f.get("/api/v3/participants", "rect_nonsense").status == 401);
  CHECK(f.get("/admin/projections").status == 401);
  CHECK(f.get("/admin/projections", admin).status == 200);

  auto issued = f.post("/admin/tokens", R"({"holder_kind":"lead_provider","holder_id":"lp-ambition"})", admin);
  REQUIRE(issued.status == 200);
  const Json j = Json::parse(issued.body);
  const std::string token = j["data"]["token"];
  const std::string token_id = j["data"]["token_id"];
  // The secret never reaches the log: only its hash does.
  auto all = f.svc->log().read_all(GlobalPosition::start(), 100);
  REQUIRE(all);
  for (const auto& e : *all) CHECK(e.data.payload.find(token.substr(38)) == std::string::npos);

  CHECK(f.get("/admin/projections", token).status == 403);  // a lead provider is not an admin
  CHECK(f.post("/commands/start_day", "{}", token).status == 403);
  CHECK(f.get("/api/v3/participants", admin).status == 401);  // an admin is not a lead provider
  const auto lp_call = f.get("/api/v3/no-such-endpoint", token);
  CHECK(lp_call.status == 404);  // authenticated, then routed

  auto wrong_secret = token;
  wrong_secret.back() = wrong_secret.back() == '0' ? '1' : '0';
  CHECK(f.get("/api/v3/no-such-endpoint", wrong_secret).status == 401);
  CHECK(http_request(f.svc->port(), "GET", "/api/v3/x", "", {{"Authorization", "Token token=" + token}}).status == 404);

  auto revoked = http_request(f.svc->port(), "DELETE", "/admin/tokens/" + token_id, "", Fixture::auth(admin));
  CHECK(revoked.status == 200);
  CHECK(f.get("/api/v3/no-such-endpoint", token).status == 401);
  CHECK(http_request(f.svc->port(), "DELETE", "/admin/tokens/" + std::string(32, 'a'), "", Fixture::auth(admin)).status == 404);
  CHECK(f.post("/admin/tokens", R"({"holder_kind":"wizard"})", admin).status == 422);
  CHECK(f.post("/admin/tokens", "not json", admin).status == 400);
}

TEST_CASE("statements are open to finance and admin tokens only") {
  Fixture f;
  auto finance = f.svc->issue_token({ActorKind::kFinanceUser, "finance@example"});
  auto lp = f.svc->issue_token({ActorKind::kLeadProvider, "lp-1"});
  REQUIRE(finance);
  REQUIRE(lp);
  CHECK(f.get("/admin/statements?lead_provider_id=lp-1", *finance).status == 200);
  CHECK(f.get("/admin/statements?lead_provider_id=lp-1", f.svc->admin_token()).status == 200);
  CHECK(f.get("/admin/statements?lead_provider_id=lp-1", *lp).status == 403);
  CHECK(f.get("/admin/projections", *finance).status == 403);
  CHECK(f.get("/admin/statements/" + std::string(36, 'a'), *finance).status == 404);
}

TEST_CASE("the lead provider API allows 1,000 requests per 5 minutes per token") {
  Fixture f(api::ServiceOptions{.rate_limit = 5});
  auto lp = f.svc->issue_token({ActorKind::kLeadProvider, "lp-1"});
  REQUIRE(lp);
  for (int i = 0; i < 5; ++i) CHECK(f.get("/api/v3/x", *lp).status == 404);
  auto limited = f.get("/api/v3/x", *lp);
  CHECK(limited.status == 429);
  CHECK(limited.body.find("Too many requests") != std::string::npos);
  f.clock.advance(301s);
  CHECK(f.get("/api/v3/x", *lp).status == 404);
}

TEST_CASE("commands over HTTP run with the token's role and answer the domain's errors") {
  Fixture f;
  const std::string admin = f.svc->admin_token();
  auto list = f.get("/commands", admin);
  REQUIRE(list.status == 200);
  CHECK(list.body.find("register_ect") != std::string::npos);
  auto created = f.post("/commands/register_lead_provider",
                        R"({"lead_provider_id":"lp-x","name":"LP X","vat_registered":true})", admin);
  CHECK_MESSAGE(created.status == 200, created.body);
  CHECK(Json::parse(created.body)["position"].get<std::uint64_t>() > 0);
  auto bad = f.post("/commands/register_lead_provider", R"({"lead_provider_id":"lp-y"})", admin);
  CHECK(bad.status == 422);
  CHECK(Json::parse(bad.body)["errors"].size() >= 1);
  CHECK(f.post("/commands/no_such_command", "{}", admin).status == 400);
  CHECK(f.post("/commands/register_lead_provider", "[1]", admin).status == 400);
  auto st = Json::parse(f.get("/admin/projections", admin).body);
  CHECK(st["head"].get<std::uint64_t>() >= 2);
  for (const auto& p : st["projections"]) {
    CHECK(p["lag"] == 0);
    CHECK(p["last_error"].is_null());
  }
}

TEST_CASE("sandbox mode honours X-With-Server-Date, outside it the header is ignored") {
  Fixture normal;
  auto lp = normal.svc->issue_token({ActorKind::kLeadProvider, "lp-1"});
  REQUIRE(lp);
  auto h = http_request(normal.svc->port(), "GET", "/api/v3/x", "",
                        {{"Authorization", "Bearer " + *lp}, {"X-With-Server-Date", "nonsense"}});
  CHECK(h.status == 404);  // ignored, not rejected

  Fixture sandbox(api::ServiceOptions{.sandbox = true});
  auto lp2 = sandbox.svc->issue_token({ActorKind::kLeadProvider, "lp-1"});
  REQUIRE(lp2);
  auto bad = http_request(sandbox.svc->port(), "GET", "/api/v3/x", "",
                          {{"Authorization", "Bearer " + *lp2}, {"X-With-Server-Date", "nonsense"}});
  CHECK(bad.status == 400);
  CHECK(bad.body.find("X-With-Server-Date") != std::string::npos);
}

}  // namespace rect::testing
