// Test support: a fresh in-memory world with the project's reference data and
// the sandbox setup scenario played, the clock at 2025-10-15 09:00 UTC.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "domain/command_handler.h"
#include "domain/scenario.h"
#include "events/memory_store.h"

namespace rect::domain::testing {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline Timestamp at(const char* iso) { return Timestamp::parse_iso8601(iso).value(); }

// Checks that `o` was rejected with exactly this field error among its
// errors, and that nothing was written.
inline void expect_error(const CommandOutcome& o, const std::string& title, const std::string& detail) {
  INFO(o.status.to_string());
  REQUIRE(o.status.code() == Code::kValidation);
  bool found = false;
  for (const FieldError& e : o.errors) found = found || (e.title == title && e.detail == detail);
  INFO(title << ": " << detail);
  CHECK(found);
  CHECK(o.events.empty());
}

// Forwards to another store, calling `before_append(n)` before the n-th
// append (from 1) so a test can interleave another command at that point.
class HookedStore final : public EventStore {
 public:
  explicit HookedStore(EventStore& inner) : inner_(inner) {}
  std::function<void(int)> before_append;

  Result<AppendResult> append(std::string_view stream, ExpectedVersion expected, std::vector<EventData> events) override {
    const int n = ++appends_;
    if (before_append) before_append(n);
    return inner_.append(stream, expected, std::move(events));
  }
  Result<std::vector<RecordedEvent>> read_stream(std::string_view stream, StreamVersion from,
                                                 std::size_t max) const override {
    return inner_.read_stream(stream, from, max);
  }
  Result<std::vector<RecordedEvent>> read_all(GlobalPosition after, std::size_t max) const override {
    return inner_.read_all(after, max);
  }
  Result<StreamVersion> stream_version(std::string_view stream) const override { return inner_.stream_version(stream); }
  GlobalPosition head() const override { return inner_.head(); }
  GlobalPosition wait_for_head_after(GlobalPosition after, std::chrono::milliseconds wait) const override {
    return inner_.wait_for_head_after(after, wait);
  }

 private:
  EventStore& inner_;
  std::atomic<int> appends_{0};
};

// A command decided on its own thread and held just before its first append
// until join(), so that a test can run a competing command in between, as
// two rectd processes sharing one store would. The constructor returns once
// the command is decided.
//   HeldCommand held(w.store, w.clock, "submit_declaration", ActorKind::kLeadProvider, "lp-ambition", body);
//   w.merge();                           // lands between decision and write
//   CommandOutcome o = held.join();      // the held command writes (or decides again)
class HeldCommand {
 public:
  HeldCommand(EventStore& store, const Clock& clock, const std::string& name, ActorKind kind, const std::string& actor_id,
              const std::string& body, std::uint64_t seed = 5)
      : hooked_(store), rng_{seed}, handler_(hooked_, clock, rng_), go_(go_promise_.get_future().share()) {
    command_.name = name;
    command_.actor.kind = kind;
    command_.actor.id = actor_id;
    command_.body = body;
    hooked_.before_append = [this](int n) {
      if (n != 1) return;
      held_ = true;
      decided_.set_value();
      go_.wait();
    };
    // A command refused before it writes is never held.
    thread_ = std::thread([this] {
      out_ = handler_.execute(command_);
      if (!held_) decided_.set_value();
    });
    decided_.get_future().wait();
  }
  HeldCommand(const HeldCommand&) = delete;
  HeldCommand& operator=(const HeldCommand&) = delete;
  ~HeldCommand() {
    if (thread_.joinable()) join();
  }

  // Lets the command write; returns its outcome once it has finished.
  CommandOutcome join() {
    if (thread_.joinable()) {
      go_promise_.set_value();
      thread_.join();
    }
    return out_;
  }

 private:
  HookedStore hooked_;
  SeededRandom rng_;
  CommandHandler handler_;
  Command command_;
  std::promise<void> decided_, go_promise_;
  std::shared_future<void> go_;
  std::thread thread_;
  bool held_ = false;  // only the command's thread touches it
  CommandOutcome out_;
};

struct World {
  ManualClock clock{at("2025-10-15T09:00:00Z")};
  SeededRandom rng{42};
  MemoryEventStore store{&clock, &rng};
  CommandHandler handler{store, clock, rng};
  ScenarioPlayer player{handler};

  explicit World(bool sandbox = true) {
    for (const char* f : {"contract-periods.v1.json", "schedules.v1.json"}) {
      auto cmds = reference_commands(read_text(std::string(RECT_SOURCE_DIR) + "/data/reference/" + f));
      REQUIRE(cmds);
      for (const Command& c : *cmds) REQUIRE(handler.execute(c).ok());
    }
    if (sandbox) play_file("data/scenarios/sandbox-setup.jsonl");
  }

  void play_file(const std::string& rel) {
    auto r = player.play(read_text(std::string(RECT_SOURCE_DIR) + "/" + rel));
    INFO(r.status().to_string());
    REQUIRE(r);
  }
  void set_today(const char* iso) { clock.set(at(iso)); }

  CommandOutcome run(const std::string& name, Actor actor, const std::string& body) {
    return handler.execute({name, std::move(actor), body, std::nullopt});
  }
  CommandOutcome school(const std::string& name, const std::string& body) {
    return run(name, {ActorKind::kSchoolUser, "school-user"}, body);
  }
  CommandOutcome lp(const std::string& name, const std::string& body, const std::string& lp_id = "lp-ambition") {
    return run(name, {ActorKind::kLeadProvider, lp_id}, body);
  }
  CommandOutcome ab(const std::string& name, const std::string& body, const std::string& ab_id = "ab-hub") {
    return run(name, {ActorKind::kAppropriateBody, ab_id}, body);
  }
  CommandOutcome system(const std::string& name, const std::string& body) {
    return run(name, {ActorKind::kSystem, ""}, body);
  }
  CommandOutcome finance(const std::string& name, const std::string& body) {
    return run(name, {ActorKind::kFinanceUser, "finance-1"}, body);
  }

  // Registers TRN 1000001 (Alice) at 100001, provider-led with lp-ambition; returns the participant id.
  std::string register_alice(const std::string& start = "2025-09-01", const std::string& urn = "100001",
                             const std::string& lp_id = "lp-ambition") {
    auto o = school("register_ect", R"({"school_urn":")" + urn + R"(","trn":"1000001","date_of_birth":"1995-05-05",
      "email":"alice@example.com","started_on":")" + start + R"(","working_pattern":"full_time",
      "appropriate_body_id":"ab-hub","training_programme":"provider_led","lead_provider_id":")" + lp_id + R"("})");
    INFO(o.status.to_string());
    REQUIRE(o.ok());
    return result(o, "participant_id");
  }
  // Ivan: another ECT (TRN 1000009) with lp-ambition, at 100002 from 1
  // September 2025; the usual destination of a merge.
  std::string register_ivan() {
    auto o = school("register_ect", R"({"school_urn":"100002","trn":"1000009","date_of_birth":"1999-01-09",
        "email":"ivan@example.com","started_on":"2025-09-01","working_pattern":"full_time","appropriate_body_id":"ab-hub",
        "training_programme":"provider_led","lead_provider_id":"lp-ambition"})");
    INFO(o.status.to_string());
    REQUIRE(o.ok());
    return result(o, "participant_id");
  }
  // The duplicates a merge test starts from: Alice at 100001 and Ivan at
  // 100002, both partnered with lp-ambition, registered on 10 September 2025;
  // the clock is left at 15 October 2025. Returns {alice, ivan}.
  std::pair<std::string, std::string> register_merge_pair() {
    set_today("2025-09-10T09:00:00Z");
    partner();
    partner("100002");
    std::pair<std::string, std::string> ids{register_alice("2025-09-01"), register_ivan()};
    set_today("2025-10-15T09:00:00Z");
    return ids;
  }
  std::string partner(const std::string& urn = "100001", const std::string& lp_id = "lp-ambition",
                      const std::string& dp = "dp-north", int cohort = 2025) {
    auto o = lp("create_partnership", R"({"cohort":)" + std::to_string(cohort) + R"(,"school_id":")" + urn +
                                          R"(","delivery_partner_id":")" + dp + R"("})", lp_id);
    INFO(o.status.to_string());
    REQUIRE(o.ok());
    return result(o, "partnership_id");
  }
  static std::string result(const CommandOutcome& o, const char* field) {
    const std::string key = std::string("\"") + field + "\":\"";
    const auto at = o.result.find(key);
    if (at == std::string::npos) return "";
    const auto from = at + key.size();
    return o.result.substr(from, o.result.find('"', from) - from);
  }
  std::vector<RecordedEvent> all_events() const {
    auto r = store.read_all(GlobalPosition(0), 1000000);
    REQUIRE(r);
    return std::move(r).value();
  }
  std::vector<RecordedEvent> stream(const std::string& name) const {
    auto r = store.read_stream(name, StreamVersion(1), 1000000);
    REQUIRE(r);
    return std::move(r).value();
  }
  // The payloads of the events of `type` that the outcome wrote, in order.
  std::vector<nlohmann::json> written(const CommandOutcome& o, const std::string& type) const {
    std::vector<nlohmann::json> out;
    for (const WrittenEvent& e : o.events) {
      if (e.type != type) continue;
      auto r = store.read_all(GlobalPosition(e.position.value() - 1), 1);
      REQUIRE(r);
      REQUIRE(r.value().size() == 1);
      out.push_back(nlohmann::json::parse(r.value()[0].data.payload));
    }
    return out;
  }
  bool wrote(const CommandOutcome& o, const std::string& type) const {
    for (const WrittenEvent& e : o.events)
      if (e.type == type) return true;
    return false;
  }
};

}  // namespace rect::domain::testing
