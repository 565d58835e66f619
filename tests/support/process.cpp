#include "tests/support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace rect::testing {

Process::Process(const std::string& program, const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe(fds) != 0) std::abort();
  pid_ = ::fork();
  if (pid_ < 0) std::abort();
  if (pid_ == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  fd_ = fds[0];
}

Process::~Process() {
  if (!exit_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (fd_ >= 0) ::close(fd_);
}

void Process::pump(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) > 0) {
    char buf[4096];
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n > 0) output_.append(buf, static_cast<std::size_t>(n));
    if (n == 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
}

std::optional<std::string> Process::wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (auto nl = output_.find('\n', scanned_); nl != std::string::npos; nl = output_.find('\n', scanned_)) {
      std::string line = output_.substr(scanned_, nl - scanned_);
      scanned_ = nl + 1;
      if (line.find(needle) != std::string::npos) return line;
    }
    if (fd_ < 0 || std::chrono::steady_clock::now() > deadline) return std::nullopt;
    pump(std::chrono::milliseconds(50));
  }
}

void Process::signal(int sig) {
  if (!exit_) ::kill(pid_, sig);
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!exit_) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    if (fd_ >= 0) pump(std::chrono::milliseconds(20));
    else ::usleep(20000);
  }
  while (fd_ >= 0) pump(std::chrono::milliseconds(100));
  return exit_;
}

std::uint16_t port_from_listen_line(const std::string& line) {
  const auto colon = line.rfind(':');
  if (colon == std::string::npos) return 0;
  return static_cast<std::uint16_t>(std::atoi(line.c_str() + colon + 1));
}

}  // namespace rect::testing
