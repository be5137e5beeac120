# tests/host/host.mk - host unit tests, built with AddressSanitizer and UBSan.
#
# Each test is tests/host/test_NAME.c plus the porthole sources it exercises,
# listed as host_NAME_SRCS. The C library provides memcpy and friends on the
# host, so lib/string.c is linked only into its own test (under other names).
# Add a test: write tests/host/test_NAME.c, add NAME to HOST_TESTS and a
# host_NAME_SRCS line below.

HOST_TESTS += vsprintf
host_vsprintf_SRCS := lib/vsprintf.c lib/errno.c
