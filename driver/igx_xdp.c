// SPDX-License-Identifier: GPL-2.0
/* igx native XDP: the program (attach, swap, the MTU it allows), its
 * verdicts and their counters, and the RX metadata kfuncs. The RX path
 * (igx_rx.c) runs the program through igx_xdp_verdict (inline, igx.h) and
 * acts on the result; XDP_TX and ndo_xdp_xmit frames go out through
 * igx_xdp_tx.c.
 */

#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <net/xdp.h>
#include "igx.h"

#define IGX_XDP_FEATURES	(NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT | \
				 NETDEV_XDP_ACT_NDO_XMIT | NETDEV_XDP_ACT_RX_SG | \
				 NETDEV_XDP_ACT_NDO_XMIT_SG | \
				 NETDEV_XDP_ACT_XSK_ZEROCOPY)

/* The largest MTU whose frames (VLAN tag, FCS included, as RLPML is set)
 * fit one receive buffer; above it a frame can span several buffers and
 * only a program that handles fragments may run.
 */
#define IGX_XDP_MAX_MTU_1BUF	(IGX_RX_BUF_LEN - IGX_MAX_FRAME(0))

static bool igx_xdp_prog_fits(struct bpf_prog *prog, int mtu)
{
	return !prog || prog->aux->xdp_has_frags || mtu <= IGX_XDP_MAX_MTU_1BUF;
}

/* ---- verdicts ---- */

/* The verdicts igx_xdp_verdict (igx.h) does not expect: an invalid one,
 * XDP_ABORTED, or a fragmented frame for a program without fragments
 * (@act XDP_ABORTED then). Counted and traced; the frame is to be freed.
 */
u32 igx_xdp_aborted(struct igx_ring *ring, struct bpf_prog *prog, u32 act,
		    struct igx_xdp_poll *res)
{
	if (act != XDP_ABORTED)
		bpf_warn_invalid_xdp_action(ring->netdev, prog, act);
	trace_xdp_exception(ring->netdev, prog, act);
	res->aborted++;
	return XDP_ABORTED;
}

void igx_xdp_tx_result(struct igx_ring *ring, struct bpf_prog *prog, bool ok,
		       struct igx_xdp_poll *res)
{
	if (likely(ok)) {
		res->tx++;
		res->tx_queued = true;
		return;
	}
	res->tx_errors++;
	trace_xdp_exception(ring->netdev, prog, XDP_TX);
}

/* ---- program setup ---- */

/* XDP_SETUP_PROG, under rtnl. */
int igx_xdp_setup(struct igx_adapter *adapter, struct bpf_prog *prog,
		  struct netlink_ext_ack *extack)
{
	struct net_device *netdev = adapter->netdev;
	struct bpf_prog *old;
	unsigned int i;

	/* the message names the limit: keep it in step */
	BUILD_BUG_ON(IGX_XDP_MAX_MTU_1BUF != 3050);
	if (!igx_xdp_prog_fits(prog, netdev->mtu)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "MTU above 3050 spreads frames over several RX buffers and the program does not handle fragments: load it from an xdp.frags section (BPF_F_XDP_HAS_FRAGS) or set the MTU to 3050 or less");
		return -EOPNOTSUPP;
	}

	/* The XDP TX rings and the bidirectional page_pool mappings do not
	 * depend on a program being attached, and the RX buffers change
	 * kind without stopping a queue or touching the link: without a
	 * program (MTU 1500 or less) refills take page_pool fragments, with
	 * one whole pages, and a frame in a fragment posted before the
	 * program came is copied into a page for it (igx_rx.c). Swapping the
	 * per-ring pointers is all there is, under traffic.
	 */
	old = xchg(&adapter->xdp_prog, prog);
	if (!test_bit(IGX_STATE_DOWN, &adapter->state))
		for (i = 0; i < adapter->num_queues; i++) {
			struct igx_ring *rx = &adapter->q_vector[i]->rx;

			WRITE_ONCE(rx->xdp_prog, prog);
			WRITE_ONCE(rx->rx_frags, igx_rx_frags(adapter));
		}
	/* a poll still running the old program holds off its release
	 * (RCU grace period in bpf_prog_put)
	 */
	if (old)
		bpf_prog_put(old);
	return 0;
}

/* ndo_change_mtu has no extack in 6.12: the reason goes to the log. */
int igx_xdp_check_mtu(struct igx_adapter *adapter, int new_mtu)
{
	if (igx_xdp_prog_fits(adapter->xdp_prog, new_mtu))
		return 0;
	netdev_warn(adapter->netdev,
		    "MTU %d needs multi-buffer XDP but the attached program does not handle fragments: attach it from an xdp.frags section first, or keep the MTU at %u or less\n",
		    new_mtu, IGX_XDP_MAX_MTU_1BUF);
	return -EINVAL;
}

/* ---- RX metadata kfuncs ---- */

#ifdef IGX_HAVE_XDP_METADATA

static const enum xdp_rss_hash_type igx_xdp_rss_types[] = {
	[IGX_RSS_NONE]		= XDP_RSS_TYPE_NONE,
	[IGX_RSS_TCP4]		= XDP_RSS_TYPE_L4_IPV4_TCP,
	[IGX_RSS_IP4]		= XDP_RSS_TYPE_L3_IPV4,
	[IGX_RSS_TCP6]		= XDP_RSS_TYPE_L4_IPV6_TCP,
	[IGX_RSS_IP6EX]		= XDP_RSS_TYPE_L3_IPV6_EX,
	[IGX_RSS_IP6]		= XDP_RSS_TYPE_L3_IPV6,
	[IGX_RSS_TCP6EX]	= XDP_RSS_TYPE_L4_IPV6_TCP_EX,
	[IGX_RSS_UDP4]		= XDP_RSS_TYPE_L4_IPV4_UDP,
	[IGX_RSS_UDP6]		= XDP_RSS_TYPE_L4_IPV6_UDP,
	[IGX_RSS_UDP6EX]	= XDP_RSS_TYPE_L4_IPV6_UDP_EX,
};

static int igx_xdp_rx_hash(const struct xdp_md *ctx, u32 *hash,
			   enum xdp_rss_hash_type *rss_type)
{
	const struct igx_xdp_buff *b = (const void *)ctx;
	u32 type;

	if (!(b->xdp.rxq->dev->features & NETIF_F_RXHASH))
		return -ENODATA;
	type = le32_to_cpu(b->eop_desc->wb.info) & IGX_RXD_RSS_TYPE_MASK;
	if (!type || type >= ARRAY_SIZE(igx_xdp_rss_types))
		return -ENODATA;
	*hash = le32_to_cpu(b->eop_desc->wb.rss);
	*rss_type = igx_xdp_rss_types[type];
	return 0;
}

static int igx_xdp_rx_vlan_tag(const struct xdp_md *ctx, __be16 *vlan_proto,
			       u16 *vlan_tci)
{
	const struct igx_xdp_buff *b = (const void *)ctx;
	u32 staterr = le32_to_cpu(b->eop_desc->wb.status_error);

	/* only a tag the device stripped: with stripping off it stays in
	 * the frame, where the program can read it
	 */
	if (!(staterr & IGX_RXD_STAT_VP) ||
	    !(b->xdp.rxq->dev->features & NETIF_F_HW_VLAN_CTAG_RX))
		return -ENODATA;
	*vlan_proto = htons(ETH_P_8021Q);
	*vlan_tci = le16_to_cpu(b->eop_desc->wb.vlan);
	return 0;
}

/* The PHC time of a frame the device stamped (layer-2 PTPv2 matching the
 * hwtstamp RX filter; the RX path read the latch); -ENODATA for every
 * other frame.
 */
static int igx_xdp_rx_timestamp(const struct xdp_md *ctx, u64 *timestamp)
{
	const struct igx_xdp_buff *b = (const void *)ctx;

	if (!(le32_to_cpu(b->eop_desc->wb.status_error) & IGX_RXD_STAT_TS))
		return -ENODATA;
	*timestamp = b->rx_ts;
	return 0;
}

static const struct xdp_metadata_ops igx_xdp_metadata_ops = {
	.xmo_rx_timestamp	= igx_xdp_rx_timestamp,
	.xmo_rx_hash		= igx_xdp_rx_hash,
	.xmo_rx_vlan_tag	= igx_xdp_rx_vlan_tag,
};
#endif

/* At probe: what igx offers whether up or down (ndo_xdp_xmit answers
 * -ENETDOWN while down, like any target).
 */
void igx_xdp_init_netdev(struct net_device *netdev)
{
#ifdef IGX_HAVE_XDP_METADATA
	netdev->xdp_metadata_ops = &igx_xdp_metadata_ops;
#endif
#ifdef IGX_HAVE_XDP_FEATURES
	xdp_set_features_flag(netdev, IGX_XDP_FEATURES);
#endif
}
