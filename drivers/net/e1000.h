/* drivers/net/e1000.h - register names of the Intel 82540EM Gigabit
 * Ethernet controller (QEMU's "e1000"), as the "PCI/PCI-X Family of Gigabit
 * Ethernet Controllers Software Developer's Manual" (Intel 317453, the
 * 8254x manual) names them: section 13 for the registers, 3.2 and 3.3 for
 * the receive and transmit descriptors. Offsets are into BAR 0.
 */
#ifndef DRIVERS_NET_E1000_H
#define DRIVERS_NET_E1000_H

#include "lib/types.h"

#define E1000_CTRL 0x00000   /* device control */
#define E1000_STATUS 0x00008 /* device status */
#define E1000_EERD 0x00014   /* EEPROM read */
#define E1000_ICR 0x000c0    /* interrupt cause read (clears on read) */
#define E1000_IMS 0x000d0    /* interrupt mask set */
#define E1000_IMC 0x000d8    /* interrupt mask clear */
#define E1000_RCTL 0x00100   /* receive control */
#define E1000_TCTL 0x00400   /* transmit control */
#define E1000_TIPG 0x00410   /* transmit inter-packet gap */
#define E1000_RDBAL 0x02800  /* receive descriptor base, low and high */
#define E1000_RDBAH 0x02804
#define E1000_RDLEN 0x02808 /* receive ring length in bytes */
#define E1000_RDH 0x02810   /* receive head: the card's next slot */
#define E1000_RDT 0x02818   /* receive tail: the last slot given to it */
#define E1000_TDBAL 0x03800 /* transmit descriptor base, low and high */
#define E1000_TDBAH 0x03804
#define E1000_TDLEN 0x03808
#define E1000_TDH 0x03810 /* transmit head: the card's next to send */
#define E1000_TDT 0x03818 /* transmit tail: after the last queued */
#define E1000_MPC 0x04010 /* missed packets count (clears on read) */
#define E1000_MTA 0x05200 /* multicast table array, 128 dwords */
#define E1000_MTA_WORDS 128
#define E1000_RAL0 0x05400 /* receive address 0, low and high */
#define E1000_RAH0 0x05404

#define E1000_CTRL_ASDE BIT(5) /* auto speed detection */
#define E1000_CTRL_SLU BIT(6)  /* set link up */
#define E1000_CTRL_RST BIT(26) /* device reset (self-clearing) */

#define E1000_STATUS_LU BIT(1) /* link up */

#define E1000_EERD_START BIT(0)
#define E1000_EERD_DONE BIT(4)
#define E1000_EERD_ADDR_SHIFT 8
#define E1000_EERD_DATA_SHIFT 16

/* Interrupt causes (ICR, IMS, IMC). */
#define E1000_ICR_TXDW BIT(0)	/* transmit descriptor written back */
#define E1000_ICR_LSC BIT(2)	/* link status change */
#define E1000_ICR_RXDMT0 BIT(4) /* receive descriptors running low */
#define E1000_ICR_RXO BIT(6)	/* receive overrun */
#define E1000_ICR_RXT0 BIT(7)	/* receive timer: frames arrived */

#define E1000_RCTL_EN BIT(1)	 /* receiver enable */
#define E1000_RCTL_BAM BIT(15)	 /* accept broadcast */
#define E1000_RCTL_SECRC BIT(26) /* strip the CRC */
/* BSIZE 00 with BSEX 0: 2048-byte receive buffers. */

#define E1000_TCTL_EN BIT(1)  /* transmitter enable */
#define E1000_TCTL_PSP BIT(3) /* pad short packets */
#define E1000_TCTL_CT_SHIFT 4 /* collision threshold */
#define E1000_TCTL_COLD_SHIFT 12
#define E1000_TCTL_CT 0x10	/* the manual's recommended 16 */
#define E1000_TCTL_COLD_FD 0x40 /* full duplex: 64 byte times */

/* TIPG for the 82540EM on copper: IPGT 10, IPGR1 8, IPGR2 6 (13.4.34). */
#define E1000_TIPG_DEFAULT (10 | 8 << 10 | 6 << 20)

/* Receive descriptor (3.2.3): the card writes status when the buffer is
 * filled. */
struct e1000_rx_desc {
	u64 buffer_addr; /* bus address of the buffer */
	u16 length;	 /* bytes the card wrote */
	u16 csum;
	u8 status; /* E1000_RXD_STAT_* */
	u8 errors;
	u16 special;
} __packed;

#define E1000_RXD_STAT_DD BIT(0)  /* descriptor done */
#define E1000_RXD_STAT_EOP BIT(1) /* end of packet */

/* Transmit descriptor, legacy format (3.3.3). */
struct e1000_tx_desc {
	u64 buffer_addr;
	u16 length;
	u8 cso;
	u8 cmd; /* E1000_TXD_CMD_* */
	u8 status;
	u8 css;
	u16 special;
} __packed;

#define E1000_TXD_CMD_EOP BIT(0)  /* end of packet */
#define E1000_TXD_CMD_IFCS BIT(1) /* insert the FCS (CRC) */
#define E1000_TXD_CMD_RS BIT(3)	  /* report status: write DD back */
#define E1000_TXD_STAT_DD BIT(0)

#endif
