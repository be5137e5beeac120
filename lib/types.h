/* lib/types.h - fixed-width integer types for the kernel and for host builds.
 *
 * porthole is freestanding: these come from the compiler's own <stdint.h>,
 * <stddef.h> and <stdbool.h>, which need no C library. The short Linux-style
 * names (u8 .. u64) are used where porthole mirrors a Linux interface.
 */
#ifndef LIB_TYPES_H
#define LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* Physical addresses and resource bounds are 64-bit even on the 32-bit kernel:
 * PCI BARs and the iomem tree may name memory above 4 GiB. */
typedef u64 phys_addr_t;
typedef u64 resource_size_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define BIT(n) (1u << (n))

#define container_of(ptr, type, member)                                        \
	((type *)((char *)(ptr)-offsetof(type, member)))

#define __packed __attribute__((packed))
#define __aligned(n) __attribute__((aligned(n)))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __unused __attribute__((unused))
#define __section(s) __attribute__((section(s)))
#define __used __attribute__((used))

#endif
