// sort_by_key(): sorts a projection's queued records into the order of their
// keys, so that a drain comes out in key order (a rebuild then writes each
// projection as one table file: ReadModelStore::BulkLoad).
//
// A key is a small rank (what comes before the id in the key: its kind,
// scope, ...) and then an id. Comparing the ids themselves would read each
// id's memory at every comparison, which for millions of records scattered
// over the heap costs more than the sort; so each item is read once, for its
// rank and the first eight bytes of its id, and the ids are compared only
// where those tie.
//
// Thread-safety: none needed; it only touches `items`.
//
// Usage:
//   sort_by_key(refs, [](const Ref& r) { return rank_of(r); },
//               [](const Ref& r) -> std::string_view { return *r.id; }, /*descending=*/true);
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace rect::projections {

// The first eight bytes of `s`, big-endian, zero-padded: orders as `s` does
// wherever two strings differ in their first eight bytes.
inline std::uint64_t key_prefix(std::string_view s) {
  std::uint64_t p = 0;
  for (std::size_t i = 0; i < 8; ++i)
    p = (p << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
  return p;
}

// Sorts `items` by (rank(item), id(item)), ascending or descending.
template <class T, class Rank, class Id>
void sort_by_key(std::vector<T>& items, const Rank& rank, const Id& id, bool descending) {
  struct Entry {
    std::uint64_t rank, prefix;
    std::size_t index;
  };
  std::vector<Entry> order;
  order.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    order.push_back({static_cast<std::uint64_t>(rank(items[i])), key_prefix(id(items[i])), i});
  auto less = [&](const Entry& a, const Entry& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return id(items[a.index]) < id(items[b.index]);
  };
  if (descending) std::sort(order.begin(), order.end(), [&](const Entry& a, const Entry& b) { return less(b, a); });
  else std::sort(order.begin(), order.end(), less);
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const Entry& e : order) sorted.push_back(std::move(items[e.index]));
  items = std::move(sorted);
}

}  // namespace rect::projections
