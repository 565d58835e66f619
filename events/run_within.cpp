#include "events/run_within.h"

#include <future>
#include <thread>
#include <utility>

namespace rect {

bool run_within(std::function<void()> work, std::chrono::milliseconds limit) {
  std::packaged_task<void()> task(std::move(work));
  std::future<void> finished = task.get_future();
  std::thread(std::move(task)).detach();
  return finished.wait_for(limit) == std::future_status::ready;
}

}  // namespace rect
