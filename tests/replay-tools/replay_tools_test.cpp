// rect-replay verify, export, timeline, import and usage.
#include <filesystem>
#include <nlohmann/json.hpp>

#include "projections/generations.h"
#include "projections/read_model_store.h"
#include "tests/replay-tools/replay_world.h"

namespace fs = std::filesystem;
using namespace rect;
using namespace rect::replay::testing;

TEST_CASE("replay: verify passes on a rebuilt copy and catches a tampered read model") {
  DataDir d;
  d.write();
  REQUIRE(rr({"rebuild", "--data-dir", d.path()}).rc == 0);
  Run ok = rr({"verify", "--data-dir", d.path()});
  INFO(ok.out << ok.err);
  CHECK(ok.rc == 0);
  CHECK(ok.out.find("ok   log:") != std::string::npos);
  CHECK(ok.out.find("equals a fresh fold") != std::string::npos);
  {
    auto rm = projections::ReadModelStore::open(projections::generation_dir(d.path(), 1), {});
    REQUIRE(rm);
    auto cp = (*rm)->checkpoint("lead_provider_api");
    REQUIRE(cp);
    REQUIRE((*rm)->commit({{"lead_provider_api", {{"zz-tampered", std::string("{}")}}, cp->position, cp->schema_version}}));
  }
  Run bad = rr({"verify", "--data-dir", d.path()});
  INFO(bad.out);
  CHECK(bad.rc == 1);
  CHECK(bad.out.find("FAIL lead_provider_api") != std::string::npos);
}

TEST_CASE("replay: verify of a store that has no read models yet says how to build them") {
  DataDir d;
  d.write(false);
  Run r = rr({"verify", "--data-dir", d.path()});
  INFO(r.out << r.err);
  CHECK(r.rc == 2);
  CHECK(r.out.find("ok   log:") != std::string::npos);
  CHECK(r.err.find("no read-model store at") != std::string::npos);
  CHECK(r.err.find("'rect-replay rebuild' builds the read models, --log-only checks the log alone") !=
        std::string::npos);
  CHECK(rr({"verify", "--data-dir", d.path(), "--log-only"}).rc == 0);
}

TEST_CASE("replay: export writes one CSV per type and month with a header row") {
  DataDir d;
  d.write();
  const std::string out = d.tmp.sub("export");
  Run r = rr({"export", "--data-dir", d.path(), "--format", "csv", "--out", out});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  const std::string csv = read_text(out + "/events/lead_provider_created/2025-10.csv");
  REQUIRE(!csv.empty());
  CHECK(csv.rfind("position,recorded_at,valid_at,stream,version,type,schema_version,event_id", 0) == 0);
  CHECK(csv.find("lead_provider_id") != std::string::npos);
  CHECK(fs::exists(out + "/read_models/lead_provider_api.csv"));
  auto manifest = nlohmann::json::parse(read_text(out + "/manifest.json"));
  CHECK(manifest["log_head"].get<std::uint64_t>() > 0);

  Run only = rr({"export", "--data-dir", d.path(), "--format", "jsonl", "--type", "declaration_submitted",
                     "--from", "2025-10-15", "--out", d.tmp.sub("jsonl"), "--no-read-models"});
  REQUIRE(only.rc == 0);
  CHECK(fs::exists(d.tmp.sub("jsonl") + "/events/declaration_submitted/2025-10.jsonl"));
  CHECK_FALSE(fs::exists(d.tmp.sub("jsonl") + "/events/lead_provider_created"));
  const std::string jsonl = read_text(d.tmp.sub("jsonl") + "/events/declaration_submitted/2025-10.jsonl");
  CHECK(jsonl.find("\"valid_at\":\"2025-10-01T10:00:00.000000Z\"") != std::string::npos);

  // The read models cut by --valid-at: Alice's move to 100002 (recorded
  // 2025-10-15, from 2026-01-05) is not in force on 2025-12-01.
  Run in_force = rr({"export", "--data-dir", d.path(), "--format", "csv", "--valid-at", "2025-12-01",
                     "--type", "teacher_created", "--out", d.tmp.sub("in-force")});
  INFO(in_force.out << in_force.err);
  REQUIRE(in_force.rc == 0);
  const std::string all_models = read_text(out + "/read_models/lead_provider_api.csv");
  const std::string in_force_models = read_text(d.tmp.sub("in-force") + "/read_models/lead_provider_api.csv");
  CHECK(all_models.find("\"\"started_on\"\":\"\"2026-01-05\"\"") != std::string::npos);
  CHECK(in_force_models.find("\"\"started_on\"\":\"\"2026-01-05\"\"") == std::string::npos);
  CHECK(in_force_models.find("\"\"started_on\"\":\"\"2025-09-01\"\"") != std::string::npos);
  auto cut = nlohmann::json::parse(read_text(d.tmp.sub("in-force") + "/manifest.json"));
  CHECK(cut["read_models_valid_at"] == "2025-12-01T00:00:00.000000Z");

  Run xml = rr({"export", "--data-dir", d.path(), "--format", "xml", "--out", d.tmp.sub("xml")});
  CHECK(xml.rc == 2);
  CHECK(xml.err.find("unknown --format 'xml' (csv or jsonl)") != std::string::npos);
  CHECK_FALSE(fs::exists(d.tmp.sub("xml")));
}

TEST_CASE("replay: timeline prints a participant's history in log order") {
  DataDir d;
  d.write();
  std::string teacher;
  {
    auto store = RocksDbEventStore::open(d.path() + "/events", {.read_only = true});
    REQUIRE(store);
    auto page = (*store)->read_all(GlobalPosition(), 100000);
    REQUIRE(page);
    for (const auto& e : *page)
      if (e.data.type == "declaration_submitted")
        teacher = nlohmann::json::parse(e.data.payload)["teacher_id"].get<std::string>();
  }
  REQUIRE(!teacher.empty());
  Run r = rr({"timeline", teacher, "--data-dir", d.path()});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  CHECK(r.out.find("teacher_created") != std::string::npos);
  CHECK(r.out.find("declaration_submitted") != std::string::npos);
  CHECK(r.out.find("trn_claimed") != std::string::npos);
  // Alice's move, recorded 2025-10-15, starts on a business date; her
  // declaration took effect at its declaration_date.
  CHECK(r.out.find("(in force from 2026-01-05)  ect_placement_started") != std::string::npos);
  CHECK(r.out.find("(in force 2025-10-01T10:00:00.000000Z)  declaration_submitted") != std::string::npos);
  CHECK(rr({"timeline", "no-such-teacher", "--data-dir", d.path()}).rc == 1);
}

TEST_CASE("replay: import plays reference data and scenarios through the domain") {
  rect::testing::TempDir tmp("rect-replay-import");
  const std::string src = RECT_SOURCE_DIR;
  for (const std::string f : {"data/reference/contract-periods.v1.json", "data/reference/schedules.v1.json",
                              "data/scenarios/sandbox-setup.jsonl"}) {
    Run r = rr({"import", src + "/" + f, "--data-dir", tmp.path()});
    INFO(f << r.out << r.err);
    REQUIRE(r.rc == 0);
  }
  Run again = rr({"import", src + "/data/scenarios/sandbox-setup.jsonl", "--data-dir", tmp.path()});
  CHECK(again.rc == 1);
  CHECK(rr({"verify", "--data-dir", tmp.path(), "--log-only"}).rc == 0);
}

TEST_CASE("replay: usage") {
  CHECK(rr({}).rc == 2);
  CHECK(rr({"--help"}).rc == 0);
  for (const char* c : {"rebuild", "as-of", "diff", "export", "audit", "import", "verify", "timeline"}) {
    Run r = rr({c, "--help"});
    CHECK(r.rc == 0);
    CHECK(r.out.find("usage: rect-replay") != std::string::npos);
  }
  CHECK(rr({"rebuild", "--bogus"}).rc == 2);
  CHECK(rr({"as-of", "--out", "/tmp/x"}).rc == 2);
  CHECK(rr({"frobnicate"}).rc == 2);
}
