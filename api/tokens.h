// API tokens: bearer tokens for lead providers and for the other roles
// (school users, appropriate bodies, finance users, admins).
//
// A token is "rect_<token id: 32 hex>_<secret: 64 hex>". Only the SHA-256 of
// the secret is recorded, in an `api_token_created` event on stream
// `api-token-<token id>`; `api_token_revoked` ends it. TokenRegistry is the
// projection of those events: authenticate() finds the token by id and
// compares the secret's hash in constant time. Because it is a projection,
// a revocation is in force as soon as the engine has folded it — the admin
// endpoint waits for that before answering, so it takes effect on the next
// request.
//
// Thread-safety: TokenRegistry follows the Projection contract (readers take
// lock() shared, which authenticate() does itself). issue_token() and
// revoke_token() may be called concurrently.
//
// Usage:
//   auto t = issue_token(store, rng, {ActorKind::kLeadProvider, "lp-ambition"}, admin);
//   engine.wait_for(t->position, 5s);
//   std::optional<Actor> who = registry.authenticate("Bearer " + t->token);
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "events/event_store.h"
#include "events/world.h"
#include "projections/projection.h"

namespace rect::api {

struct IssuedToken {
  std::string token;     // shown once; never stored
  std::string token_id;
  GlobalPosition position;
};

Result<IssuedToken> issue_token(EventStore& store, Random& random, const Actor& holder, const Actor& issuer);
Result<GlobalPosition> revoke_token(EventStore& store, const std::string& token_id, const Actor& issuer);

class TokenRegistry final : public projections::Projection {
 public:
  std::string_view name() const override { return "api_tokens"; }
  std::uint32_t schema_version() const override { return 1; }
  Status apply(const RecordedEvent& event) override;
  void drain_changes(std::vector<projections::RecordChange>& out) override;
  Status load(std::string_view key, std::string_view value) override;
  void clear() override;

  // The holder of the token in an Authorization header value ("Bearer X" or
  // "Token token=X"), or nullopt for a missing, malformed, unknown or revoked
  // token.
  std::optional<Actor> authenticate(std::string_view authorization) const;

 private:
  struct Entry {
    Actor holder;
    std::string secret_sha256;
    bool revoked = false;
  };
  std::map<std::string, Entry, std::less<>> tokens_;
  std::set<std::string> dirty_;
};

}  // namespace rect::api
