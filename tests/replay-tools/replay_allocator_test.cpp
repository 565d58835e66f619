// The programs' allocator: with RECT_JEMALLOC (the default outside sanitized
// builds) every executable is linked with jemalloc, which must then serve
// malloc itself, not merely be present (docs/decisions.md, "The allocator").
// This binary is linked like rect-replay and rectd (CMakeLists.txt), and
// each asks jemalloc for transparent huge pages (events/jemalloc_options.cpp).
#include <dlfcn.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

#include "tests/support/process.h"

namespace rect::testing {
namespace {

// The file name of the shared object that `malloc`, as this process resolves
// it, comes from ("" for the executable itself).
std::string malloc_owner() {
  void* sym = ::dlsym(RTLD_DEFAULT, "malloc");
  REQUIRE(sym != nullptr);
  Dl_info info{};
  REQUIRE(::dladdr(sym, &info) != 0);
  return info.dli_fname == nullptr ? std::string() : std::string(info.dli_fname);
}

TEST_CASE("malloc is served by jemalloc when the build links it, and by libc otherwise") {
  const std::string owner = malloc_owner();
#if defined(RECT_WITH_JEMALLOC)
  CHECK_MESSAGE(owner.find("jemalloc") != std::string::npos, "malloc comes from " << owner);
  CHECK(::dlsym(RTLD_DEFAULT, "mallctl") != nullptr);
#else
  CHECK_MESSAGE(owner.find("jemalloc") == std::string::npos, "malloc comes from " << owner);
#endif
  void* p = std::malloc(64);
  REQUIRE(p != nullptr);
  std::free(p);
}

#if defined(RECT_WITH_JEMALLOC)
TEST_CASE("this program's jemalloc runs with thp:always, the option every rect program sets") {
  using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
  const auto mallctl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
  REQUIRE((mallctl != nullptr));
  if (const char* env = std::getenv("MALLOC_CONF"); env != nullptr && std::string(env).find("thp") != std::string::npos) {
    MESSAGE("skipped: MALLOC_CONF=" << env << " sets thp itself");
    return;
  }
  const char* thp = nullptr;
  std::size_t size = sizeof(thp);
  REQUIRE(mallctl("opt.thp", &thp, &size, nullptr, 0) == 0);
  REQUIRE(thp != nullptr);
  CHECK(std::string(thp) == "always");
}

TEST_CASE("rect-replay and rectd start jemalloc with thp:always") {
  const char* old = std::getenv("MALLOC_CONF");
  const std::string saved = old == nullptr ? std::string() : std::string(old);
  // stats_print: jemalloc prints its options, opt.thp among them, at exit.
  REQUIRE(::setenv("MALLOC_CONF", "stats_print:true", 1) == 0);
  for (const char* program : {RECT_REPLAY_BIN, RECTD_BIN}) {
    CAPTURE(program);
    Process p(program, {"--help"});
    REQUIRE(p.wait(std::chrono::seconds(30)) == 0);
    CHECK_MESSAGE(p.output().find("opt.thp: \"always\"") != std::string::npos, p.output().substr(0, 2000));
  }
  if (old == nullptr) ::unsetenv("MALLOC_CONF");
  else ::setenv("MALLOC_CONF", saved.c_str(), 1);
}
#endif

}  // namespace
}  // namespace rect::testing
