/* tests/host/host_rename.h - force-included in every host test build
 * (-include). porthole's lib/ functions get names of their own on the host
 * (lib_memcpy, lib_snprintf, ...): the code under test runs porthole's own
 * string and format code, instrumented by ASan and UBSan like the rest,
 * while the C library keeps its functions for its own use. */
#define vsnprintf lib_vsnprintf
#define snprintf lib_snprintf
#define memset lib_memset
#define memcpy lib_memcpy
#define memmove lib_memmove
#define memcmp lib_memcmp
#define strlen lib_strlen
#define strnlen lib_strnlen
#define strcmp lib_strcmp
#define strncmp lib_strncmp
#define strchr lib_strchr
#define strlcpy lib_strlcpy
