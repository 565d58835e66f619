// rect-replay: see replay-tools/replay.h and docs/replay.md.
#include <iostream>

#include "replay-tools/replay.h"

int main(int argc, char** argv) {
  return rect::replay::run_replay(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
