// IdList, the lists of ids an event touched: sorted and without repeats when
// asked, and reusing its strings' buffers from one event to the next.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "projections/lead_provider/model.h"

namespace rect::projections::lead_provider {
namespace {

std::vector<std::string> items(const IdList& l) { return std::vector<std::string>(l.begin(), l.end()); }

TEST_CASE("id_list_sort_unique_sorts_and_drops_repeats") {
  IdList l;
  for (const char* id : {"c", "a", "b", "a", "c", "c"}) l.push_back(id);
  l.sort_unique();
  CHECK(items(l) == std::vector<std::string>{"a", "b", "c"});
  CHECK(l.size() == 3);
  l.clear();
  CHECK(l.empty());
  l.sort_unique();
  CHECK(l.empty());
}

TEST_CASE("id_list_reuses_its_buffers_after_clear_and_sort_unique") {
  const std::string a(36, 'a'), b(36, 'b'), c(36, 'c');  // past the small-string size
  IdList l;
  for (const std::string& id : {c, a, c, b, a, b, c, a}) l.push_back(id);
  std::set<const char*> before;
  for (std::size_t i = 0; i < l.size(); ++i) before.insert(l[i].data());
  REQUIRE(before.size() == 8);
  l.sort_unique();
  REQUIRE(items(l) == std::vector<std::string>{a, b, c});
  // Sorting moved strings about; every slot, kept or past the end, still
  // owns a buffer, and the next event's ids are copied into the same eight.
  l.clear();
  for (const std::string& id : {b, b, a, c, a, b, c, a}) l.push_back(id);
  std::set<const char*> after;
  for (std::size_t i = 0; i < l.size(); ++i) after.insert(l[i].data());
  CHECK(after == before);
  l.sort_unique();
  CHECK(items(l) == std::vector<std::string>{a, b, c});
}

TEST_CASE("id_list_append_takes_any_range_of_strings") {
  IdList l;
  const std::set<std::string> ids = {"x", "y"};
  l.push_back("w");
  l.append(ids.begin(), ids.end());
  CHECK(items(l) == std::vector<std::string>{"w", "x", "y"});
}

}  // namespace
}  // namespace rect::projections::lead_provider
