// The programs' allocator: with RECT_JEMALLOC (the default outside sanitized
// builds) every executable is linked with jemalloc, which must then serve
// malloc itself, not merely be present (docs/decisions.md, "The allocator").
// This binary is linked like rect-replay and rectd (CMakeLists.txt).
#include <dlfcn.h>

#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

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

}  // namespace
}  // namespace rect::testing
