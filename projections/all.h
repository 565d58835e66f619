// make_all_projections(): the one list of every projection rect folds, so
// that rectd, rect-replay (rebuild, as-of, verify, export) and the benchmarks
// agree on what "all projections" means. Adding a projection is one line in
// all.cpp.
//
// Projections that live above this room (the API's TokenRegistry) are not in
// this list; rect-replay carries their records over from the current read
// models unchanged (docs/replay.md).
//
// Thread-safety: each call returns fresh, independent projection objects.
//
// Usage:
//   std::vector<std::unique_ptr<Projection>> all = make_all_projections();
//   std::vector<Projection*> raw;
//   for (auto& p : all) raw.push_back(p.get());
//   ProjectionEngine engine(log, *store, raw);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "projections/projection.h"

namespace rect::projections {

std::vector<std::unique_ptr<Projection>> make_all_projections();

// The names of make_all_projections(), in the same order.
std::vector<std::string> all_projection_names();

}  // namespace rect::projections
