// FlatTable<V>: a hash map from std::string keys to V, made for the lead
// provider model's large tables (teachers, declarations, views by subject),
// whose keys are mostly 36-byte UUIDs and which are looked up several times
// for every event folded.
//
// A std::unordered_map<std::string, V> lookup reads a bucket, then walks a
// chain of nodes, reading each one's hash code (stored after its value, so
// often on another cache line) before it reaches the key. Here the index is
// one array of (hash, node) slots probed linearly: a lookup reads the slots
// of its run, which share a cache line or two, and only the node whose hash
// matches.
//
// Entries never move: a pointer or reference to a key or value stays valid
// until that entry is erased (the model keeps pointers to both). Iteration
// visits every entry once, in no meaningful order (insertion order, changed
// by erasures); erase(it) returns the position to go on from, as for
// unordered_map. Keys are looked up by std::string_view (hash64).
//
// Thread-safety: none; like a standard container, concurrent const use is safe.
//
// Usage:
//   FlatTable<Teacher> teachers;
//   Teacher& t = teachers.try_emplace(id).first->second;
//   if (auto it = teachers.find(id); it != teachers.end()) use(it->second);
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "projections/hash64.h"

namespace rect::projections {

template <class V>
class FlatTable {
 public:
  using key_type = std::string;
  using mapped_type = V;
  using value_type = std::pair<const std::string, V>;
  using size_type = std::size_t;

 private:
  // `pos` comes first, on the cache line a lookup has already loaded to
  // compare the key: a value can be hundreds of bytes long.
  struct Node {
    template <class... Args>
    explicit Node(std::string_view key, Args&&... args)
        : kv(std::piecewise_construct, std::forward_as_tuple(key), std::forward_as_tuple(std::forward<Args>(args)...)) {}
    std::uint32_t pos = 0;  // its place in FlatTable::entries_
    value_type kv;
  };
  struct Slot {
    std::uint64_t hash = 0;
    Node* node = nullptr;  // null: empty
  };

  template <bool Const>
  class Iter {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = FlatTable::value_type;
    using difference_type = std::ptrdiff_t;
    using reference = std::conditional_t<Const, const value_type&, value_type&>;
    using pointer = std::conditional_t<Const, const value_type*, value_type*>;
    Iter() = default;
    explicit Iter(Node* const* at) : at_(at) {}
    Iter(Node* const* at, Node* node) : at_(at), node_(node) {}
    template <bool C = Const, class = std::enable_if_t<C>>
    Iter(const Iter<false>& other) : at_(other.at_), node_(other.node_) {}
    reference operator*() const { return node()->kv; }
    pointer operator->() const { return &node()->kv; }
    Iter& operator++() {
      ++at_;
      node_ = nullptr;
      return *this;
    }
    Iter operator++(int) {
      Iter before = *this;
      ++*this;
      return before;
    }
    friend bool operator==(const Iter& a, const Iter& b) { return a.at_ == b.at_; }

   private:
    friend class FlatTable;
    template <bool>
    friend class Iter;
    // A lookup knows the node already, so dereferencing what it returns
    // need not read entries_ (one more cache miss in a large table).
    Node* node() const { return node_ != nullptr ? node_ : *at_; }
    Node* const* at_ = nullptr;
    Node* node_ = nullptr;  // *at_, when known; null: read *at_
  };

 public:
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;

  FlatTable() = default;
  FlatTable(FlatTable&& other) noexcept
      : entries_(std::move(other.entries_)), slots_(std::move(other.slots_)) {
    other.entries_.clear();
    other.slots_.clear();
  }
  FlatTable& operator=(FlatTable&& other) noexcept {
    if (this != &other) {
      clear();
      entries_ = std::move(other.entries_);
      slots_ = std::move(other.slots_);
      other.entries_.clear();
      other.slots_.clear();
    }
    return *this;
  }
  FlatTable(const FlatTable&) = delete;
  FlatTable& operator=(const FlatTable&) = delete;
  ~FlatTable() { clear(); }

  iterator begin() { return iterator(entries_.data()); }
  iterator end() { return iterator(entries_.data() + entries_.size()); }
  const_iterator begin() const { return const_iterator(entries_.data()); }
  const_iterator end() const { return const_iterator(entries_.data() + entries_.size()); }
  size_type size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  void clear() {
    for (Node* n : entries_) delete n;
    entries_.clear();
    slots_.clear();
  }

  iterator find(std::string_view key) { return at(lookup(key)); }
  const_iterator find(std::string_view key) const {
    Node* n = lookup(key);
    return n == nullptr ? end() : const_iterator(entries_.data() + n->pos, n);
  }
  bool contains(std::string_view key) const { return lookup(key) != nullptr; }
  size_type count(std::string_view key) const { return contains(key) ? 1 : 0; }

  // Hints, for code that knows which keys it will look up next (a drain
  // walking a list of ids): neither changes the table or what a lookup finds.
  // prefetch_slot starts loading the first slot `key` would be probed in;
  // prefetch_node, once that slot is likely loaded, starts loading the first
  // two cache lines of the node whose hash matches `key`'s (if any) without
  // reading the node.
  void prefetch_slot(std::string_view key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash64(key) & mask()]);
  }
  void prefetch_node(std::string_view key) const {
    if (slots_.empty()) return;
    const std::uint64_t h = hash64(key);
    for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.node == nullptr) return;
      if (s.hash == h) {
        __builtin_prefetch(s.node);
        __builtin_prefetch(reinterpret_cast<const char*>(s.node) + 64);
        return;
      }
    }
  }

  // The entry under `key`, made from `args` when there is none.
  template <class... Args>
  std::pair<iterator, bool> try_emplace(std::string_view key, Args&&... args) {
    const std::uint64_t h = hash64(key);
    if (!slots_.empty())
      for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
        const Slot& s = slots_[i];
        if (s.node == nullptr) break;
        if (s.hash == h && s.node->kv.first == key) return {at(s.node), false};
      }
    reserve(entries_.size() + 1);
    auto node = std::make_unique<Node>(key, std::forward<Args>(args)...);
    node->pos = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(node.get());
    Node* const added = node.release();
    place(h, added);
    return {iterator(entries_.data() + entries_.size() - 1, added), true};
  }
  template <class... Args>
  std::pair<iterator, bool> emplace(std::string_view key, Args&&... args) {
    return try_emplace(key, std::forward<Args>(args)...);
  }
  V& operator[](std::string_view key) { return try_emplace(key).first->second; }

  // Erases the entry at `it`; iteration goes on from the returned position
  // (the last entry takes the erased one's place).
  iterator erase(iterator it) {
    const std::size_t pos = static_cast<std::size_t>(it.at_ - entries_.data());
    Node* n = entries_[pos];
    unplace(n);
    entries_[pos] = entries_.back();
    entries_[pos]->pos = static_cast<std::uint32_t>(pos);
    entries_.pop_back();
    delete n;
    return iterator(entries_.data() + pos);
  }
  size_type erase(std::string_view key) {
    Node* n = lookup(key);
    if (n == nullptr) return 0;
    erase(iterator(entries_.data() + n->pos));
    return 1;
  }

  // Room for `n` entries without growing the index.
  void reserve(std::size_t n) {
    if (n * 8 <= slots_.size() * 5) return;  // at most 5/8 full
    std::size_t cap = slots_.empty() ? 16 : slots_.size();
    while (n * 8 > cap * 5) cap *= 2;
    std::vector<Slot> old(cap);
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.node != nullptr) place(s.hash, s.node);
  }

 private:
  std::size_t mask() const { return slots_.size() - 1; }
  iterator at(Node* n) { return n == nullptr ? end() : iterator(entries_.data() + n->pos, n); }

  Node* lookup(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const std::uint64_t h = hash64(key);
    for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.node == nullptr) return nullptr;
      if (s.hash == h && s.node->kv.first == key) return s.node;
    }
  }

  void place(std::uint64_t h, Node* n) {
    std::size_t i = h & mask();
    while (slots_[i].node != nullptr) i = (i + 1) & mask();
    slots_[i] = {h, n};
  }

  // Takes `n` out of the index, moving back the entries after it in its run
  // that would no longer be found past the gap (backward-shift deletion).
  void unplace(Node* n) {
    std::size_t gap = find_slot(n);
    for (std::size_t j = (gap + 1) & mask(); slots_[j].node != nullptr; j = (j + 1) & mask()) {
      const std::size_t home = slots_[j].hash & mask();
      // Move j into the gap when its home is not cyclically within (gap, j].
      const bool stays = gap <= j ? (gap < home && home <= j) : (gap < home || home <= j);
      if (stays) continue;
      slots_[gap] = slots_[j];
      gap = j;
    }
    slots_[gap] = Slot{};
  }

  std::size_t find_slot(const Node* n) const {
    const std::uint64_t h = hash64(n->kv.first);
    std::size_t i = h & mask();
    while (slots_[i].node != n) i = (i + 1) & mask();
    return i;
  }

  std::vector<Node*> entries_;  // every entry, each once; Node::pos is its index here
  std::vector<Slot> slots_;     // a power of two long, or empty
};

}  // namespace rect::projections
