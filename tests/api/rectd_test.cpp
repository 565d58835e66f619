// rectd as a process: flags, start-up, /healthz, HTTP limits, refusal of a
// bad store, clean shutdown.
#include <doctest/doctest.h>
#include <signal.h>

#include <rocksdb/db.h>

#include "api/rectd_options.h"
#include "events/rocksdb_store.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

using namespace std::chrono_literals;

struct Rectd {
  std::unique_ptr<Process> process;
  std::uint16_t port = 0;
  explicit Rectd(const std::string& data_dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--data-dir", data_dir, "--port", "0", "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    process = std::make_unique<Process>(RECTD_BINARY, args);
    if (auto line = process->wait_for_line("listening on", 30s)) port = port_from_listen_line(*line);
  }
};

}  // namespace

TEST_CASE("rectd options: defaults, every flag, and clear errors") {
  auto d = api::parse_rectd_options({});
  REQUIRE(d);
  CHECK(d->data_dir == "./var");
  CHECK(d->port == 8080);
  CHECK(d->store == "rocksdb");
  auto all = api::parse_rectd_options({"--data-dir", "/x", "--listen=0.0.0.0", "--port", "0", "--threads", "4",
                                       "--store", "rocksdb", "--verify-store", "full"});
  REQUIRE(all);
  CHECK(all->data_dir == "/x");
  CHECK(all->listen == "0.0.0.0");
  CHECK(all->port == 0);
  CHECK(all->threads == 4);
  CHECK(all->verify_store == "full");
  CHECK(api::parse_rectd_options({"--port", "70000"}).status().message().find("0 to 65535") != std::string::npos);
  CHECK(api::parse_rectd_options({"--threads", "0"}).status().code() == Code::kInvalidArgument);
  CHECK(api::parse_rectd_options({"--store", "postgres"}).status().message().find("'postgres'") != std::string::npos);
  CHECK(api::parse_rectd_options({"--bogus"}).status().message().find("unknown option '--bogus'") != std::string::npos);
  CHECK(api::parse_rectd_options({"--data-dir"}).status().message().find("needs a value") != std::string::npos);
  for (const char* flag : {"--data-dir", "--listen", "--port", "--threads", "--store", "--verify-store", "--help"})
    CHECK(api::rectd_usage().find(flag) != std::string::npos);
}

TEST_CASE("rectd serves /healthz and enforces HTTP limits") {
  TempDir dir("rectd");
  Rectd rectd(dir.path());
  REQUIRE_MESSAGE(rectd.port != 0, rectd.process->output());
  auto health = http_request(rectd.port, "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body.find(R"("status":"ok")") != std::string::npos);
  CHECK(health.body.find(R"("head":1)") != std::string::npos);  // the admin token's event
  CHECK(health.body.find(R"("store":"rocksdb")") != std::string::npos);
  CHECK(health.body.find("kafka_clients_abandoned") == std::string::npos);  // Kafka mode's alone

  auto missing = http_request(rectd.port, "GET", "/no/such/path");
  CHECK(missing.status == 404);
  CHECK(missing.body.find("Resource not found") != std::string::npos);
  CHECK(http_request(rectd.port, "DELETE", "/healthz").status == 405);

  auto huge = http_request(rectd.port, "POST", "/api/v3/participant-declarations", std::string((1 << 20) + 1, 'x'));
  CHECK(huge.status == 413);
  auto big_header = http_request(rectd.port, "GET", "/healthz", "", {{"X-Big", std::string(20000, 'h')}});
  CHECK(big_header.status == 431);
  CHECK(http_request(rectd.port, "GET", "/healthz").status == 200);  // still up

  rectd.process->signal(SIGTERM);
  CHECK(rectd.process->wait(10s) == std::optional<int>(0));
}

TEST_CASE("rectd refuses to start on a store of an unknown format") {
  TempDir dir("rectd");
  {
    auto store = RocksDbEventStore::open(dir.sub("events"), {});
    REQUIRE(store);
  }
  Process good(RECTD_BINARY, {"--data-dir", dir.path(), "--port", "0", "--verify-store", "full"});
  REQUIRE(good.wait_for_line("listening on", 30s));
  good.signal(SIGTERM);
  CHECK(good.wait(10s) == std::optional<int>(0));
  {
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* n : {"default", "log", "stream_index", "stream_heads", "event_ids"})
      cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.sub("events"), cfs, &handles, &raw).ok());
    REQUIRE(raw->Put(rocksdb::WriteOptions(), "rect.format_version", std::string(1, '\x07')).ok());
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    delete raw;
  }
  Process bad(RECTD_BINARY, {"--data-dir", dir.path(), "--port", "0"});
  CHECK(bad.wait(30s) == std::optional<int>(1));
  CHECK(bad.output().find("refusing to start") != std::string::npos);
  CHECK(bad.output().find("format version 7") != std::string::npos);
}

TEST_CASE("rectd rejects a bad command line with exit 2 and the usage") {
  Process p(RECTD_BINARY, {"--port", "nope"});
  CHECK(p.wait(10s) == std::optional<int>(2));
  CHECK(p.output().find("--port must be a number") != std::string::npos);
  CHECK(p.output().find("Usage: rectd") != std::string::npos);
  Process help(RECTD_BINARY, {"--help"});
  CHECK(help.wait(10s) == std::optional<int>(0));
  CHECK(help.output().find("--data-dir DIR") != std::string::npos);
}

}  // namespace rect::testing
