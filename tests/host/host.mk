# tests/host/host.mk - host unit tests, built with AddressSanitizer and UBSan.
#
# Each test is tests/host/test_NAME.c plus the porthole sources it exercises,
# listed as host_NAME_SRCS. The C library provides memcpy and friends on the
# host, so lib/string.c is linked only into its own test (under other names).
# Add a test: write tests/host/test_NAME.c, add NAME to HOST_TESTS and a
# host_NAME_SRCS line below.

HOST_TESTS += vsprintf
host_vsprintf_SRCS := lib/vsprintf.c lib/errno.c

# kernel/resource.c: every API function and edge, then a randomized
# differential run against a list-of-intervals model (seed printed; pass
# SEED [OPS] to the binary to replay).
HOST_TESTS += resource resource_fuzz
host_resource_SRCS := kernel/resource.c lib/vsprintf.c lib/errno.c
host_resource_fuzz_SRCS := kernel/resource.c lib/vsprintf.c lib/errno.c
