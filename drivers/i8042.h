/* drivers/i8042.h - the 8042 keyboard controller and the PC keyboard. */
#ifndef DRIVERS_I8042_H
#define DRIVERS_I8042_H

#include "lib/types.h"

/* i8042_init - claim "keyboard" 0060 and 0064, bring the controller up in
 * the documented order, and take IRQ 1: typed keys then go to the shell.
 * Returns 0, or -EBUSY / -ENODEV / -EIO / -ETIMEDOUT after one line saying
 * which step failed (the boot goes on without a keyboard). Boot. */
int i8042_init(void);

/* i8042_reset_cpu - ask the controller to pulse the CPU's reset line.
 * Returns only if the controller did not do it (or is not there). Any
 * context; interrupts should be off. */
void i8042_reset_cpu(void);

#endif
