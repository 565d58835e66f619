#include "domain/command_handler.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "domain/commands.h"
#include "domain/state.h"
#include "domain/valid_at.h"

namespace rect::domain {

const CommandTable& command_table() {
  static const CommandTable t = [] {
    CommandTable m;
    register_reference_commands(m);
    register_school_commands(m);
    register_school_change_commands(m);
    register_appropriate_body_commands(m);
    register_partnership_commands(m);
    register_declaration_commands(m);
    register_participant_commands(m);
    register_finance_commands(m);
    register_clock_commands(m);
    register_teacher_record_commands(m);
    register_gias_commands(m);
    return m;
  }();
  return t;
}

const CommandSpec* find_command(const std::string& name) {
  const CommandTable& t = command_table();
  auto it = t.find(name);
  return it == t.end() ? nullptr : &it->second;
}

struct CommandHandler::Impl {
  Impl(EventStore& s, const Clock& c, Random& r, CommandHandlerOptions o) : store(s), clock(c), random(r), options(o) {}
  EventStore& store;
  const Clock& clock;
  Random& random;
  CommandHandlerOptions options;
  std::shared_mutex mu;
  State state;
  std::mutex catch_up_mu;
  std::atomic<std::uint64_t> applied{0};  // position of the last event folded into state
};

CommandHandler::CommandHandler(EventStore& store, const Clock& clock, Random& random, CommandHandlerOptions options)
    : impl_(std::make_unique<Impl>(store, clock, random, options)) {}

CommandHandler::~CommandHandler() = default;

std::vector<std::string> CommandHandler::command_names() {
  std::vector<std::string> out;
  for (const auto& [name, spec] : command_table()) out.push_back(name);
  return out;
}

namespace {

// A page of the log with its payloads parsed for State::apply.
struct ParsedPage {
  std::vector<RecordedEvent> events;
  std::vector<Json> payloads;  // by event
  std::vector<char> parsed;    // by event: what State::parse_for_apply returned
  Status status;               // a failed read: the last page
};

// Reads [from, target] a page at a time and parses each page's payloads on
// its own thread, at most `ahead` pages before the fold that pops them.
class ParsingReader {
 public:
  ParsingReader(const EventStore& store, std::uint64_t from, std::uint64_t target, std::size_t ahead)
      : store_(store), ahead_(ahead), thread_([this, from, target] { run(from, target); }) {}
  ~ParsingReader() {
    {
      std::lock_guard l(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  // The next page; empty when the range is read.
  ParsedPage pop() {
    std::unique_lock l(mu_);
    cv_.wait(l, [&] { return !pages_.empty() || finished_; });
    if (pages_.empty()) return {};
    ParsedPage p = std::move(pages_.front());
    pages_.pop_front();
    cv_.notify_all();
    return p;
  }

 private:
  void run(std::uint64_t from, std::uint64_t target) {
    while (from < target) {
      ParsedPage page;
      auto batch = store_.read_all(GlobalPosition(from), 4096);
      if (!batch) page.status = batch.status();
      else page.events = std::move(batch).value();
      const bool last = !page.status.is_ok() || page.events.empty();
      page.payloads.resize(page.events.size());
      page.parsed.resize(page.events.size());
      for (std::size_t i = 0; i < page.events.size(); ++i)
        page.parsed[i] = State::parse_for_apply(page.events[i], page.payloads[i]);
      if (!page.events.empty()) from = page.events.back().position.value();
      std::unique_lock l(mu_);
      cv_.wait(l, [&] { return pages_.size() < ahead_ || stopping_; });
      if (stopping_) break;
      pages_.push_back(std::move(page));
      cv_.notify_all();
      if (last) break;
    }
    std::lock_guard l(mu_);
    finished_ = true;
    cv_.notify_all();
  }

  const EventStore& store_;
  const std::size_t ahead_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ParsedPage> pages_;
  bool stopping_ = false, finished_ = false;
  std::thread thread_;
};

}  // namespace

Status CommandHandler::catch_up() {
  // Catch up to the head as it is now; events appended later are covered by
  // the expected-version check, so a thread whose target another thread has
  // already reached returns without reading.
  const GlobalPosition target = impl_->store.head();
  if (target.value() <= impl_->applied.load(std::memory_order_acquire)) return Status::ok();
  std::lock_guard<std::mutex> one_reader(impl_->catch_up_mu);
  if (target.value() - impl_->applied.load() >= impl_->options.parse_ahead_from) {
    ParsingReader reader(impl_->store, impl_->applied.load(), target.value(), 4);
    for (ParsedPage page = reader.pop(); !page.events.empty() || !page.status.is_ok(); page = reader.pop()) {
      if (!page.status.is_ok()) return page.status;
      std::unique_lock<std::shared_mutex> l(impl_->mu);
      for (std::size_t i = 0; i < page.events.size(); ++i)
        impl_->state.apply(page.events[i], page.parsed[i] ? &page.payloads[i] : nullptr);
      impl_->applied.store(impl_->state.position().value(), std::memory_order_release);
    }
    return Status::ok();
  }
  while (impl_->applied.load(std::memory_order_acquire) < target.value()) {
    auto batch = impl_->store.read_all(GlobalPosition(impl_->applied.load()), 4096);
    if (!batch) return batch.status();
    if (batch->empty()) return Status::ok();
    std::unique_lock<std::shared_mutex> l(impl_->mu);
    for (const RecordedEvent& e : *batch) impl_->state.apply(e);
    impl_->applied.store(impl_->state.position().value(), std::memory_order_release);
  }
  return Status::ok();
}

namespace {

Status append_group(EventStore& store, const StreamGroup& g, ExpectedVersion expected, const Command& command,
                    const EventId& correlation, std::optional<EventId>& first_event, Random& random,
                    CommandOutcome& out) {
  std::vector<EventData> events;
  events.reserve(g.events.size());
  std::optional<EventId> first = first_event;  // the command's first event, once one is written
  for (const PendingEvent& p : g.events) {
    EventData e;
    e.id = random.next_uuid();
    e.type = p.type;
    e.schema_version = p.schema_version;
    e.valid_at = effective_time(p.type, p.payload);
    e.correlation_id = correlation;
    e.causation_id = first ? *first : correlation;
    if (!first) first = e.id;
    e.actor = command.actor;
    e.payload = p.payload.dump();
    events.push_back(std::move(e));
  }
  auto r = store.append(g.stream, expected, std::move(events));
  if (!r) return r.status();
  first_event = first;
  for (std::size_t i = 0; i < g.events.size(); ++i)
    out.events.push_back({g.stream, g.events[i].type, StreamVersion(r->first_version.value() + i), r->positions[i]});
  out.last_position = r->last_position();
  return Status::ok();
}

}  // namespace

CommandOutcome CommandHandler::execute(const Command& command, std::optional<Timestamp> now_override) {
  CommandOutcome out;
  const CommandSpec* spec = find_command(command.name);
  if (!spec) {
    out.status = Status(Code::kInvalidArgument, "unknown command '" + command.name + "'");
    return out;
  }
  if (!(spec->actors & bit(command.actor.kind))) {
    out.status = Status(Code::kInvalidArgument, "command '" + command.name + "' may not be issued by a " +
                                                    std::string(actor_kind_name(command.actor.kind)));
    return out;
  }
  Json body = Json::parse(command.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    out.status = Status(Code::kInvalidArgument, "the command body must be a JSON object");
    return out;
  }
  const EventId correlation = command.correlation_id ? *command.correlation_id : impl_->random.next_uuid();
  std::optional<EventId> first_event;  // kept across attempts: a guarded retry may follow written groups
  for (int attempt = 1; attempt <= impl_->options.max_attempts; ++attempt) {
    out.attempts = attempt;
    if (Status s = catch_up(); !s) {
      out.status = s;
      return out;
    }
    Decision d;
    {
      std::shared_lock<std::shared_mutex> l(impl_->mu);
      const Timestamp now = now_override ? *now_override : impl_->clock.now();
      Context ctx{impl_->state, now, london_date(now), command.actor, impl_->random, attempt};
      spec->decide(ctx, body, d);
    }
    if (!d.errors.empty()) {
      if (d.releases_on_refusal()) {
        for (const StreamGroup& g : d.groups) {
          Status s = append_group(impl_->store, g, ExpectedVersion::any(), command, correlation, first_event,
                                  impl_->random, out);
          if (!s) {
            out.status = s;
            return out;
          }
        }
      }
      out.status = Status(Code::kValidation, d.errors.front().title + ": " + d.errors.front().detail);
      out.errors = std::move(d.errors);
      return out;
    }
    if (!d.status) {
      out.status = d.status;
      return out;
    }
    out.result = d.result.dump();
    bool retry = false;
    for (std::size_t i = 0; i < d.groups.size(); ++i) {
      const StreamGroup& g = d.groups[i];
      const ExpectedVersion expected = ExpectedVersion::exact(g.expected);
      Status s = append_group(impl_->store, g, expected, command, correlation, first_event, impl_->random, out);
      if (s.code() == Code::kWrongExpectedVersion && (i == 0 || g.guarded)) {
        retry = true;
        break;
      }
      if (s.code() == Code::kWrongExpectedVersion)
        s = append_group(impl_->store, g, ExpectedVersion::any(), command, correlation, first_event, impl_->random, out);
      if (!s) {
        out.status = s;
        return out;
      }
    }
    if (!retry) return out;
  }
  out.status = Status(Code::kWrongExpectedVersion, "gave up after " + std::to_string(impl_->options.max_attempts) +
                                                       " attempts: the records kept changing");
  return out;
}

}  // namespace rect::domain
