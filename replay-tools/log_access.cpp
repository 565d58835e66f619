#include "replay-tools/log_access.h"

#include <filesystem>

namespace rect::replay {

Result<std::unique_ptr<LogHandle>> open_log(const std::string& data_dir) {
  const std::string dir = data_dir + "/events";
  std::error_code ec;
  if (!std::filesystem::exists(dir + "/CURRENT", ec))
    return Status(Code::kNotFound, "no event store at '" + dir + "' (pass --data-dir, the directory rectd uses)");
  auto scratch = ScratchDir::create("rect-replay-log");
  if (!scratch) return scratch.status();
  RocksDbOptions o;
  o.create_if_missing = false;
  o.secondary_dir = (*scratch)->path();
  o.verify_tail_records = 1;
  auto store = RocksDbEventStore::open(dir, o);
  if (!store) return store.status();
  if (Status s = (*store)->refresh(); !s) return s;
  return std::make_unique<LogHandle>(std::move(*scratch), std::move(*store));
}

}  // namespace rect::replay
