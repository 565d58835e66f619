// Kafka mode end to end: two rectd processes on one (mock) Kafka cluster, a
// writer and a reader. Appends through the writer are visible through the
// reader's API; the reader refuses writes.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <fstream>
#include <thread>

#include "tests/events/kafka_mock.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

std::uint16_t start(Process& p) {
  auto line = p.wait_for_line("listening on", 60s);
  return line ? port_from_listen_line(*line) : 0;
}

std::uint64_t head_of(std::uint16_t port) {
  auto r = http_request(port, "GET", "/healthz");
  if (r.status != 200) return 0;
  return Json::parse(r.body)["projections_at"].get<std::uint64_t>();
}

}  // namespace

TEST_CASE("kafka mode: a writer and a reader rectd on one cluster") {
  MockKafka kafka(3);
  REQUIRE(kafka.create_topic("rect-events", 1));
  TempDir dir("rect-kafka-mode");
  Process writer(RECTD_BINARY, {"--store", "kafka", "--brokers", kafka.bootstraps(), "--topic", "rect-events",
                                "--data-dir", dir.sub("writer"), "--port", "0", "--threads", "2"});
  const std::uint16_t wport = start(writer);
  REQUIRE_MESSAGE(wport != 0, writer.output());
  Process reader(RECTD_BINARY, {"--store", "kafka", "--brokers", kafka.bootstraps(), "--topic", "rect-events",
                                "--kafka-role", "reader", "--data-dir", dir.sub("reader"), "--port", "0", "--threads", "2"});
  const std::uint16_t rport = start(reader);
  REQUIRE_MESSAGE(rport != 0, reader.output());

  std::string admin;
  {
    std::ifstream in(dir.sub("writer") + "/admin.token");
    std::getline(in, admin);
  }
  REQUIRE_FALSE(admin.empty());
  const std::vector<std::pair<std::string, std::string>> as_admin = {{"Authorization", "Bearer " + admin}};
  auto issued = http_request(wport, "POST", "/admin/tokens", R"({"holder_kind":"lead_provider","holder_id":"lp-k"})", as_admin);
  REQUIRE_MESSAGE(issued.status == 200, issued.body);
  const std::string lp_token = Json::parse(issued.body)["data"]["token"];
  auto created = http_request(wport, "POST", "/commands/register_lead_provider",
                              R"({"lead_provider_id":"lp-k","name":"LP K","vat_registered":true})", as_admin);
  REQUIRE_MESSAGE(created.status == 200, created.body);
  const std::uint64_t written = Json::parse(created.body)["position"].get<std::uint64_t>();

  // The reader folds what the writer appended: same head, and the token the
  // writer issued authenticates at the reader.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (head_of(rport) < written && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  CHECK(head_of(rport) >= written);
  auto via_reader = http_request(rport, "GET", "/api/v3/participants", "", {{"Authorization", "Bearer " + lp_token}});
  CHECK_MESSAGE(via_reader.status == 200, via_reader.body);
  CHECK(http_request(rport, "GET", "/api/v3/participants", "", {{"Authorization", "Bearer rect_" + std::string(100, 'f')}})
            .status == 401);

  // Writes sent to the reader are refused with a clear error.
  auto refused = http_request(rport, "POST", "/commands/register_lead_provider",
                              R"({"lead_provider_id":"lp-z","name":"LP Z","vat_registered":true})", as_admin);
  CHECK(refused.status == 503);
  CHECK(refused.body.find("accepts no writes") != std::string::npos);
  auto health = Json::parse(http_request(rport, "GET", "/healthz").body);
  CHECK(health["store"] == "kafka-reader");
  CHECK(health["kafka_clients_abandoned"] == 0);

  reader.signal(SIGTERM);
  writer.signal(SIGTERM);
  CHECK(reader.wait(20s) == std::optional<int>(0));
  CHECK(writer.wait(20s) == std::optional<int>(0));
}

}  // namespace rect::testing
