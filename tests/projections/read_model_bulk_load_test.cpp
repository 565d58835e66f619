// ReadModelStore::BulkLoad: records written as table files and added to the
// store at finish(), as rect-replay's folds write their fresh copies.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/table_properties.h>

#include "projections/read_model_store.h"
#include "tests/support/temp_dir.h"

namespace rect::testing {
namespace {

using projections::ReadModelStore;
using projections::RecordChange;

std::unique_ptr<ReadModelStore> open_store(const std::string& dir) {
  auto s = ReadModelStore::open(dir, {"views", "other"});
  REQUIRE_MESSAGE(s, s.status().to_string());
  return std::move(*s);
}

std::map<std::string, std::string> records(const ReadModelStore& store, const std::string& projection = "views") {
  std::map<std::string, std::string> out;
  Status s = store.scan(projection, [&](std::string_view k, std::string_view v) {
    out.emplace(std::string(k), std::string(v));
    return Status::ok();
  });
  REQUIRE_MESSAGE(s.is_ok(), s.to_string());
  return out;
}

std::unique_ptr<ReadModelStore::BulkLoad> load_of(ReadModelStore& store, const std::string& projection = "views") {
  auto load = store.bulk_load(projection);
  REQUIRE_MESSAGE(load, load.status().to_string());
  return std::move(*load);
}

void add(ReadModelStore::BulkLoad& load, std::vector<RecordChange> changes) {
  Status s = load.add(changes);
  REQUIRE_MESSAGE(s.is_ok(), s.to_string());
}

bool bulk_dir_empty(const std::string& dir) {
  const std::filesystem::path p = std::filesystem::path(dir) / "bulk";
  return !std::filesystem::exists(p) || std::filesystem::is_empty(p);
}

// The compression of each table file of the store's "views" family, by name.
std::multiset<std::string> table_compressions(const std::string& dir) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), "views", "other"})
    cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, cfs, &handles, &raw).ok());
  rocksdb::TablePropertiesCollection props;
  REQUIRE(raw->GetPropertiesOfAllTables(handles[1], &props).ok());
  std::multiset<std::string> out;
  for (const auto& [file, p] : props) out.insert(p->compression_name);
  for (auto* h : handles) REQUIRE(raw->DestroyColumnFamilyHandle(h).ok());
  delete raw;
  return out;
}

}  // namespace

TEST_CASE("bulk load: batches in ascending key order make one table file, seen only after finish") {
  TempDir dir("rect-bulk");
  auto store = open_store(dir.path());
  auto load = load_of(*store);
  add(*load, {{"b", "2"}, {"a", "1"}});  // one batch is sorted before it is written
  add(*load, {{"c", "3"}, {"d", std::nullopt}});
  add(*load, {});
  CHECK(load->runs() == 1);
  CHECK(records(*store).empty());
  REQUIRE(load->finish().is_ok());
  CHECK(records(*store) == std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {"c", "3"}});
  CHECK(records(*store, "other").empty());
  CHECK(bulk_dir_empty(dir.path()));

  store.reset();
  auto reopened = open_store(dir.path());
  CHECK(records(*reopened).size() == 3);
}

TEST_CASE("bulk load: a batch that does not start after the last key begins a run, and the later change wins") {
  TempDir dir("rect-bulk");
  auto store = open_store(dir.path());
  auto load = load_of(*store);
  add(*load, {{"k1", "old"}, {"k2", "gone soon"}, {"k5", "5"}});
  add(*load, {{"k0", "0"}, {"k1", "new"}, {"k2", std::nullopt}});
  add(*load, {{"k3", "3"}});
  CHECK(load->runs() == 2);
  add(*load, {{"k3", "3 again"}});  // the same key again: not after the last one
  CHECK(load->runs() == 3);
  REQUIRE(load->finish().is_ok());
  CHECK(records(*store) ==
        std::map<std::string, std::string>{{"k0", "0"}, {"k1", "new"}, {"k3", "3 again"}, {"k5", "5"}});
}

TEST_CASE("bulk load: of changes to one key in a batch, the last counts") {
  TempDir dir("rect-bulk");
  auto store = open_store(dir.path());
  auto load = load_of(*store);
  add(*load, {{"x", "1"}, {"y", "1"}, {"x", "2"}, {"y", std::nullopt}, {"z", std::nullopt}, {"z", "3"}});
  REQUIRE(load->finish().is_ok());
  CHECK(records(*store) == std::map<std::string, std::string>{{"x", "2"}, {"z", "3"}});
}

TEST_CASE("bulk load: replaces and deletes what the store already holds, and keeps the checkpoint") {
  TempDir dir("rect-bulk");
  auto store = open_store(dir.path());
  REQUIRE(store->commit({{"views", {{"a", "committed"}, {"b", "committed"}, {"c", "kept"}}, GlobalPosition(7), 2}}).is_ok());
  auto load = load_of(*store);
  add(*load, {{"a", "loaded"}, {"b", std::nullopt}});
  REQUIRE(load->finish().is_ok());
  CHECK(records(*store) == std::map<std::string, std::string>{{"a", "loaded"}, {"c", "kept"}});
  auto cp = store->checkpoint("views");
  REQUIRE(cp);
  CHECK(cp->position == GlobalPosition(7));
  CHECK(cp->schema_version == 2);
}

TEST_CASE("bulk load: a reserved key, an unknown projection and a second finish") {
  TempDir dir("rect-bulk");
  auto store = open_store(dir.path());
  CHECK(store->bulk_load("nope").status().code() == Code::kNotFound);
  auto load = load_of(*store);
  std::vector<RecordChange> bad = {{"ok", "1"}, {std::string(1, '\0') + "checkpoint", "x"}};
  CHECK(load->add(bad).code() == Code::kInvalidArgument);
  std::vector<RecordChange> empty_key = {{"", "x"}};
  CHECK(load->add(empty_key).code() == Code::kInvalidArgument);
  add(*load, {{"ok", "1"}});
  REQUIRE(load->finish().is_ok());
  CHECK(load->finish().is_ok());
  std::vector<RecordChange> late = {{"later", "1"}};
  CHECK(load->add(late).code() == Code::kInvalidArgument);
  CHECK(records(*store) == std::map<std::string, std::string>{{"ok", "1"}});
}

TEST_CASE("bulk load: a load dropped before finish adds nothing and leaves no files") {
  TempDir dir("rect-bulk");
  auto store = open_store(dir.path());
  {
    auto load = load_of(*store);
    add(*load, {{"a", "1"}});
    add(*load, {{"a", "2"}});
    CHECK(load->runs() == 2);
    CHECK_FALSE(bulk_dir_empty(dir.path()));
  }
  CHECK(bulk_dir_empty(dir.path()));
  CHECK(records(*store).empty());
}

TEST_CASE("read_model_store_writes_uncompressed_tables_and_still_reads_the_lz4_tables_of_older_builds") {
  TempDir dir("rect-bulk");
  open_store(dir.path()).reset();  // the format version and the families
  {
    // A store as builds before 2026-12-06 wrote it: LZ4 blocks.
    rocksdb::DBOptions dbo;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), "views", "other"}) {
      rocksdb::ColumnFamilyOptions o;
      o.compression = rocksdb::kLZ4Compression;
      cfs.emplace_back(name, o);
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(dbo, dir.path(), cfs, &handles, &raw).ok());
    for (int i = 0; i < 500; ++i)
      REQUIRE(raw->Put(rocksdb::WriteOptions(), handles[1], "old" + std::to_string(1000 + i), std::string(200, 'v')).ok());
    REQUIRE(raw->Flush(rocksdb::FlushOptions(), handles[1]).ok());
    for (auto* h : handles) REQUIRE(raw->DestroyColumnFamilyHandle(h).ok());
    delete raw;
  }
  REQUIRE(table_compressions(dir.path()) == std::multiset<std::string>{"LZ4"});

  auto store = open_store(dir.path());
  auto load = load_of(*store);
  add(*load, {{"new1", "1"}, {"new2", "2"}});
  REQUIRE(load->finish().is_ok());
  const auto all = records(*store);
  CHECK(all.size() == 502);
  CHECK(all.at("old1499") == std::string(200, 'v'));
  CHECK(all.at("new2") == "2");
  store.reset();
  CHECK(table_compressions(dir.path()) == std::multiset<std::string>{"LZ4", "NoCompression"});
}

}  // namespace rect::testing
