// rect-replay beside a running rectd: reads and rebuilds open the log as a
// secondary and build the read models in a fresh directory, so rectd keeps
// serving and accepting writes throughout.
#include <atomic>
#include <chrono>
#include <thread>

#include "projections/generations.h"
#include "tests/replay-tools/replay_world.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"

using namespace rect;
using namespace rect::replay::testing;
using namespace std::chrono_literals;

TEST_CASE("replay: rebuild, verify and as-of run while rectd serves and writes") {
  DataDir d;
  d.write();
  rect::testing::Process rectd(RECTD_BIN, {"--data-dir", d.path(), "--port", "0"});
  auto line = rectd.wait_for_line("listening on", 30s);
  REQUIRE(line);
  const std::uint16_t port = rect::testing::port_from_listen_line(*line);
  REQUIRE(port != 0);
  const std::string token_file = read_text(d.path() + "/admin.token");
  const std::vector<std::pair<std::string, std::string>> auth = {
      {"Authorization", "Bearer " + token_file.substr(0, token_file.find('\n'))}};

  // A writer keeps issuing tokens, one every 20 ms, (each an append and a projection fold in rectd).
  std::atomic<bool> stop{false};
  std::atomic<int> written{0}, failed{0};
  std::thread writer([&] {
    while (!stop.load()) {
      auto r = rect::testing::http_request(port, "POST", "/admin/tokens",
                                           R"({"holder_kind":"lead_provider","holder_id":"lp-ambition"})", auth);
      (r.status == 200 ? written : failed).fetch_add(1);
      std::this_thread::sleep_for(20ms);  // stays under the admin rate limit (1,000 per 5 minutes)
    }
  });
  Run rebuild = rr({"rebuild", "--data-dir", d.path()});
  Run verify = rr({"verify", "--data-dir", d.path()});
  Run as_of = rr({"as-of", "--data-dir", d.path(), "--time", "2025-10-10", "--out", d.tmp.sub("then")});
  Run second = rr({"rebuild", "--data-dir", d.path()});
  stop = true;
  writer.join();
  INFO(rebuild.out << rebuild.err << verify.out << verify.err << second.out << second.err);
  CHECK(rebuild.rc == 0);
  CHECK(verify.rc == 0);
  CHECK(as_of.rc == 0);
  CHECK(second.rc == 0);
  CHECK(projections::current_generation(d.path())->number == 2);
  CHECK(written.load() > 0);
  CHECK(failed.load() == 0);
  auto health = rect::testing::http_request(port, "GET", "/healthz");
  CHECK(health.status == 200);
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(d.tmp.sub("then"), ec), end; !ec && it != end; it.increment(ec))
    std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
  std::filesystem::permissions(d.tmp.sub("then"), std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
}
