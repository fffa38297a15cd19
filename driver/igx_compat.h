/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included ahead of every igx file (Kbuild's -include): igx is written
 * against the newest kernel's APIs, and this header fills them in on older
 * kernels from compat/probe.sh's HAVE_* lines (igx_compat_gen.h).  It is
 * the only place that knows which kernel it is built for.
 *
 * What an older kernel cannot give at all is switched off through IGX_HAVE_*
 * (see Documentation/kernels.rst for the table), and the probe log line
 * (igx_compat_log) names what is off on this build.
 */
#ifndef _IGX_COMPAT_H
#define _IGX_COMPAT_H

#include "igx_compat_gen.h"

#include <linux/bitmap.h>
#include <linux/ethtool.h>
#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/netdev_queues.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>

/* Features an older kernel lacks; the driver leaves them out. */
#ifdef HAVE_NETDEV_STAT_OPS
#define IGX_HAVE_QSTATS 1		/* netlink qstats (6.10) */
#endif
#ifdef HAVE_XDP_SET_FEATURES_FLAG
#define IGX_HAVE_XDP_FEATURES 1		/* xdp-features advertised (6.3) */
#endif
#if defined(HAVE_XMO_RX_VLAN_TAG) && defined(HAVE_XSK_CHECK_PRIV_TYPE)
#define IGX_HAVE_XDP_METADATA 1		/* RX hash/VLAN kfuncs (6.8) */
#endif
#if defined(HAVE_XSK_MULTI_BUFFER) && defined(HAVE_XDP_ZC_MAX_SEGS)
#define IGX_HAVE_XSK_MULTI_BUFFER 1	/* zero-copy multi-buffer (6.6) */
#endif
#ifdef HAVE_XSK_TX_METADATA
#define IGX_HAVE_XSK_TX_METADATA 1	/* AF_XDP TX metadata (6.8) */
#endif

/* what probe's log line says is off (Documentation/kernels.rst) */
#ifdef IGX_HAVE_QSTATS
#define IGX_OFF_QSTATS ""
#else
#define IGX_OFF_QSTATS " netlink-qstats"
#endif
#ifdef IGX_HAVE_XDP_FEATURES
#define IGX_OFF_XDP_FEATURES ""
#else
#define IGX_OFF_XDP_FEATURES " xdp-features"
#endif
#ifdef IGX_HAVE_XDP_METADATA
#define IGX_OFF_XDP_METADATA ""
#else
#define IGX_OFF_XDP_METADATA " xdp-rx-metadata"
#endif
#ifdef IGX_HAVE_XSK_MULTI_BUFFER
#define IGX_OFF_XSK_MULTI_BUFFER ""
#else
#define IGX_OFF_XSK_MULTI_BUFFER " xsk-zerocopy-multi-buffer"
#endif
#ifdef IGX_HAVE_XSK_TX_METADATA
#define IGX_OFF_XSK_TX_METADATA ""
#else
#define IGX_OFF_XSK_TX_METADATA " xsk-tx-metadata"
#endif
#define IGX_FEATURES_OFF (IGX_OFF_QSTATS IGX_OFF_XDP_FEATURES \
			  IGX_OFF_XDP_METADATA IGX_OFF_XSK_MULTI_BUFFER \
			  IGX_OFF_XSK_TX_METADATA)

#ifndef HAVE_NL_SET_ERR_MSG_FMT_MOD
/*
 * extack has no buffer of its own before 6.2 (_msg_buf), and _msg must stay
 * valid until netlink_ack() copies it, after the handler returned and rtnl
 * was dropped.  So the formatted message goes into a ring of buffers, a slot
 * reused only after 16 newer formatted errors in the same file: far more
 * than can come between a handler's return and its ack.
 */
#define IGX_EXTACK_SLOTS	16
#define IGX_EXTACK_LEN		80	/* NETLINK_MAX_FMTMSG_LEN of 6.2 */

static inline __printf(2, 3)
void igx_compat_extack_fmt(struct netlink_ext_ack *extack, const char *fmt, ...)
{
	static char buf[IGX_EXTACK_SLOTS][IGX_EXTACK_LEN];
	static atomic_t next = ATOMIC_INIT(0);
	va_list args;
	char *msg;

	if (!extack)
		return;
	msg = buf[(unsigned int)atomic_inc_return(&next) % IGX_EXTACK_SLOTS];
	va_start(args, fmt);
	vsnprintf(msg, IGX_EXTACK_LEN, fmt, args);
	va_end(args);
	extack->_msg = msg;
}

#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...)			\
	igx_compat_extack_fmt(extack, KBUILD_MODNAME ": " fmt, ##args)
#endif

#ifndef HAVE_SKB_FRAG_FILL_PAGE_DESC
static inline void skb_frag_fill_page_desc(skb_frag_t *frag, struct page *page,
					   int off, int size)
{
	__skb_frag_set_page(frag, page);
	skb_frag_off_set(frag, off);
	skb_frag_size_set(frag, size);
}
#endif

#ifndef HAVE_NETIF_TXQ_COMPLETED_WAKE
#define __netif_txq_completed_wake(txq, pkts, bytes, get_desc, start_thrs, \
				   down_cond)				\
	({								\
		struct netdev_queue *_txq = (txq);			\
		unsigned int _pkts = (pkts);				\
									\
		netdev_tx_completed_queue(_txq, _pkts, bytes);		\
		_pkts ? __netif_txq_maybe_wake(_txq, get_desc,		\
					       start_thrs, down_cond) : -1; \
	})
#endif

#ifndef HAVE_ETHTOOL_PUTS
static inline void ethtool_puts(u8 **data, const char *str)
{
	strscpy(*data, str, ETH_GSTRING_LEN);
	*data += ETH_GSTRING_LEN;
}
#endif

#ifndef HAVE_BITMAP_READ
/* 6.8's, for values within one or two longs */
static inline unsigned long bitmap_read(const unsigned long *map,
					unsigned long start, unsigned long nbits)
{
	size_t index = BIT_WORD(start);
	unsigned long offset = start % BITS_PER_LONG;
	unsigned long space = BITS_PER_LONG - offset;
	unsigned long value_low, value_high;

	if (unlikely(!nbits || nbits > BITS_PER_LONG))
		return 0;
	if (space >= nbits)
		return (map[index] >> offset) & BITMAP_LAST_WORD_MASK(nbits);
	value_low = map[index] & BITMAP_FIRST_WORD_MASK(start);
	value_high = map[index + 1] & BITMAP_LAST_WORD_MASK(start + nbits);
	return (value_low >> offset) | (value_high << space);
}
#endif

#ifndef HAVE_PCI_IRQ_INTX
#define PCI_IRQ_INTX PCI_IRQ_LEGACY
#endif

#ifndef HAVE_NETIF_QUEUE_SET_NAPI
/* no queue-to-NAPI map in netlink before 6.8 */
#define NETDEV_QUEUE_TYPE_RX 0
#define NETDEV_QUEUE_TYPE_TX 1
static inline void netif_queue_set_napi(struct net_device *dev,
					unsigned int queue_index, int type,
					struct napi_struct *napi)
{
}
#endif

#ifndef HAVE_NETIF_NAPI_SET_IRQ
/* no NAPI-to-IRQ link in netlink before 6.9 */
static inline void netif_napi_set_irq(struct napi_struct *napi, int irq)
{
}
#endif

#ifndef HAVE_SYSTEM_PERCPU_WQ
#define system_percpu_wq system_wq
#endif

#ifndef HAVE_HRTIMER_SETUP
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*function)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

#ifdef PP_FLAG_PAGE_FRAG
/* Before 6.7 a pool hands out fragments only with PP_FLAG_PAGE_FRAG, and
 * such a pool counts references in every page it takes back: a whole page
 * leaves with a count of one, as a fragment leaves with its own.
 */
#define IGX_PP_FLAG_FRAG	PP_FLAG_PAGE_FRAG
static inline struct page *igx_pp_alloc_page(struct page_pool *pool)
{
	struct page *page = page_pool_dev_alloc_pages(pool);

	if (page)
		page_pool_fragment_page(page, 1);
	return page;
}
#else
#define IGX_PP_FLAG_FRAG	0
static inline struct page *igx_pp_alloc_page(struct page_pool *pool)
{
	return page_pool_dev_alloc_pages(pool);
}
#endif

#ifndef HAVE_PAGE_POOL_DMA_SYNC_FOR_CPU
static inline void page_pool_dma_sync_for_cpu(const struct page_pool *pool,
					      const struct page *page,
					      u32 offset, u32 dma_sync_size)
{
	dma_sync_single_range_for_cpu(pool->p.dev,
				      page_pool_get_dma_addr((struct page *)page),
				      offset + pool->p.offset, dma_sync_size,
				      page_pool_get_dma_dir((struct page_pool *)pool));
}
#endif

#ifndef HAVE_ETHTOOL_RXFH_PARAM
/* before 6.8 the RSS callbacks took the table, key and function apart */
struct ethtool_rxfh_param {
	u8 hfunc;
	u32 indir_size;
	u32 *indir;
	u32 key_size;
	u8 *key;
	u32 rss_context;
	u8 input_xfrm;
};

#define IGX_ETHTOOL_RXFH_COMPAT(get, set)				\
static int get##_compat(struct net_device *dev, u32 *indir, u8 *key,	\
			u8 *hfunc)					\
{									\
	struct ethtool_rxfh_param p = { .indir = indir, .key = key };	\
	int err = get(dev, &p);						\
									\
	if (!err && hfunc)						\
		*hfunc = p.hfunc;					\
	return err;							\
}									\
static int set##_compat(struct net_device *dev, const u32 *indir,	\
			const u8 *key, const u8 hfunc)			\
{									\
	struct ethtool_rxfh_param p = {					\
		.indir = (u32 *)indir, .key = (u8 *)key, .hfunc = hfunc	\
	};								\
	return set(dev, &p, NULL);					\
}
#endif

#ifndef HAVE_ETHTOOL_RXFH_FIELDS
/* before 6.17 the RSS hash fields came through get_rxnfc/set_rxnfc */
struct ethtool_rxfh_fields {
	u32 data;
	u32 flow_type;
	u32 rss_context;
};
#endif

/*
 * Before 6.17 (the hash fields) and 6.19 (the RX ring count) the kernel
 * asks for these through get_rxnfc/set_rxnfc: igx_compat.c answers there
 * from the driver's handlers in the newer form, which it is handed.
 */
#if !defined(HAVE_ETHTOOL_RXFH_FIELDS) || !defined(HAVE_GET_RX_RING_COUNT)
#define IGX_COMPAT_GET_RXNFC
#endif
#ifndef HAVE_ETHTOOL_RXFH_FIELDS
#define IGX_COMPAT_SET_RXNFC
#endif
#if defined(IGX_COMPAT_GET_RXNFC) || defined(IGX_COMPAT_SET_RXNFC)
struct igx_compat_rxfh_ops {
	u32 (*get_rx_ring_count)(struct net_device *dev);
	int (*get_rxfh_fields)(struct net_device *dev,
			       struct ethtool_rxfh_fields *fields);
	int (*set_rxfh_fields)(struct net_device *dev,
			       const struct ethtool_rxfh_fields *fields,
			       struct netlink_ext_ack *extack);
};

int igx_compat_get_rxnfc(const struct igx_compat_rxfh_ops *ops,
			 struct net_device *dev, struct ethtool_rxnfc *cmd);
int igx_compat_set_rxnfc(const struct igx_compat_rxfh_ops *ops,
			 struct net_device *dev, struct ethtool_rxnfc *cmd);
#endif

#ifndef HAVE_XSK_BUFF_DMA_SYNC_FOR_CPU_1
static inline void igx_compat_xsk_buff_dma_sync_for_cpu(struct xdp_buff *xdp)
{
	struct xdp_buff_xsk *xskb = container_of(xdp, struct xdp_buff_xsk, xdp);

	xsk_buff_dma_sync_for_cpu(xdp, xskb->pool);
}

#define xsk_buff_dma_sync_for_cpu(xdp) igx_compat_xsk_buff_dma_sync_for_cpu(xdp)
#endif

#if defined(IGX_HAVE_XSK_TX_METADATA) && !defined(HAVE_XSK_TX_METADATA_REQUEST_POOL)
/*
 * Before the pool took part, a descriptor's metadata was read whatever its
 * options said, and a request without a timestamp still left the pointer
 * for the completion (which then found no timestamp asked for).
 */
static inline struct xsk_tx_metadata *
igx_compat_xsk_buff_get_metadata(struct xsk_buff_pool *pool, u64 addr,
				 u32 options)
{
	if (!(options & XDP_TX_METADATA))
		return NULL;
	return xsk_buff_get_metadata(pool, addr);
}

static inline void
igx_compat_xsk_tx_metadata_request(const struct xsk_buff_pool *pool,
				   struct xsk_tx_metadata **pmeta,
				   const struct xsk_tx_metadata_ops *ops,
				   void *priv)
{
	xsk_tx_metadata_request(*pmeta, ops, priv);
	if (*pmeta && !((*pmeta)->flags & XDP_TXMD_FLAGS_TIMESTAMP))
		*pmeta = NULL;
}

#define xsk_buff_get_metadata(pool, addr, options) \
	igx_compat_xsk_buff_get_metadata(pool, addr, options)
#define xsk_tx_metadata_request(pool, pmeta, ops, priv) \
	igx_compat_xsk_tx_metadata_request(pool, pmeta, ops, priv)
#endif

#ifndef HAVE_XSK_MULTI_BUFFER
/* without zero-copy multi-buffer every descriptor ends its frame */
#define XDP_UMEM_SG_FLAG 0
static inline bool xsk_is_eop_desc(const struct xdp_desc *desc)
{
	return true;
}

static inline struct xdp_buff *xsk_buff_get_frag(const struct xdp_buff *first)
{
	return NULL;
}
#endif

#ifndef HAVE_XSK_BUFF_ADD_FRAG_HEAD
/* before 6.14 the driver filled the fragment and the pool only listed it */
static inline bool igx_compat_xsk_buff_add_frag(struct xdp_buff *head,
						struct xdp_buff *xdp)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(head);
	unsigned int size = xdp->data_end - xdp->data;

	if (!xdp_buff_has_frags(head)) {
		sinfo->nr_frags = 0;
		sinfo->xdp_frags_size = 0;
		xdp_buff_set_frags_flag(head);
	}
	if (sinfo->nr_frags == MAX_SKB_FRAGS)
		return false;
	skb_frag_fill_page_desc(&sinfo->frags[sinfo->nr_frags++],
				virt_to_page(xdp->data),
				offset_in_page(xdp->data), size);
	sinfo->xdp_frags_size += size;
#ifdef HAVE_XSK_MULTI_BUFFER
	xsk_buff_add_frag(xdp);
#endif
	return true;
}

#define xsk_buff_add_frag(head, xdp) igx_compat_xsk_buff_add_frag(head, xdp)
#endif

#ifndef HAVE_XDP_BUFF_GET_SKB_FLAGS
static inline u32 xdp_buff_get_skb_flags(const struct xdp_buff *xdp)
{
	return xdp->flags;
}
#endif

/* the cyclecounter's read lost its const in 6.18 */
#ifdef HAVE_CYCLECOUNTER_READ_CONST
#define IGX_CC_CONST const
#else
#define IGX_CC_CONST
#endif

#ifndef HAVE_KERNEL_ETHTOOL_TS_INFO
#define kernel_ethtool_ts_info ethtool_ts_info
#endif

#ifndef HAVE_GET_TS_STATS
/* ethtool --show-time-stamping's counters came in 6.10; kept, not shown */
struct ethtool_ts_stats {
	struct_group(tx_stats,
		u64 pkts;
		u64 onestep_pkts_unconfirmed;
		u64 lost;
		u64 err;
	);
};
#endif

#ifndef HAVE_KERNEL_HWTSTAMP_CONFIG
#include <linux/net_tstamp.h>
struct kernel_hwtstamp_config {
	int flags;
	int tx_type;
	int rx_filter;
};
#endif

#ifndef HAVE_KERNEL_HWTSTAMP_CONFIG_CHANGED
static inline bool
kernel_hwtstamp_config_changed(const struct kernel_hwtstamp_config *a,
			       const struct kernel_hwtstamp_config *b)
{
	return a->flags != b->flags || a->tx_type != b->tx_type ||
	       a->rx_filter != b->rx_filter;
}
#endif

#ifndef HAVE_ADJUST_BY_SCALED_PPM
#include <linux/math64.h>
static inline u64 adjust_by_scaled_ppm(u64 base, long scaled_ppm)
{
	u64 diff = mul_u64_u64_div_u64(base, (u64)abs(scaled_ppm),
				       1000000ULL << 16);

	return scaled_ppm < 0 ? base - diff : base + diff;
}
#endif

#ifndef HAVE_NDO_HWTSTAMP_GET
#include <linux/uaccess.h>
/*
 * Before 6.6 hardware timestamping is configured through SIOC[GS]HWTSTAMP
 * in ndo_eth_ioctl: the same two callbacks behind it.
 */
int igx_ptp_hwtstamp_get(struct net_device *netdev,
			 struct kernel_hwtstamp_config *config);
int igx_ptp_hwtstamp_set(struct net_device *netdev,
			 struct kernel_hwtstamp_config *config,
			 struct netlink_ext_ack *extack);

static inline int igx_compat_eth_ioctl(struct net_device *netdev,
				       struct ifreq *ifr, int cmd)
{
	struct kernel_hwtstamp_config kcfg = {};
	struct hwtstamp_config cfg;
	int err;

	switch (cmd) {
	case SIOCGHWTSTAMP:
		err = igx_ptp_hwtstamp_get(netdev, &kcfg);
		break;
	case SIOCSHWTSTAMP:
		if (copy_from_user(&cfg, ifr->ifr_data, sizeof(cfg)))
			return -EFAULT;
		kcfg.flags = cfg.flags;
		kcfg.tx_type = cfg.tx_type;
		kcfg.rx_filter = cfg.rx_filter;
		err = igx_ptp_hwtstamp_set(netdev, &kcfg, NULL);
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (err)
		return err;
	cfg.flags = kcfg.flags;
	cfg.tx_type = kcfg.tx_type;
	cfg.rx_filter = kcfg.rx_filter;
	return copy_to_user(ifr->ifr_data, &cfg, sizeof(cfg)) ? -EFAULT : 0;
}
#endif

#ifndef HAVE_XDP_UPDATE_SKB_FRAGS_INFO
static inline void xdp_update_skb_frags_info(struct sk_buff *skb, u8 nr_frags,
					     unsigned int size,
					     unsigned int truesize,
					     u32 xdp_flags)
{
	xdp_update_skb_shared_info(skb, nr_frags, size, truesize,
				   !!(xdp_flags & XDP_FLAGS_FRAGS_PF_MEMALLOC));
}
#endif

#endif
