#include "events/kafka_local_state.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <unordered_map>

#include "events/codec.h"
#include "events/rocksdb_log.h"

namespace rect {
namespace {

constexpr char kFormatKey[] = "rect.kafka.format_version";
constexpr char kTopicKey[] = "rect.kafka.topic";
constexpr char kOffsetKey[] = "rect.kafka.next_offset";
constexpr std::uint8_t kLocalFormatVersion = 1;

Status local_error(const rocksdb::Status& s, std::string_view what) {
  return rect::from_rocks(s, "kafka local state: " + std::string(what));
}

std::string id_key(const EventId& id) { return std::string(reinterpret_cast<const char*>(id.bytes().data()), 16); }

}  // namespace

Result<KafkaLogRecord> parse_kafka_record(std::string_view value) {
  auto e = codec::decode_record(value);
  if (!e) return e.status();
  if (e->position == GlobalPosition::start() || e->version == StreamVersion::none())
    return Status(Code::kCorruption, "record has no position or version");
  return KafkaLogRecord{std::string(value), std::move(e->stream), e->data.id, e->position, e->version};
}

struct KafkaLocalState::Db : LogDb {
  Result<std::uint64_t> stored_head_of(std::string_view stream) const {
    std::string v;
    auto s = db->Get(rocksdb::ReadOptions(), stream_heads, rocksdb::Slice(stream.data(), stream.size()), &v);
    if (s.IsNotFound()) return std::uint64_t{0};
    if (!s.ok()) return local_error(s, "read stream head");
    if (v.size() != 8) return Status(Code::kCorruption, "stream head of '" + std::string(stream) + "' is malformed");
    return codec::get_be64(v.data());
  }
};

KafkaLocalState::KafkaLocalState(std::unique_ptr<Db> db) : db_(std::move(db)) {}
KafkaLocalState::~KafkaLocalState() = default;

Result<std::unique_ptr<KafkaLocalState>> KafkaLocalState::open(const std::string& dir, std::string_view topic) {
  auto db = std::make_unique<Db>();
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  dbo.paranoid_checks = true;
  dbo.max_background_jobs = 2;
  const LogCfOptions cf = log_cf_options();
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {{rocksdb::kDefaultColumnFamilyName, {}},
                                                      {"log", cf.log},
                                                      {"stream_index", cf.stream_index},
                                                      {"stream_heads", cf.lookup},
                                                      {"event_ids", cf.lookup}};
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(dbo, dir, cfs, &db->handles, &raw);
  if (!s.ok()) return local_error(s, "open '" + dir + "'");
  db->db.reset(raw);
  db->bind_handles();

  std::string format, stored_topic, offset;
  s = db->db->Get(rocksdb::ReadOptions(), db->meta, kFormatKey, &format);
  if (s.IsNotFound()) {
    std::unique_ptr<rocksdb::Iterator> it(db->db->NewIterator(rocksdb::ReadOptions(), db->log));
    it->SeekToFirst();
    if (it->Valid())
      return Status(Code::kCorruption, "kafka local state at '" + dir + "' has events but no format version");
    rocksdb::WriteBatch wb;
    std::string zero;
    codec::put_be64(&zero, 0);
    wb.Put(db->meta, kFormatKey, std::string(1, static_cast<char>(kLocalFormatVersion))).PermitUncheckedError();
    wb.Put(db->meta, kTopicKey, rocksdb::Slice(topic.data(), topic.size())).PermitUncheckedError();
    wb.Put(db->meta, kOffsetKey, zero).PermitUncheckedError();
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db->db->Write(wo, &wb);
    if (!s.ok()) return local_error(s, "initialise '" + dir + "'");
    format = std::string(1, static_cast<char>(kLocalFormatVersion));
  } else if (!s.ok()) {
    return local_error(s, "read format version");
  }
  if (format.size() != 1 || static_cast<std::uint8_t>(format[0]) != kLocalFormatVersion)
    return Status(Code::kCorruption, "kafka local state at '" + dir + "' has an unknown format version");
  s = db->db->Get(rocksdb::ReadOptions(), db->meta, kTopicKey, &stored_topic);
  if (!s.ok()) return local_error(s, "read topic name");
  if (stored_topic != topic)
    return Status(Code::kInvalidArgument, "kafka local state at '" + dir + "' mirrors topic '" + stored_topic +
                                              "', not '" + std::string(topic) + "'; use another directory");
  s = db->db->Get(rocksdb::ReadOptions(), db->meta, kOffsetKey, &offset);
  if (!s.ok() || offset.size() != 8) return Status(Code::kCorruption, "kafka local state has no consumed offset");

  std::unique_ptr<KafkaLocalState> state(new KafkaLocalState(std::move(db)));
  state->next_offset_.store(static_cast<std::int64_t>(codec::get_be64(offset.data())));
  std::unique_ptr<rocksdb::Iterator> it(state->db_->db->NewIterator(rocksdb::ReadOptions(), state->db_->log));
  it->SeekToLast();
  if (!it->status().ok()) return local_error(it->status(), "read log tail");
  if (it->Valid()) {
    if (it->key().size() != 8) return Status(Code::kCorruption, "kafka local state: malformed log key");
    state->head_.store(codec::get_be64(it->key().data()));
  }
  return state;
}

Status KafkaLocalState::apply(const std::vector<KafkaLogRecord>& records, std::int64_t next_offset) {
  rocksdb::WriteBatch wb;
  std::unordered_map<std::string, std::uint64_t> heads;
  std::unordered_map<std::uint64_t, EventId> in_batch;
  const std::uint64_t stored_head = head_.load();
  std::uint64_t head = stored_head;
  for (const KafkaLogRecord& r : records) {
    const std::uint64_t pos = r.position.value();
    if (pos <= head) {
      EventId stored_id;
      if (pos > stored_head) {
        stored_id = in_batch.at(pos);
      } else {
        auto stored = read_position(pos);
        if (!stored) return stored.status();
        stored_id = stored->data.id;
      }
      if (stored_id != r.id)
        return Status(Code::kCorruption, "the log holds two different events at position " + std::to_string(pos) +
                                             " (" + stored_id.to_string() + " and " + r.id.to_string() +
                                             "): was a second writer not fenced?");
      continue;
    }
    if (pos != head + 1)
      return Status(Code::kCorruption, "the log jumps from position " + std::to_string(head) + " to " +
                                           std::to_string(pos));
    auto hit = heads.find(r.stream);
    if (hit == heads.end()) {
      auto h = db_->stored_head_of(r.stream);
      if (!h) return h.status();
      hit = heads.emplace(r.stream, *h).first;
    }
    if (r.version.value() != hit->second + 1)
      return Status(Code::kCorruption, "stream '" + r.stream + "' jumps from version " + std::to_string(hit->second) +
                                           " to " + std::to_string(r.version.value()) + " at position " +
                                           std::to_string(pos));
    hit->second = r.version.value();
    head = pos;
    in_batch.emplace(pos, r.id);
    const std::string pos_key = codec::position_key(pos);
    wb.Put(db_->log, pos_key, r.bytes).PermitUncheckedError();
    wb.Put(db_->stream_index, codec::stream_index_key(r.stream, r.version.value()), pos_key).PermitUncheckedError();
    wb.Put(db_->event_ids, id_key(r.id), pos_key).PermitUncheckedError();
  }
  for (const auto& [stream, v] : heads) {
    std::string value;
    codec::put_be64(&value, v);
    wb.Put(db_->stream_heads, stream, value).PermitUncheckedError();
  }
  std::string offset;
  codec::put_be64(&offset, static_cast<std::uint64_t>(next_offset));
  wb.Put(db_->meta, kOffsetKey, offset).PermitUncheckedError();
  auto s = db_->db->Write(rocksdb::WriteOptions(), &wb);
  if (!s.ok()) return local_error(s, "apply records");
  next_offset_.store(next_offset, std::memory_order_release);
  head_.store(head, std::memory_order_release);
  return Status::ok();
}

Result<StreamVersion> KafkaLocalState::stream_version(std::string_view stream) const {
  auto h = db_->stored_head_of(stream);
  if (!h) return h.status();
  return StreamVersion(*h);
}

Result<RecordedEvent> KafkaLocalState::read_position(std::uint64_t position) const {
  std::string v;
  auto s = db_->db->Get(rocksdb::ReadOptions(), db_->log, codec::position_key(position), &v);
  if (s.IsNotFound())
    return Status(Code::kCorruption, "position " + std::to_string(position) + " is missing from the local state");
  if (!s.ok()) return local_error(s, "read log");
  auto e = codec::decode_record(v);
  if (!e) return Status(Code::kCorruption, "position " + std::to_string(position) + ": " + e.status().message());
  return e;
}

Result<std::optional<append_rules::StoredId>> KafkaLocalState::find_id(const EventId& id) const {
  std::string v;
  auto s = db_->db->Get(rocksdb::ReadOptions(), db_->event_ids, id_key(id), &v);
  if (s.IsNotFound()) return std::optional<append_rules::StoredId>();
  if (!s.ok()) return local_error(s, "read event id index");
  if (v.size() != 8) return Status(Code::kCorruption, "event id index entry is malformed");
  auto e = read_position(codec::get_be64(v.data()));
  if (!e) return e.status();
  return std::optional(append_rules::StoredId{e->stream, e->position, e->version});
}

Result<std::vector<RecordedEvent>> KafkaLocalState::read_stream(std::string_view stream, StreamVersion from,
                                                                std::size_t max) const {
  std::vector<RecordedEvent> out;
  const std::uint64_t limit = head_.load(std::memory_order_acquire);
  std::unique_ptr<rocksdb::Iterator> it(db_->db->NewIterator(rocksdb::ReadOptions(), db_->stream_index));
  const std::string prefix = std::string(stream) + '\0';
  std::uint64_t expect = std::max<std::uint64_t>(from.value(), 1);
  for (it->Seek(codec::stream_index_key(stream, expect)); it->Valid() && out.size() < max; it->Next(), ++expect) {
    const auto k = it->key();
    if (k.size() != prefix.size() + 8 || !k.starts_with(prefix)) break;
    if (codec::get_be64(k.data() + prefix.size()) != expect)
      return Status(Code::kCorruption, "stream '" + std::string(stream) + "' is missing version " + std::to_string(expect));
    if (it->value().size() != 8) return Status(Code::kCorruption, "stream index entry is malformed");
    const std::uint64_t pos = codec::get_be64(it->value().data());
    if (pos > limit) break;
    auto e = read_position(pos);
    if (!e) return e.status();
    out.push_back(std::move(*e));
  }
  if (!it->status().ok()) return local_error(it->status(), "read stream index");
  return out;
}

Result<std::vector<RecordedEvent>> KafkaLocalState::read_all(GlobalPosition after, std::size_t max) const {
  const std::uint64_t limit = head_.load(std::memory_order_acquire);
  if (after.value() >= limit || max == 0) return std::vector<RecordedEvent>{};
  return read_log_range(*db_->db, db_->log, after.value(), std::min<std::uint64_t>(max, limit - after.value()),
                        "local state");
}

}  // namespace rect
