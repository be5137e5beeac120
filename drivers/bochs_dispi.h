/* drivers/bochs_dispi.h - QEMU's standard VGA (PCI 1234:1111) and its
 * Bochs "DISPI" display interface, as the MMIO demo (drivers/bochs_dispi_cmd.c)
 * and the tests that read it through ports and memory know them.
 *
 * Eleven 16-bit registers behind an index/data pair of I/O ports: write a
 * register's index to 0x1ce, then read or write it at 0x1cf (Bochs vbe.h,
 * VBE_DISPI_*). The same registers sit in the card's MMIO BAR2 from offset
 * 0x500, register i at 0x500 + 2 * i, no index needed (QEMU
 * docs/specs/standard-vga.rst, "PCI Memory BAR2"). Register 0 is the ID,
 * 0xb0c0..0xb0c5: the interface version.
 */
#ifndef DRIVERS_BOCHS_DISPI_H
#define DRIVERS_BOCHS_DISPI_H

/* The PCI function (QEMU hw/display/vga-pci.c; standard-vga.rst). */
#define QEMU_VGA_VENDOR 0x1234
#define QEMU_VGA_DEVICE 0x1111
#define QEMU_VGA_MMIO_BAR 2 /* BAR2: MMIO registers (BAR0: framebuffer) */

/* The DISPI index/data ports (Bochs vbe.h: VBE_DISPI_IOPORT_*). */
#define DISPI_IOPORT_INDEX 0x1ce
#define DISPI_IOPORT_DATA 0x1cf
#define DISPI_NPORTS 2
#define DISPI_INDEX_ID 0x0  /* VBE_DISPI_INDEX_ID */
#define DISPI_NREGS 11	    /* ID .. VIDEO_MEMORY_64K */
#define DISPI_ID_MIN 0xb0c0 /* VBE_DISPI_ID0 */
#define DISPI_ID_MAX 0xb0c5 /* VBE_DISPI_ID5 */

/* The registers in BAR2 (QEMU standard-vga.rst). */
#define DISPI_MMIO_OFFSET 0x500
#define DISPI_MMIO_SIZE (DISPI_NREGS * 2)
#define DISPI_MMIO_REG(i) (DISPI_MMIO_OFFSET + 2 * (i))

#endif
