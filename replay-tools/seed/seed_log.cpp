#include "replay-tools/seed/seed_log.h"

namespace rect::seed {

Result<AppendResult> SeedLog::append(std::string_view stream, ExpectedVersion expected,
                                     std::vector<EventData> events) {
  if (Status s = validate_stream_id(stream); !s) return s;
  if (events.empty() || events.size() > kMaxEventsPerAppend)
    return Status(Code::kInvalidArgument, "an append needs 1 to 10000 events");
  std::uint64_t& version = versions_[std::string(stream)];
  if (!expected.admits(StreamVersion(version)))
    return Status::wrong_expected_version("stream '" + std::string(stream) + "' is at version " + std::to_string(version) +
                                              ", expected " + expected.to_string(),
                                          version);
  AppendResult r;
  r.first_version = StreamVersion(version + 1);
  const Timestamp now = clock_.now();
  for (EventData& data : events) {
    ++version;
    const GlobalPosition position(head().value() + 1);
    log_.push_back(RecordedEvent{std::string(stream), StreamVersion(version), position, now, std::move(data)});
    r.positions.push_back(position);
  }
  r.last_version = StreamVersion(version);
  return r;
}

Status SeedLog::append_copy(const RecordedEvent& e) {
  std::uint64_t& version = versions_[e.stream];
  if (e.version.value() != version + 1)
    return Status::wrong_expected_version("stream '" + e.stream + "' is at version " + std::to_string(version) +
                                              ", the copied event has version " + std::to_string(e.version.value()),
                                          version);
  ++version;
  RecordedEvent copy = e;
  copy.position = GlobalPosition(head().value() + 1);
  log_.push_back(std::move(copy));
  return Status::ok();
}

Result<std::vector<RecordedEvent>> SeedLog::read_stream(std::string_view, StreamVersion, std::size_t) const {
  return Status(Code::kInvalidArgument, "the seed log does not offer read_stream");
}

Result<std::vector<RecordedEvent>> SeedLog::read_all(GlobalPosition after, std::size_t max) const {
  if (after.value() + 1 < first_)
    return Status(Code::kNotFound, "position " + std::to_string(after.value() + 1) + " has been trimmed");
  std::vector<RecordedEvent> out;
  for (std::uint64_t i = after.value() + 1 - first_; i < log_.size() && out.size() < max; ++i) out.push_back(log_[i]);
  return out;
}

Result<StreamVersion> SeedLog::stream_version(std::string_view stream) const {
  auto it = versions_.find(std::string(stream));
  return it == versions_.end() ? StreamVersion::none() : StreamVersion(it->second);
}

std::vector<const RecordedEvent*> SeedLog::since(GlobalPosition after) const {
  std::vector<const RecordedEvent*> out;
  const std::uint64_t from = after.value() + 1 < first_ ? 0 : after.value() + 1 - first_;
  for (std::uint64_t i = from; i < log_.size(); ++i) out.push_back(&log_[i]);
  return out;
}

void SeedLog::trim(GlobalPosition upto) {
  while (!log_.empty() && first_ <= upto.value()) {
    log_.pop_front();
    ++first_;
  }
}

}  // namespace rect::seed
