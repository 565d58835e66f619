// FlatTable: the same answers as std::unordered_map through any mix of
// inserts, lookups and erasures, entries that never move, and iteration that
// sees every entry once (also while erasing as it goes).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "projections/flat_table.h"

namespace rect::projections {
namespace {

// A key of `len` characters from a number: short keys, 36-byte UUID-like
// ones (held inline) and long ones (longer than the inline copy).
std::string key_of(std::uint64_t n, std::size_t len) {
  std::string k = std::to_string(n) + "-";
  while (k.size() < len) k += static_cast<char>('a' + (n + k.size()) % 26);
  return k;
}

std::map<std::string, int> contents(const FlatTable<int>& t) {
  std::map<std::string, int> out;
  for (const auto& [k, v] : t) CHECK(out.emplace(k, v).second);
  return out;
}

TEST_CASE("flat_table_agrees_with_unordered_map_through_random_inserts_lookups_and_erasures") {
  std::mt19937_64 rng(20261207);
  FlatTable<int> table;
  std::unordered_map<std::string, int> oracle;
  const std::size_t lengths[] = {3, 36, 43, 44, 80};
  for (int step = 0; step < 60000; ++step) {
    const std::uint64_t n = rng() % 3000;
    const std::string k = key_of(n, lengths[n % 5]);
    switch (rng() % 4) {
      case 0:
      case 1: {
        const auto [it, added] = table.try_emplace(k, step);
        const auto [oit, oadded] = oracle.try_emplace(k, step);
        REQUIRE(added == oadded);
        REQUIRE(it->first == k);
        REQUIRE(it->second == oit->second);
        break;
      }
      case 2: {
        REQUIRE(table.erase(k) == oracle.erase(k));
        break;
      }
      default: {
        auto it = table.find(k);
        auto oit = oracle.find(k);
        REQUIRE((it == table.end()) == (oit == oracle.end()));
        if (oit != oracle.end()) REQUIRE(it->second == oit->second);
        REQUIRE(table.contains(k) == (oit != oracle.end()));
      }
    }
    REQUIRE(table.size() == oracle.size());
  }
  CHECK(contents(table) == std::map<std::string, int>(oracle.begin(), oracle.end()));
}

TEST_CASE("flat_table_entries_keep_their_addresses_while_the_table_grows_and_others_go") {
  FlatTable<std::string> table;
  std::vector<std::pair<const std::string*, std::string*>> where;
  for (int i = 0; i < 1000; ++i) {
    auto [it, added] = table.try_emplace(key_of(i, 36), "value " + std::to_string(i));
    REQUIRE(added);
    where.push_back({&it->first, &it->second});
  }
  for (int i = 0; i < 1000; i += 2) REQUIRE(table.erase(key_of(i, 36)) == 1);
  for (int i = 1000; i < 5000; ++i) table[key_of(i, 36)] = "more";
  for (int i = 1; i < 1000; i += 2) {
    auto it = table.find(key_of(i, 36));
    REQUIRE(it != table.end());
    CHECK(&it->first == where[i].first);
    CHECK(&it->second == where[i].second);
    CHECK(it->second == "value " + std::to_string(i));
  }
}

// An iterator that a lookup returns carries the node it found, so that
// dereferencing it does not read the table's list of entries. Stepping it on
// must leave that node behind and walk on from the lookup's place, as one
// from begin() does; erasing through it must erase what it points at.
TEST_CASE("flat_table_an_iterator_from_a_lookup_steps_on_like_one_from_begin") {
  FlatTable<int> table;
  for (int i = 0; i < 300; ++i) table[key_of(i, 36)] = i;
  for (int i = 0; i < 300; i += 7) REQUIRE(table.erase(key_of(i, 36)) == 1);
  std::vector<const std::pair<const std::string, int>*> order;
  for (const auto& kv : table) order.push_back(&kv);
  for (std::size_t at = 0; at < order.size(); ++at) {
    const std::string& key = order[at]->first;
    auto it = table.find(key);
    REQUIRE(it != table.end());
    CHECK(&*it == order[at]);
    FlatTable<int>::const_iterator cit = it;
    CHECK(&*cit == order[at]);
    CHECK(&*std::as_const(table).find(key) == order[at]);
    ++it;
    cit++;
    if (at + 1 < order.size()) {
      CHECK(&*it == order[at + 1]);
      CHECK(&*cit == order[at + 1]);
    } else {
      CHECK(it == table.end());
      CHECK(cit == table.end());
    }
  }
  auto [added, is_new] = table.try_emplace(key_of(1000, 36), 1000);
  REQUIRE(is_new);
  CHECK(added->first == key_of(1000, 36));
  CHECK(std::next(added) == table.end());
  const int victim = 1;
  auto next = table.erase(table.find(key_of(victim, 36)));
  CHECK_FALSE(table.contains(key_of(victim, 36)));
  CHECK(next != table.end());  // the last entry took the erased one's place
  CHECK(next->second == 1000);
}

TEST_CASE("flat_table_erase_while_iterating_visits_every_entry_once") {
  FlatTable<int> table;
  for (int i = 0; i < 500; ++i) table[key_of(i, 36)] = i;
  std::set<int> seen;
  for (auto it = table.begin(); it != table.end();) {
    CHECK(seen.insert(it->second).second);
    it = it->second % 3 == 0 ? table.erase(it) : std::next(it);
  }
  CHECK(seen.size() == 500);
  CHECK(table.size() == 500 - 167);
  for (int i = 0; i < 500; ++i) CHECK(table.contains(key_of(i, 36)) == (i % 3 != 0));
}

TEST_CASE("flat_table_moves_without_moving_its_entries_and_clears") {
  FlatTable<int> a;
  int* v = &a["id"];
  *v = 7;
  FlatTable<int> b(std::move(a));
  CHECK(a.empty());
  CHECK(a.find("id") == a.end());
  REQUIRE(b.find("id") != b.end());
  CHECK(&b.find("id")->second == v);
  a = std::move(b);
  CHECK(a.count("id") == 1);
  CHECK(b.empty());
  a.clear();
  CHECK(a.empty());
  CHECK(a.begin() == a.end());
  a["again"] = 1;
  CHECK(a.size() == 1);
}

TEST_CASE("flat_table_prefetch_hints_change_nothing_on_empty_sparse_or_full_tables") {
  FlatTable<int> t;
  t.prefetch_slot("absent");
  t.prefetch_node("absent");
  CHECK(t.empty());
  std::map<std::string, int> want;
  for (int i = 0; i < 5000; ++i) {
    const std::string k = key_of(static_cast<std::uint64_t>(i) * 7919, 36);
    t[k] = i;
    want[k] = i;
    // Present and absent keys, at every fill the table passes through (up
    // to 5/8 of its slots, where runs are longest).
    t.prefetch_slot(k);
    t.prefetch_node(k);
    t.prefetch_node(key_of(static_cast<std::uint64_t>(i) * 7919 + 1, 36));
  }
  for (int i = 0; i < 20000; ++i) t.prefetch_node(key_of(static_cast<std::uint64_t>(i) * 104729 + 3, 36));
  CHECK(contents(t) == want);
}

}  // namespace
}  // namespace rect::projections
