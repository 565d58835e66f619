// Kafka mode under faults injected through the mock cluster's controls.
#include <doctest/doctest.h>
