/* tests/host/test_pic.c - drivers/pic.c's probe on the host, over a fake
 * port layer (tests/host/fake_ports.h) and the real resource tree.
 *
 * QEMU always has a pair of 8259s, so the boot never takes the paths where
 * they are missing or their ports are taken. Here the ports are a model:
 * a pair of 8259As whose mask registers read back what was written, or an
 * empty bus where every read is 0xff. After each failed probe, pic1 and
 * pic2 must be free again in `ioports` (the -ENODEV path once kept them),
 * one line must say why, and the IRQ layer must not have been given the
 * chip. */
#include <string.h>
#include "tests/host/tap.h"
#include "tests/host/printk_capture.h"
#include "drivers/pic.h"
#include "kernel/irq.h"
#include "kernel/resource.h"
#include "lib/errno.h"

static bool chips_present;
static u8 imr[2]; /* the two mask registers, as written */
static int port_writes;

/* The model: a data port (0x21, 0xa1) outside initialisation holds the
 * mask. Initialisation words go to the same port; the last write wins,
 * which is all the probe reads back. */
static int
chip_of(u16 port)
{
	if (port == 0x20 || port == 0x21)
		return 0;
	if (port == 0xa0 || port == 0xa1)
		return 1;
	return -1;
}

u8
inb(u16 port)
{
	int c = chip_of(port);

	if (!chips_present || c < 0)
		return 0xff; /* nothing drives the bus */
	return (port & 1) ? imr[c] : 0;
}

void
outb(u8 v, u16 port)
{
	int c = chip_of(port);

	port_writes++;
	if (c >= 0 && (port & 1))
		imr[c] = v;
}

void
outb_p(u8 v, u16 port)
{
	outb(v, port);
}

/* The IRQ layer, as far as pic.c reaches into it. */
static const struct irq_chip *given_chip;
static int irqs_requested;

void
irq_init(const struct irq_chip *chip)
{
	given_chip = chip;
}

int
request_irq(unsigned irq, irq_handler_t handler, const char *name, void *dev)
{
	(void)irq;
	(void)handler;
	(void)name;
	(void)dev;
	irqs_requested++;
	return 0;
}

/* Is [start, start+1] free in the port tree: can someone else claim it? */
static bool
ports_free(u16 start)
{
	struct resource *r = request_region(start, 2, "probe");

	if (!r)
		return false;
	release_region(start, 2);
	return true;
}

static const char *
owner(u16 port)
{
	struct resource *r = resource_lookup(&ioport_resource, port);

	return r && r != &ioport_resource ? r->name : "(free)";
}

int
main(void)
{
	/* No 8259s: every read floats to 0xff. */
	chips_present = false;
	printk_clear();
	int err = pic_init();
	tap_ok(err == -ENODEV,
	       "no 8259 (reads float to 0xff): -ENODEV (got %d)", err);
	tap_ok(printk_lines == 1 && strstr(printk_buf, "no 8259A"),
	       "one line says so: %s", printk_buf);
	tap_ok(ports_free(0x20) && ports_free(0xa0),
	       "pic1 and pic2 are released (0x20: %s, 0xa0: %s)", owner(0x20),
	       owner(0xa0));
	tap_ok(!given_chip && !irqs_requested,
	       "the IRQ layer was not given a chip, no line requested");

	/* Ports taken: pic2 already claimed by someone else. */
	chips_present = true;
	struct resource *squatter = request_region(0xa0, 2, "squatter");
	err = pic_init();
	tap_ok(squatter && err == -EBUSY && ports_free(0x20) &&
		       strcmp(owner(0xa0), "squatter") == 0 && !given_chip,
	       "pic2 taken: -EBUSY, pic1 released, the other owner kept "
	       "(0x20: %s, 0xa0: %s)",
	       owner(0x20), owner(0xa0));
	release_region(0xa0, 2);

	/* A working pair: claimed, masked, handed to the IRQ layer. */
	printk_clear();
	port_writes = 0;
	err = pic_init();
	tap_ok(err == 0 && given_chip &&
		       strcmp(given_chip->name, "XT-PIC") == 0,
	       "a working pair: 0, the IRQ layer gets the XT-PIC chip");
	tap_ok(strcmp(owner(0x20), "pic1") == 0 &&
		       strcmp(owner(0xa0), "pic2") == 0 && !ports_free(0x20) &&
		       !ports_free(0xa0),
	       "pic1 and pic2 stay claimed (0x20: %s, 0xa0: %s)", owner(0x20),
	       owner(0xa0));
	tap_ok(imr[0] == 0xff && imr[1] == 0xff && irqs_requested == 1,
	       "every line masked (0x%02x/0x%02x), the cascade requested",
	       imr[0], imr[1]);
	return tap_done();
}
