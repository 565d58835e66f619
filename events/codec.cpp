#include "events/codec.h"

#include <array>
#include <cstring>

namespace rect::codec {
namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr auto kCrcTable = make_crc_table();

std::uint32_t crc32c_portable(std::uint32_t crc, const unsigned char* p, std::size_t n) {
  crc = ~crc;
  while (n--) crc = kCrcTable[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) std::uint32_t crc32c_hw(std::uint32_t crc, const unsigned char* p, std::size_t n) {
  std::uint64_t c = ~crc;
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    c = __builtin_ia32_crc32di(c, w);
    p += 8;
    n -= 8;
  }
  auto c32 = static_cast<std::uint32_t>(c);
  while (n--) c32 = __builtin_ia32_crc32qi(c32, *p++);
  return ~c32;
}
const bool kHaveSse42 = __builtin_cpu_supports("sse4.2");
#endif

void put_u64(std::string* out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 8);
}

void put_varint(std::string* out, std::uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void put_bytes(std::string* out, std::string_view s) {
  put_varint(out, s.size());
  out->append(s);
}

void put_id(std::string* out, const EventId& id) {
  out->append(reinterpret_cast<const char*>(id.bytes().data()), 16);
}

// Reads fields from record bytes, remembering the first failure.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == s_.size(); }

  std::uint64_t u64() {
    if (!need(8)) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(s_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return v;
  }
  std::uint8_t u8() {
    if (!need(1)) return 0;
    return static_cast<std::uint8_t>(s_[pos_++]);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!need(1)) return 0;
      const auto b = static_cast<unsigned char>(s_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  std::string_view bytes() {
    const std::uint64_t n = varint();
    if (!need(n)) return {};
    const std::string_view out = s_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  EventId id() {
    EventId::Bytes b{};
    if (!need(16)) return EventId();
    std::memcpy(b.data(), s_.data() + pos_, 16);
    pos_ += 16;
    return EventId(b);
  }

 private:
  bool need(std::uint64_t n) {
    if (!ok_ || s_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view s_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

enum Flags : std::uint8_t { kHasValidAt = 1, kHasCorrelation = 2, kHasCausation = 4 };

}  // namespace

std::uint32_t crc32c(std::uint32_t crc, std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
#if defined(__x86_64__)
  if (kHaveSse42) return crc32c_hw(crc, p, data.size());
#endif
  return crc32c_portable(crc, p, data.size());
}

void encode_record(const RecordedEvent& e, std::string* out) {
  const std::size_t start = out->size();
  out->push_back(static_cast<char>(kRecordFormatVersion));
  out->append(4, '\0');  // checksum, filled below
  put_u64(out, e.position.value());
  put_u64(out, e.version.value());
  put_u64(out, static_cast<std::uint64_t>(e.recorded_at.micros()));
  put_bytes(out, e.stream);
  put_id(out, e.data.id);
  put_bytes(out, e.data.type);
  put_varint(out, e.data.schema_version);
  std::uint8_t flags = 0;
  if (e.data.valid_at) flags |= kHasValidAt;
  if (e.data.correlation_id) flags |= kHasCorrelation;
  if (e.data.causation_id) flags |= kHasCausation;
  out->push_back(static_cast<char>(flags));
  if (e.data.valid_at) put_u64(out, static_cast<std::uint64_t>(e.data.valid_at->micros()));
  if (e.data.correlation_id) put_id(out, *e.data.correlation_id);
  if (e.data.causation_id) put_id(out, *e.data.causation_id);
  out->push_back(static_cast<char>(e.data.actor.kind));
  put_bytes(out, e.data.actor.id);
  put_bytes(out, e.data.payload);
  seal_record(out->data() + start, out->size() - start);
}

void seal_record(char* record, std::size_t size) {
  const std::uint32_t crc = crc32c(0, std::string_view(record + 5, size - 5));
  for (int i = 0; i < 4; ++i) record[1 + i] = static_cast<char>(crc >> (8 * i));
}

void patch_record(std::string* record, GlobalPosition position, StreamVersion version, Timestamp recorded_at) {
  char* p = record->data() + 5;
  const std::uint64_t fields[3] = {position.value(), version.value(), static_cast<std::uint64_t>(recorded_at.micros())};
  for (std::uint64_t v : fields)
    for (int i = 0; i < 8; ++i) *p++ = static_cast<char>(v >> (8 * i));
  seal_record(record->data(), record->size());
}

Result<RecordedEvent> decode_record(std::string_view bytes) {
  RecordedEvent e;
  if (Status s = decode_record_into(bytes, &e); !s) return s;
  return e;
}

Status decode_record_into(std::string_view bytes, RecordedEvent* out) {
  if (bytes.size() < 5) return Status(Code::kCorruption, "event record is truncated (" + std::to_string(bytes.size()) + " bytes)");
  const auto version = static_cast<std::uint8_t>(bytes[0]);
  if (version != kRecordFormatVersion)
    return Status(Code::kCorruption, "event record has format version " + std::to_string(version) +
                                         "; this build reads version " + std::to_string(kRecordFormatVersion));
  std::uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[1 + i])) << (8 * i);
  const std::uint32_t actual = crc32c(0, bytes.substr(5));
  if (stored != actual) return Status(Code::kCorruption, "event record checksum mismatch");
  Reader r(bytes.substr(5));
  RecordedEvent& e = *out;
  e.position = GlobalPosition(r.u64());
  e.version = StreamVersion(r.u64());
  e.recorded_at = Timestamp(static_cast<std::int64_t>(r.u64()));
  e.stream = r.bytes();
  e.data.id = r.id();
  e.data.type = r.bytes();
  e.data.schema_version = static_cast<std::uint32_t>(r.varint());
  const std::uint8_t flags = r.u8();
  // `out` may be a reused event (read_all_into): every field is assigned.
  e.data.valid_at.reset();
  e.data.correlation_id.reset();
  e.data.causation_id.reset();
  if (flags & kHasValidAt) e.data.valid_at = Timestamp(static_cast<std::int64_t>(r.u64()));
  if (flags & kHasCorrelation) e.data.correlation_id = r.id();
  if (flags & kHasCausation) e.data.causation_id = r.id();
  e.data.actor.kind = static_cast<ActorKind>(r.u8());
  e.data.actor.id = r.bytes();
  e.data.payload = r.bytes();
  if (!r.ok() || !r.at_end()) return Status(Code::kCorruption, "event record fields are malformed");
  if (static_cast<std::uint8_t>(e.data.actor.kind) > static_cast<std::uint8_t>(ActorKind::kAdmin))
    return Status(Code::kCorruption, "event record has an unknown actor kind");
  return Status::ok();
}

void put_be64(std::string* out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (56 - 8 * i));
  out->append(b, 8);
}

std::uint64_t get_be64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | static_cast<unsigned char>(p[i]);
  return v;
}

std::string position_key(std::uint64_t position) {
  std::string k;
  put_be64(&k, position);
  return k;
}

std::string stream_index_key(std::string_view stream, std::uint64_t version) {
  std::string k;
  k.reserve(stream.size() + 9);
  k.append(stream);
  k.push_back('\0');
  put_be64(&k, version);
  return k;
}

}  // namespace rect::codec
