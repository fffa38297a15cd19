/* SPDX-License-Identifier: GPL-2.0 */
/* igx hardware layer: the only code that reads or writes device registers. */
#ifndef _IGX_HW_H_
#define _IGX_HW_H_

#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/types.h>
#include <linux/if_ether.h>
#include "igx_regs.h"

#define IGX_ALL_ONES	0xFFFFFFFF

struct igx_hw {
	u8 __iomem *hw_addr;	/* where registers are read and written */
	u8 __iomem *io_addr;	/* BAR0 as mapped */
	struct device *dev;
	u8 perm_addr[ETH_ALEN];
	u16 nvm_version;
	/* the device stopped answering (surprise removal, dead link): reads
	 * return all ones, so stop trusting them until a slot reset
	 */
	bool removed;
};

/* Link modes the copper PHY may advertise (IGX_ADV_*) */
#define IGX_ADV_10_HALF		BIT(0)
#define IGX_ADV_10_FULL		BIT(1)
#define IGX_ADV_100_HALF	BIT(2)
#define IGX_ADV_100_FULL	BIT(3)
#define IGX_ADV_1000_FULL	BIT(4)
#define IGX_ADV_ALL		(BIT(5) - 1)

/* ethtool -s: what igx_hw_link_setup programs after every reset */
struct igx_link_cfg {
	bool autoneg;
	u8 advertised;		/* IGX_ADV_*, with autoneg */
	u16 speed;		/* 10 or 100, forced (no autoneg) */
	bool full_duplex;	/* forced */
};

static inline bool igx_hw_removed(const struct igx_hw *hw)
{
	return unlikely(READ_ONCE(hw->removed));
}

void igx_hw_check_removed(struct igx_hw *hw, u32 reg);

static inline u32 igx_rd32(struct igx_hw *hw, u32 reg)
{
	u32 val;

	if (igx_hw_removed(hw))
		return IGX_ALL_ONES;
	val = readl(hw->hw_addr + reg);
	if (unlikely(val == IGX_ALL_ONES))
		igx_hw_check_removed(hw, reg);
	return val;
}

static inline void igx_wr32(struct igx_hw *hw, u32 reg, u32 val)
{
	if (!igx_hw_removed(hw))
		writel(val, hw->hw_addr + reg);
}

/* Polls @reg until @cond or the device is found gone: 0, -ETIMEDOUT or
 * -ENODEV. Never spins the whole timeout on a removed device.
 */
#define igx_hw_poll(hw, reg, val, cond, delay_us, timeout_us)		\
({									\
	struct igx_hw *__hw = (hw);					\
	int __err = read_poll_timeout(igx_rd32, val,			\
				      (cond) || igx_hw_removed(__hw),	\
				      delay_us, timeout_us, false,	\
				      __hw, reg);			\
	igx_hw_removed(__hw) ? -ENODEV : __err;				\
})

#define igx_hw_poll_atomic(hw, reg, val, cond, delay_us, timeout_us)	\
({									\
	struct igx_hw *__hw = (hw);					\
	int __err = read_poll_timeout_atomic(igx_rd32, val,		\
					     (cond) ||			\
					     igx_hw_removed(__hw),	\
					     delay_us, timeout_us,	\
					     false, __hw, reg);		\
	igx_hw_removed(__hw) ? -ENODEV : __err;				\
})

static inline void igx_wr_flush(struct igx_hw *hw)
{
	igx_rd32(hw, IGX_STATUS);
}

/* Hot-path doorbells: the tail address comes from igx_hw_{rx,tx}_tail(). */
static inline void igx_hw_write_tail(u8 __iomem *tail, u32 val)
{
	writel(val, tail);
}

/* Advanced receive descriptor (the only RX format the device emulates) */
union igx_rx_desc {
	struct {
		__le64 pkt_addr;
		__le64 hdr_addr;
	} read;
	struct {
		__le32 info;		/* [3:0] RSS type, [15:4] packet type */
		__le32 rss;		/* RSS hash with RXCSUM.PCSD */
		__le32 status_error;
		__le16 length;
		__le16 vlan;
	} wb;
};

#define IGX_RXD_STAT_DD		BIT(0)
#define IGX_RXD_STAT_EOP	BIT(1)
#define IGX_RXD_STAT_VP		BIT(3)
#define IGX_RXD_STAT_UDPCS	BIT(4)
#define IGX_RXD_STAT_L4CS	BIT(5)
#define IGX_RXD_STAT_IPCS	BIT(6)
#define IGX_RXD_STAT_TS		BIT(16)	/* RXSTMPL/H hold this frame's stamp */
#define IGX_RXD_ERR_TCPE	BIT(29)
#define IGX_RXD_ERR_IPE		BIT(30)
#define IGX_RXD_ERR_RXE		BIT(31)
#define IGX_RXD_RSS_TYPE_MASK	0xF

enum igx_rss_type {
	IGX_RSS_NONE = 0,
	IGX_RSS_TCP4 = 1,
	IGX_RSS_IP4 = 2,
	IGX_RSS_TCP6 = 3,
	IGX_RSS_IP6EX = 4,
	IGX_RSS_IP6 = 5,
	IGX_RSS_TCP6EX = 6,
	IGX_RSS_UDP4 = 7,
	IGX_RSS_UDP6 = 8,
	IGX_RSS_UDP6EX = 9,
};

/* Advanced transmit data descriptor */
union igx_tx_desc {
	struct {
		__le64 buffer_addr;
		__le32 cmd_type_len;
		__le32 olinfo_status;
	} read;
	struct {
		__le64 rsvd;
		__le32 nxtseq_seed;
		__le32 status;
	} wb;
};

/* Advanced transmit context descriptor */
struct igx_tx_ctx_desc {
	__le32 vlan_macip_lens;
	__le32 seqnum_seed;
	__le32 type_tucmd_mlhl;
	__le32 mss_l4len_idx;
};

#define IGX_TXD_DTYP_CTXT	0x00200000
#define IGX_TXD_DTYP_DATA	0x00300000
#define IGX_TXD_MAC_TSTAMP	0x00080000
#define IGX_TXD_CMD_EOP		0x01000000
#define IGX_TXD_CMD_IFCS	0x02000000
#define IGX_TXD_CMD_RS		0x08000000
#define IGX_TXD_CMD_DEXT	0x20000000
#define IGX_TXD_CMD_VLE		0x40000000
#define IGX_TXD_CMD_TSE		0x80000000
#define IGX_TXD_POPTS_IXSM	0x00000100
#define IGX_TXD_POPTS_TXSM	0x00000200
#define IGX_TXD_PAYLEN_SHIFT	14
#define IGX_TXD_STAT_DD		BIT(0)
#define IGX_TXC_MACLEN_SHIFT	9
#define IGX_TXC_VLAN_SHIFT	16
#define IGX_TXC_TUCMD_IPV4	0x00000400
#define IGX_TXC_TUCMD_L4T_TCP	0x00000800
#define IGX_TXC_TUCMD_L4T_SCTP	0x00001000
#define IGX_TXC_L4LEN_SHIFT	8
#define IGX_TXC_MSS_SHIFT	16

/* Hardware MAC counters, in ethtool order (registers in igx_hw.c) */
enum igx_hw_stat {
	IGX_HWS_CRCERRS,
	IGX_HWS_ALGNERRC,
	IGX_HWS_SYMERRS,
	IGX_HWS_RXERRC,
	IGX_HWS_MPC,
	IGX_HWS_SCC,
	IGX_HWS_ECOL,
	IGX_HWS_MCC,
	IGX_HWS_LATECOL,
	IGX_HWS_COLC,
	IGX_HWS_DC,
	IGX_HWS_TNCRS,
	IGX_HWS_SEC,
	IGX_HWS_CEXTERR,
	IGX_HWS_RLEC,
	IGX_HWS_XONRXC,
	IGX_HWS_XONTXC,
	IGX_HWS_XOFFRXC,
	IGX_HWS_XOFFTXC,
	IGX_HWS_FCRUC,
	IGX_HWS_PRC64,
	IGX_HWS_PRC127,
	IGX_HWS_PRC255,
	IGX_HWS_PRC511,
	IGX_HWS_PRC1023,
	IGX_HWS_PRC1522,
	IGX_HWS_GPRC,
	IGX_HWS_BPRC,
	IGX_HWS_MPRC,
	IGX_HWS_GPTC,
	IGX_HWS_GORC,
	IGX_HWS_GOTC,
	IGX_HWS_RNBC,
	IGX_HWS_RUC,
	IGX_HWS_RFC,
	IGX_HWS_ROC,
	IGX_HWS_RJC,
	IGX_HWS_TOR,
	IGX_HWS_TOT,
	IGX_HWS_TPR,
	IGX_HWS_TPT,
	IGX_HWS_PTC64,
	IGX_HWS_PTC127,
	IGX_HWS_PTC255,
	IGX_HWS_PTC511,
	IGX_HWS_PTC1023,
	IGX_HWS_PTC1522,
	IGX_HWS_MPTC,
	IGX_HWS_BPTC,
	IGX_HWS_TSCTC,
	IGX_HWS_TSCTFC,
	IGX_HWS_NUM
};

#define IGX_RSS_KEY_SIZE	40
#define IGX_RETA_SIZE		128
#define IGX_REGS_DUMP_LEN	65	/* u32 words in the ethtool -d dump */

/* bring-up and identity */
int igx_hw_reset(struct igx_hw *hw);
int igx_hw_acquire_swfw(struct igx_hw *hw, u32 mask);
void igx_hw_release_swfw(struct igx_hw *hw, u32 mask);
void igx_hw_fake_fw_swfw(struct igx_hw *hw, u32 mask);
int igx_hw_read_nvm(struct igx_hw *hw, u16 offset, u16 *data);
int igx_hw_check_phy(struct igx_hw *hw);
int igx_hw_validate_nvm(struct igx_hw *hw);
int igx_hw_read_mac_addr(struct igx_hw *hw);
int igx_hw_phy_read(struct igx_hw *hw, u32 reg, u16 *data);
int igx_hw_phy_write(struct igx_hw *hw, u32 reg, u16 data);
int igx_hw_restart_autoneg(struct igx_hw *hw);
int igx_hw_link_setup(struct igx_hw *hw, const struct igx_link_cfg *cfg);
bool igx_hw_link_up(struct igx_hw *hw, u32 *speed, bool *full_duplex);
void igx_hw_driver_loaded(struct igx_hw *hw, bool loaded);
bool igx_hw_present(struct igx_hw *hw);
void igx_hw_reattach(struct igx_hw *hw);
void igx_hw_mark_removed(struct igx_hw *hw);
void igx_hw_fake_removal(struct igx_hw *hw, void *ones);

/* interrupts */
void igx_hw_irq_disable(struct igx_hw *hw);
void igx_hw_irq_setup_msix(struct igx_hw *hw, unsigned int nqueues, u32 itr,
			   unsigned int pool);
void igx_hw_irq_mask_pf(struct igx_hw *hw, u32 eimc);
void igx_hw_irq_setup_legacy(struct igx_hw *hw, u32 itr);
void igx_hw_irq_enable_msix(struct igx_hw *hw, u32 eims);
void igx_hw_irq_enable_legacy(struct igx_hw *hw);
void igx_hw_irq_mask_legacy(struct igx_hw *hw);
void igx_hw_vec_mask(struct igx_hw *hw, u32 eims);
void igx_hw_vec_mask_clear(struct igx_hw *hw, u32 eims);
void igx_hw_vec_unmask(struct igx_hw *hw, u32 eims);
void igx_hw_vec_kick(struct igx_hw *hw, u32 eims);
void igx_hw_irq_kick_legacy(struct igx_hw *hw);
void igx_hw_set_itr(struct igx_hw *hw, unsigned int vector, u32 itr);
u32 igx_hw_read_icr(struct igx_hw *hw);

/* queues */
void igx_hw_rxq_configure(struct igx_hw *hw, u16 q, dma_addr_t dma, u16 count,
			  u32 bufsz, u16 low);
void igx_hw_rxq_disable(struct igx_hw *hw, u16 q);
void igx_hw_txq_configure(struct igx_hw *hw, u16 q, dma_addr_t dma, u16 count);
void igx_hw_txq_disable(struct igx_hw *hw, u16 q);
u8 __iomem *igx_hw_rx_tail(struct igx_hw *hw, u16 q);
u8 __iomem *igx_hw_tx_tail(struct igx_hw *hw, u16 q);
u32 igx_hw_txq_head(struct igx_hw *hw, u16 q);
void igx_hw_rx_enable(struct igx_hw *hw, u32 max_frame);
void igx_hw_rx_disable(struct igx_hw *hw);
void igx_hw_tx_enable(struct igx_hw *hw);
void igx_hw_tx_disable(struct igx_hw *hw);
void igx_hw_set_max_frame(struct igx_hw *hw, u32 max_frame);

/* filters and offloads */
void igx_hw_set_rar_pool(struct igx_hw *hw, unsigned int idx, const u8 *addr,
			 u32 pools);
void igx_hw_clear_rar(struct igx_hw *hw, unsigned int idx);
u32 igx_hw_mta_hash(const u8 *addr);
void igx_hw_write_mta(struct igx_hw *hw, const u32 *mta);
void igx_hw_set_filter_mode(struct igx_hw *hw, bool upe, bool mpe, bool vfe);
void igx_hw_write_vfta(struct igx_hw *hw, unsigned int idx, u32 val);
void igx_hw_set_vlan_strip(struct igx_hw *hw, bool on);
void igx_hw_set_rss(struct igx_hw *hw, const u8 *key, const u8 *reta,
		    u32 l4_off);
void igx_hw_set_loopback(struct igx_hw *hw, bool on);
void igx_hw_set_flow_control(struct igx_hw *hw, bool rx, bool tx);

/* IEEE 1588 */
struct ptp_system_timestamp;
void igx_hw_ptp_start(struct igx_hw *hw);
u64 igx_hw_read_systim(struct igx_hw *hw, struct ptp_system_timestamp *sts);
void igx_hw_tsync_config(struct igx_hw *hw, bool tx, bool rx, u32 rx_type,
			 u8 rx_msg);
void igx_hw_tsync_rx_msg(struct igx_hw *hw, u8 rx_msg);
u64 igx_hw_rx_stamp(struct igx_hw *hw);
bool igx_hw_rx_stamp_latched(struct igx_hw *hw);
bool igx_hw_tx_stamp(struct igx_hw *hw, u64 *raw);

/* SR-IOV (igx_mbx.c) */
int igx_hw_mbx_read(struct igx_hw *hw, unsigned int vf, u32 *msg,
		    unsigned int words);
int igx_hw_mbx_write(struct igx_hw *hw, unsigned int vf, const u32 *msg,
		     unsigned int words);
void igx_hw_mbx_events(struct igx_hw *hw, u32 *mbvficr, u32 *vflre);
void igx_hw_pool_spoofchk(struct igx_hw *hw, unsigned int pool, bool on);
u32 igx_hw_spoof_events(struct igx_hw *hw);
void igx_hw_vmdq_enable(struct igx_hw *hw, unsigned int pf_pool);
void igx_hw_vmdq_disable(struct igx_hw *hw);
void igx_hw_vf_pools_init(struct igx_hw *hw, unsigned int num_vfs);
void igx_hw_pool_enable(struct igx_hw *hw, unsigned int pool, bool rx,
			bool tx);
void igx_hw_pool_rx(struct igx_hw *hw, unsigned int pool, u32 max_frame,
		    bool mc_hash, bool strip_vlan);
void igx_hw_pool_vlan(struct igx_hw *hw, unsigned int pool, u16 tci);
void igx_hw_pool_stats(struct igx_hw *hw, unsigned int pool, u32 *c);
void igx_hw_irq_enable_mbx(struct igx_hw *hw);

/* counters and diagnostics */
void igx_hw_stats_update(struct igx_hw *hw, u64 *totals);
const char *igx_hw_stat_name(unsigned int idx);
void igx_hw_regs_dump(struct igx_hw *hw, u32 *buf);
int igx_hw_test_regs(struct igx_hw *hw, u32 *bad_reg);

#endif /* _IGX_HW_H_ */
