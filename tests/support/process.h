// Process: starts a program with arguments, captures its stdout and stderr
// line by line, and can signal and reap it. Tests only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace rect::testing {

class Process {
 public:
  Process(const std::string& program, const std::vector<std::string>& args);
  ~Process();  // SIGKILLs and reaps the process if it still runs
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Waits for a line of stdout or stderr containing `needle`; returns it.
  std::optional<std::string> wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);
  // Everything read so far from stdout and stderr.
  const std::string& output() const { return output_; }
  void signal(int sig);
  // Waits for exit; the exit code, or 128+signal, or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);

 private:
  void pump(std::chrono::milliseconds timeout);
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string output_;
  std::size_t scanned_ = 0;
  std::optional<int> exit_;
};

// The port from a "listening on http://ADDR:PORT" line, or 0.
std::uint16_t port_from_listen_line(const std::string& line);

}  // namespace rect::testing
