// rect-replay rebuild, as-of and diff: determinism, the blue/green swap and
// cutting the log by position and by time.
#include <filesystem>

#include "projections/generations.h"
#include "projections/read_model_store.h"
#include "tests/replay-tools/replay_world.h"

namespace fs = std::filesystem;
using namespace rect;
using namespace rect::replay::testing;

namespace {

std::vector<std::string> rebuilt_digests(const Run& r) {
  std::vector<std::string> out;
  for (const auto& l : lines_starting(r.out, "digest "))
    if (l.find("(rebuilt)") != std::string::npos) out.push_back(l);
  return out;
}

void make_writable(const std::string& dir) {
  std::error_code ec;
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
}

}  // namespace

TEST_CASE("replay: rebuilding twice from the same log gives byte-identical digests") {
  DataDir d;
  d.write();
  Run first = rr({"rebuild", "--data-dir", d.path()});
  INFO(first.out << first.err);
  REQUIRE(first.rc == 0);
  Run second = rr({"rebuild", "--data-dir", d.path()});
  INFO(second.out << second.err);
  REQUIRE(second.rc == 0);
  REQUIRE(!rebuilt_digests(first).empty());
  CHECK(rebuilt_digests(first) == rebuilt_digests(second));
  Run same = rr({"diff", projections::generation_dir(d.path(), 1), projections::generation_dir(d.path(), 2)});
  INFO(same.out);
  CHECK(same.rc == 0);
}

TEST_CASE("replay: rebuild swaps the pointer and keeps the replaced copy until the next rebuild") {
  DataDir d;
  d.write();
  REQUIRE(rr({"rebuild", "--data-dir", d.path()}).rc == 0);
  CHECK(projections::current_generation(d.path())->number == 1);
  REQUIRE(rr({"rebuild", "--data-dir", d.path()}).rc == 0);
  CHECK(projections::current_generation(d.path())->number == 2);
  CHECK(fs::exists(projections::generation_dir(d.path(), 1)));
  Run third = rr({"rebuild", "--data-dir", d.path()});
  REQUIRE(third.rc == 0);
  CHECK(projections::current_generation(d.path())->number == 3);
  CHECK(fs::exists(projections::generation_dir(d.path(), 2)));
  CHECK_FALSE(fs::exists(projections::generation_dir(d.path(), 1)));
  CHECK(*projections::current_read_models_dir(d.path()) == projections::generation_dir(d.path(), 3));

  SUBCASE("--no-swap and --from-position build but leave the pointer alone") {
    Run r = rr({"rebuild", "--data-dir", d.path(), "--from-position", "5"});
    INFO(r.out << r.err);
    REQUIRE(r.rc == 0);
    CHECK(r.out.find("not swapped in") != std::string::npos);
    CHECK(projections::current_generation(d.path())->number == 3);
  }
  SUBCASE("an unknown projection is refused") {
    Run r = rr({"rebuild", "--data-dir", d.path(), "--projection", "nope"});
    CHECK(r.rc == 2);
    CHECK(r.err.find("unknown projection 'nope'") != std::string::npos);
  }
}

TEST_CASE("replay: the first rebuild of a store without read models names no previous copy") {
  DataDir d;
  d.write();
  Run first = rr({"rebuild", "--data-dir", d.path()});
  INFO(first.out << first.err);
  REQUIRE(first.rc == 0);
  CHECK(first.out.find("(there were no read models before)") != std::string::npos);
  CHECK(first.out.find("previous:") == std::string::npos);
  Run second = rr({"rebuild", "--data-dir", d.path()});
  REQUIRE(second.rc == 0);
  CHECK(second.out.find("(previous: readmodels.gen-1, kept until the next rebuild)") != std::string::npos);
}

TEST_CASE("replay: a rebuild's progress counts the records of its last drain after the events") {
  DataDir d;
  d.write();
  Run r = rr({"rebuild", "--data-dir", d.path()});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  std::uint64_t kept = 0;
  for (const std::string& l : rebuilt_digests(r)) {
    const auto at = l.find("records=");
    REQUIRE(at != std::string::npos);
    kept += std::stoull(l.substr(at + 8));
  }
  REQUIRE(kept > 0);
  const auto stage = lines_starting(r.err, "rebuild: writing read models: ");
  REQUIRE(stage.size() == 1);  // plain output: the final line only, on a log this small
  const std::string& line = stage[0];
  const auto slash = line.find('/');
  const auto space = line.find(' ', slash);
  REQUIRE(slash != std::string::npos);
  const std::uint64_t written = std::stoull(line.substr(std::string("rebuild: writing read models: ").size()));
  CHECK(line.substr(slash + 1, space - slash - 1) == std::to_string(written));
  CHECK(line.find("records (100%)") != std::string::npos);
  CHECK(written >= kept);  // the records kept, and the deletions of views removed in the fold
  CHECK(r.err.find("rebuild: writing read models: ") < r.err.find(" events (100%), "));
}

TEST_CASE("replay: a partial rebuild copies the projections it does not rebuild") {
  DataDir d;
  d.write();
  {
    // A projection rect-replay cannot fold (like rectd's api_tokens).
    auto rm = projections::ReadModelStore::open(d.path() + "/readmodels", {"foreign"});
    REQUIRE(rm);
    REQUIRE((*rm)->commit({{"foreign", {{"k1", std::string("v1")}}, GlobalPosition(3), 7}}));
  }
  Run r = rr({"rebuild", "--data-dir", d.path()});
  INFO(r.out << r.err);
  REQUIRE(r.rc == 0);
  CHECK(r.out.find("digest foreign") != std::string::npos);
  auto rm = projections::ReadModelStore::open(projections::generation_dir(d.path(), 1), {}, true);
  REQUIRE(rm);
  auto cp = (*rm)->checkpoint("foreign");
  REQUIRE(cp);
  CHECK(cp->position == GlobalPosition(3));
  CHECK(cp->schema_version == 7u);
}

TEST_CASE("replay: as-of by position and by time equal a rebuild of the log as it stood then") {
  DataDir d;
  d.write(false);
  REQUIRE(rr({"rebuild", "--data-dir", d.path()}).rc == 0);  // gen 1: part one only
  DataDir more;
  more.write(true);
  REQUIRE(more.end_of_part_one == d.end_of_part_one);
  const std::string cut = std::to_string(d.end_of_part_one.value());

  Run by_pos = rr({"as-of", "--data-dir", more.path(), "--position", cut, "--out", more.tmp.sub("pos")});
  INFO(by_pos.out << by_pos.err);
  REQUIRE(by_pos.rc == 0);
  Run same = rr({"diff", more.tmp.sub("pos"), d.path()});
  INFO(same.out);
  CHECK(same.rc == 0);

  Run by_time = rr({"as-of", "--data-dir", more.path(), "--time", "2025-10-10", "--out", more.tmp.sub("time")});
  REQUIRE(by_time.rc == 0);
  CHECK(rr({"diff", more.tmp.sub("time"), d.path()}).rc == 0);
  CHECK(fs::exists(more.tmp.sub("time") + "/as-of.json"));
  CHECK((fs::status(more.tmp.sub("time") + "/as-of.json").permissions() & fs::perms::owner_write) == fs::perms::none);

  Run now = rr({"as-of", "--data-dir", more.path(), "--time", "2030-01-01", "--out", more.tmp.sub("now")});
  REQUIRE(now.rc == 0);
  Run differs = rr({"diff", more.tmp.sub("now"), d.path(), "--limit", "2"});
  INFO(differs.out);
  CHECK(differs.rc == 1);
  CHECK(differs.out.find("key(s) differ") != std::string::npos);
  CHECK(differs.out.find("    A: ") != std::string::npos);
  for (const char* sub : {"pos", "time", "now"}) make_writable(more.tmp.sub(sub));
}

TEST_CASE("replay: as-of --valid-at leaves out a school move recorded before it takes effect") {
  // teacher-life records (all of it at 2025-10-15T09:00Z in this log) that
  // Alice moves to school 100002 from 2026-01-05, leaving 100001 on
  // 2026-01-04, and passes induction on 2027-07-19.
  DataDir d;
  d.write(true);
  auto as_of = [&](const char* name, std::vector<std::string> cut) {
    std::vector<std::string> words = {"as-of", "--data-dir", d.path(), "--out", d.tmp.sub(name)};
    words.insert(words.end(), cut.begin(), cut.end());
    Run r = rr(words);
    INFO(r.out << r.err);
    REQUIRE(r.rc == 0);
  };
  as_of("known", {"--time", "2025-12-01"});
  as_of("in-force", {"--time", "2025-12-01", "--valid-at", "2025-12-01"});
  as_of("in-force-later", {"--valid-at", "2030-01-01"});

  Run moved = rr({"diff", d.tmp.sub("known"), d.tmp.sub("in-force"), "--limit", "1000"});
  INFO(moved.out);
  CHECK(moved.rc == 1);
  int teachers = 0;
  std::istringstream in(moved.out);
  std::string key, a_line;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  key ", 0) == 0) key = line.substr(6);
    if (key.rfind("e/teacher/", 0) != 0) continue;
    if (line.rfind("    A: ", 0) == 0) a_line = line;
    if (line.rfind("    B: ", 0) != 0) continue;
    ++teachers;
    CHECK(a_line.find("\"started_on\":\"2026-01-05\"") != std::string::npos);
    CHECK(a_line.find("\"outcome\":\"pass\"") != std::string::npos);
    CHECK(line.find("\"started_on\":\"2026-01-05\"") == std::string::npos);
    CHECK(line.find("\"outcome\":\"pass\"") == std::string::npos);
    CHECK(line.find("\"started_on\":\"2025-09-01\"") != std::string::npos);
  }
  CHECK(teachers == 1);

  Run settled = rr({"diff", d.tmp.sub("known"), d.tmp.sub("in-force-later")});
  INFO(settled.out);
  CHECK(settled.rc == 0);
  for (const char* sub : {"known", "in-force", "in-force-later"}) make_writable(d.tmp.sub(sub));
}
