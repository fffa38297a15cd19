/* SPDX-License-Identifier: GPL-2.0 */
/* igx: Intel 82576 driver, shared structures. */
#ifndef _IGX_H_
#define _IGX_H_

#include <linux/dma-mapping.h>
#include <linux/ethtool.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/net_tstamp.h>
#include <linux/if_link.h>
#include <linux/irq_work.h>
#include <linux/pci.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/timecounter.h>
#include <linux/sizes.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/xdp.h>
#include <net/xdp_sock.h>
#include <net/xdp_sock_drv.h>
#include <net/page_pool/types.h>
#include "igx_hw.h"

#define IGX_DRV_NAME		"igx"
#define IGX_DRV_VERSION		"0.1.0"

#define IGX_MAX_QUEUES		8	/* queue pairs (combined channels) */
#define IGX_XDP_TXQ_BASE	8	/* hw TX queues 8..15: XDP TX rings */
#define IGX_MAX_VECTORS		(IGX_MAX_QUEUES + 1)
#define IGX_OTHER_VECTOR	0

#define IGX_DEFAULT_RING	256
#define IGX_MIN_RING		64
#define IGX_MAX_RING		4096
#define IGX_RING_ALIGN		8

#define IGX_MIN_MTU		68
#define IGX_MAX_MTU		9216
#define IGX_MAX_FRAME(mtu)	((mtu) + ETH_HLEN + ETH_FCS_LEN + VLAN_HLEN)

/* With an XDP program, or an MTU above 1500: one page per RX buffer, XDP
 * headroom, the frame, then the room build_skb needs for skb_shared_info.
 * Frames larger than one buffer span several descriptors (and pages).
 */
#define IGX_RX_HEADROOM		XDP_PACKET_HEADROOM
#define IGX_RX_BUF_LEN		3072
/* Otherwise half a page (a page_pool fragment) per buffer, the stack's
 * headroom, and a whole frame of MTU 1500 before skb_shared_info: RLPML
 * keeps the device from writing more (igx_rx_frags).
 */
#define IGX_RX_FRAG_SIZE	2048
#define IGX_RX_FRAG_HEADROOM	(NET_SKB_PAD + NET_IP_ALIGN)
#define IGX_RX_FRAGS_PER_PAGE	(PAGE_SIZE / IGX_RX_FRAG_SIZE)
#define IGX_RX_FRAG_ROOM	(IGX_RX_FRAG_SIZE - IGX_RX_FRAG_HEADROOM - \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
#define IGX_RX_REFILL_BATCH	16

#define IGX_TX_MAX_DATA		SZ_32K	/* bytes per data descriptor */
#define IGX_TX_DESC_NEEDED	(MAX_SKB_FRAGS + 4)
#define IGX_TX_WAKE_THRESH	(2 * IGX_TX_DESC_NEEDED)
#define IGX_TX_CLEAN_BUDGET	256

#define IGX_DEFAULT_ITR_USECS	20
#define IGX_WATCHDOG_PERIOD	(2 * HZ)

/* ethtool -S per-queue fields; order is the ethtool string order */
struct igx_rx_queue_stats {
	u64 packets;
	u64 bytes;
	u64 alloc_fail;
	u64 csum_err;
	u64 drops;
	u64 xdp_pass;
	u64 xdp_drop;
	u64 xdp_tx;
	u64 xdp_redirect;
	u64 xdp_aborted;
	u64 xdp_tx_errors;
	u64 xdp_redirect_errors;
	u64 xsk_packets;
	u64 xsk_fill_empty;
};

struct igx_tx_queue_stats {
	u64 packets;
	u64 bytes;
	u64 restarts;
	u64 timeouts;
	u64 xdp_xmit;
	u64 xdp_xmit_errors;
	u64 xsk_packets;
	u64 mac_ctrl;		/* MAC control frames (EtherType 0x8808) */
	u64 gso_packets;	/* TSO super-frames, as the stack gave them */
	u64 gso_bytes;
	u64 gso_wire_packets;	/* the segments they became on the wire */
	u64 gso_wire_bytes;
};

#define IGX_RXQ_STATS_LEN	(sizeof(struct igx_rx_queue_stats) / sizeof(u64))
#define IGX_TXQ_STATS_LEN	(sizeof(struct igx_tx_queue_stats) / sizeof(u64))

enum igx_tx_buf_type {
	IGX_TX_BUF_NONE,
	IGX_TX_BUF_SKB,
	IGX_TX_BUF_XDP,		/* xdp_frame */
	IGX_TX_BUF_XSK,		/* packets from a socket's TX ring: segs
				 * of them in xsk_descs descriptors, which
				 * complete to the pool together
				 */
	IGX_TX_BUF_XSK_BUFF,	/* ZC receive buffer sent back by XDP_TX,
				 * one per descriptor
				 */
};

struct igx_tx_buf {
	union igx_tx_desc *eop_desc;	/* set only on the first buffer */
	union {
		struct sk_buff *skb;
		struct xdp_frame *xdpf;
		struct xdp_buff *xskb;
#ifdef IGX_HAVE_XSK_TX_METADATA
		struct xsk_tx_metadata_compl xsk_compl;	/* IGX_TX_BUF_XSK */
#endif
	};
	unsigned int bytes;
	u16 segs;		/* packets on the wire */
	u8 type;
	bool tstamp;		/* the frame carries the TX stamp request */
	u8 flags;		/* IGX_TX_FL_*, stack frames only */
	u16 xsk_descs;		/* IGX_TX_BUF_XSK */
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

#define IGX_TX_FL_GSO		BIT(0)
#define IGX_TX_FL_MAC_CTRL	BIT(1)

struct igx_rx_buf {
	struct page *page;
	u32 offset;	/* of the buffer in the page: a fragment's */
	u32 truesize;	/* IGX_RX_FRAG_SIZE or PAGE_SIZE */
};

/* The frame being assembled; the metadata kfuncs cast the xdp_md back to
 * this to find the write-back of the frame's last descriptor.
 */
struct igx_xdp_buff {
	struct xdp_buff xdp;	/* first */
	const union igx_rx_desc *eop_desc;
	u64 rx_ts;		/* PHC time, valid with IGX_RXD_STAT_TS */
};

struct igx_q_vector;

/* Who may touch a queue pair's rings, buffers and counters. Queue pair q is
 * owned by q's NAPI poll, or by a process context under rtnl that holds
 * that NAPI disabled (open, close, reset, XSK pool restart). NAPI instances
 * are not bound to CPUs: q's poll may run on any CPU, at the same time as a
 * device redirecting into igx on another.
 *
 * RX ring: owner only. Its page_pool: pages are allocated and recycled
 *   directly only by the owner; an skb or xdp_frame finished elsewhere
 *   returns its page through page_pool's non-direct path.
 * XSK pool of q (zero-copy): its fill ring and free list (xsk_buff_alloc*,
 *   xsk_buff_free) have no lock and belong to the owner. Its completion
 *   ring's producer is the XDP TX ring, under xdp_lock.
 * Stack TX ring: ndo_start_xmit under the stack's TX queue lock produces,
 *   the owner completes; they meet only through next_to_use/next_to_clean
 *   and the barriers of netif_txq_maybe_stop/__netif_txq_completed_wake.
 * XDP TX ring: its producers, completion and lock: igx_xdp_tx.c, the one
 *   place those rules are written.
 * Counters (stats): written by the ring's serialised writers only (the
 *   owner; for the XDP TX ring, under xdp_lock), read anywhere through
 *   syncp; folded into the adapter's totals under stats_lock before the
 *   ring is freed.
 */
struct igx_ring {
	struct igx_q_vector *q_vector;
	struct net_device *netdev;
	struct device *dev;
	void *desc;
	union {
		struct igx_rx_buf *rx_buf;
		struct igx_tx_buf *tx_buf;
		struct xdp_buff **rx_xsk;	/* RX ring with an XSK pool */
	};
	u8 __iomem *tail;
	dma_addr_t dma;
	unsigned int size;
	u16 count;
	u16 queue_index;	/* stack queue */
	u16 reg_idx;		/* hardware queue */
	u16 next_to_use;
	u16 next_to_clean;

	/* zero-copy AF_XDP pool of this queue pair (RX and XDP TX ring) */
	struct xsk_buff_pool *xsk_pool;

	/* RX only */
	struct page_pool *pp;
	struct bpf_prog *xdp_prog;	/* READ_ONCE once per NAPI poll */
	struct igx_xdp_buff xdp;	/* frame being assembled */
	bool frame_open;
	bool frame_bad;
	bool rx_frags;			/* refill with fragments (igx_rx_frags) */
	struct page *frag_page;		/* being cut into fragments, or NULL */
	u32 frag_offset;		/* of frag_page's next fragment */
	bool xsk_fill_empty;		/* counted once per empty spell */
	struct xdp_buff *xsk_head;	/* ZC frame being assembled */
	struct xdp_rxq_info xdp_rxq;	/* page_pool buffers */
	struct xdp_rxq_info xsk_rxq;	/* XSK pool buffers */

	/* XDP TX ring only: its producers and completion (see above) */
	spinlock_t xdp_lock;
	/* zero-copy chunks sent and reclaimed by another context than the
	 * owner, for the owner to free; room for ring->count, under xdp_lock
	 */
	struct xdp_buff **xsk_stash;
	u16 xsk_stash_n;

	struct u64_stats_sync syncp;
	union {
		struct igx_rx_queue_stats rx;
		struct igx_tx_queue_stats tx;
	} stats;
} ____cacheline_internodealigned_in_smp;

struct igx_q_vector {
	struct igx_adapter *adapter;
	struct napi_struct napi;
	unsigned int v_idx;	/* MSI-X vector, EICR bit */
	/* The vector's EIMS/EIMC/EICR bit. Two contexts mask it, on two CPUs
	 * at once: its own interrupt (igx_msix_ring) and the other vector's
	 * RX low-mark kick (igx_irq_rx_low, which also clears the cause).
	 * Each mask is followed by napi_schedule() of this NAPI; only the
	 * poll unmasks it, once napi_complete_done() returned true
	 * (igx_irq_vector_enable), and igx_irq_enable() at open (close
	 * masks it with igx_irq_disable(), then stops NAPI). A schedule
	 * that finds the poll running sets NAPI_STATE_MISSED and that poll
	 * goes round again instead of completing, so the last write is the
	 * unmask of a poll that began after the last mask; a schedule that
	 * finds NAPI disabled (XSK pool restart) does nothing, and the
	 * restart schedules a poll once NAPI is enabled again
	 * (igx_xsk_qp_restart). Single register writes: no lock. A mask not
	 * followed by a poll would leave the vector silent for good. Two
	 * CPUs on it: napi_irq.sh.
	 */
	u32 eims;
	int irq;
	struct igx_ring rx;
	struct igx_ring tx;
	struct igx_ring xdp_tx;	/* hw TX queue IGX_XDP_TXQ_BASE + index */
	char name[IFNAMSIZ + 16];

	/* adaptive moderation (igx_irq.c), NAPI context only */
	u32 itr_usecs;
	u32 itr_class;		/* from the rate, once a jiffy */
	unsigned long itr_stamp;
	u64 itr_pkts;
	u64 itr_bytes;
};

/* What the PF keeps for one VF; under adapter->vf_lock. */
struct igx_vf {
	u8 mac[ETH_ALEN];
	bool pf_set_mac;	/* ip link set ... vf N mac: the VF may not change it */
	bool cts;		/* finished its reset handshake */
	bool trusted;
	int link_state;		/* IFLA_VF_LINK_STATE_* */
	u16 pf_vlan;		/* port VLAN (ip link ... vf N vlan) */
	u8 pf_qos;
	u16 max_frame;		/* VF_SET_LPE, 0 until asked */
	u16 num_mc;
	u16 mc_hash[30];
	unsigned long last_nack;
	/* per-pool counters: last register values and 64-bit totals */
	u32 stat_last[5];
	u64 stat[5];
	bool spoofchk;		/* DTXSWC anti-spoofing, on by default */
	u64 spoof_events;	/* WVBR reads that named this VF */
};

enum igx_irq_mode {
	IGX_IRQ_NONE,
	IGX_IRQ_MSIX,
	IGX_IRQ_MSI,
	IGX_IRQ_INTX,
};

enum igx_state {
	IGX_STATE_DOWN,
	IGX_STATE_REMOVING,
	IGX_STATE_RESET_PENDING,
};

struct igx_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	struct igx_hw hw;
	unsigned long state;
	u32 msg_enable;

	/* configuration, changed under rtnl */
	u16 req_queues;		/* ethtool -L combined */
	u16 num_queues;		/* active while up */
	u16 rx_ring_count;
	u16 tx_ring_count;
	u32 itr_usecs;
	bool itr_adaptive;
	bool fc_rx;		/* ethtool -A: honour received pause frames */
	bool fc_tx;		/* ethtool -A: send pause frames */
	struct igx_link_cfg link_cfg;	/* ethtool -s */
	u32 rss_l4_off;		/* ethtool -N: IGX_MRQC_* L4 fields turned off */
	u8 rss_key[IGX_RSS_KEY_SIZE];
	u8 rss_reta[IGX_RETA_SIZE];
	/* VIDs registered through ndo_vlan_rx_add_vid: the VFTA's contents,
	 * which a MAC reset clears
	 */
	unsigned long active_vlans[BITS_TO_LONGS(VLAN_N_VID)];

	/* resources that exist only while up */
	enum igx_irq_mode irq_mode;
	unsigned int num_vectors;
	u32 eims_queues;	/* every queue vector's eims (igx_q_vector) */
	struct igx_q_vector *q_vector[IGX_MAX_QUEUES];
	/* XDP TX rings usable by ndo_xdp_xmit: 0 while down (igx_xdp_tx.c) */
	unsigned int xdp_txq_count;

	/* XDP program of every RX ring; holds the reference, under rtnl */
	struct bpf_prog *xdp_prog;
	/* queues whose XSK pool is zero-copy (DMA-mapped by igx), under rtnl */
	unsigned long xsk_zc;

	/* link */
	bool link_up;
	u32 link_speed;
	bool link_full_duplex;

	struct delayed_work watchdog;
	struct work_struct reset_task;

	/* The MTA holds the PF's multicast hashes (mta_shadow, from
	 * set_rx_mode) and every VF's, which change from the mailbox
	 * (igx_sriov_write_mta). Both under vf_lock; mta_shadow also under
	 * the netdev address lock.
	 */
	u32 mta_shadow[IGX_MTA_REGS];
	u32 mta_regs[IGX_MTA_REGS];

	/* counters that outlive rings; under stats_lock */
	spinlock_t stats_lock;
	u64 hw_stats[IGX_HWS_NUM];
	struct igx_rx_queue_stats rx_totals[IGX_MAX_QUEUES];
	struct igx_tx_queue_stats tx_totals[IGX_MAX_QUEUES];
	atomic64_t rx_overruns;	/* ICR.RXO events: ring-full drops */
	atomic64_t rx_low_kicks;	/* ICR.RXDMT0: polls started early */
	u64 tx_timeouts;
	u64 resets;
#ifdef CONFIG_PAGE_POOL_STATS
	struct page_pool_stats pp_totals;	/* pools already destroyed */
#endif

	/* IEEE 1588 clock and timestamps (igx_ptp.c) */
	struct ptp_clock *ptp_clock;	/* NULL: no PHC, no hardware stamps */
	struct ptp_clock_info ptp_caps;
	spinlock_t tmreg_lock;		/* cc, tc, ptp_boot_ns, ptp_resetting */
	struct cyclecounter cc;
	struct timecounter tc;
	u64 ptp_boot_ns;		/* boottime when tc was last read */
	bool ptp_resetting;		/* SYSTIM not running (MAC reset) */
	/* under rtnl; tx_type and rx_filter also read in the data path */
	struct kernel_hwtstamp_config tstamp_config;
	u8 ptp_rx_msg;			/* PTPv2 messageType RX stamps follow */
	/* the one frame whose TX stamp is awaited, under ptp_tx_lock */
	spinlock_t ptp_tx_lock;
	struct sk_buff *ptp_tx_skb;
	bool ptp_tx_xsk;		/* an AF_XDP frame carries the request */
	unsigned long ptp_tx_start;
	u64 tx_hwtstamp_pkts;
	u64 tx_hwtstamp_skipped;	/* requests while one was in flight */
	u64 tx_hwtstamp_timeouts;	/* stamps that never came */
	u64 rx_hwtstamp_cleared;	/* RX latches freed without a frame */
	bool ptp_rx_latched;		/* aux work saw the RX latch set */

	/* SR-IOV (igx_sriov.c). num_vfs and vfs change under rtnl, the
	 * address lock and vf_lock together; the PF is then pool num_vfs.
	 * vf_lock (irqsave; taken inside the address lock, never around it)
	 * guards the VF state, the mailboxes and the MTA: the mailboxes are
	 * answered in interrupt context (igx_mbx_work).
	 */
	u16 num_vfs;
	struct igx_vf *vfs;
	spinlock_t vf_lock;		/* VF state, mailboxes, MTA (above) */
	struct irq_work mbx_work;	/* answers the VFs (igx_mbx_work) */
	struct hrtimer mbx_poll;	/* queues mbx_work: PF down, retries */
	u32 mbx_pending;		/* MBVFICR requests not yet read */

	char fw_version[32];
	struct dentry *dbg_dir;
	void *dbg_ones;		/* debugfs fake_removal: reads see this */
};

/* Whether RX refills with page_pool fragments (IGX_RX_FRAG_SIZE) rather
 * than whole pages: when no XDP program needs a page's headroom,
 * multi-buffer room or XDP_TX, and RLPML keeps every frame inside a
 * fragment (MTU 1500 or less; with VFs the port's limit is the largest
 * VF's, and the PF's own is left to the pool's VMOLR).
 */
static inline bool igx_rx_frags(const struct igx_adapter *adapter)
{
	return !READ_ONCE(adapter->xdp_prog) &&
	       adapter->netdev->mtu <= ETH_DATA_LEN && !adapter->num_vfs;
}

/* The device's receive buffer size (SRRCTL, whole KiB): a fragment's
 * wherever fragments may be posted, so that a frame the device should
 * not have taken cannot run far past one
 */
static inline u32 igx_rx_buf_len(const struct igx_adapter *adapter)
{
	if (adapter->netdev->mtu <= ETH_DATA_LEN && !adapter->num_vfs)
		return IGX_RX_FRAG_SIZE;
	return IGX_RX_BUF_LEN;
}

static inline u16 igx_desc_unused(const struct igx_ring *ring)
{
	u16 ntc = ring->next_to_clean, ntu = ring->next_to_use;

	return ((ntc > ntu) ? 0 : ring->count) + ntc - ntu - 1;
}

#define IGX_RX_DESC(r, i)	(&((union igx_rx_desc *)((r)->desc))[i])
#define IGX_TX_DESC(r, i)	(&((union igx_tx_desc *)((r)->desc))[i])

/* The last descriptor of the frame that starts at @buf once the device has
 * written it back; NULL while it has not, or when no frame starts there.
 * Stack and XDP TX rings share it: both publish eop_desc after the frame's
 * descriptors (smp_wmb), possibly from another CPU (ndo_xdp_xmit).
 */
static inline union igx_tx_desc *igx_tx_done(struct igx_tx_buf *buf)
{
	union igx_tx_desc *eop = READ_ONCE(buf->eop_desc);

	if (!eop)
		return NULL;
	/* pairs with the smp_wmb before eop_desc is set */
	smp_rmb();
	if (!(READ_ONCE(eop->wb.status) & cpu_to_le32(IGX_TXD_STAT_DD)))
		return NULL;
	/* nothing the device wrote back is read before DD */
	dma_rmb();
	return eop;
}

/* igx_netdev.c */
extern const struct net_device_ops igx_netdev_ops;
int igx_up(struct igx_adapter *adapter);
void igx_down(struct igx_adapter *adapter);
int igx_reconfigure(struct igx_adapter *adapter, u16 queues, u16 rx_count,
		    u16 tx_count);
void igx_rss_default_reta(struct igx_adapter *adapter);
void igx_rss_apply(struct igx_adapter *adapter);
void igx_watchdog_init(struct igx_adapter *adapter);

/* igx_reset.c */
int igx_reset(struct igx_adapter *adapter);
void igx_tx_timeout(struct net_device *netdev, unsigned int txqueue);
void igx_reset_task(struct work_struct *work);

/* igx_ptp.c */
void igx_ptp_init(struct igx_adapter *adapter);
void igx_ptp_stop(struct igx_adapter *adapter);
void igx_ptp_reset_begin(struct igx_adapter *adapter);
void igx_ptp_reset_end(struct igx_adapter *adapter);
void igx_ptp_restore(struct igx_adapter *adapter);
void igx_ptp_tx_flush(struct igx_adapter *adapter);
bool igx_ptp_tx_claim(struct igx_adapter *adapter, struct sk_buff *skb);
bool igx_ptp_xsk_claim(struct igx_adapter *adapter);
bool igx_ptp_xsk_done(struct igx_adapter *adapter, u64 *ns);
void igx_ptp_tx_done(struct igx_adapter *adapter);
u64 igx_ptp_rx_stamp(struct igx_adapter *adapter);
int igx_ptp_hwtstamp_get(struct net_device *netdev,
			 struct kernel_hwtstamp_config *config);
int igx_ptp_hwtstamp_set(struct net_device *netdev,
			 struct kernel_hwtstamp_config *config,
			 struct netlink_ext_ack *extack);
int igx_ptp_get_ts_info(struct net_device *netdev,
			struct kernel_ethtool_ts_info *info);
void igx_ptp_get_ts_stats(struct net_device *netdev,
			  struct ethtool_ts_stats *ts);

/* igx_sriov.c */
void igx_sriov_init(struct igx_adapter *adapter);
void igx_sriov_remove(struct igx_adapter *adapter);
void igx_sriov_pci_resume(struct igx_adapter *adapter);
int igx_sriov_configure(struct pci_dev *pdev, int num_vfs);
void igx_sriov_up(struct igx_adapter *adapter);
void igx_sriov_reset(struct igx_adapter *adapter);
void igx_sriov_watchdog(struct igx_adapter *adapter);
void igx_sriov_mbx_stop(struct igx_adapter *adapter);
void igx_sriov_write_mta(struct igx_adapter *adapter);
int igx_set_vf_mac(struct net_device *netdev, int vf, u8 *mac);
int igx_set_vf_vlan(struct net_device *netdev, int vf, u16 vlan, u8 qos,
		    __be16 proto);
int igx_set_vf_spoofchk(struct net_device *netdev, int vf, bool on);
int igx_set_vf_trust(struct net_device *netdev, int vf, bool on);
int igx_set_vf_link_state(struct net_device *netdev, int vf, int state);
int igx_get_vf_config(struct net_device *netdev, int vf,
		      struct ifla_vf_info *ivi);
int igx_get_vf_stats(struct net_device *netdev, int vf,
		     struct ifla_vf_stats *stats);

/* Mailbox interrupt (ICR.VMMB), or the port just went down. */
static inline void igx_sriov_kick(struct igx_adapter *adapter)
{
	if (READ_ONCE(adapter->num_vfs))
		irq_work_queue(&adapter->mbx_work);
}

/* The PF's pool: with VFs, pools 0..num_vfs-1 are theirs. */
static inline unsigned int igx_pf_pool(const struct igx_adapter *adapter)
{
	return adapter->num_vfs;
}

/* igx_debugfs.c */
void igx_debugfs_init(void);
void igx_debugfs_exit(void);
void igx_debugfs_add(struct igx_adapter *adapter);
void igx_debugfs_del(struct igx_adapter *adapter);

/* igx_irq.c */
int igx_irq_init(struct igx_adapter *adapter, unsigned int want_queues);
void igx_irq_deinit(struct igx_adapter *adapter);
int igx_irq_request(struct igx_adapter *adapter);
void igx_irq_free(struct igx_adapter *adapter);
void igx_irq_configure(struct igx_adapter *adapter);
void igx_irq_enable(struct igx_adapter *adapter);
void igx_irq_disable(struct igx_adapter *adapter);
void igx_irq_vector_enable(struct igx_q_vector *qv);
void igx_irq_synchronize(struct igx_adapter *adapter);
void igx_irq_set_itr(struct igx_adapter *adapter);
void igx_irq_kick(struct igx_adapter *adapter);
void igx_irq_vector_kick(struct igx_q_vector *qv);
int igx_irq_selftest(struct igx_adapter *adapter);

/* igx_rings.c: queue vectors, ring lifecycle, the NAPI poll */
int igx_alloc_q_vectors(struct igx_adapter *adapter);
void igx_free_q_vectors(struct igx_adapter *adapter);
struct xsk_buff_pool *igx_xsk_pool(struct igx_adapter *adapter, u16 q);
int igx_setup_rings(struct igx_adapter *adapter);
void igx_free_rings(struct igx_adapter *adapter);
void igx_configure_rings(struct igx_adapter *adapter);
void igx_disable_rings(struct igx_adapter *adapter);
void igx_clean_rings(struct igx_adapter *adapter);
void igx_ring_rx_start(struct igx_ring *ring);
void igx_ring_rx_stop(struct igx_ring *ring);
int igx_poll(struct napi_struct *napi, int budget);

/* igx_rx.c: the RX loop for page_pool and UMEM buffers */
int igx_rx_clean(struct igx_q_vector *qv, int budget);
void igx_rx_fill(struct igx_ring *ring);
void igx_rx_release(struct igx_ring *ring);

/* igx_tx.c: the stack's TX ring */
netdev_tx_t igx_xmit_frame(struct sk_buff *skb, struct net_device *netdev);
bool igx_tx_clean(struct igx_q_vector *qv, int napi_budget);
void igx_tx_release(struct igx_ring *ring);

/* Both TX rings: a buffer's DMA mapping, if it has one of its own. */
static inline void igx_tx_buf_unmap(struct igx_ring *ring,
				    struct igx_tx_buf *buf, bool head)
{
	if (!dma_unmap_len(buf, len))
		return;
	if (head)
		dma_unmap_single(ring->dev, dma_unmap_addr(buf, dma),
				 dma_unmap_len(buf, len), DMA_TO_DEVICE);
	else
		dma_unmap_page(ring->dev, dma_unmap_addr(buf, dma),
			       dma_unmap_len(buf, len), DMA_TO_DEVICE);
	dma_unmap_len_set(buf, len, 0);
}

/* Callbacks of the two walks below, one set per ring: the walks are always
 * inlined with them, so each ring's completion compiles as if written out
 * for its own buffer types (no indirect call on the hot path).
 */
struct igx_tx_walk_ops {
	/* may the frame at @buf (descriptors up to @eop_idx) complete now;
	 * NULL: always
	 */
	bool (*take)(struct igx_ring *ring, struct igx_tx_buf *buf, u16 i,
		     u16 eop_idx, void *arg);
	/* a completed frame's first buffer, its own mapping undone */
	void (*head)(struct igx_ring *ring, struct igx_tx_buf *buf, void *arg);
	/* each further buffer of the frame; NULL: nothing to do */
	void (*frag)(struct igx_ring *ring, struct igx_tx_buf *buf, void *arg);
	/* release: a buffer of a frame the device may not have sent */
	void (*put)(struct igx_ring *ring, struct igx_tx_buf *buf, void *arg);
};

/* The completion walk of both TX rings: from next_to_clean, each frame the
 * device has written back, at most @budget of them. Returns the budget
 * left (0: there may be more). The caller serialises it with the ring's
 * producers where they can run elsewhere (XDP TX rings: xdp_lock).
 */
static __always_inline unsigned int
igx_tx_complete(struct igx_ring *ring, unsigned int budget,
		const struct igx_tx_walk_ops *ops, void *arg)
{
	u16 i = ring->next_to_clean;

	while (budget) {
		struct igx_tx_buf *buf = &ring->tx_buf[i];
		union igx_tx_desc *eop = igx_tx_done(buf);
		u16 eop_idx;

		if (!eop)
			break;
		eop_idx = eop - IGX_TX_DESC(ring, 0);
		if (ops->take && !ops->take(ring, buf, i, eop_idx, arg))
			break;
		buf->eop_desc = NULL;
		budget--;

		igx_tx_buf_unmap(ring, buf, true);
		ops->head(ring, buf, arg);
		buf->skb = NULL;
		buf->type = IGX_TX_BUF_NONE;

		while (i != eop_idx) {
			struct igx_tx_buf *frag;

			if (++i == ring->count)
				i = 0;
			frag = &ring->tx_buf[i];
			igx_tx_buf_unmap(ring, frag, false);
			if (ops->frag)
				ops->frag(ring, frag, arg);
			frag->type = IGX_TX_BUF_NONE;
		}
		if (++i == ring->count)
			i = 0;
	}
	ring->next_to_clean = i;
	return budget;
}

/* Both TX rings: drops every buffer still on the ring, sent or not (the
 * hardware queue is stopped, or has completed everything), and empties it.
 */
static __always_inline void
igx_tx_release_walk(struct igx_ring *ring, const struct igx_tx_walk_ops *ops,
		    void *arg)
{
	u16 i = ring->next_to_clean;

	while (i != ring->next_to_use) {
		struct igx_tx_buf *buf = &ring->tx_buf[i];

		igx_tx_buf_unmap(ring, buf, buf->type != IGX_TX_BUF_NONE);
		ops->put(ring, buf, arg);
		buf->type = IGX_TX_BUF_NONE;
		buf->tstamp = false;
		buf->skb = NULL;
		buf->eop_desc = NULL;
		if (++i == ring->count)
			i = 0;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
}

/* igx_stats.c */
void igx_stats_update_hw(struct igx_adapter *adapter);
void igx_stats_fold_ring(struct igx_adapter *adapter, struct igx_ring *ring,
			 bool rx);
void igx_get_stats64(struct net_device *netdev,
		     struct rtnl_link_stats64 *stats);
void igx_stats_queue_rx(struct igx_adapter *adapter, unsigned int q,
			struct igx_rx_queue_stats *out);
void igx_stats_queue_tx(struct igx_adapter *adapter, unsigned int q,
			struct igx_tx_queue_stats *out);
u64 igx_stats_tx_mac_ctrl(struct igx_adapter *adapter);
u64 *igx_stats_pp_get(struct igx_adapter *adapter, u64 *data);
#ifdef IGX_HAVE_QSTATS
extern const struct netdev_stat_ops igx_stat_ops;
#endif

/* igx_ethtool.c */
void igx_set_ethtool_ops(struct net_device *netdev);

/* igx_diag.c */
int igx_diag_test_count(void);
void igx_diag_test_strings(u8 *data);
void igx_diag_self_test(struct net_device *netdev, struct ethtool_test *test,
			u64 *data);

/* igx_xdp.c: the program, its verdicts, the RX metadata kfuncs */
/* verdicts and errors of one NAPI poll, added to the ring counters once */
struct igx_xdp_poll {
	u32 pass, drop, tx, redirect, aborted, tx_errors, redirect_errors;
	bool tx_queued;		/* XDP TX ring tail to write */
	bool redirected;	/* xdp_do_flush() to call */
};

void igx_xdp_init_netdev(struct net_device *netdev);
int igx_xdp_setup(struct igx_adapter *adapter, struct bpf_prog *prog,
		  struct netlink_ext_ack *extack);
int igx_xdp_check_mtu(struct igx_adapter *adapter, int new_mtu);
u32 igx_xdp_aborted(struct igx_ring *ring, struct bpf_prog *prog, u32 act,
		    struct igx_xdp_poll *res);
void igx_xdp_tx_result(struct igx_ring *ring, struct bpf_prog *prog, bool ok,
		       struct igx_xdp_poll *res);

/* Runs @prog on @xdp, a frame received on RX ring @ring, and counts the
 * verdict. REDIRECT is done here; a failed one comes back as XDP_DROP. The
 * RX path (igx_rx.c) sends XDP_TX (reporting through igx_xdp_tx_result),
 * builds an skb for XDP_PASS and frees the frame for XDP_DROP and
 * XDP_ABORTED. Inline in each instance of the RX loop, REDIRECT (every
 * AF_XDP frame's) first: out of line it was 42 instructions per frame of
 * AF_XDP rxdrop's 215 (make bench profile, issue 20); the rare verdicts
 * are igx_xdp_aborted's (igx_xdp.c).
 */
static __always_inline u32 igx_xdp_verdict(struct igx_ring *ring,
					   struct bpf_prog *prog,
					   struct xdp_buff *xdp,
					   struct igx_xdp_poll *res)
{
	u32 act;

	/* cannot happen while setup and MTU checks hold; never hand a
	 * fragmented frame to a program that does not know about fragments
	 */
	if (unlikely(xdp_buff_has_frags(xdp) && !prog->aux->xdp_has_frags))
		return igx_xdp_aborted(ring, prog, XDP_ABORTED, res);

	act = bpf_prog_run_xdp(prog, xdp);
	if (likely(act == XDP_REDIRECT)) {
		if (likely(!xdp_do_redirect(ring->netdev, xdp, prog))) {
			res->redirect++;
			res->redirected = true;
			return XDP_REDIRECT;
		}
		/* xdp_do_redirect traced the error */
		res->redirect_errors++;
		return XDP_DROP;
	}
	switch (act) {
	case XDP_PASS:
		res->pass++;
		return XDP_PASS;
	case XDP_TX:
		return XDP_TX;
	case XDP_DROP:
		res->drop++;
		return XDP_DROP;
	default:
		return igx_xdp_aborted(ring, prog, act, res);
	}
}

/* igx_xdp_tx.c: the XDP TX rings (rules there) */
void igx_xdp_tx_publish(struct igx_adapter *adapter, bool up);
int igx_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		 u32 flags);
bool igx_xdp_tx_buff(struct igx_ring *rx, struct xdp_buff *xdp);
void igx_xdp_tx_doorbell(struct igx_ring *ring);
bool igx_xdp_tx_clean(struct igx_q_vector *qv);
void igx_xdp_tx_release(struct igx_ring *ring);
void igx_xdp_tx_set_pool(struct igx_adapter *adapter, struct igx_ring *ring,
			 struct xsk_buff_pool *pool);
bool igx_xdp_tx_reserve(struct igx_ring *ring, unsigned int need, bool owner);

/* One data descriptor of a frame on an XDP TX ring (no offloads). @eop
 * ends a frame that is not the last of what igx_xdp_tx_close closes (a
 * batch of socket frames); the closed unit's last one is marked there.
 */
static inline void igx_xdp_tx_desc(struct igx_ring *ring, u16 i,
				   dma_addr_t dma, u32 len, u32 olinfo,
				   bool eop)
{
	union igx_tx_desc *desc = IGX_TX_DESC(ring, i);

	desc->read.buffer_addr = cpu_to_le64(dma);
	desc->read.cmd_type_len = cpu_to_le32(IGX_TXD_DTYP_DATA |
					      IGX_TXD_CMD_DEXT |
					      IGX_TXD_CMD_IFCS |
					      (eop ? IGX_TXD_CMD_EOP : 0) | len);
	desc->read.olinfo_status = cpu_to_le32(olinfo);
}

/* Ends the frame, or the batch of socket frames, that starts at @first
 * and ends at descriptor @last: the device writes back that descriptor
 * only (RS), the cleaner finds it from the first buffer and completes the
 * unit as one, and it is the ring's (next_to_use moves past it). @pkts:
 * the frames in it. xdp_lock held.
 */
static inline void igx_xdp_tx_close(struct igx_ring *ring,
				    struct igx_tx_buf *first, u16 last,
				    u32 bytes, u16 pkts)
{
	IGX_TX_DESC(ring, last)->read.cmd_type_len |=
		cpu_to_le32(IGX_TXD_CMD_EOP | IGX_TXD_CMD_RS);
	first->bytes = bytes;
	first->segs = pkts;
	/* descriptors complete before the cleaner can see eop_desc */
	smp_wmb();
	first->eop_desc = IGX_TX_DESC(ring, last);
	ring->next_to_use = last + 1 == ring->count ? 0 : last + 1;
}

static inline void igx_xdp_tx_kick(struct igx_ring *ring)
{
	/* writel orders the descriptor writes before the doorbell; one per
	 * batch (QEMU sends inside this write: emulation differences,
	 * igx_hw.c)
	 */
	igx_hw_write_tail(ring->tail, ring->next_to_use);
}

/* igx_xsk_pool.c: binding zero-copy AF_XDP pools */
void igx_xsk_init_netdev(struct net_device *netdev);
int igx_xsk_pool_setup(struct igx_adapter *adapter,
		       struct xsk_buff_pool *pool, u16 q);
int igx_xsk_wakeup(struct net_device *netdev, u32 q, u32 flags);

/* igx_xsk.c: the datapath of a queue with a zero-copy pool */
u32 igx_xsk_buf_len(struct xsk_buff_pool *pool);
void igx_xsk_fill(struct igx_ring *ring, u16 n);
void igx_xsk_release_rx(struct igx_ring *ring);
struct xdp_buff *igx_xsk_rx_join(struct igx_ring *ring, struct xdp_buff *head,
				 struct xdp_buff *xdp);
int igx_xsk_rx_done(struct igx_ring *ring, int pkts, int budget);
struct sk_buff *igx_xsk_build_skb(struct igx_ring *ring, struct xdp_buff *xdp);
bool igx_xsk_xdp_tx(struct igx_q_vector *qv, struct xdp_buff *head);
bool igx_xsk_xmit(struct igx_q_vector *qv, int budget);
#ifdef IGX_HAVE_XSK_TX_METADATA
extern const struct xsk_tx_metadata_ops igx_xsk_tx_metadata_ops;
#endif

/* The UMEM chunk of RX slot @i, @size bytes written: starts a frame (@head
 * NULL) or joins @head's (igx_xsk_rx_join). Returns the frame's head.
 * Inline in the RX loop: a frame in one chunk is the common case, and out
 * of line this was 41 instructions per frame of AF_XDP rxdrop's 215 (make
 * bench profile, issue 20).
 */
static __always_inline struct xdp_buff *
igx_xsk_rx_piece(struct igx_ring *ring, u16 i, unsigned int size,
		 struct xdp_buff *head)
{
	struct xdp_buff *xdp = ring->rx_xsk[i];

	ring->rx_xsk[i] = NULL;
	xsk_buff_set_size(xdp, size);
	xsk_buff_dma_sync_for_cpu(xdp);
	if (likely(!head)) {
		ring->frame_bad = false;
		return xdp;
	}
	return igx_xsk_rx_join(ring, head, xdp);
}

#endif /* _IGX_H_ */
