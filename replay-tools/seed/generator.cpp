#include "replay-tools/seed/generator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "domain/command_handler.h"
#include "replay-tools/seed/calendar.h"
#include "replay-tools/seed/seed_log.h"
#include "replay-tools/seed/shard.h"
#include "replay-tools/seed/world.h"

namespace rect::seed {
namespace {

using Json = nlohmann::json;

constexpr int kTrnsPerShard = 2000;

std::uint64_t mix(std::uint64_t seed, std::uint64_t salt) {
  std::uint64_t z = seed * 0x9e3779b97f4a7c15ULL + salt * 0xbf58476d1ce4e5b9ULL + 0x94d049bb133111ebULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

bool output_payment_month(int month) { return month == 1 || month == 4 || month == 8 || month == 11; }

// Writes groups of appends into the target on its own thread, so that the
// target's synced writes overlap the simulation; stops at the first error.
class TargetWriter {
 public:
  TargetWriter(EventStore& target, ManualClock& clock) : target_(target), clock_(clock), thread_([this] { loop(); }) {}
  ~TargetWriter() { (void)finish(); }

  // Queues the appends of one recorded_at; waits while much is queued.
  Status push(Timestamp at, std::vector<AppendRequest> requests, std::size_t events) {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return queued_events_ < kMaxQueuedEvents || !error_.is_ok(); });
    if (!error_.is_ok()) return error_;
    queue_.push_back({at, std::move(requests), events});
    queued_events_ += events;
    cv_.notify_all();
    return Status::ok();
  }

  // Writes what is queued, stops the thread and returns the first error.
  Status finish() {
    {
      std::lock_guard<std::mutex> l(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    return error_;
  }

 private:
  static constexpr std::size_t kMaxQueuedEvents = 400000;
  struct Group {
    Timestamp at;
    std::vector<AppendRequest> requests;
    std::size_t events = 0;
  };

  void loop() {
    for (;;) {
      Group g;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return !queue_.empty() || done_; });
        if (queue_.empty()) return;
        g = std::move(queue_.front());
        queue_.pop_front();
      }
      Status s = write(g);
      std::lock_guard<std::mutex> l(mu_);
      queued_events_ -= g.events;
      if (!s && error_.is_ok()) error_ = s;
      cv_.notify_all();
    }
  }

  Status write(Group& g) {
    if (!error_.is_ok()) return Status::ok();
    std::vector<std::string> names;
    for (const AppendRequest& r : g.requests) names.push_back(r.stream);
    clock_.set(g.at);
    auto results = target_.append_many(std::move(g.requests));
    for (std::size_t k = 0; k < results.size(); ++k)
      if (!results[k])
        return Status(results[k].status().code(), "copying into the target store, stream " + names[k] + ": " +
                                                      results[k].status().message());
    return Status::ok();
  }

  EventStore& target_;
  ManualClock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Group> queue_;
  std::size_t queued_events_ = 0;
  bool done_ = false;
  Status error_;
  std::thread thread_;
};

struct StatementNote {
  int payment_day = 0;
  bool output = false;
  int open = 0;  // declarations waiting on it to be paid or clawed back
};

// The global part: reference data and the finance calendar, and the merged log.
class Generator {
 public:
  Generator(EventStore& target, ManualClock& target_clock, const SeedOptions& options, World world)
      : target_(target), target_clock_(target_clock), options_(options), world_(std::move(world)),
        clock_(at_hour(world_.first_day, 6)), log_(clock_), ids_(mix(options.seed, 1000001)),
        handler_(log_, clock_, ids_), rng_(mix(options.seed, 1000003)) {}

  Result<SeedStats> run();

 private:
  Status run_global_day(int day, const std::vector<TimedCommand>& scheduled);
  Status execute(const domain::Command& c);
  Status distribute(GlobalPosition after);
  Status run_shards(int end_day);
  Status merge_shards();
  Status copy_to_target();
  void observe(const RecordedEvent& e);
  std::vector<int> global_days(const std::vector<TimedCommand>& setup) const;

  EventStore& target_;
  ManualClock& target_clock_;
  SeedOptions options_;
  World world_;
  ManualClock clock_;
  SeedLog log_;
  SeededRandom ids_;
  domain::CommandHandler handler_;
  std::mt19937_64 rng_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::unique_ptr<TargetWriter> writer_;
  std::unordered_map<std::string, int> owner_;  // teacher id -> shard
  std::map<std::string, StatementNote> statements_;
  std::unordered_map<std::string, std::string> declaration_statement_;  // declaration -> statement awaiting payment
  GlobalPosition flushed_;
  GlobalPosition target_base_;
  SeedStats stats_;
  int day_ = 0;
};

std::vector<int> Generator::global_days(const std::vector<TimedCommand>& setup) const {
  std::set<int> days;
  for (const TimedCommand& c : setup) days.insert(c.day);
  days.insert(world_.freeze_day(2021) + 1);
  days.insert(world_.freeze_day(2022) + 1);
  for (int d = world_.first_day; d <= world_.last_day; ++d) {
    const Ymd ymd = ymd_of(d);
    if (ymd.day == 1 || (output_payment_month(ymd.month) && (ymd.day == 20 || ymd.day == 25))) days.insert(d);
  }
  return {days.begin(), days.end()};
}

Status Generator::execute(const domain::Command& c) {
  domain::CommandOutcome o = handler_.execute(c);
  ++stats_.commands_global;
  if (o.ok()) return Status::ok();
  std::string why = o.status.to_string();
  for (const domain::FieldError& e : o.errors) why += "; " + e.title + ": " + e.detail;
  return Status(o.status.code(), "global part on " + iso_date(day_) + ": command " + c.name + " " + c.body +
                                     " was rejected: " + why);
}

Status Generator::run_global_day(int day, const std::vector<TimedCommand>& scheduled) {
  day_ = day;
  clock_.set(at_hour(day, 6));
  for (const TimedCommand& c : scheduled)
    if (c.day == day)
      if (Status s = execute(c.command); !s) return s;
  const Json periods = Json::parse(world_.contract_periods_json)["items"];
  for (int year : {2021, 2022})
    if (day == world_.freeze_day(year) + 1)
      for (const Json& cp : periods)
        if (cp["year"] == year)
          if (Status s = execute(command("update_contract_period", {ActorKind::kSystem, ""},
                                         Json{{"year", year}, {"enabled", false}, {"payments_frozen_at", cp["payments_frozen_at"]}}.dump()));
              !s)
            return s;
  const Ymd ymd = ymd_of(day);
  const Actor finance{ActorKind::kFinanceUser, "finance-seed"};
  if (ymd.day == 1)
    if (Status s = execute(command("start_day", {ActorKind::kSystem, ""}, Json{{"date", iso_date(day)}}.dump())); !s) return s;
  if (!output_payment_month(ymd.month) || (ymd.day != 20 && ymd.day != 25)) return Status::ok();
  const int payment_day = day_of(ymd.year, ymd.month, 25);
  static const char* const kAdjustments[] = {"Additional support", "Data correction", "Uplift correction"};
  for (auto& [id, st] : statements_) {
    if (!st.output || st.payment_day != payment_day || st.open == 0) continue;
    if (ymd.day == 20 && rng_() % 6 == 0) {
      const long amount = static_cast<long>(rng_() % 4000) - 1500;
      Json body = {{"statement_id", id}, {"payment_type", kAdjustments[rng_() % 3]},
                   {"amount", std::to_string(amount == 0 ? 100 : amount) + ".00"}};
      if (Status s = execute(command("add_statement_adjustment", finance, body.dump())); !s) return s;
    }
    if (ymd.day == 25) {
      if (Status s = execute(command("authorise_statement", finance, Json{{"statement_id", id}}.dump())); !s) return s;
      st.open = 0;
    }
  }
  return Status::ok();
}

// Copies the global events written since `after` into the shards that need
// them: declaration streams to the shard owning the teacher, the rest to all.
Status Generator::distribute(GlobalPosition after) {
  for (const RecordedEvent* e : log_.since(after)) {
    const std::string& stream = e->stream;
    if (stream.rfind("declarations-", 0) == 0) {
      std::string teacher = stream.substr(13);
      teacher = teacher.substr(0, teacher.rfind('-'));
      auto it = owner_.find(teacher);
      if (it == owner_.end()) return Status(Code::kNotFound, "no shard owns " + stream);
      if (Status s = shards_[it->second]->import(*e); !s) return s;
      continue;
    }
    for (auto& shard : shards_)
      if (Status s = shard->import(*e); !s) return s;
  }
  return Status::ok();
}

Status Generator::run_shards(int end_day) {
  std::vector<Status> results(shards_.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < shards_.size(); i = next++) results[i] = shards_[i]->run_until(end_day);
  };
  const int threads = std::clamp(options_.threads, 1, static_cast<int>(shards_.size()));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  for (Status& s : results)
    if (!s) return s;
  return Status::ok();
}

// Appends the shards' new events to the global log in time order (shard
// order within a moment), keeping every envelope field and version.
Status Generator::merge_shards() {
  struct Item {
    Timestamp at;
    std::size_t shard, index;
    const RecordedEvent* e;
  };
  std::vector<Item> items;
  for (std::size_t s = 0; s < shards_.size(); ++s) {
    auto own = shards_[s]->own_events();
    for (std::size_t i = 0; i < own.size(); ++i) items.push_back({own[i]->recorded_at, s, i, own[i]});
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.at, a.shard, a.index) < std::tie(b.at, b.shard, b.index);
  });
  for (const Item& it : items) {
    if (it.e->data.type == "teacher_created") owner_[it.e->stream.substr(8)] = static_cast<int>(it.shard);
    if (Status s = log_.append_copy(*it.e); !s) return s;
  }
  for (auto& shard : shards_)
    if (Status s = shard->forget(); !s) return s;
  return Status::ok();
}

void Generator::observe(const RecordedEvent& e) {
  ++stats_.events;
  ++stats_.events_by_type[e.data.type];
  const std::string& type = e.data.type;
  if (type != "statement_created" && type != "declaration_made_eligible" && type != "declaration_voided" &&
      type != "declaration_paid" && type != "declaration_clawback_requested")
    return;
  const Json p = Json::parse(e.data.payload, nullptr, false);
  if (type == "statement_created") {
    StatementNote& st = statements_[p.value("statement_id", "")];
    st.output = p.value("fee_type", "") == "output";
    const std::string pay = p.value("payment_date", "2000-01-01");
    st.payment_day = day_of(std::stoi(pay.substr(0, 4)), std::stoi(pay.substr(5, 2)), std::stoi(pay.substr(8, 2)));
    return;
  }
  const std::string declaration = p.value("declaration_id", "");
  if (type == "declaration_made_eligible" || type == "declaration_clawback_requested") {
    const std::string statement = p.value("statement_id", "");
    ++statements_[statement].open;
    if (type == "declaration_made_eligible") declaration_statement_[declaration] = statement;
    return;
  }
  auto it = declaration_statement_.find(declaration);
  if (it == declaration_statement_.end()) return;
  if (type == "declaration_voided") --statements_[it->second].open;
  declaration_statement_.erase(it);
}

// Queues the global log for the target, one append_many per recorded_at value.
Status Generator::copy_to_target() {
  const auto events = log_.since(flushed_);
  std::size_t i = 0;
  while (i < events.size()) {
    std::size_t j = i;
    std::vector<AppendRequest> requests;
    while (j < events.size() && events[j]->recorded_at == events[i]->recorded_at) {
      const RecordedEvent& e = *events[j];
      AppendRequest* last = requests.empty() ? nullptr : &requests.back();
      if (last && last->stream == e.stream && last->events.back().correlation_id == e.data.correlation_id &&
          last->expected.version().value() + last->events.size() + 1 == e.version.value()) {
        last->events.push_back(e.data);
      } else {
        requests.push_back({e.stream, ExpectedVersion::exact(StreamVersion(e.version.value() - 1)), {e.data}});
      }
      observe(e);
      ++j;
    }
    if (Status s = writer_->push(events[i]->recorded_at, std::move(requests), j - i); !s) return s;
    i = j;
  }
  return Status::ok();
}

Result<SeedStats> Generator::run() {
  const auto started = std::chrono::steady_clock::now();
  target_base_ = target_.head();
  if (target_base_ != GlobalPosition::start() && !options_.append)
    return Status(Code::kInvalidArgument, "the event store already holds " + std::to_string(target_base_.value()) +
                                              " events; rect-seed only seeds an empty store (--append to add anyway)");
  writer_ = std::make_unique<TargetWriter>(target_, target_clock_);
  const int n = std::max(options_.participants, 10);
  const int per_shard = std::clamp(options_.participants_per_shard, 50, kTrnsPerShard / 2);
  const int shard_count = std::max(1, (n + per_shard / 2) / per_shard);
  const int schools = std::max(20, n / 5), ects = n * 7 / 10, mentors = n - ects;
  for (int k = 0; k < shard_count; ++k) {
    ShardPlan plan;
    plan.index = k;
    plan.first_school = schools * k / shard_count;
    plan.schools = schools * (k + 1) / shard_count - plan.first_school;
    plan.ects = ects * (k + 1) / shard_count - ects * k / shard_count;
    plan.mentors = mentors * (k + 1) / shard_count - mentors * k / shard_count;
    plan.first_trn = 1000000 + k * kTrnsPerShard;
    plan.seed = mix(options_.seed, static_cast<std::uint64_t>(k) + 1);
    shards_.push_back(std::make_unique<Shard>(world_, plan));
  }
  const std::vector<TimedCommand> setup = reference_setup(world_);
  const std::vector<int> days = global_days(setup);
  using Clock = std::chrono::steady_clock;
  auto lap = [](Clock::time_point& from, double& into) {
    const auto now = Clock::now();
    into += std::chrono::duration<double>(now - from).count();
    from = now;
  };
  for (std::size_t d = 0; d < days.size(); ++d) {
    auto t = Clock::now();
    const GlobalPosition before = log_.head();
    if (Status s = run_global_day(days[d], setup); !s) return s;
    if (Status s = distribute(before); !s) return s;
    lap(t, stats_.seconds_global);
    const int end = d + 1 < days.size() ? days[d + 1] : world_.last_day + 1;
    if (Status s = run_shards(end); !s) return s;
    lap(t, stats_.seconds_shards);
    if (Status s = merge_shards(); !s) return s;
    lap(t, stats_.seconds_merge);
    if (Status s = copy_to_target(); !s) return s;
    lap(t, stats_.seconds_copy);
    if (Status s = handler_.catch_up(); !s) return s;
    log_.trim(log_.head());
    flushed_ = log_.head();
    lap(t, stats_.seconds_global);
    if (options_.progress) options_.progress({end - 1, world_.first_day, world_.last_day, stats_.events});
  }
  auto t = std::chrono::steady_clock::now();
  if (Status s = writer_->finish(); !s) return s;
  stats_.seconds_copy += std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  for (const LeadProviderInfo& lp : world_.lead_providers) stats_.lead_provider_ids.push_back(lp.id);
  for (const auto& shard : shards_) {
    stats_.ects += shard->counts().ects;
    stats_.mentors += shard->counts().mentors;
    stats_.moves += shard->counts().moves;
    stats_.lead_provider_changes += shard->counts().lead_provider_changes;
  }
  stats_.participants = stats_.ects + stats_.mentors;
  stats_.schools = static_cast<std::uint64_t>(schools);
  stats_.declarations = stats_.events_by_type["declaration_submitted"];
  stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats_;
}

}  // namespace

Result<SeedStats> generate(EventStore& target, ManualClock& target_clock, const SeedOptions& options) {
  auto world = build_world();
  if (!world) return world.status();
  Generator g(target, target_clock, options, std::move(*world));
  return g.run();
}

}  // namespace rect::seed
