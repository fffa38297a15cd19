// SPDX-License-Identifier: GPL-2.0
/* igx native XDP: program setup, verdicts, the XDP TX rings (XDP_TX and
 * ndo_xdp_xmit) and the RX metadata kfuncs. Who may touch an XDP TX ring,
 * and when, is written once, at struct igx_ring in igx.h.
 */

#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>
#include "igx.h"

#define IGX_XDP_FEATURES	(NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT | \
				 NETDEV_XDP_ACT_NDO_XMIT | NETDEV_XDP_ACT_RX_SG | \
				 NETDEV_XDP_ACT_NDO_XMIT_SG | \
				 NETDEV_XDP_ACT_XSK_ZEROCOPY)

/* descriptors of one packet from a socket's TX ring (the device takes 64) */
#define IGX_XSK_MAX_SEGS	16

/* The largest MTU whose frames (VLAN tag, FCS included, as RLPML is set)
 * fit one receive buffer; above it a frame can span several buffers and
 * only a program that handles fragments may run.
 */
#define IGX_XDP_MAX_MTU_1BUF	(IGX_RX_BUF_LEN - IGX_MAX_FRAME(0))

static bool igx_xdp_mtu_needs_frags(int mtu)
{
	return mtu > IGX_XDP_MAX_MTU_1BUF;
}

static bool igx_xdp_prog_fits(struct bpf_prog *prog, int mtu)
{
	return !prog || prog->aux->xdp_has_frags ||
	       !igx_xdp_mtu_needs_frags(mtu);
}

/* ---- XDP TX rings ---- */

/* Makes the XDP TX rings visible to ndo_xdp_xmit (after they are
 * configured) or hides them and waits until no ndo_xdp_xmit can still be
 * using them (before they are stopped and freed). Under rtnl.
 */
void igx_xdp_txq_publish(struct igx_adapter *adapter, bool up)
{
	if (up) {
		/* pairs with igx_xdp_xmit: rings configured before seen */
		smp_store_release(&adapter->xdp_txq_count, adapter->num_queues);
		return;
	}
	WRITE_ONCE(adapter->xdp_txq_count, 0);
	/* ndo_xdp_xmit runs inside an RCU-bh section (devmap flush) */
	synchronize_net();
}

/* Owner only (struct igx_ring), xdp_lock held or the ring stopped. */
void igx_xdp_ring_free_stash(struct igx_ring *ring)
{
	while (ring->xsk_stash_n) {
		WRITE_ONCE(ring->xsk_stash_n, ring->xsk_stash_n - 1);
		xsk_buff_free(ring->xsk_stash[ring->xsk_stash_n]);
	}
}

/* A zero-copy chunk whose frame was sent. Only the owner may give it back
 * to the pool (the rules at struct igx_ring); another context puts it in
 * the ring's stash, which the owner empties at its next clean.
 */
static void igx_xdp_chunk_done(struct igx_ring *ring, struct xdp_buff *xskb,
			       bool owner)
{
	if (owner) {
		xsk_buff_free(xskb);
		return;
	}
	ring->xsk_stash[ring->xsk_stash_n] = xskb;
	WRITE_ONCE(ring->xsk_stash_n, ring->xsk_stash_n + 1);
}

/* Reclaims completed descriptors; ring->xdp_lock held. @owner: the caller
 * is the queue pair's NAPI, or runs with it disabled. Another context
 * (ndo_xdp_xmit finding the ring full) stops in front of a frame whose
 * chunks the stash cannot take; the stash holds as many as the ring.
 */
static bool igx_xdp_ring_clean(struct igx_ring *ring, unsigned int budget,
			       bool owner)
{
	struct xdp_frame_bulk bq;
	unsigned int pkts = 0, bytes = 0, xsk_pkts = 0, xsk_done = 0;
	u16 i = ring->next_to_clean;

	if (owner)
		igx_xdp_ring_free_stash(ring);
	xdp_frame_bulk_init(&bq);
	rcu_read_lock();	/* xdp_return_frame_bulk */
	while (budget) {
		struct igx_tx_buf *buf = &ring->tx_buf[i];
		union igx_tx_desc *eop = igx_tx_done(buf);
		u16 eop_idx;

		if (!eop)
			break;
		eop_idx = eop - IGX_TX_DESC(ring, 0);
		if (!owner && buf->type == IGX_TX_BUF_XSK_BUFF &&
		    ring->xsk_stash_n + (eop_idx - i + ring->count) % ring->count >=
		    ring->count)
			break;
		buf->eop_desc = NULL;
		budget--;

		pkts++;
		bytes += buf->bytes;
		igx_unmap_tx_buf(ring, buf, true);
		if (buf->type == IGX_TX_BUF_XDP) {
			xdp_return_frame_bulk(buf->xdpf, &bq);
		} else if (buf->type == IGX_TX_BUF_XSK) {
			if (unlikely(buf->tstamp))
				igx_xsk_tx_complete(ring, buf);
			xsk_done += buf->segs;
			xsk_pkts++;
		} else {
			igx_xdp_chunk_done(ring, buf->xskb, owner);
		}
		buf->xdpf = NULL;
		buf->type = IGX_TX_BUF_NONE;

		while (i != eop_idx) {
			struct igx_tx_buf *frag;

			if (++i == ring->count)
				i = 0;
			frag = &ring->tx_buf[i];
			igx_unmap_tx_buf(ring, frag, false);
			if (frag->type == IGX_TX_BUF_XSK_BUFF)
				igx_xdp_chunk_done(ring, frag->xskb, owner);
			frag->type = IGX_TX_BUF_NONE;
		}
		if (++i == ring->count)
			i = 0;
	}
	xdp_flush_frame_bulk(&bq);
	rcu_read_unlock();
	ring->next_to_clean = i;
	if (xsk_done)
		xsk_tx_completed(ring->xsk_pool, xsk_done);

	if (pkts) {
		u64_stats_update_begin(&ring->syncp);
		ring->stats.tx.packets += pkts;
		ring->stats.tx.bytes += bytes;
		ring->stats.tx.xsk_packets += xsk_pkts;
		u64_stats_update_end(&ring->syncp);
	}
	return budget != 0;
}

/* From the queue vector's NAPI poll: true when all completions are in. */
bool igx_xdp_clean_tx(struct igx_q_vector *qv)
{
	struct igx_ring *ring = &qv->xdp_tx;
	bool done;

	/* a stash filled since is seen at the latest by the next poll */
	if (READ_ONCE(ring->next_to_clean) == READ_ONCE(ring->next_to_use) &&
	    !READ_ONCE(ring->xsk_stash_n))
		return true;
	spin_lock(&ring->xdp_lock);
	done = igx_xdp_ring_clean(ring, IGX_TX_CLEAN_BUDGET, true);
	spin_unlock(&ring->xdp_lock);
	return done;
}

/* Makes room for @need descriptors (plus the one that keeps the ring from
 * looking empty): pushes what is pending and reclaims what completed.
 * @owner as for igx_xdp_ring_clean.
 */
bool igx_xdp_ring_room(struct igx_ring *ring, unsigned int need, bool owner)
{
	if (likely(igx_desc_unused(ring) >= need))
		return true;
	igx_xdp_ring_kick(ring);
	igx_xdp_ring_clean(ring, ring->count, owner);
	if (igx_desc_unused(ring) >= need)
		return true;
	/* chunks that only the owner may free hold the ring: have the owner
	 * run now rather than at its next interrupt
	 */
	if (!owner)
		napi_schedule(&ring->q_vector->napi);
	return false;
}

/* Ends the frame that starts at @first and ends at descriptor @last: the
 * device writes back its last descriptor, the cleaner finds it from the
 * first buffer. @segs: what completion reports (XSK descriptors).
 */
void igx_xdp_ring_close(struct igx_ring *ring, struct igx_tx_buf *first,
			u16 last, u32 bytes, u16 segs)
{
	IGX_TX_DESC(ring, last)->read.cmd_type_len |=
		cpu_to_le32(IGX_TXD_CMD_EOP | IGX_TXD_CMD_RS);
	first->bytes = bytes;
	first->segs = segs;
	/* descriptors complete before the cleaner can see eop_desc */
	smp_wmb();
	first->eop_desc = IGX_TX_DESC(ring, last);
}

/* Queues one frame (head plus fragments) on an XDP TX ring; xdp_lock held.
 * @map: the frame came through ndo_xdp_xmit, from any CPU, and needs DMA
 * mappings; else it is XDP_TX from the queue pair's own NAPI (the ring's
 * owner) and sits in this queue's page_pool pages, mapped both ways.
 */
static bool igx_xdp_ring_frame(struct igx_ring *ring, struct xdp_frame *xdpf,
			       bool map)
{
	struct skb_shared_info *sinfo = NULL;
	unsigned int nr_frags = 0, f, len;
	struct igx_tx_buf *first, *buf;
	u16 i, start = ring->next_to_use;
	dma_addr_t dma;
	void *data;
	u32 olinfo;

	if (unlikely(xdp_frame_has_frags(xdpf))) {
		sinfo = xdp_get_shared_info_from_frame(xdpf);
		nr_frags = sinfo->nr_frags;
	}
	if (!igx_xdp_ring_room(ring, nr_frags + 2, !map))
		return false;

	olinfo = xdp_get_frame_len(xdpf) << IGX_TXD_PAYLEN_SHIFT;
	first = &ring->tx_buf[start];
	data = xdpf->data;
	len = xdpf->len;
	i = start;
	for (f = 0;; f++) {
		buf = &ring->tx_buf[i];
		if (map) {
			if (!f)
				dma = dma_map_single(ring->dev, data, len,
						     DMA_TO_DEVICE);
			else
				dma = skb_frag_dma_map(ring->dev,
						       &sinfo->frags[f - 1], 0,
						       len, DMA_TO_DEVICE);
			if (dma_mapping_error(ring->dev, dma))
				goto unmap;
			dma_unmap_len_set(buf, len, len);
			dma_unmap_addr_set(buf, dma, dma);
		} else {
			struct page *page = virt_to_page(data);

			dma = page_pool_get_dma_addr(page) +
			      offset_in_page(data);
			dma_sync_single_for_device(ring->dev, dma, len,
						   DMA_BIDIRECTIONAL);
		}
		igx_xdp_desc(ring, i, dma, len, olinfo);
		if (f == nr_frags)
			break;
		if (++i == ring->count)
			i = 0;
		data = skb_frag_address(&sinfo->frags[f]);
		len = skb_frag_size(&sinfo->frags[f]);
	}

	first->type = IGX_TX_BUF_XDP;
	first->xdpf = xdpf;
	igx_xdp_ring_close(ring, first, i, xdp_get_frame_len(xdpf), 1);
	ring->next_to_use = i + 1 == ring->count ? 0 : i + 1;
	return true;

unmap:
	for (;;) {
		buf = &ring->tx_buf[i];
		igx_unmap_tx_buf(ring, buf, i == start);
		if (i == start)
			break;
		if (i-- == 0)
			i = ring->count - 1;
	}
	return false;
}

/* Moves the queue pair's XDP TX ring to or from a zero-copy pool, with the
 * pair's NAPI disabled (this context is the owner): every descriptor of
 * the old pool is completed first (under QEMU at once, as it sends
 * inside the tail write: emulation differences, igx_hw.c; a queue that did
 * not finish is reset), so that
 * completions always reach the pool they came from.
 */
void igx_xdp_ring_set_pool(struct igx_adapter *adapter, struct igx_ring *ring,
			   struct xsk_buff_pool *pool)
{
	struct igx_hw *hw = &adapter->hw;

	spin_lock_bh(&ring->xdp_lock);
	igx_xdp_ring_kick(ring);
	igx_xdp_ring_clean(ring, ring->count, true);
	if (ring->next_to_clean != ring->next_to_use) {
		igx_hw_txq_disable(hw, ring->reg_idx);
		igx_release_tx_buffers(ring);
		igx_hw_txq_configure(hw, ring->reg_idx, ring->dma, ring->count);
	}
	ring->xsk_pool = pool;
	spin_unlock_bh(&ring->xdp_lock);
}

/* XDP_TX from RX ring @rx: the frame goes out of the same queue pair's XDP
 * TX ring; its tail is written once, at the end of the NAPI poll.
 */
static bool igx_xdp_tx(struct igx_ring *rx, struct xdp_buff *xdp)
{
	struct igx_ring *ring = &rx->q_vector->xdp_tx;
	struct xdp_frame *xdpf;
	bool ok;

	xdpf = xdp_convert_buff_to_frame(xdp);
	if (unlikely(!xdpf))
		return false;
	spin_lock(&ring->xdp_lock);
	ok = igx_xdp_ring_frame(ring, xdpf, false);
	spin_unlock(&ring->xdp_lock);
	return ok;
}

int igx_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		 u32 flags)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_ring *ring;
	unsigned int nq;
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	/* pairs with igx_xdp_txq_publish */
	nq = smp_load_acquire(&adapter->xdp_txq_count);
	if (unlikely(!nq))
		return -ENETDOWN;
	/* callers run with BH off: no migration between here and the lock */
	ring = &adapter->q_vector[smp_processor_id() % nq]->xdp_tx;

	spin_lock(&ring->xdp_lock);
	for (i = 0; i < n; i++)
		if (!igx_xdp_ring_frame(ring, frames[i], true))
			break;
	if (flags & XDP_XMIT_FLUSH)
		igx_xdp_ring_kick(ring);
	u64_stats_update_begin(&ring->syncp);
	ring->stats.tx.xdp_xmit += i;
	ring->stats.tx.xdp_xmit_errors += n - i;
	u64_stats_update_end(&ring->syncp);
	spin_unlock(&ring->xdp_lock);
	/* the caller frees (and traces) the frames not taken */
	return i;
}

/* ---- receive verdicts ---- */

/* Runs @prog on @xdp, a frame received on RX ring @ring, and counts the
 * verdict. REDIRECT is done here; a failed one comes back as XDP_DROP. The
 * caller sends XDP_TX (reporting through igx_xdp_tx_result), builds an skb
 * for XDP_PASS and frees the frame for XDP_DROP and XDP_ABORTED.
 */
u32 igx_xdp_verdict(struct igx_ring *ring, struct bpf_prog *prog,
		    struct xdp_buff *xdp, struct igx_xdp_poll *res)
{
	u32 act;

	/* cannot happen while setup and MTU checks hold; never hand a
	 * fragmented frame to a program that does not know about fragments
	 */
	if (unlikely(xdp_buff_has_frags(xdp) && !prog->aux->xdp_has_frags)) {
		act = XDP_ABORTED;
		goto aborted;
	}

	act = bpf_prog_run_xdp(prog, xdp);
	switch (act) {
	case XDP_PASS:
		res->pass++;
		return XDP_PASS;
	case XDP_TX:
		return XDP_TX;
	case XDP_REDIRECT:
		if (likely(!xdp_do_redirect(ring->netdev, xdp, prog))) {
			res->redirect++;
			res->redirected = true;
			return XDP_REDIRECT;
		}
		/* xdp_do_redirect traced the error */
		res->redirect_errors++;
		return XDP_DROP;
	default:
		bpf_warn_invalid_xdp_action(ring->netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
aborted:
		trace_xdp_exception(ring->netdev, prog, act);
		res->aborted++;
		return XDP_ABORTED;
	case XDP_DROP:
		res->drop++;
		return XDP_DROP;
	}
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

/* Runs @prog on ring->xdp, the frame just completed on RX ring @ring. */
enum igx_xdp_result igx_xdp_run(struct igx_ring *ring, struct bpf_prog *prog,
				struct igx_xdp_poll *res)
{
	struct xdp_buff *xdp = &ring->xdp.xdp;
	bool ok;

	switch (igx_xdp_verdict(ring, prog, xdp, res)) {
	case XDP_PASS:
		return IGX_XDP_RES_PASS;
	case XDP_REDIRECT:
		return IGX_XDP_RES_CONSUMED;
	case XDP_TX:
		ok = igx_xdp_tx(ring, xdp);
		igx_xdp_tx_result(ring, prog, ok, res);
		if (ok)
			return IGX_XDP_RES_CONSUMED;
		break;
	}
	/* straight back into the page_pool's cache of this NAPI */
	igx_rx_frame_free(ring, xdp, true);
	return IGX_XDP_RES_CONSUMED;
}

/* End of an RX poll that ran a program: one doorbell for the XDP_TX
 * frames, one flush for the redirected ones.
 */
void igx_xdp_poll_done(struct igx_ring *rx, struct igx_xdp_poll *res)
{
	struct igx_ring *ring = &rx->q_vector->xdp_tx;

	if (res->tx_queued) {
		spin_lock(&ring->xdp_lock);
		igx_xdp_ring_kick(ring);
		spin_unlock(&ring->xdp_lock);
	}
	if (res->redirected)
		xdp_do_flush();
}

/* ---- program setup ---- */

static int igx_xdp_setup(struct igx_adapter *adapter, struct bpf_prog *prog,
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

	/* The buffer layout (XDP headroom, bidirectional page_pool
	 * mappings) and the XDP TX rings do not depend on a program being
	 * attached: swapping the per-ring pointer is all there is, under
	 * traffic, without stopping a queue or touching the link.
	 */
	old = xchg(&adapter->xdp_prog, prog);
	if (!test_bit(IGX_STATE_DOWN, &adapter->state))
		for (i = 0; i < adapter->num_queues; i++)
			WRITE_ONCE(adapter->q_vector[i]->rx.xdp_prog, prog);
	/* a poll still running the old program holds off its release
	 * (RCU grace period in bpf_prog_put)
	 */
	if (old)
		bpf_prog_put(old);
	return 0;
}

int igx_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return igx_xdp_setup(adapter, bpf->prog, bpf->extack);
	case XDP_SETUP_XSK_POOL:
		return igx_xsk_pool_setup(adapter, bpf->xsk.pool,
					  bpf->xsk.queue_id);
	default:
		return -EINVAL;
	}
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
#ifdef IGX_HAVE_XSK_TX_METADATA
	netdev->xsk_tx_metadata_ops = &igx_xsk_tx_metadata_ops;
#endif
#ifdef IGX_HAVE_XSK_MULTI_BUFFER
	netdev->xdp_zc_max_segs = IGX_XSK_MAX_SEGS;
#endif
#ifdef IGX_HAVE_XDP_FEATURES
	xdp_set_features_flag(netdev, IGX_XDP_FEATURES);
#endif
}
