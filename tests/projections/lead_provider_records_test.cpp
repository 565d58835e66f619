// Restoring the lead provider views from their records (LeadProviderViews::
// load): a view comes back from its watermark and fingerprints, read from
// the record's top-level fields without building its attributes into a
// tree; a record that is not well-formed, or lacks one of them, is refused
// as corrupt.
#include <map>
#include <string>
#include <vector>

#include "projections/lead_provider/views.h"
#include "tests/domain/world.h"

namespace rect::testing {
namespace {

using projections::RecordChange;
using projections::lead_provider::LeadProviderViews;
using projections::lead_provider::Query;
using projections::lead_provider::Resource;
using Records = std::map<std::string, std::string>;

void drain_into(LeadProviderViews& views, Records& records) {
  std::vector<RecordChange> changes;
  views.drain_changes(changes);
  for (auto& [key, value] : changes) {
    if (value) records[key] = *value;
    else records.erase(key);
  }
}

// Alice registered at Oak with Ambition, her email changed later, folded into
// views; their records.
struct Folded : domain::testing::World {
  LeadProviderViews views;
  Records records;
  Folded() {
    set_today("2025-10-01T09:00:00Z");
    partner();
    register_alice("2025-09-01");
    set_today("2025-10-20T09:00:00Z");  // so that her views' updated_at is not their created_at
    REQUIRE(school("change_email", R"({"school_urn":"100001","trn":"1000001","email":"alice.smith@example.com"})").ok());
    for (const RecordedEvent& e : all_events()) REQUIRE(views.apply(e).ok());
    drain_into(views, records);
  }
  // The first view record ("v/...").
  std::pair<std::string, std::string> view() const {
    for (const auto& [key, value] : records)
      if (key.rfind("v/", 0) == 0) return {key, value};
    FAIL("no view record");
    return {};
  }
};

// `value` with the top-level integer field `field` replaced by `text`.
std::string with_field(std::string value, const std::string& field, const std::string& text) {
  const std::string key = ",\"" + field + "\":";
  const auto at = value.find(key);
  REQUIRE(at != std::string::npos);
  const auto from = at + key.size();
  const auto to = value.find_first_of(",}", from);
  return value.replace(from, to - from, text);
}

Status load_one(const Folded& w, const std::string& key, const std::string& value) {
  LeadProviderViews views;
  for (const auto& [k, v] : w.records)
    if (k.rfind("e/", 0) == 0) REQUIRE(views.load(k, v).ok());
  return views.load(key, value);
}

}  // namespace

TEST_CASE("lead provider records: views restored from their records fold what follows to the same records") {
  Folded w;
  REQUIRE(w.records.size() > 3);
  LeadProviderViews restarted;
  for (const auto& [key, value] : w.records) {
    const Status s = restarted.load(key, value);
    INFO(key << ": " << s.to_string());
    REQUIRE(s.ok());
  }
  const std::uint64_t folded = w.all_events().back().position.value();
  w.set_today("2025-11-03T09:00:00Z");
  REQUIRE(w.school("change_working_pattern", R"({"school_urn":"100001","trn":"1000001","working_pattern":"part_time"})").ok());
  Records live = w.records, after_restart = w.records;
  for (auto [views, records] : {std::pair{&w.views, &live}, std::pair{&restarted, &after_restart}}) {
    for (const RecordedEvent& e : w.all_events())
      if (e.position.value() > folded) REQUIRE(views->apply(e).ok());
    drain_into(*views, *records);
  }
  CHECK(after_restart == live);
  CHECK(live != w.records);  // the change moved a watermark the restored views had to carry
  // What the API shows, watermarks of the views the change left alone included.
  w.views.set_folding_only(false);
  restarted.set_folding_only(false);
  const Timestamp now = w.clock.now();
  for (Resource r : {Resource::kParticipant, Resource::kPartnership, Resource::kDeliveryPartner, Resource::kStatement}) {
    const auto shown = w.views.list(r, "lp-ambition", {}, now);
    CHECK(!shown.empty());
    CHECK(restarted.list(r, "lp-ambition", {}, now) == shown);
  }
  Query school;
  school.school_cohort = 2025;
  CHECK(restarted.list(Resource::kSchool, "lp-ambition", school, now) == w.views.list(Resource::kSchool, "lp-ambition", school, now));
}

TEST_CASE("lead provider records: a view record that is not well-formed JSON is refused as corrupt") {
  Folded w;
  const auto [key, value] = w.view();
  for (const std::string& bad : {value.substr(0, value.size() / 2), std::string("[1,2]"), value + "x"}) {
    INFO(bad);
    const Status s = load_one(w, key, bad);
    CHECK(s.code() == Code::kCorruption);
    CHECK(s.message().find("bad record " + key) != std::string::npos);
  }
}

TEST_CASE("lead provider records: a view record without an integer watermark or fingerprint is refused as corrupt") {
  Folded w;
  const auto [key, value] = w.view();
  for (const char* field : {"c", "ch", "fp", "u"})
    for (const char* text : {"\"12\"", "1.5", "null", "-"}) {
      INFO(field << " = " << text);
      const Status s = load_one(w, key, with_field(value, field, text));
      CHECK(s.code() == Code::kCorruption);
      CHECK(s.message().find("view record without c, u, fp, ch") != std::string::npos);
    }
  CHECK(load_one(w, key, with_field(value, "fp", "18446744073709551615")).ok());
  CHECK(load_one(w, key, with_field(value, "fp", "18446744073709551616")).code() == Code::kCorruption);
}
}  // namespace rect::testing
