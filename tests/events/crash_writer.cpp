// rect_crash_writer DIR SEED: appends to the store in DIR from 4 threads until
// killed, printing one line per acknowledged append:
//   <position> <stream> <version> <event id>
// The crash test SIGKILLs it and checks every printed append is in the store.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "events/rocksdb_store.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rect_crash_writer DIR SEED\n");
    return 2;
  }
  rect::SeededRandom random(std::strtoull(argv[2], nullptr, 10));
  auto store = rect::RocksDbEventStore::open(argv[1], {.random = &random});
  if (!store) {
    std::fprintf(stderr, "open: %s\n", store.status().to_string().c_str());
    return 1;
  }
  std::mutex out_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::uint64_t i = 0;; ++i) {
        const std::string stream = "crash-" + std::to_string(random.next_u64() % 50);
        rect::EventData e;
        e.id = random.next_uuid();
        e.type = "CrashTest";
        e.payload = "{\"id\":\"" + e.id.to_string() + "\",\"pad\":\"" + std::string(200 + t * 10, 'x') + "\"}";
        std::vector<rect::EventData> batch{e};
        if (i % 5 == 0) {
          rect::EventData second = e;
          second.id = random.next_uuid();
          second.payload = "{\"id\":\"" + second.id.to_string() + "\"}";
          batch.push_back(second);
        }
        auto r = (*store)->append(stream, rect::ExpectedVersion::any(), batch);
        if (!r) {
          std::fprintf(stderr, "append: %s\n", r.status().to_string().c_str());
          std::_Exit(1);
        }
        std::lock_guard<std::mutex> l(out_mu);
        for (std::size_t k = 0; k < batch.size(); ++k) {
          std::printf("%llu %s %llu %s\n", static_cast<unsigned long long>(r->positions[k].value()), stream.c_str(),
                      static_cast<unsigned long long>(r->first_version.value() + k), batch[k].id.to_string().c_str());
        }
        std::fflush(stdout);
      }
    });
  }
  for (auto& th : threads) th.join();
  return 0;
}
