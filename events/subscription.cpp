#include <algorithm>

#include "events/event_store.h"

namespace rect {
namespace {

// Catch-up-then-live feed built only on the public EventStore interface, so
// every backend gets the same behaviour.
class PollingSubscription final : public Subscription {
 public:
  PollingSubscription(const EventStore* store, GlobalPosition after) : store_(store), pos_(after) {}

  Result<std::vector<RecordedEvent>> next(std::size_t max, std::chrono::milliseconds wait) override {
    max = std::max<std::size_t>(max, 1);
    if (store_->head() <= pos_) {
      if (store_->wait_for_head_after(pos_, wait) <= pos_) return std::vector<RecordedEvent>{};
    }
    auto batch = store_->read_all(pos_, max);
    if (!batch) return batch.status();
    if (!batch->empty()) {
      if (batch->front().position != pos_.next())
        return Status(Code::kCorruption, "subscription expected position " + std::to_string(pos_.value() + 1) +
                                             " but the log gave " + std::to_string(batch->front().position.value()));
      pos_ = batch->back().position;
    }
    return batch;
  }

  GlobalPosition position() const override { return pos_; }

 private:
  const EventStore* store_;
  GlobalPosition pos_;
};

}  // namespace

std::vector<Result<AppendResult>> EventStore::append_many(std::vector<AppendRequest> requests) {
  std::vector<Result<AppendResult>> out;
  out.reserve(requests.size());
  for (auto& r : requests) out.push_back(append(r.stream, r.expected, std::move(r.events)));
  return out;
}

Status EventStore::read_all_into(GlobalPosition after, std::size_t max, std::vector<RecordedEvent>* out) const {
  auto r = read_all(after, max);
  if (!r) {
    out->clear();
    return r.status();
  }
  *out = std::move(*r);
  return Status::ok();
}

std::unique_ptr<Subscription> EventStore::subscribe(GlobalPosition after) const {
  return std::make_unique<PollingSubscription>(this, after);
}

}  // namespace rect
