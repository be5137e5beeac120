/* drivers/net/ne2k.h - register names of the National DP8390D network
 * interface controller and of the NE2000 board around it.
 *
 * From the DP8390D/NS32490D datasheet (National Semiconductor, 1995),
 * section 7 ("Register Descriptions"), and the NE2000's I/O map as Linux's
 * drivers/net/ethernet/8390/ne.c and ne2k-pci.c use it. The 8390 has four
 * pages of 16 registers at the same 16 ports; CR's PS1:PS0 choose the page.
 * Some offsets mean one register when read and another when written.
 */
#ifndef DRIVERS_NET_NE2K_H
#define DRIVERS_NET_NE2K_H

/* The NE2000 board: the 8390 at +0x00..0x0f, then the ASIC's ports. */
#define NE_CMD 0x00	 /* the 8390's CR, in every page */
#define NE_DATAPORT 0x10 /* remote DMA data: the packet bytes cross here */
#define NE_RESET 0x1f	 /* read (then write) to reset the board */
#define NE_IO_EXTENT 0x20

/* CR - command register (all pages). */
#define CR_STP 0x01 /* stop: the NIC goes offline */
#define CR_STA 0x02 /* start */
#define CR_TXP 0x04 /* transmit the packet at TPSR, TBCR bytes */
#define CR_RD0 0x08 /* RD2..0 = 001: remote read */
#define CR_RD1 0x10 /* 010: remote write */
#define CR_RD2 0x20 /* 1xx: abort/complete remote DMA */
#define CR_PS0 0x40 /* page select */
#define CR_PS1 0x80
#define CR_PAGE0 0x00
#define CR_PAGE1 CR_PS0

/* Page 0, written. */
#define EN0_PSTART 0x01 /* receive ring: first page */
#define EN0_PSTOP 0x02	/* receive ring: page after the last */
#define EN0_BNRY 0x03	/* boundary: last page the host has read */
#define EN0_TPSR 0x04	/* transmit page start */
#define EN0_TBCR0 0x05	/* transmit byte count, low and high */
#define EN0_TBCR1 0x06
#define EN0_ISR 0x07   /* interrupt status (read; write 1s to clear) */
#define EN0_RSAR0 0x08 /* remote start address, low and high */
#define EN0_RSAR1 0x09
#define EN0_RBCR0 0x0a /* remote byte count, low and high */
#define EN0_RBCR1 0x0b
#define EN0_RCR 0x0c /* receive configuration (write) */
#define EN0_TCR 0x0d /* transmit configuration (write) */
#define EN0_DCR 0x0e /* data configuration (write) */
#define EN0_IMR 0x0f /* interrupt mask (write) */
/* Page 0, read. */
#define EN0_TSR 0x04   /* transmit status */
#define EN0_RSR 0x0c   /* receive status */
#define EN0_CNTR0 0x0d /* frame alignment errors (cleared on read) */
#define EN0_CNTR1 0x0e /* CRC errors */
#define EN0_CNTR2 0x0f /* missed packets (ring full) */
/* Page 1. */
#define EN1_PAR0 0x01 /* physical (MAC) address, PAR0..PAR5 */
#define EN1_CURR 0x07 /* current page: where the NIC writes next */
#define EN1_MAR0 0x08 /* multicast filter, MAR0..MAR7 */

/* ISR / IMR bits. */
#define ISR_PRX 0x01 /* packet received */
#define ISR_PTX 0x02 /* packet transmitted */
#define ISR_RXE 0x04 /* receive error */
#define ISR_TXE 0x08 /* transmit error */
#define ISR_OVW 0x10 /* receive ring overwrite warning */
#define ISR_CNT 0x20 /* a tally counter's top bit set */
#define ISR_RDC 0x40 /* remote DMA complete */
#define ISR_RST 0x80 /* reset state (also set on overflow stop) */

/* DCR - data configuration. */
#define DCR_WTS 0x01 /* word transfer select: 16-bit data port */
#define DCR_LS 0x08  /* loopback select: 1 = normal operation */
#define DCR_FT1 0x40 /* FIFO threshold: 8 bytes */

/* RCR - receive configuration. */
#define RCR_AB 0x04  /* accept broadcast */
#define RCR_MON 0x20 /* monitor mode: check, count, do not store */

/* TCR - transmit configuration. */
#define TCR_LB0 0x02 /* LB1:LB0 = 01: internal loopback */

/* RSR - receive status (also the first byte of each ring header). */
#define RSR_PRX 0x01 /* received intact */

/* The NE2000's 16 KiB of buffer memory, in 256-byte pages: one
 * transmit buffer of 6 pages (a 1536-byte frame), then the receive ring,
 * as Linux's ne.c lays it out (NESM_START_PG, NESM_STOP_PG). */
#define NE_PAGE_SIZE 256
#define NESM_START_PG 0x40
#define NESM_STOP_PG 0x80
#define NE_TX_PAGES 6
#define NE_TX_START_PG NESM_START_PG
#define NE_RX_START_PG (NESM_START_PG + NE_TX_PAGES)

/* The 4-byte header the NIC writes before each received frame. */
struct e8390_pkt_hdr {
	unsigned char status; /* RSR */
	unsigned char next;   /* page of the next frame */
	unsigned short count; /* this header + the frame (+ its CRC on real
			       * hardware; QEMU stores none), in bytes */
} __attribute__((packed));

#endif
