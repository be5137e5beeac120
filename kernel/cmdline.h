/* kernel/cmdline.h - options from the kernel command line (`key=value`). */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

/* cmdline_init - keep a parsed copy of the boot loader's command line.
 * A first word that is the kernel's own path (QEMU -kernel) is skipped. */
void cmdline_init(const char *line);

/* cmdline_get - the value of key: "x" for key=x, "" for a bare key, NULL
 * when absent. The string stays valid for the life of the kernel. */
const char *cmdline_get(const char *key);

/* cmdline_raw - the whole command line as the boot loader gave it. */
const char *cmdline_raw(void);

#endif
