// Private to events/: the byte layout of a stored event record and of the
// RocksDB keys, as specified in docs/storage-format.md. Kafka mode uses the
// same record bytes as message values.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "events/event.h"
#include "events/status.h"

namespace rect::codec {

inline constexpr std::uint8_t kRecordFormatVersion = 1;

// CRC-32C (Castagnoli) of `data`, continuing from `crc` (0 to start).
std::uint32_t crc32c(std::uint32_t crc, std::string_view data);

// Appends the record bytes of `e` (format version, checksum, fields) to `out`.
void encode_record(const RecordedEvent& e, std::string* out);
// Writes the checksum of a record whose fields are in place.
void seal_record(char* record, std::size_t size);
// Sets position, version and recorded_at of encoded record bytes (they sit at
// fixed offsets 5, 13 and 21) and re-seals the checksum. Lets callers encode
// a record before the writer knows where it goes.
void patch_record(std::string* record, GlobalPosition position, StreamVersion version, Timestamp recorded_at);
// Parses record bytes; kCorruption names what is wrong (version, checksum, truncation).
Result<RecordedEvent> decode_record(std::string_view bytes);
// The same, decoding into `*out` (no temporary: the bulk readers' hot path).
Status decode_record_into(std::string_view bytes, RecordedEvent* out);

// 8-byte big-endian encodings, so that byte order equals numeric order.
void put_be64(std::string* out, std::uint64_t v);
std::uint64_t get_be64(const char* p);
std::string position_key(std::uint64_t position);
// stream + 0x00 + be64(version): sorts a stream's events by version.
std::string stream_index_key(std::string_view stream, std::uint64_t version);

}  // namespace rect::codec
