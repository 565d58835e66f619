#include "api/tokens.h"

#include <nlohmann/json.hpp>

#include "api/sha256.h"

namespace rect::api {
namespace {

using Json = nlohmann::json;

std::string hex(std::uint64_t a, std::uint64_t b) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (std::uint64_t v : {a, b})
    for (int i = 15; i >= 0; --i) out.push_back(kHex[(v >> (4 * i)) & 0xF]);
  return out;
}

bool is_hex(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string stream_of(const std::string& token_id) { return "api-token-" + token_id; }

}  // namespace

Result<IssuedToken> issue_token(EventStore& store, Random& random, const Actor& holder, const Actor& issuer) {
  if (holder.kind == ActorKind::kSystem) return Status(Code::kInvalidArgument, "a token needs a role other than system");
  if (holder.kind != ActorKind::kAdmin && holder.kind != ActorKind::kFinanceUser && holder.id.empty())
    return Status(Code::kInvalidArgument, "a " + std::string(actor_kind_name(holder.kind)) + " token needs the id it acts for");
  IssuedToken t;
  t.token_id = hex(random.next_u64(), random.next_u64());
  const std::string secret = hex(random.next_u64(), random.next_u64()) + hex(random.next_u64(), random.next_u64());
  t.token = "rect_" + t.token_id + "_" + secret;
  EventData e;
  e.type = "api_token_created";
  e.actor = issuer;
  e.payload = Json{{"token_id", t.token_id},
                   {"holder_kind", std::string(actor_kind_name(holder.kind))},
                   {"holder_id", holder.id},
                   {"secret_sha256", sha256_hex(secret)}}
                  .dump();
  auto r = store.append(stream_of(t.token_id), ExpectedVersion::no_stream(), {std::move(e)});
  if (!r) return r.status();
  t.position = r->last_position();
  return t;
}

Result<GlobalPosition> revoke_token(EventStore& store, const std::string& token_id, const Actor& issuer) {
  if (!is_hex(token_id, 32)) return Status(Code::kInvalidArgument, "token id must be 32 lower-case hex digits");
  auto v = store.stream_version(stream_of(token_id));
  if (!v) return v.status();
  if (*v == StreamVersion::none()) return Status(Code::kNotFound, "no token " + token_id);
  EventData e;
  e.type = "api_token_revoked";
  e.actor = issuer;
  e.payload = Json{{"token_id", token_id}}.dump();
  auto r = store.append(stream_of(token_id), ExpectedVersion::exact(*v), {std::move(e)});
  if (!r) return r.status();
  return r->last_position();
}

Status TokenRegistry::apply(const RecordedEvent& event) {
  if (event.data.type != "api_token_created" && event.data.type != "api_token_revoked") return Status::ok();
  Json j = Json::parse(event.data.payload, nullptr, false);
  if (j.is_discarded() || !j.contains("token_id") || !j["token_id"].is_string())
    return Status(Code::kCorruption, event.data.type + " without a token_id");
  const std::string id = j["token_id"];
  if (event.data.type == "api_token_created") {
    auto kind = parse_actor_kind(j.value("holder_kind", ""));
    if (!kind) return Status(Code::kCorruption, "api_token_created with an unknown holder_kind");
    tokens_[id] = Entry{{*kind, j.value("holder_id", "")}, j.value("secret_sha256", ""), false};
  } else {
    auto it = tokens_.find(id);
    if (it == tokens_.end()) return Status(Code::kCorruption, "api_token_revoked for an unknown token");
    it->second.revoked = true;
  }
  dirty_.insert(id);
  return Status::ok();
}

void TokenRegistry::drain_changes(std::vector<projections::RecordChange>& out) {
  for (const auto& id : dirty_) {
    const Entry& e = tokens_.at(id);
    out.emplace_back(id, Json{{"holder_kind", std::string(actor_kind_name(e.holder.kind))},
                              {"holder_id", e.holder.id},
                              {"secret_sha256", e.secret_sha256},
                              {"revoked", e.revoked}}
                             .dump());
  }
  dirty_.clear();
}

Status TokenRegistry::load(std::string_view key, std::string_view value) {
  Json j = Json::parse(value, nullptr, false);
  auto kind = j.is_object() ? parse_actor_kind(j.value("holder_kind", "")) : std::nullopt;
  if (!kind) return Status(Code::kCorruption, "api_tokens record " + std::string(key) + " is malformed");
  tokens_[std::string(key)] = Entry{{*kind, j.value("holder_id", "")}, j.value("secret_sha256", ""), j.value("revoked", false)};
  return Status::ok();
}

void TokenRegistry::clear() {
  tokens_.clear();
  dirty_.clear();
}

std::optional<Actor> TokenRegistry::authenticate(std::string_view authorization) const {
  std::string_view token;
  if (authorization.starts_with("Bearer ")) {
    token = authorization.substr(7);
  } else if (authorization.starts_with("Token token=")) {
    token = authorization.substr(12);
    if (token.size() >= 2 && token.front() == '"' && token.back() == '"') token = token.substr(1, token.size() - 2);
  } else {
    return std::nullopt;
  }
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.size() != 5 + 32 + 1 + 64 || !token.starts_with("rect_") || token[37] != '_') return std::nullopt;
  const std::string_view id = token.substr(5, 32);
  const std::string hash = sha256_hex(token.substr(38));
  std::shared_lock lock(this->lock());
  auto it = tokens_.find(id);
  if (it == tokens_.end() || it->second.revoked) return std::nullopt;
  if (!constant_time_equal(hash, it->second.secret_sha256)) return std::nullopt;
  return it->second.holder;
}

}  // namespace rect::api
