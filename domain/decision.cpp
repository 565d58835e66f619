#include "domain/decision.h"

namespace rect::domain {

void Decision::error(std::string title, std::string detail) {
  for (const FieldError& e : errors)
    if (e.title == title && e.detail == detail) return;  // the API de-duplicates per title
  errors.push_back({std::move(title), std::move(detail)});
}

bool Decision::has_error(const std::string& title) const {
  for (const FieldError& e : errors)
    if (e.title == title) return true;
  return false;
}

bool Decision::has_any_error(std::initializer_list<const char*> titles) const {
  for (const char* t : titles)
    if (has_error(t)) return true;
  return false;
}

StreamGroup* Decision::group_of(const std::string& stream) {
  auto it = group_index_.find(stream);
  return it == group_index_.end() ? nullptr : &groups[it->second];
}

bool Decision::emitted(const std::string& stream, std::initializer_list<const char*> types, const char* field,
                       const std::string& value) const {
  auto it = group_index_.find(stream);
  if (it == group_index_.end()) return false;
  for (const PendingEvent& e : groups[it->second].events)
    for (const char* type : types)
      if (e.type == type) {
        auto f = e.payload.find(field);
        if (f != e.payload.end() && f->is_string() && f->get_ref<const std::string&>() == value) return true;
      }
  return false;
}

void Decision::emit(const Context& ctx, const std::string& stream, std::string type, Json payload,
                    std::uint32_t schema_version) {
  StreamGroup* g = group_of(stream);
  if (g == nullptr) {
    group_index_.emplace(stream, groups.size());
    g = &groups.emplace_back(StreamGroup{stream, ctx.state.version(stream), {}});
  }
  g->events.push_back({std::move(type), schema_version, std::move(payload)});
}

void Decision::guard(const Context& ctx, const std::string& stream, std::string type, Json payload) {
  emit(ctx, stream, std::move(type), std::move(payload));
  group_of(stream)->guarded = true;
}

}  // namespace rect::domain
