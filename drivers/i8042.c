/* drivers/i8042.c - the Intel 8042 keyboard controller and the keyboard
 * behind it.
 *
 * The 8042 is a small microcontroller between the CPU and the keyboard
 * (and a PS/2 mouse). Two ports (IBM PS/2 Hardware Interface Technical
 * Reference, "Keyboard/Auxiliary Device Controller"; OSDev's "8042 PS/2
 * Controller" page lists the same commands):
 *
 *   0x60  data: bytes from the keyboard or from the controller (read);
 *         bytes for the keyboard, or a command's argument (write)
 *   0x64  status (read): OBF = a byte waits at 0x60 for us, IBF = the
 *         controller has not yet taken our last byte; command (write)
 *
 * The controller's configuration byte (read with command 0x20, written
 * with 0x60) enables the IRQ 1 and IRQ 12 lines and "translation": the
 * keyboard speaks scancode set 2, and the 8042 turns it into the PC/XT's set
 * 1, which is what drivers/kbd_keymap.c decodes.
 *
 * Bring-up, in the order the references give: disable both ports so no
 * keystroke gets in the way; flush the output buffer; read the
 * configuration byte and clear its IRQ bits; self-test the controller
 * (0xAA must answer 0x55), which on some chips resets the configuration,
 * so write it again; test the keyboard interface (0xAB must answer 0x00);
 * enable the keyboard port; set the configuration with IRQ 1 on; request
 * IRQ 1.
 */
#include "drivers/i8042.h"
#include "drivers/kbd_keymap.h"
#include "kernel/io.h"
#include "kernel/irq.h"
#include "kernel/power.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/resource.h"
#include "kernel/tty.h"
#include "lib/errno.h"

#define I8042_DATA 0x60
#define I8042_STATUS 0x64  /* read */
#define I8042_COMMAND 0x64 /* write */
#define I8042_IRQ 1

/* Status register. */
#define STR_OBF 0x01	 /* output buffer full: read 0x60 */
#define STR_IBF 0x02	 /* input buffer full: wait before writing */
#define STR_AUXDATA 0x20 /* the byte at 0x60 came from the mouse port */

/* Controller commands (written to 0x64). */
#define CMD_READ_CONFIG 0x20
#define CMD_WRITE_CONFIG 0x60
#define CMD_DISABLE_AUX 0xa7
#define CMD_SELF_TEST 0xaa
#define CMD_KBD_TEST 0xab
#define CMD_DISABLE_KBD 0xad
#define CMD_ENABLE_KBD 0xae
#define CMD_PULSE_RESET 0xfe /* pulse output line 0: the CPU's reset */

#define SELF_TEST_PASSED 0x55
#define KBD_TEST_PASSED 0x00

/* Configuration byte. */
#define CFG_KBD_INT 0x01 /* IRQ 1 on keyboard data */
#define CFG_AUX_INT 0x02 /* IRQ 12 on mouse data */
#define CFG_KBD_CLOCK_OFF 0x10
#define CFG_TRANSLATE 0x40 /* set 2 -> set 1 */

#define NO_CONTROLLER 0xff /* what a floating bus reads at 0x64 */
/* How long a controller may take to take a byte or hand one over (Linux's
 * i8042 allows 500 ms; QEMU answers at once), and how long the reset line
 * is given to act before we give up on it. */
#define I8042_TIMEOUT_US 50000
#define I8042_RESET_WAIT_MS 100
#define I8042_FLUSH_MAX 64 /* stale bytes we are willing to throw away */
#define IRQ_MAX_BYTES 16   /* bytes handled per interrupt */

static struct kbd_state kbd;
static bool up;

static bool
wait_write(void)
{
	return poll_timeout(!(inb(I8042_STATUS) & STR_IBF), I8042_TIMEOUT_US) ==
	       0;
}

static int
read_data(void)
{
	if (poll_timeout(inb(I8042_STATUS) & STR_OBF, I8042_TIMEOUT_US) < 0)
		return -ETIMEDOUT;
	return inb(I8042_DATA);
}

static int
command(u8 cmd)
{
	if (!wait_write())
		return -ETIMEDOUT;
	outb(cmd, I8042_COMMAND);
	return 0;
}

static int
command_arg(u8 cmd, u8 arg)
{
	int err = command(cmd);

	if (err || !wait_write())
		return err ? err : -ETIMEDOUT;
	outb(arg, I8042_DATA);
	return 0;
}

/* A command that answers one byte; returns it, or -ETIMEDOUT. */
static int
command_read(u8 cmd)
{
	int err = command(cmd);

	return err ? err : read_data();
}

static irqreturn_t
i8042_irq(int irq, void *dev)
{
	int n = 0;
	u8 st;

	(void)irq;
	(void)dev;
	while (((st = inb(I8042_STATUS)) & STR_OBF) && n++ < IRQ_MAX_BYTES) {
		u8 code = inb(I8042_DATA);
		char out[KBD_MAX_OUT];
		if (st & STR_AUXDATA)
			continue; /* a mouse byte: no mouse driver */
		int k = kbd_decode(&kbd, code, out);
		for (int i = 0; i < k; i++)
			tty_input(out[i]);
	}
	return n ? IRQ_HANDLED : IRQ_NONE;
}

static int
fail(const char *step, int got, int want)
{
	if (got < 0)
		printk("i8042: %s: no answer (%s); no keyboard\n", step,
		       errname(got));
	else
		printk("i8042: %s: answered 0x%02x, want 0x%02x; no keyboard\n",
		       step, got, want);
	return got < 0 ? got : -EIO;
}

static int
i8042_bring_up(void)
{
	int cfg, r, flushed = 0;

	if (command(CMD_DISABLE_KBD) || command(CMD_DISABLE_AUX))
		return fail("disable ports", -ETIMEDOUT, 0);
	while ((inb(I8042_STATUS) & STR_OBF) && flushed++ < I8042_FLUSH_MAX)
		inb(I8042_DATA); // Flush stale bytes
	cfg = command_read(CMD_READ_CONFIG);
	if (cfg < 0)
		return fail("read configuration byte", cfg, 0);
	cfg &= ~(CFG_KBD_INT | CFG_AUX_INT); // No IRQs yet
	cfg |= CFG_TRANSLATE;		     // We decode set 1
	if (command_arg(CMD_WRITE_CONFIG, cfg))
		return fail("write configuration byte", -ETIMEDOUT, 0);
	r = command_read(CMD_SELF_TEST);
	if (r != SELF_TEST_PASSED)
		return fail("controller self-test (0xaa)", r, SELF_TEST_PASSED);
	if (command_arg(CMD_WRITE_CONFIG, cfg)) // Self-test may reset it
		return fail("write configuration byte", -ETIMEDOUT, 0);
	r = command_read(CMD_KBD_TEST);
	if (r != KBD_TEST_PASSED)
		return fail("keyboard interface test (0xab)", r,
			    KBD_TEST_PASSED);
	if (command(CMD_ENABLE_KBD))
		return fail("enable keyboard port", -ETIMEDOUT, 0);
	cfg = (cfg | CFG_KBD_INT) & ~CFG_KBD_CLOCK_OFF;
	if (command_arg(CMD_WRITE_CONFIG, cfg)) // IRQ 1 on
		return fail("write configuration byte", -ETIMEDOUT, 0);
	return 0;
}

int
i8042_init(void)
{
	u8 status;
	int err;

	if (!request_region(I8042_DATA, 1, "keyboard"))
		return -EBUSY;
	if (!request_region(I8042_STATUS, 1, "keyboard")) {
		release_region(I8042_DATA, 1);
		return -EBUSY;
	}
	status = inb(I8042_STATUS);
	if (status == NO_CONTROLLER) {
		printk("i8042: no controller (status port 0x%x reads 0x%02x); "
		       "no keyboard\n",
		       I8042_STATUS, status);
		err = -ENODEV;
		goto release;
	}
	err = i8042_bring_up();
	if (err)
		goto release;
	err = request_irq(I8042_IRQ, i8042_irq, "i8042", NULL);
	if (err)
		goto release;
	up = true;
	power_set_reset(i8042_reset_cpu);
	printk("i8042: keyboard on IRQ %u (scancode set 1 via translation)\n",
	       I8042_IRQ);
	return 0;
release:
	release_region(I8042_STATUS, 1);
	release_region(I8042_DATA, 1);
	return err;
}

void
i8042_reset_cpu(void)
{
	if (command(CMD_PULSE_RESET) == 0)
		mdelay(I8042_RESET_WAIT_MS); // Give it time to act
}
