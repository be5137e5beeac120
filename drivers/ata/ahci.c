/* drivers/ata/ahci.c - AHCI: a SATA controller that is nothing but memory.
 *
 * The Advanced Host Controller Interface (AHCI 1.3.1) has no task file
 * ports at all. Its registers are memory (ABAR, BAR 5), and a command is a
 * structure in RAM the controller fetches by DMA:
 *
 *   ABAR + 0x00  generic host control: CAP (what the HBA can), GHC (AE:
 *                AHCI enable, IE: interrupts, HR: reset), IS (one pending
 *                bit per port), PI (ports implemented), VS (version)
 *   ABAR + 0x100 + 0x80 * port: PxCLB/PxCLBU (command list base), PxFB
 *                (received-FIS base), PxIS/PxIE (interrupt status and
 *                enable), PxCMD (ST, FRE, FR, CR), PxTFD (the device's
 *                status and error registers), PxSIG (the signature), PxSSTS
 *                (link state), PxSCTL, PxSERR, PxCI (commands issued)
 *
 * In RAM, per port (all in one 4 KiB frame here):
 *
 *   command list   32 command headers of 32 bytes, 1 KiB aligned (3.3)
 *   received FIS   256 bytes, 256 aligned: what the device sent back (4.2.1)
 *   command table  128 aligned: the command FIS (a Register Host to Device
 *                  FIS - the task file as a 20-byte packet, SATA 10.3.4),
 *                  then the PRDT, regions of up to 4 MiB (4.2.3)
 *
 * A command: fill the header of slot 0 (FIS length, write bit, PRDT length,
 * the table's address), the FIS and the PRDT; set bit 0 of PxCI. The HBA
 * sends the FIS, moves the data by DMA, clears the PxCI bit and, from the
 * device's final Register D2H FIS, sets PxIS.DHRS and raises its interrupt.
 * Errors: PxIS.TFES (the device's status had ERR) with PxTFD holding status
 * and error, or the HBA's own (HBFS, HBDS, IFS...). Recovery (10.4.2): stop
 * the port (ST off, wait CR), clear PxSERR and PxIS, start it again.
 *
 * Bring-up order (10.1.2): GHC.AE; for each implemented port stop it (ST,
 * then FRE, waiting CR and FR); set PxCLB and PxFB; FRE; clear PxSERR;
 * presence from PxSSTS.DET (3: device and phy) and PxSIG (ATA 00000101,
 * ATAPI EB140101); ST once the device is not busy. Names follow Linux's
 * SCSI layer, which libata puts every SATA device behind: disks take sda,
 * sdb, ... (the sd driver) and packet devices (CD/DVD) sr0, sr1, ... (the
 * sr driver), each count in port order and apart, so a CD on port 0 does
 * not push the disks after it to sdb. Packet devices are listed and
 * skipped.
 *
 * Completion by interrupt: an MSI where the function has the capability
 * (the ICH9's AHCI has one; QEMU's `-device ahci` is that same ICH9
 * function) - the message address and data in its capability, INTx
 * disabled in PCI_COMMAND (msi.c), a line of its own after the I/O APIC's
 * (Linux's 24 and up) - else the function's INTx pin, level-triggered and
 * maybe shared (request_shared_irq). `pci=nomsi`, or no Local APIC
 * (nolapic), keeps INTx. Either way the line is named as Linux's libata
 * names it: "ahci[0000:00:1f.2]".
 */
#include "drivers/ata/ahci.h"
#include "drivers/ata/sg.h"
#include "drivers/ata/taskfile.h"
#include "drivers/ata/xfer_mode.h"
#include "drivers/pci/msi.h"
#include "drivers/pci/pci.h"
#include "kernel/iomap.h"
#include "kernel/irq.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/page.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/time.h"
#include "kernel/x86.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Generic host control (AHCI 1.3.1, 3.1). */
#define HBA_CAP 0x00
#define HBA_GHC 0x04
#define HBA_IS 0x08
#define HBA_PI 0x0c
#define HBA_VS 0x10
#define CAP_NP_MASK 0x1f /* number of ports - 1 */
#define CAP_NCS_SHIFT 8	 /* number of command slots - 1, 5 bits */
#define CAP_S64A (1u << 31)
#define GHC_HR (1u << 0)  /* HBA reset */
#define GHC_IE (1u << 1)  /* interrupt enable */
#define GHC_AE (1u << 31) /* AHCI enable */

/* Port registers (3.3), at 0x100 + 0x80 * port. */
#define PORT_BASE(p) (0x100 + 0x80 * (p))
#define PxCLB 0x00
#define PxCLBU 0x04
#define PxFB 0x08
#define PxFBU 0x0c
#define PxIS 0x10
#define PxIE 0x14
#define PxCMD 0x18
#define PxTFD 0x20
#define PxSIG 0x24
#define PxSSTS 0x28
#define PxSCTL 0x2c
#define PxSERR 0x30
#define PxCI 0x38

#define PxCMD_ST (1u << 0)  /* start: the HBA processes the list */
#define PxCMD_SUD (1u << 1) /* spin-up device */
#define PxCMD_POD (1u << 2) /* power on device */
#define PxCMD_FRE (1u << 4) /* FIS receive enable */
#define PxCMD_FR (1u << 14) /* FIS receive running */
#define PxCMD_CR (1u << 15) /* command list running */

#define PxIS_DHRS (1u << 0)  /* device to host register FIS */
#define PxIS_PSS (1u << 1)   /* PIO setup FIS */
#define PxIS_DSS (1u << 2)   /* DMA setup FIS */
#define PxIS_SDBS (1u << 3)  /* set device bits FIS */
#define PxIS_PCS (1u << 6)   /* port connect change */
#define PxIS_OFS (1u << 24)  /* overflow */
#define PxIS_INFS (1u << 26) /* interface non-fatal */
#define PxIS_IFS (1u << 27)  /* interface fatal */
#define PxIS_HBDS (1u << 28) /* host bus data error */
#define PxIS_HBFS (1u << 29) /* host bus fatal error */
#define PxIS_TFES (1u << 30) /* task file error */
#define PxIS_ERRORS (PxIS_TFES | PxIS_HBFS | PxIS_HBDS | PxIS_IFS | PxIS_OFS)
#define PxIE_ENABLE (PxIS_DHRS | PxIS_PSS | PxIS_DSS | PxIS_SDBS | PxIS_ERRORS)

#define SSTS_DET_MASK 0xf
#define SSTS_DET_PRESENT 3 /* device present, phy communication */
#define SCTL_DET_COMRESET 1

#define SIG_ATA 0x00000101
#define SIG_ATAPI 0xeb140101

/* The in-memory structures (4.2). */
struct ahci_cmd_header {
	u16 flags; /* CFL (4:0) dwords of FIS, A (5), W (6), P (7), C (10) */
	u16 prdtl; /* PRDT entries */
	volatile u32 prdbc; /* bytes moved, written by the HBA */
	u32 ctba, ctbau;    /* command table, 128-byte aligned */
	u32 rsvd[4];
} __packed;
#define HDR_CFL_H2D 5 /* a Register H2D FIS is 5 dwords */
#define HDR_WRITE (1u << 6)

struct ahci_prd {
	u32 dba, dbau, rsvd;
	u32 dbc; /* byte count - 1 (bit 0 set: even counts), I at bit 31 */
} __packed;
#define PRD_MAX_BYTES (4u << 20)

/* Register Host to Device FIS (SATA 3.0, 10.3.4). */
#define FIS_TYPE_REG_H2D 0x27
#define FIS_H2D_C 0x80 /* this FIS carries a command */

#define AHCI_CT_OFFSET 2048 /* command table after list and FIS area */
#define AHCI_CFIS_BYTES 64
#define AHCI_PRDT_OFFSET 0x80
#define AHCI_PRDT_ENTRIES                                                      \
	((4096 - AHCI_CT_OFFSET - AHCI_PRDT_OFFSET) / sizeof(struct ahci_prd))

#define PCI_CLASS_CODE_STORAGE_AHCI 0x010601 /* class 01, 06, prog-if 01 */
#define AHCI_ABAR 5			     /* BAR 5: the registers */
#define AHCI_MAX_HOSTS 4
#define AHCI_PORTS 32
#define AHCI_STOP_MS 500 /* spec 10.1.2: CR and FR clear within 500 ms */
#define AHCI_CMD_TIMEOUT_MS 10000
#define AHCI_LINK_MS 10 /* after COMRESET, DET is 3 within ~10 ms */

struct ahci_host;

struct ahci_port {
	struct ahci_host *host;
	int no;
	volatile u8 __iomem *regs;
	struct ahci_cmd_header *list; /* slot 0 is the one used */
	u8 *fis;
	u8 *table;
	u32 list_pa;
	volatile u32 is; /* PxIS bits the interrupt saw, for the waiter */
	volatile bool done;
	char where[24]; /* "ahci0 port 2" */
};

struct ahci_host {
	struct pci_dev *pdev;
	volatile u8 __iomem *abar;
	u32 pi;
	int index;
	unsigned irq;	   /* the line in use: MSI's or INTx's */
	bool msi;	   /* the line is an MSI */
	char irq_name[24]; /* "ahci[0000:00:1f.2]", as libata names it */
	struct ahci_port *ports[AHCI_PORTS];
};

static struct ahci_host hosts[AHCI_MAX_HOSTS];
static int nhosts;
static struct ata_drive ahci_drives[AHCI_MAX_DRIVES];
static struct ahci_port port_store[AHCI_MAX_DRIVES];
static int ndrives;
static const char *const sd_names[AHCI_MAX_DRIVES] = {
	"sda", "sdb", "sdc", "sdd", "sde", "sdf", "sdg", "sdh"};
static const char *const sr_names[AHCI_MAX_DRIVES] = {
	"sr0", "sr1", "sr2", "sr3", "sr4", "sr5", "sr6", "sr7"};
static int ndisks, npacket; /* the sd and sr names handed out */
static const struct sg_limits ahci_limits = {PRD_MAX_BYTES, 0};

struct ahci_stats ahci_stats;

static u32
hba_read(const struct ahci_host *h, u32 reg)
{
	return readl(h->abar + reg);
}

static void
hba_write(struct ahci_host *h, u32 reg, u32 v)
{
	writel(v, h->abar + reg);
}

static u32
port_read(const struct ahci_port *p, u32 reg)
{
	return readl(p->regs + reg);
}

static void
port_write(struct ahci_port *p, u32 reg, u32 v)
{
	writel(v, p->regs + reg);
}

static struct ahci_port *
drive_port(const struct ata_drive *d)
{
	return &port_store[d - ahci_drives];
}

/* Stop the port's command list and FIS receive engines (10.1.2 step 3,
 * 10.3.2): ST off, wait CR; FRE off, wait FR. -ETIMEDOUT if they run on. */
static int
ahci_port_stop(struct ahci_port *p)
{
	u32 cmd = port_read(p, PxCMD), v;

	if (cmd & PxCMD_ST)
		port_write(p, PxCMD, cmd & ~PxCMD_ST); /* stop the list */
	if (read_poll_timeout(v, port_read(p, PxCMD), !(v & PxCMD_CR),
			      AHCI_STOP_MS * 1000))
		return -ETIMEDOUT;
	cmd = port_read(p, PxCMD);
	if (cmd & PxCMD_FRE)
		port_write(p, PxCMD, cmd & ~PxCMD_FRE); /* stop FIS receive */
	return read_poll_timeout(v, port_read(p, PxCMD), !(v & PxCMD_FR),
				 AHCI_STOP_MS * 1000);
}

/* ST on once the device is not busy (10.3.1: not BSY, DRQ; FRE set). */
static int
ahci_port_start(struct ahci_port *p)
{
	u32 tfd;

	if (read_poll_timeout(tfd, port_read(p, PxTFD),
			      !(tfd & (ATA_SR_BSY | ATA_SR_DRQ)),
			      AHCI_CMD_TIMEOUT_MS * 1000))
		return -ETIMEDOUT;
	port_write(p, PxCMD, port_read(p, PxCMD) | PxCMD_FRE | PxCMD_ST);
	return 0;
}

/* After an error or a timeout (10.4.2): stop the port, clear PxSERR and
 * PxIS; if the device stays busy, COMRESET the link (SCTL.DET = 1 for
 * >= 1 ms, then 0); start it again.
 *
 * Clearing ST clears PxCI (3.3.14, 10.3.2): a command the HBA still held
 * is dropped. QEMU's model (hw/ide/ahci.c) keeps PxCI, and would run the
 * abandoned command the moment ST is set again - into a buffer its caller
 * has given up, and its completion would then end the next command before
 * that one ran. (QEMU 7.2 in fact looks at PxCI again only when it is next
 * written, and then runs what slot 0 holds by then: the new command.) So a
 * slot still issued after the stop is first made one that does nothing: no
 * FIS type (the HBA sends nothing the device acts on), no PRDT (nothing
 * moved). */
static void
ahci_port_recover(struct ata_drive *d)
{
	struct ahci_port *p = drive_port(d);
	bool stale;
	u32 tfd;

	if (ahci_port_stop(p))
		printk("%s: port %d does not stop (PxCMD 0x%08x)\n", d->name,
		       p->no, port_read(p, PxCMD));
	stale = port_read(p, PxCI) & 1;
	if (stale) {
		memset(p->table, 0, AHCI_CFIS_BYTES); /* no FIS, no command */
		p->list[0].prdtl = 0;		      /* nothing to move */
		__asm__ volatile("" ::: "memory");
	}
	port_write(p, PxSERR, ~0u); /* write 1s to clear */
	port_write(p, PxIS, ~0u);
	hba_write(p->host, HBA_IS, 1u << p->no);
	tfd = port_read(p, PxTFD);
	if (tfd & (ATA_SR_BSY | ATA_SR_DRQ)) {
		u32 ssts;

		port_write(p, PxSCTL, SCTL_DET_COMRESET); /* COMRESET */
		mdelay(1);
		port_write(p, PxSCTL, 0);
		read_poll_timeout(ssts, port_read(p, PxSSTS),
				  (ssts & SSTS_DET_MASK) == SSTS_DET_PRESENT,
				  AHCI_LINK_MS * 1000);
		port_write(p, PxSERR, ~0u);
	}
	if (ahci_port_start(p))
		printk("%s: still busy after recovery (PxTFD 0x%08x)\n",
		       d->name, port_read(p, PxTFD));
	ahci_stats.recoveries++;
}

/* The controller's interrupt (shared INTx): for each port with its IS
 * bit, read and clear PxIS, then clear the IS bit (10.7.2 order). */
static irqreturn_t
ahci_irq(int irq, void *dev)
{
	struct ahci_host *h = dev;
	u32 is = hba_read(h, HBA_IS);

	(void)irq;
	if (!is)
		return IRQ_NONE;
	for (int n = 0; n < AHCI_PORTS; n++) {
		struct ahci_port *p = h->ports[n];

		if (!(is & (1u << n)))
			continue;
		if (!p) { /* not ours: quiet it */
			writel(~0u, h->abar + PORT_BASE(n) + PxIS);
			continue;
		}
		u32 pis = port_read(p, PxIS);

		port_write(p, PxIS, pis); /* write 1s to clear */
		p->is |= pis;
		if ((pis & PxIS_ERRORS) || !(port_read(p, PxCI) & 1))
			p->done = true;
	}
	hba_write(h, HBA_IS, is);
	ahci_stats.irqs++;
	return IRQ_HANDLED;
}

/* A command's name for the error line. */
static const char *
ahci_cmd_name(u8 cmd)
{
	switch (cmd) {
	case ATA_CMD_READ_DMA_EXT:
		return "READ DMA EXT";
	case ATA_CMD_WRITE_DMA_EXT:
		return "WRITE DMA EXT";
	case ATA_CMD_FLUSH_CACHE_EXT:
		return "FLUSH CACHE EXT";
	case ATA_CMD_IDENTIFY:
		return "IDENTIFY DEVICE";
	case ATA_CMD_IDENTIFY_PACKET:
		return "IDENTIFY PACKET DEVICE";
	default:
		return "command";
	}
}

/* The Register H2D FIS of a command (SATA 3.0 10.3.4): the task file as
 * bytes - type, C bit, command, LBA 7:0..23:16, device (LBA mode), LBA
 * 31:24..47:40, then the 16-bit count; the rest (features, control) 0. */
static void
ahci_fill_fis(u8 *fis, u8 cmd, u64 lba, u32 count)
{
	memset(fis, 0, AHCI_CFIS_BYTES);
	fis[0] = FIS_TYPE_REG_H2D;
	fis[1] = FIS_H2D_C; /* a command, not a device control update */
	fis[2] = cmd;
	fis[4] = (u8)lba;
	fis[5] = (u8)(lba >> 8);
	fis[6] = (u8)(lba >> 16);
	fis[7] = ATA_DEV_LBA;
	fis[8] = (u8)(lba >> 24);
	fis[9] = (u8)(lba >> 32);
	fis[10] = (u8)(lba >> 40);
	fis[12] = (u8)count; /* 0 means 65536 for the EXT commands */
	fis[13] = (u8)(count >> 8);
}

/* A fault the ktest puts into one command on purpose (ahci.h); NULL for
 * every real command. */
struct ahci_fault {
	bool stopped;	 /* the port's ST (and FRE) off when PxCI is set */
	bool short_prdt; /* a PRDT of one sector, whatever the count */
};

/* Build and issue one command in slot 0, wait at most @ms for it, check
 * it. @buf may be NULL (no data). @lba < 0: the command has none. Returns
 * 0, -EIO or -ETIMEDOUT after one line (and the port recovered), -EINVAL
 * when @buf cannot be mapped for DMA. On success *@moved is the bytes the
 * HBA says it moved (PRDBC). */
static int
ahci_exec(struct ata_drive *d, u8 cmd, s64 lba, u32 count, u8 *buf, u32 bytes,
	  bool write, u32 *moved, u32 ms, const struct ahci_fault *f)
{
	static struct sg_region r[AHCI_PRDT_ENTRIES];
	struct ahci_port *p = drive_port(d);
	struct ahci_cmd_header *hdr = &p->list[0];
	u8 *fis = p->table;
	struct ahci_prd *prd = (struct ahci_prd *)(p->table + AHCI_PRDT_OFFSET);
	u32 n = 0, ci, tfd, is;
	u64 a = lba < 0 ? 0 : (u64)lba;
	char sbits[48], ebits[64], at[32] = "";
	int ret = 0;

	if (buf && sg_build((uintptr_t)buf, bytes, &ahci_limits,
			    virt_to_bus_run, r, AHCI_PRDT_ENTRIES, &n) != bytes)
		return -EINVAL;
	for (u32 i = 0; i < n; i++) {
		prd[i].dba = r[i].addr; /* the bus address: see bmdma.c */
		prd[i].dbau = 0;
		prd[i].rsvd = 0;
		prd[i].dbc = r[i].len - 1;
	}
	if (f && f->short_prdt && n) { /* the ktest's: one sector only */
		n = 1;
		prd[0].dbc = ATA_SECTOR_SIZE - 1;
	}
	ahci_fill_fis(fis, cmd, a, count);
	hdr->flags = HDR_CFL_H2D | (write ? HDR_WRITE : 0);
	hdr->prdtl = (u16)n;
	hdr->prdbc = 0;
	p->is = 0;
	p->done = false;
	port_write(p, PxIS, ~0u); /* nothing stale */
	if (f && f->stopped)	  /* the ktest's: nobody will fetch it */
		ahci_port_stop(p);
	__asm__ volatile("" ::: "memory"); /* the structures before CI */
	u64 ts = rdtsc();

	port_write(p, PxCI, 1); /* issue slot 0 */
	ata_stats.start_cycles += rdtsc() - ts;
	ahci_stats.commands++;
	ata_stats.commands++;

	/* Halt until the interrupt; each timer tick also looks at PxCI, so a
	 * lost interrupt costs at most ATA_IRQ_GRACE_MS. Without a ticking
	 * timer nothing would wake a HLT whose interrupt is lost: spin. */
	struct timeout budget, grace;
	bool idle = false, tick = time_have_tick();
	u64 t0 = rdtsc();
	u32 flags = irq_save();

	timeout_start(&budget, ms * 1000);
	while (!p->done) {
		if (timeout_expired(&budget)) {
			ret = -ETIMEDOUT;
			break;
		}
		if (!(port_read(p, PxCI) & 1) ||
		    (port_read(p, PxIS) & PxIS_ERRORS)) {
			if (!idle) {
				idle = true;
				timeout_start(&grace, ATA_IRQ_GRACE_MS * 1000);
			} else if (timeout_expired(&grace)) {
				ata_stats.lost_irqs++;
				p->is |= port_read(p, PxIS);
				break;
			}
		}
		/* STI takes effect after the next instruction: the
		 * interrupt cannot slip in between the check and the HLT.
		 * Spinning, the window is after a NOP, not a PAUSE: QEMU's
		 * TCG ends the block at a PAUSE before it closes STI's
		 * shadow, so an interrupt never got in between (measured:
		 * every one "lost", taken by polling after the grace). */
		if (tick)
			__asm__ volatile("sti; hlt; cli" ::: "memory");
		else
			__asm__ volatile("sti; nop; cli" ::: "memory");
	}
	irq_restore(flags);
	if (tick)
		ata_stats.halt_cycles += rdtsc() - t0;
	else
		ata_stats.poll_cycles += rdtsc() - t0;
	ci = port_read(p, PxCI);
	tfd = port_read(p, PxTFD);
	is = p->is | port_read(p, PxIS);
	if (lba >= 0)
		snprintf(at, sizeof(at), " at LBA %llu", (unsigned long long)a);
	ata_status_names((u8)tfd, sbits, sizeof(sbits));
	if (ret == -ETIMEDOUT) {
		printk("%s: timeout, %s%s: PxCI 0x%x PxIS 0x%08x PxTFD 0x%04x "
		       "(%s), PxCMD 0x%08x: port stopped, cleared, started\n",
		       d->name, ahci_cmd_name(cmd), at, ci, is, tfd & 0xffff,
		       sbits, port_read(p, PxCMD));
	} else if (is & PxIS_TFES || (tfd & (ATA_SR_ERR | ATA_SR_DF))) {
		u8 e = (u8)(tfd >> 8);

		ata_error_names(e, ebits, sizeof(ebits));
		printk("%s: device error, %s%s: status 0x%02x (%s), error "
		       "0x%02x (%s)\n",
		       d->name, ahci_cmd_name(cmd), at, tfd & 0xff, sbits, e,
		       ebits);
		ret = -EIO;
	} else if (is & PxIS_ERRORS) {
		printk("%s: HBA error, %s%s: PxIS 0x%08x%s%s%s%s, PxSERR "
		       "0x%08x\n",
		       d->name, ahci_cmd_name(cmd), at, is,
		       is & PxIS_HBFS ? " HBFS" : "",
		       is & PxIS_HBDS ? " HBDS" : "",
		       is & PxIS_IFS ? " IFS" : "", is & PxIS_OFS ? " OFS" : "",
		       port_read(p, PxSERR));
		ret = -EIO;
	}
	if (ret) {
		ahci_port_recover(d);
		return ret;
	}
	if (moved)
		*moved = hdr->prdbc;
	return 0;
}

/* One READ/WRITE DMA EXT of @count sectors at @lba, @buf's bytes; the
 * HBA must say it moved them all. 0, or an errno after one line. */
static int
ahci_rw(struct ata_drive *d, bool write, u64 lba, u32 count, u8 *buf, u32 ms,
	const struct ahci_fault *f)
{
	u8 cmd = write ? ATA_CMD_WRITE_DMA_EXT : ATA_CMD_READ_DMA_EXT;
	u32 moved = 0;
	int ret = ahci_exec(d, cmd, (s64)lba, count, buf,
			    count * ATA_SECTOR_SIZE, write, &moved, ms, f);

	if (ret)
		return ret;
	if (moved != count * ATA_SECTOR_SIZE) {
		/* QEMU ends a command whose PRDT is short with a normal D2H
		 * FIS: only PRDBC tells. The port itself is fine. */
		printk("%s: %s at LBA %llu moved %u of %u bytes: PRDT shorter "
		       "than the transfer\n",
		       d->name, ahci_cmd_name(cmd), (unsigned long long)lba,
		       moved, count * ATA_SECTOR_SIZE);
		return -EIO;
	}
	return 0;
}

/* The transport's xfer: READ/WRITE DMA EXT, cut where the PRDT fills. */
static int
ahci_xfer(struct ata_drive *d, const struct ata_cmd_plan *p, u8 *buf,
	  bool write, enum ata_pio_mode mode)
{
	static struct sg_region r[AHCI_PRDT_ENTRIES];
	u32 done = 0;

	(void)mode; /* AHCI has no PIO data port: every mode is DMA */
	while (done < p->count) {
		u8 *at = buf + (size_t)done * ATA_SECTOR_SIZE;
		u32 n, bytes = sg_build((uintptr_t)at,
					(p->count - done) * ATA_SECTOR_SIZE,
					&ahci_limits, virt_to_bus_run, r,
					AHCI_PRDT_ENTRIES, &n);
		u32 count = bytes / ATA_SECTOR_SIZE;
		int ret;

		if (!count)
			return -EINVAL;
		ret = ahci_rw(d, write, p->lba + done, count, at,
			      AHCI_CMD_TIMEOUT_MS, NULL);
		if (ret)
			return ret;
		done += count;
	}
	return 0;
}

/* FLUSH CACHE (EXT) and any other command without data. */
static int
ahci_nodata(struct ata_drive *d, u8 cmd, u8 count)
{
	if (cmd == ATA_CMD_FLUSH_CACHE)
		cmd = ATA_CMD_FLUSH_CACHE_EXT; /* every SATA disk has it */
	return ahci_exec(d, cmd, -1, count, NULL, 0, false, NULL,
			 AHCI_CMD_TIMEOUT_MS, NULL);
}

/* The baseline: the same READ DMA EXT, no checks of PxIS/PxTFD, the port's
 * interrupt off, PxCI polled. */
static int
ahci_bare_read(struct ata_drive *d, u64 lba, u32 count, void *buf)
{
	static struct sg_region r[AHCI_PRDT_ENTRIES];
	struct ahci_port *p = drive_port(d);
	struct ahci_prd *prd = (struct ahci_prd *)(p->table + AHCI_PRDT_OFFSET);
	u8 *fis = p->table, *at = buf;
	int ret = ata_check_range(lba, count, d->id.sectors);

	if (ret)
		return ret;
	port_write(p, PxIE, 0); /* polled */
	while (count && !ret) {
		u32 n, bytes = sg_build((uintptr_t)at,
					MIN(count, 65535u) * ATA_SECTOR_SIZE,
					&ahci_limits, virt_to_bus_run, r,
					AHCI_PRDT_ENTRIES, &n);
		u32 c = bytes / ATA_SECTOR_SIZE, ci;

		if (!c) {
			ret = -EINVAL;
			break;
		}
		for (u32 i = 0; i < n; i++) {
			prd[i].dba = r[i].addr;
			prd[i].dbau = 0;
			prd[i].dbc = r[i].len - 1;
		}
		ahci_fill_fis(fis, ATA_CMD_READ_DMA_EXT, lba, c);
		p->list[0].flags = HDR_CFL_H2D;
		p->list[0].prdtl = (u16)n;
		__asm__ volatile("" ::: "memory");
		u64 ts = rdtsc();

		port_write(p, PxCI, 1);
		ata_stats.start_cycles += rdtsc() - ts;
		if (read_poll_timeout(ci, port_read(p, PxCI), !(ci & 1),
				      AHCI_CMD_TIMEOUT_MS * 1000)) {
			printk("%s: timeout, READ DMA EXT at LBA %llu (bare)\n",
			       d->name, (unsigned long long)lba);
			ahci_port_recover(d);
			ret = -ETIMEDOUT;
		}
		lba += c;
		count -= c;
		at += (size_t)c * ATA_SECTOR_SIZE;
	}
	port_write(p, PxIS, ~0u);
	hba_write(p->host, HBA_IS, 1u << p->no);
	port_write(p, PxIE, PxIE_ENABLE);
	return ret;
}

const struct ata_port_ops ata_ahci_ops = {
	.name = "AHCI",
	.dma = true,
	.xfer = ahci_xfer,
	.nodata = ahci_nodata,
	.bare_read = ahci_bare_read,
};

/* ---- bring-up ---- */

/* IDENTIFY (PACKET) DEVICE into @id by the command list. */
static int
ahci_identify(struct ata_drive *d, u8 cmd, u16 *id)
{
	return ahci_exec(d, cmd, -1, 0, (u8 *)id, ATA_SECTOR_SIZE, false, NULL,
			 AHCI_CMD_TIMEOUT_MS, NULL);
}

/* One implemented port: memory, stop, CLB/FB, FRE, presence, ST. */
static void
ahci_port_init(struct ahci_host *h, int no)
{
	static u16 id[ATA_SECTOR_WORDS] __aligned(4);
	struct ahci_port *p;
	struct ata_drive *d;
	u32 ssts, sig, pa;

	if (ndrives == AHCI_MAX_DRIVES) {
		printk("ahci%d port %d: more than %d AHCI ports, skipped\n",
		       h->index, no, AHCI_MAX_DRIVES);
		return;
	}
	p = &port_store[ndrives];
	d = &ahci_drives[ndrives];
	memset(p, 0, sizeof(*p));
	p->host = h;
	p->no = no;
	p->regs = h->abar + PORT_BASE(no);
	snprintf(p->where, sizeof(p->where), "ahci%d port %d", h->index, no);
	if (ahci_port_stop(p)) {
		printk("%s: does not stop (PxCMD 0x%08x): skipped\n", p->where,
		       port_read(p, PxCMD));
		return;
	}
	pa = frame_alloc();
	if (!pa)
		return; /* said */
	memset(__va(pa), 0, 4096);
	p->list = __va(pa); /* 1 KiB aligned (a frame is 4 KiB aligned) */
	p->list_pa = pa;
	p->fis = (u8 *)__va(pa) + 1024;		    /* 256 aligned */
	p->table = (u8 *)__va(pa) + AHCI_CT_OFFSET; /* 128 aligned */
	p->list[0].ctba = pa + AHCI_CT_OFFSET;
	p->list[0].ctbau = 0;
	port_write(p, PxCLB, pa); /* command list */
	port_write(p, PxCLBU, 0);
	port_write(p, PxFB, pa + 1024); /* received FIS */
	port_write(p, PxFBU, 0);
	port_write(p, PxCMD,
		   port_read(p, PxCMD) | PxCMD_FRE | PxCMD_SUD |
			   PxCMD_POD); /* FIS receive on */
	port_write(p, PxSERR, ~0u);    /* clear, write 1s */
	port_write(p, PxIS, ~0u);
	ssts = port_read(p, PxSSTS);
	sig = port_read(p, PxSIG);
	d->name = "-"; /* named below, once the device is counted */
	d->where = p->where;
	d->ops = &ata_ahci_ops;
	d->class = ATA_CLASS_NONE;
	if ((ssts & SSTS_DET_MASK) != SSTS_DET_PRESENT) {
		/* No device: the slot is not used; keep only the line. */
		printk("%s: no device (PxSSTS 0x%x)\n", p->where, ssts);
		return;
	}
	h->ports[no] = p;
	port_write(p, PxIE, PxIE_ENABLE);
	if (ahci_port_start(p)) {
		printk("%s: device busy (PxTFD 0x%04x): skipped\n", p->where,
		       port_read(p, PxTFD) & 0xffff);
		h->ports[no] = NULL;
		return;
	}
	ndrives++;
	enum ata_class class = sig == SIG_ATAPI ? ATA_CLASS_SATAPI
			       : sig == SIG_ATA ? ATA_CLASS_SATA
						: ATA_CLASS_NONE;
	if (class == ATA_CLASS_NONE) {
		/* Neither sd nor sr would bind: no name, as on Linux. */
		printk("%s: unknown signature 0x%08x: skipped\n", p->where,
		       sig);
		return;
	}
	/* At most AHCI_MAX_DRIVES devices, so neither count runs out. */
	d->name = class == ATA_CLASS_SATA ? sd_names[ndisks++]
					  : sr_names[npacket++];
	if (ahci_identify(d,
			  class == ATA_CLASS_SATAPI ? ATA_CMD_IDENTIFY_PACKET
						    : ATA_CMD_IDENTIFY,
			  id))
		return; /* said */
	d->class = class;
	ata_parse_identify(id, &d->id);
	struct ata_xfer_modes m;

	ata_xfer_parse(id, &m);
	d->xfer = ata_xfer_selected(&m); /* what IDENTIFY says is in use */
	if (class == ATA_CLASS_SATAPI) {
		printk("%s %s: %s \"%s\": packet device (CD/DVD), skipped\n",
		       p->where, d->name, ata_class_name(class), d->id.model);
		return;
	}
	if (!d->id.lba48) { /* READ DMA EXT only */
		printk("%s %s: \"%s\" has no 48-bit commands: skipped\n",
		       p->where, d->name, d->id.model);
		d->class = ATA_CLASS_NONE;
		return;
	}
	printk("%s %s: %s \"%s\" %llu sectors (%llu MiB), LBA48, AHCI DMA, "
	       "IRQ %u%s\n",
	       p->where, d->name, ata_class_name(class), d->id.model,
	       (unsigned long long)d->id.sectors,
	       (unsigned long long)(d->id.sectors >> 11), h->irq,
	       h->msi ? " (MSI)" : "");
}

/* The controller's interrupt: an MSI if the function has the capability
 * and MSI may be used, else its INTx line (shared). 0, or an errno after
 * one line. */
static int
ahci_request_irq(struct ahci_host *h)
{
	struct pci_dev *dev = h->pdev;
	int irq = -1, err;

	snprintf(h->irq_name, sizeof(h->irq_name), "ahci[%s]", dev->name);
	if (pci_msi_cap(dev))
		irq = pci_enable_msi(dev); /* < 0: said why; INTx then */
	if (irq >= 0) {
		err = request_irq((unsigned)irq, ahci_irq, h->irq_name, h);
		if (!err) {
			h->irq = (unsigned)irq;
			h->msi = true;
			printk("ahci %s: MSI on IRQ %d (INTx pin off)\n",
			       dev->name, irq);
			return 0;
		}
		printk("ahci %s: MSI IRQ %d refused (%d): INTx\n", dev->name,
		       irq, err);
		pci_disable_msi(dev); /* INTx back on */
	}
	h->irq = dev->irq_line;
	return request_shared_irq(dev->irq_line, ahci_irq, h->irq_name, h);
}

static int
ahci_probe(struct pci_dev *dev, const struct pci_device_id *idp)
{
	struct ahci_host *h;
	phys_addr_t start = pci_resource_start(dev, AHCI_ABAR);
	u64 len = pci_resource_len(dev, AHCI_ABAR);
	u32 cap, vs;
	int err;

	(void)idp;
	if (!(pci_resource_flags(dev, AHCI_ABAR) & IORESOURCE_MEM)) {
		printk("ahci %s: BAR 5 (ABAR) is not memory\n", dev->name);
		return -ENODEV;
	}
	if (nhosts == AHCI_MAX_HOSTS)
		return -ENOSPC;
	h = &hosts[nhosts];
	memset(h, 0, sizeof(*h));
	h->pdev = dev;
	h->index = nhosts;
	/* Nested in the BAR's node, as Linux's pci_request_regions. */
	if (!request_mem_region(start, len, "ahci"))
		return -EBUSY;
	for (int bar = 0; bar < PCI_STD_NUM_BARS; bar++)
		if (pci_resource_flags(dev, bar) & IORESOURCE_IO)
			request_region(pci_resource_start(dev, bar),
				       pci_resource_len(dev, bar), "ahci");
	h->abar = ioremap(start, len);
	if (!h->abar)
		return -ENOMEM;
	pci_set_master(dev); /* the HBA fetches commands and moves data */
	hba_write(h, HBA_GHC, hba_read(h, HBA_GHC) | GHC_AE); /* AHCI mode */
	cap = hba_read(h, HBA_CAP);
	vs = hba_read(h, HBA_VS);
	h->pi = hba_read(h, HBA_PI);
	printk("ahci %s: AHCI %x.%x%x, %u ports (PI 0x%08x), %u slots, "
	       "memory %08llx-%08llx, IRQ %u%s\n",
	       dev->name, vs >> 16, (vs >> 8) & 0xff, vs & 0xff,
	       (cap & CAP_NP_MASK) + 1, h->pi,
	       ((cap >> CAP_NCS_SHIFT) & 0x1f) + 1, (unsigned long long)start,
	       (unsigned long long)(start + len - 1), dev->irq_line,
	       cap & CAP_S64A ? ", 64-bit" : "");
	nhosts++;
	err = ahci_request_irq(h);
	if (err)
		return err;	   /* said; claims stay: the function is ours */
	hba_write(h, HBA_IS, ~0u); /* nothing stale */
	hba_write(h, HBA_GHC, hba_read(h, HBA_GHC) | GHC_IE); /* interrupts */
	for (int n = 0; n < AHCI_PORTS; n++)
		if (h->pi & (1u << n))
			ahci_port_init(h, n);
	return 0;
}

/* Any AHCI function: class 01 (storage), 06 (SATA), prog-if 01 (AHCI). */
static const struct pci_device_id ahci_ids[] = {
	{PCI_DEVICE_CLASS(PCI_CLASS_CODE_STORAGE_AHCI, 0xffffff)},
	{0},
};

static struct pci_driver ahci_driver = {
	.name = "ahci",
	.id_table = ahci_ids,
	.probe = ahci_probe,
};

void
ahci_init(void)
{
	pci_register_driver(&ahci_driver);
}

struct ata_drive *
ahci_drive_get(int i)
{
	return (i >= 0 && i < ndrives) ? &ahci_drives[i] : NULL;
}

struct ata_drive *
ahci_drive_by_name(const char *name)
{
	for (int i = 0; i < ndrives; i++)
		if (!strcmp(ahci_drives[i].name, name))
			return &ahci_drives[i];
	return NULL;
}

int
ahci_fault_read(struct ata_drive *d, enum ahci_fault_kind fault, u64 lba,
		u32 count, void *buf, u32 timeout_ms)
{
	struct ahci_fault f = {
		.stopped = fault == AHCI_FAULT_PORT_STOPPED,
		.short_prdt = fault == AHCI_FAULT_SHORT_PRDT,
	};

	if (d->ops != &ata_ahci_ops || ata_usable(d) || count < 2 ||
	    count > 128 ||
	    (fault != AHCI_FAULT_PAST_END && lba + count > d->id.sectors))
		return -EINVAL;
	return ahci_rw(d, false, lba, count, buf,
		       timeout_ms ? timeout_ms : AHCI_CMD_TIMEOUT_MS, &f);
}
