# rect_add_doctest(TARGET): registers every doctest case of TARGET with ctest,
# one ctest test per case, so `ctest -j` spreads them over the cores.
include(doctest)
function(rect_add_doctest target)
  doctest_discover_tests(${target} ADD_LABELS 1 EXTRA_ARGS --no-version)
endfunction()
