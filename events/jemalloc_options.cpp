// jemalloc's options for every rect program. jemalloc reads this variable
// when it sets itself up, before main; /etc/malloc.conf and the MALLOC_CONF
// environment variable are read after it, so either can still override an
// option here (MALLOC_CONF=thp:default turns huge pages off again).
//
// thp:always: jemalloc marks the memory it maps MADV_HUGEPAGE, so that the
// kernel backs it with 2 MiB transparent huge pages where its setting is
// "madvise" (Debian's default) or "always". A fold chases pointers through a
// model of up to a gigabyte and a half; with 4 KiB pages nearly every step
// of that chase also misses the TLB, and each page is a fault of its own.
// Measured in docs/decisions.md, "The allocator: jemalloc".
//
// Compiled only when the programs link jemalloc (RECT_JEMALLOC), and added to
// every executable as an object file (CMakeLists.txt): nothing names the
// variable, so as a member of a static library it would never be linked in.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always";
}
