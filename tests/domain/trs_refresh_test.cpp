// The TRS sync (domain.md §1.1, §2.6): a TRS answer for a registered
// teacher refreshes their copy of the record, one event per kind of change.
#include "tests/domain/world.h"

using namespace rect;
using namespace rect::domain;
using namespace rect::domain::testing;

namespace {

std::string trs(const std::string& first, const std::string& last, const std::string& status = "RequiredToComplete") {
  return R"({"trn":"1000001","first_name":")" + first + R"(","last_name":")" + last +
         R"(","date_of_birth":"1995-05-05","induction_status":")" + status + R"(","qts_awarded_on":"2025-07-01"})";
}

struct Alice : World {
  std::string pid;
  Alice() { pid = register_alice(); }
  CommandOutcome rename(const std::string& name) {
    return school("change_name", R"({"school_urn":"100001","trn":"1000001","corrected_name":")" + name + R"("})");
  }
};

}  // namespace

TEST_CASE("trs refresh: a changed TRS name refreshes the teacher's names, one change per field") {
  Alice w;
  auto o = w.system("record_trs_teacher", trs("Alice", "Jones"));
  INFO(o.status.to_string());
  REQUIRE(o.ok());
  auto refreshed = w.written(o, "teacher_trs_snapshot_refreshed");
  REQUIRE(refreshed.size() == 1);
  CHECK(refreshed[0]["teacher_id"] == w.pid);
  CHECK(refreshed[0]["changes"] == nlohmann::json{{"last_name", {{"from", "Smith"}, {"to", "Jones"}}}});
  CHECK(o.events.back().stream == "teacher-" + w.pid);
  // The teacher's name is now the TRS one: renaming to it changes nothing.
  expect_error(w.rename("Alice Jones"), "corrected_name", "Enter a different name");
  CHECK(w.rename("Alice Smith").ok());
}

TEST_CASE("trs refresh: an unchanged answer records nothing on the teacher") {
  Alice w;
  auto o = w.system("record_trs_teacher", trs("Alice", "Smith"));
  REQUIRE(o.ok());
  REQUIRE(o.events.size() == 1);
  CHECK(o.events[0].type == "trs_record_received");
}

TEST_CASE("trs refresh: a TRS name equal to the corrected name, ignoring case, clears the correction") {
  Alice w;
  REQUIRE(w.rename("Alice Brown").ok());
  auto other = w.system("record_trs_teacher", trs("Alice", "Smyth"));
  REQUIRE(other.ok());
  CHECK(!w.wrote(other, "teacher_name_corrected"));
  auto o = w.system("record_trs_teacher", trs("ALICE", "brown"));
  REQUIRE(o.ok());
  auto cleared = w.written(o, "teacher_name_corrected");
  REQUIRE(cleared.size() == 1);
  CHECK(cleared[0]["from"] == "Alice Brown");
  CHECK(cleared[0]["to"] == "");
  CHECK(cleared[0]["by"] == "trs");
  auto again = w.system("record_trs_teacher", trs("ALICE", "brown"));
  REQUIRE(again.ok());
  CHECK(!w.wrote(again, "teacher_name_corrected"));
}

TEST_CASE("trs refresh: a changed induction status is recorded on the teacher with from and to") {
  Alice w;
  auto o = w.system("record_trs_teacher", trs("Alice", "Smith", "InProgress"));
  REQUIRE(o.ok());
  auto changed = w.written(o, "teacher_trs_induction_status_changed");
  REQUIRE(changed.size() == 1);
  CHECK(changed[0]["from"] == "RequiredToComplete");
  CHECK(changed[0]["to"] == "InProgress");
  CHECK(!w.wrote(o, "teacher_trs_snapshot_refreshed"));
}
