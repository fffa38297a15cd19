/* SPDX-License-Identifier: GPL-2.0 */
/* Register map and bit definitions of the Intel 82576 used by igx. */
#ifndef _IGX_REGS_H_
#define _IGX_REGS_H_

#include <linux/bits.h>

/* General control */
#define IGX_CTRL		0x00000
#define IGX_STATUS		0x00008
#define IGX_EECD		0x00010
#define IGX_EERD		0x00014
#define IGX_CTRL_EXT		0x00018
#define IGX_MDIC		0x00020
#define IGX_VET			0x00038
#define IGX_FCAL		0x00028
#define IGX_FCAH		0x0002C
#define IGX_FCT			0x00030
#define IGX_FCTTV		0x00170
#define IGX_FCRTL		0x02160
#define IGX_FCRTH		0x02168
#define IGX_FCRTL_XONE		BIT(31)

#define IGX_CTRL_FD		BIT(0)
#define IGX_CTRL_ASDE		BIT(5)
#define IGX_CTRL_SLU		BIT(6)
#define IGX_CTRL_SPEED_MASK	(BIT(8) | BIT(9))
#define IGX_CTRL_SPEED_100	BIT(8)
#define IGX_CTRL_SPEED_1000	BIT(9)
#define IGX_CTRL_FRCSPD		BIT(11)
#define IGX_CTRL_FRCDPX		BIT(12)
#define IGX_CTRL_RST		BIT(26)
#define IGX_CTRL_RFCE		BIT(27)
#define IGX_CTRL_TFCE		BIT(28)
#define IGX_CTRL_VME		BIT(30)

#define IGX_STATUS_FD		BIT(0)
#define IGX_STATUS_LU		BIT(1)
#define IGX_STATUS_SPEED_MASK	(BIT(6) | BIT(7))
#define IGX_STATUS_SPEED_100	BIT(6)
#define IGX_STATUS_SPEED_1000	BIT(7)

#define IGX_CTRL_EXT_DRV_LOAD	BIT(28)

#define IGX_STATUS_FUNC_SHIFT	2	/* which port of the device we are */
#define IGX_STATUS_FUNC_MASK	0x3

/* Semaphores around the resources software shares with the other port's
 * driver and the manageability firmware (datasheet 4.7, "Software/firmware
 * synchronization"): SWSM.SMBI between software instances, SWSM.SWESMBI
 * around SW_FW_SYNC, whose low bits software owns and high bits firmware.
 */
#define IGX_SWSM		0x05B50
#define IGX_SWSM_SMBI		BIT(0)
#define IGX_SWSM_SWESMBI	BIT(1)
#define IGX_SW_FW_SYNC		0x05B5C
#define IGX_SWFW_EEP		BIT(0)
#define IGX_SWFW_PHY0		BIT(1)
#define IGX_SWFW_PHY1		BIT(2)
#define IGX_SWFW_MASK		(IGX_SWFW_EEP | IGX_SWFW_PHY0 | IGX_SWFW_PHY1)
#define IGX_SWFW_FW_SHIFT	16

/* NVM access through EERD */
#define IGX_EERD_START		BIT(0)
#define IGX_EERD_DONE		BIT(1)
#define IGX_EERD_ADDR_SHIFT	2
#define IGX_EERD_DATA_SHIFT	16
#define IGX_NVM_WORDS		1024
#define IGX_NVM_CSUM_WORDS	0x40
#define IGX_NVM_CSUM		0xBABA
#define IGX_NVM_VERSION		0x05	/* NVM image version word */

/* PHY access through MDIC */
#define IGX_MDIC_DATA_MASK	0xFFFF
#define IGX_MDIC_REG_SHIFT	16
#define IGX_MDIC_PHY_SHIFT	21
#define IGX_MDIC_OP_WRITE	BIT(26)
#define IGX_MDIC_OP_READ	BIT(27)
#define IGX_MDIC_READY		BIT(28)
#define IGX_MDIC_ERROR		BIT(30)
#define IGX_PHY_ADDR		1

/* Legacy interrupt causes (ICR/IMS/IMC) */
#define IGX_ICR			0x000C0
#define IGX_ICS			0x000C8
#define IGX_IMS			0x000D0
#define IGX_IMC			0x000D8
#define IGX_IAM			0x000E0
#define IGX_ICR_TXDW		BIT(0)
#define IGX_ICR_LSC		BIT(2)
#define IGX_ICR_RXDMT0		BIT(4)
#define IGX_ICR_RXO		BIT(6)
#define IGX_ICR_RXT0		BIT(7)

/* Extended (per vector) interrupt causes */
#define IGX_GPIE		0x01514
#define IGX_EICS		0x01520
#define IGX_EIMS		0x01524
#define IGX_EIMC		0x01528
#define IGX_EIAC		0x0152C
#define IGX_EIAM		0x01530
#define IGX_EICR		0x01580
#define IGX_EITR(v)		(0x01680 + 4 * (v))
#define IGX_IVAR(i)		(0x01700 + 4 * (i))
#define IGX_IVAR_MISC		0x01740
#define IGX_IVAR_VALID		0x80
#define IGX_GPIE_NSICR		BIT(0)
#define IGX_GPIE_MSIX_MODE	BIT(4)
#define IGX_GPIE_EIAME		BIT(30)
#define IGX_GPIE_PBA		BIT(31)
#define IGX_EITR_MAX		0x7FFC

/* Receive control and filters */
#define IGX_RCTL		0x00100
#define IGX_RCTL_EN		BIT(1)
#define IGX_RCTL_SBP		BIT(2)
#define IGX_RCTL_UPE		BIT(3)
#define IGX_RCTL_MPE		BIT(4)
#define IGX_RCTL_LPE		BIT(5)
#define IGX_RCTL_LBM_MAC	BIT(6)
#define IGX_RCTL_MO_MASK	(3 << 12)
#define IGX_RCTL_BAM		BIT(15)
#define IGX_RCTL_VFE		BIT(18)
#define IGX_RCTL_CFIEN		BIT(19)
#define IGX_RCTL_SECRC		BIT(26)

#define IGX_RXCSUM		0x05000
#define IGX_RXCSUM_IPOFL	BIT(8)
#define IGX_RXCSUM_TUOFL	BIT(9)
#define IGX_RXCSUM_CRCOFL	BIT(11)
#define IGX_RXCSUM_PCSD		BIT(13)
#define IGX_RLPML		0x05004
#define IGX_MTA(i)		(0x05200 + 4 * (i))
#define IGX_MTA_REGS		128
#define IGX_RAL_LO(i)		(0x05400 + 8 * (i))	/* entries 0..15 */
#define IGX_RAL_HI(i)		(0x054E0 + 8 * (i))	/* entries 16..23 */
#define IGX_RAL(i)		IGX_RAL_LO(i)
#define IGX_RAH(i)		(IGX_RAL_LO(i) + 4)
#define IGX_RAH_AV		BIT(31)
#define IGX_RAR_ENTRIES		24
#define IGX_VFTA(i)		(0x05600 + 4 * (i))
#define IGX_VFTA_REGS		128
#define IGX_MRQC		0x05818
#define IGX_MRQC_RSS		0x2
#define IGX_MRQC_TCP4		BIT(16)
#define IGX_MRQC_IP4		BIT(17)
#define IGX_MRQC_TCP6EX		BIT(18)
#define IGX_MRQC_IP6EX		BIT(19)
#define IGX_MRQC_IP6		BIT(20)
#define IGX_MRQC_UDP4		BIT(22)
#define IGX_MRQC_UDP6		BIT(23)
#define IGX_MRQC_L4_FIELDS	(IGX_MRQC_TCP4 | IGX_MRQC_TCP6EX | \
				 IGX_MRQC_UDP4 | IGX_MRQC_UDP6)
#define IGX_RETA(i)		(0x05C00 + 4 * (i))
#define IGX_RETA_REGS		32
#define IGX_RSSRK(i)		(0x05C80 + 4 * (i))
#define IGX_RSSRK_REGS		10

/* Transmit control */
#define IGX_TCTL		0x00400
#define IGX_TCTL_EN		BIT(1)
#define IGX_TCTL_PSP		BIT(3)
#define IGX_TCTL_CT_SHIFT	4
#define IGX_TCTL_COLD_SHIFT	12
#define IGX_TCTL_RTLC		BIT(24)
#define IGX_TIPG		0x00410
#define IGX_TIPG_DEFAULT	(8 | (8 << 10) | (6 << 20))

/* Per-queue registers (the 82576 layout, valid for all 16 queues) */
#define IGX_RDBAL(q)		(0x0C000 + 0x40 * (q))
#define IGX_RDBAH(q)		(0x0C004 + 0x40 * (q))
#define IGX_RDLEN(q)		(0x0C008 + 0x40 * (q))
#define IGX_SRRCTL(q)		(0x0C00C + 0x40 * (q))
#define IGX_RDH(q)		(0x0C010 + 0x40 * (q))
#define IGX_RDT(q)		(0x0C018 + 0x40 * (q))
#define IGX_RXDCTL(q)		(0x0C028 + 0x40 * (q))
#define IGX_TDBAL(q)		(0x0E000 + 0x40 * (q))
#define IGX_TDBAH(q)		(0x0E004 + 0x40 * (q))
#define IGX_TDLEN(q)		(0x0E008 + 0x40 * (q))
#define IGX_TDH(q)		(0x0E010 + 0x40 * (q))
#define IGX_TDT(q)		(0x0E018 + 0x40 * (q))
#define IGX_TXDCTL(q)		(0x0E028 + 0x40 * (q))
#define IGX_TDWBAL(q)		(0x0E038 + 0x40 * (q))
#define IGX_TDWBAH(q)		(0x0E03C + 0x40 * (q))

#define IGX_SRRCTL_BSIZEPKT_SHIFT	10
#define IGX_SRRCTL_BSIZEHDR_SHIFT	2	/* bytes << 2 lands at bits 11:8 */
#define IGX_RX_HDR_LEN			256
#define IGX_SRRCTL_RDMTS_SHIFT		20	/* bits 24:20, 16 descriptors */
#define IGX_SRRCTL_RDMTS_MAX		31
#define IGX_SRRCTL_DESCTYPE_ADV_ONEBUF	BIT(25)
#define IGX_SRRCTL_DROP_EN		BIT(31)
#define IGX_XDCTL_ENABLE	BIT(25)
#define IGX_XDCTL_THRESH(p, h, w) ((p) | ((h) << 8) | ((w) << 16))

/* Statistics (clear on read) */
#define IGX_CRCERRS		0x04000
#define IGX_ALGNERRC		0x04004
#define IGX_SYMERRS		0x04008
#define IGX_RXERRC		0x0400C
#define IGX_MPC			0x04010
#define IGX_SCC			0x04014
#define IGX_ECOL		0x04018
#define IGX_MCC			0x0401C
#define IGX_LATECOL		0x04020
#define IGX_COLC		0x04028
#define IGX_DC			0x04030
#define IGX_TNCRS		0x04034
#define IGX_SEC			0x04038
#define IGX_CEXTERR		0x0403C
#define IGX_RLEC		0x04040
#define IGX_XONRXC		0x04048
#define IGX_XONTXC		0x0404C
#define IGX_XOFFRXC		0x04050
#define IGX_XOFFTXC		0x04054
#define IGX_FCRUC		0x04058
#define IGX_PRC64		0x0405C
#define IGX_PRC127		0x04060
#define IGX_PRC255		0x04064
#define IGX_PRC511		0x04068
#define IGX_PRC1023		0x0406C
#define IGX_PRC1522		0x04070
#define IGX_GPRC		0x04074
#define IGX_BPRC		0x04078
#define IGX_MPRC		0x0407C
#define IGX_GPTC		0x04080
#define IGX_GORCL		0x04088
#define IGX_GORCH		0x0408C
#define IGX_GOTCL		0x04090
#define IGX_GOTCH		0x04094
#define IGX_RNBC		0x040A0
#define IGX_RUC			0x040A4
#define IGX_RFC			0x040A8
#define IGX_ROC			0x040AC
#define IGX_RJC			0x040B0
#define IGX_TORL		0x040C0
#define IGX_TORH		0x040C4
#define IGX_TOTL		0x040C8
#define IGX_TOTH		0x040CC
#define IGX_TPR			0x040D0
#define IGX_TPT			0x040D4
#define IGX_PTC64		0x040D8
#define IGX_PTC127		0x040DC
#define IGX_PTC255		0x040E0
#define IGX_PTC511		0x040E4
#define IGX_PTC1023		0x040E8
#define IGX_PTC1522		0x040EC
#define IGX_MPTC		0x040F0
#define IGX_BPTC		0x040F4
#define IGX_TSCTC		0x040F8
#define IGX_TSCTFC		0x040FC

/* IEEE 1588 clock and timestamps */
#define IGX_SYSTIML		0x0B600	/* read first: latches SYSTIMH */
#define IGX_SYSTIMH		0x0B604
#define IGX_TIMINCA		0x0B608
#define IGX_TSYNCTXCTL		0x0B614
#define IGX_TXSTMPL		0x0B618
#define IGX_TXSTMPH		0x0B61C	/* read last: re-arms the TX latch */
#define IGX_TSYNCRXCTL		0x0B620
#define IGX_RXSTMPL		0x0B624
#define IGX_RXSTMPH		0x0B628
#define IGX_RXSATRL		0x0B62C
#define IGX_RXSATRH		0x0B630	/* read last: re-arms the RX latch */
#define IGX_TSYNCRXCFG		0x05F50
#define IGX_ETQF(i)		(0x05CB0 + 4 * (i))
#define IGX_ETQF_PTP		3	/* the ETQF entry igx gives PTP */

#define IGX_TSYNC_VALID		BIT(0)	/* both TSYNC*CTL: a stamp is latched */
#define IGX_TSYNC_ENABLED	BIT(4)
#define IGX_TSYNCRXCTL_L2_V2	(0 << 1)	/* message type from RXCFG */
#define IGX_TSYNCRXCTL_EVENT_V2	(5 << 1)	/* every PTPv2 event message */
#define IGX_TSYNCRXCFG_MSG_SHIFT 8		/* PTPv2 messageType to match */
#define IGX_ETQF_FILTER_EN	BIT(26)
#define IGX_ETQF_1588		BIT(30)
/* SYSTIM advances 16 << 19 every 16 ns: nanoseconds with 19 fraction bits */
#define IGX_TIMINCA_PERIOD	BIT(24)
#define IGX_TIMINCA_VALUE	(16 << 19)
#define IGX_SYSTIM_FRAC_BITS	19

/* PHY registers (MII) */
#define IGX_PHY_BMCR		0x00
#define IGX_PHY_BMSR		0x01
#define IGX_PHY_ID1		0x02
#define IGX_PHY_ID2		0x03
/* the 82576's internal PHY; the low four bits are its revision */
#define IGX_PHY_ID_82576	0x02A80390
#define IGX_PHY_ID_REV_MASK	0x0000000F
#define IGX_PHY_ANAR		0x04
#define IGX_PHY_GBCR		0x09	/* 1000BASE-T control */
#define IGX_ANAR_10_HALF	BIT(5)
#define IGX_ANAR_10_FULL	BIT(6)
#define IGX_ANAR_100_HALF	BIT(7)
#define IGX_ANAR_100_FULL	BIT(8)
#define IGX_GBCR_1000_HALF	BIT(8)
#define IGX_GBCR_1000_FULL	BIT(9)
#define IGX_BMCR_SPEED1000	BIT(6)
#define IGX_BMCR_FULLDPLX	BIT(8)
#define IGX_BMCR_SPEED100	BIT(13)
#define IGX_BMCR_ANRESTART	BIT(9)
#define IGX_BMCR_ANENABLE	BIT(12)
#define IGX_BMCR_LOOPBACK	BIT(14)

/* SR-IOV: virtual functions, VMDq pools and the PF<->VF mailboxes. Pool p
 * owns queues p and p + 8; VF n is pool n.
 */
#define IGX_MAX_VFS		7	/* pool 7 stays the PF's */
#define IGX_NUM_POOLS		8
#define IGX_CTRL_EXT_PFRSTD	BIT(14)	/* PF reset done, seen by the VFs */
#define IGX_ICR_VMMB		BIT(8)	/* mailbox message, ack or VF reset */
#define IGX_VMBMEM(vf)		(0x00800 + 64 * (vf))
#define IGX_MBX_WORDS		16
#define IGX_P2VMAILBOX(vf)	(0x00C00 + 4 * (vf))
#define IGX_P2VMAILBOX_STS	BIT(0)
#define IGX_P2VMAILBOX_ACK	BIT(1)
#define IGX_P2VMAILBOX_VFU	BIT(2)
#define IGX_P2VMAILBOX_PFU	BIT(3)
#define IGX_MBVFICR		0x00C80
#define IGX_MBVFICR_REQ(vf)	BIT(vf)
#define IGX_MBVFICR_ACK(vf)	BIT(16 + (vf))
#define IGX_MBVFIMR		0x00C84
#define IGX_VFLRE		0x00C88
#define IGX_VFRE		0x00C8C
#define IGX_VFTE		0x00C90
#define IGX_DTXSWC		0x03500
#define IGX_DTXSWC_LOOPBACK	BIT(31)
#define IGX_DTXSWC_MAC_SPOOF(p)	BIT(p)
#define IGX_DTXSWC_VLAN_SPOOF(p)	BIT((p) + 8)
/* wrong VM behaviour: a pool's frames dropped by anti-spoofing (MAC bit p,
 * VLAN bit p + 8), cleared on read
 */
#define IGX_WVBR		0x03554
#define IGX_VMVIR(p)		(0x03700 + 4 * (p))
#define IGX_VMVIR_DEFAULT	BIT(30)	/* always insert the default VLAN */
#define IGX_MRQC_VMDQ		0x3
#define IGX_VT_CTL		0x0581C
#define IGX_VT_CTL_POOL_SHIFT	7
#define IGX_VMOLR(p)		(0x05AD0 + 4 * (p))
#define IGX_VMOLR_RLPML_MASK	0x3FFF
#define IGX_VMOLR_LPE		BIT(16)
#define IGX_VMOLR_AUPE		BIT(24)
#define IGX_VMOLR_ROMPE		BIT(25)
#define IGX_VMOLR_ROPE		BIT(26)
#define IGX_VMOLR_BAM		BIT(27)
#define IGX_VMOLR_MPME		BIT(28)
#define IGX_VMOLR_STRVLAN	BIT(30)
#define IGX_VMOLR_STRCRC	BIT(31)
#define IGX_RPLOLR		0x05AF0
#define IGX_RAH_POOL(p)		BIT(18 + (p))
/* per-pool counters, free running (they wrap, never clear) */
#define IGX_PVFGPRC(p)		(0x10010 + 0x100 * (p))
#define IGX_PVFGPTC(p)		(0x10014 + 0x100 * (p))
#define IGX_PVFGORC(p)		(0x10018 + 0x100 * (p))
#define IGX_PVFGOTC(p)		(0x10034 + 0x100 * (p))
#define IGX_PVFMPRC(p)		(0x1003C + 0x100 * (p))

#endif /* _IGX_REGS_H_ */
