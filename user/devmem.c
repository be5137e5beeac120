/* user/devmem.c - device memory from ring 3: mmap2 of /dev/mem.
 *
 * /dev/mem is physical memory as a file: mapping its page N maps physical
 * page N into the process (kernel/user/devmem.c). Two devices, two ways:
 *
 * 1. The VGA text buffer at 0xb8000 (IBM VGA Technical Reference, "Memory
 *    maps"): one 16-bit cell per character, the character in the low
 *    byte, the colour in the high byte. Which cell is the screen's top
 *    left is the CRT controller's Start Address (CRTC index 0x0c/0x0d
 *    behind ports 0x3d4/0x3d5), read here after ioperm(0x3d4, 2, 1); this
 *    program writes a line into that top row.
 * 2. A PCI memory BAR: QEMU's standard VGA (vendor 0x1234, device 0x1111)
 *    has its Bochs DISPI registers in BAR2 at offset 0x500 (QEMU
 *    hw/display/vga-pci.c); register 0, the ID, is 0xb0c0-0xb0c5. The BAR
 *    comes from PCI configuration space, read through 0xcf8/0xcfc after
 *    ioperm(0xcf8, 8, 1) (PCI Local Bus spec 3.0, 3.2.2.3.2). The kernel's
 *    `mmio-demo` reads the same register.
 *
 * Last it asks for a page of System RAM the kernel owns (its own image at
 * 1 MiB), which /dev/mem refuses with EPERM as Linux's STRICT_DEVMEM does.
 */
#include "drivers/bochs_dispi.h"
#include "drivers/pci/pci_regs.h"
#include "user/lib/ulib.h"

#define VGA_TEXT_PHYS 0xb8000
#define VGA_TEXT_SIZE 0x8000 /* 32 KiB of text memory, 16384 cells */
#define VGA_CRTC_INDEX 0x3d4
#define VGA_CRTC_DATA 0x3d5
#define CRTC_START_HIGH 0x0c
#define CRTC_START_LOW 0x0d
#define ATTR_YELLOW_ON_BLUE 0x1e

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_ENABLE 0x80000000u
#define QEMU_VGA_ID (QEMU_VGA_DEVICE << 16 | QEMU_VGA_VENDOR) /* reg 0 */
#define PCI_BAR2 (PCI_BASE_ADDRESS_0 + 4 * QEMU_VGA_MMIO_BAR)

#define KERNEL_IMAGE_PHYS 0x100000

static const char message[] = "hello from ring 3, through /dev/mem";

static unsigned char
crtc_read(unsigned char index)
{
	outb(index, VGA_CRTC_INDEX); // select a CRTC register
	return inb(VGA_CRTC_DATA);
}

static unsigned
pci_read32(unsigned dev, unsigned reg)
{
	outl(PCI_ENABLE | dev << 11 | reg, PCI_CONFIG_ADDRESS); // bus 0
	return inl(PCI_CONFIG_DATA);
}

static int
vga_text(int fd)
{
	long ret = ioperm(VGA_CRTC_INDEX, 2, 1);

	if (ret < 0) {
		printf("devmem: ioperm(0x3d4, 2, 1): %s\n", errname(ret));
		return 1;
	}
	unsigned start =
		crtc_read(CRTC_START_HIGH) << 8 | crtc_read(CRTC_START_LOW);
	long va = mmap2(0, VGA_TEXT_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			fd, VGA_TEXT_PHYS >> 12);
	if (is_err(va)) {
		printf("devmem: mmap2 of 0xb8000: %s\n", errname(va));
		return 1;
	}
	volatile unsigned short *cell = (unsigned short *)va + start;
	printf("devmem: VGA text memory 0xb8000 mapped at %08lx; the screen "
	       "starts at cell %u: writing \"%s\" at physical %05x\n",
	       va, start, message, VGA_TEXT_PHYS + start * 2);
	for (unsigned i = 0; message[i]; i++)
		cell[i] = ATTR_YELLOW_ON_BLUE << 8 | (unsigned char)message[i];
	munmap((void *)va, VGA_TEXT_SIZE);
	return 0;
}

static int
pci_bar(int fd)
{
	long ret = ioperm(PCI_CONFIG_ADDRESS, 8, 1);
	unsigned dev;

	if (ret < 0) {
		printf("devmem: ioperm(0xcf8, 8, 1): %s\n", errname(ret));
		return 1;
	}
	for (dev = 0; dev < 32; dev++)
		if (pci_read32(dev, PCI_VENDOR_ID) == QEMU_VGA_ID)
			break;
	if (dev == 32) {
		printf("devmem: no QEMU standard VGA (1234:1111) on bus 0\n");
		return 0;
	}
	unsigned bar = pci_read32(dev, PCI_BAR2) & PCI_BASE_ADDRESS_MEM_MASK;
	long va = mmap2(0, 4096, PROT_READ, MAP_SHARED, fd, bar >> 12);
	if (is_err(va)) {
		printf("devmem: mmap2 of BAR2 %08x: %s\n", bar, errname(va));
		return 1;
	}
	volatile unsigned short *dispi =
		(unsigned short *)(va + DISPI_MMIO_REG(DISPI_INDEX_ID));
	printf("devmem: 00:%02x.0 1234:1111 BAR2 %08x mapped at %08lx: "
	       "DISPI ID at BAR2+0x500 = 0x%04x\n",
	       dev, bar, va, dispi[DISPI_INDEX_ID]);
	munmap((void *)va, 4096);
	return 0;
}

int
main(void)
{
	int fd = open("/dev/mem", O_RDWR | O_SYNC);

	if (fd < 0) {
		printf("devmem: open /dev/mem: %s\n", errname(fd));
		return 1;
	}
	if (pci_bar(fd) || vga_text(fd))
		return 1;
	long va = mmap2(0, 4096, PROT_READ, MAP_SHARED, fd,
			KERNEL_IMAGE_PHYS >> 12);
	printf("devmem: mmap2 of the kernel's RAM at %08x: %s\n",
	       KERNEL_IMAGE_PHYS, is_err(va) ? errname(va) : "mapped (!)");
	close(fd);
	return is_err(va) ? 0 : 1;
}
