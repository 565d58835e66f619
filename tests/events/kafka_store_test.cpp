// Kafka mode beyond the conformance suite: readers, fencing, restarts.
#include <doctest/doctest.h>
