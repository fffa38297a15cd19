// SPDX-License-Identifier: GPL-2.0
/* igx XDP TX rings: hardware TX queue 8 + q of queue pair q, one API for
 * every frame that does not come from the stack. Its producers:
 *
 * - XDP_TX of a page_pool frame (igx_xdp_tx_buff, from igx_rx.c),
 * - ndo_xdp_xmit, frames redirected to igx (igx_xdp_xmit),
 * - zero-copy XDP_TX of a UMEM chunk and AF_XDP transmit from a socket's
 *   TX ring (igx_xsk.c),
 *
 * all through igx_xdp_tx_reserve / igx_xdp_tx_desc / igx_xdp_tx_close /
 * igx_xdp_tx_kick, and one completion (igx_xdp_tx_clean).
 *
 * Locking and context, the one place they are written:
 * - The ring's owner is queue pair q's NAPI poll, or a process context
 *   under rtnl that holds that NAPI disabled (open, close, reset, XSK pool
 *   change). Its producers are the owner (XDP_TX, zero-copy XDP_TX, XSK
 *   TX) and ndo_xdp_xmit from any CPU (ring = CPU mod count, seen only
 *   while adapter->xdp_txq_count says so: igx_xdp_tx_publish). All run
 *   with BH off; ring->xdp_lock (spin_lock, never _bh in the data path)
 *   serialises every producer and completion. netpoll (budget 0) never
 *   touches the ring: it could find the lock held on its own CPU.
 * - A producer holds xdp_lock from igx_xdp_tx_reserve to igx_xdp_tx_close
 *   (a batch may hold it across several frames) and writes the tail with
 *   igx_xdp_tx_kick before dropping it or leaves that to the owner's
 *   doorbell at the end of the poll (igx_xdp_tx_doorbell).
 * - A zero-copy pool's chunks and its completion ring: the completion
 *   ring's producer is this ring, under xdp_lock. The pool's free list has
 *   no lock and belongs to the owner: ndo_xdp_xmit reclaiming completed
 *   descriptors of a full ring puts the chunks among them in the ring's
 *   stash, which only the owner empties into the pool.
 * - Counters: written under xdp_lock, read through syncp; they count into
 *   the queue's txN_* (igx_stats.c).
 */

#include <linux/bpf_trace.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>
#include <net/xdp_sock_drv.h>
#include "igx.h"

/* Makes the XDP TX rings visible to ndo_xdp_xmit (after they are
 * configured) or hides them and waits until no ndo_xdp_xmit can still be
 * using them (before they are stopped and freed). Under rtnl.
 */
void igx_xdp_tx_publish(struct igx_adapter *adapter, bool up)
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

/* Owner only, xdp_lock held or the ring stopped. */
static void igx_xdp_tx_free_stash(struct igx_ring *ring)
{
	while (ring->xsk_stash_n) {
		WRITE_ONCE(ring->xsk_stash_n, ring->xsk_stash_n - 1);
		xsk_buff_free(ring->xsk_stash[ring->xsk_stash_n]);
	}
}

/* A zero-copy chunk whose frame was sent. Only the owner may give it back
 * to the pool (the rules above); another context puts it in
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

#ifdef IGX_HAVE_XSK_TX_METADATA
/* Completion of a socket frame that asked for a TX stamp (igx_xsk.c set
 * it up): the PHC time goes into its metadata before the completion ring
 * hands the frame back. The ops are the netdev's, so that this ring's
 * completion needs nothing from the XSK datapath above it.
 */
static void igx_xdp_tx_xsk_stamp(struct igx_ring *ring, struct igx_tx_buf *buf)
{
	u64 ns;

	buf->tstamp = false;
	if (igx_ptp_xsk_done(ring->q_vector->adapter, &ns))
		xsk_tx_metadata_complete(&buf->xsk_compl,
					 ring->netdev->xsk_tx_metadata_ops, &ns);
}
#else
static void igx_xdp_tx_xsk_stamp(struct igx_ring *ring, struct igx_tx_buf *buf)
{
	buf->tstamp = false;
}
#endif

/* what one reclaim of an XDP TX ring collects */
struct igx_xdp_tx_done {
	struct xdp_frame_bulk bq;
	unsigned int pkts, bytes, xsk_pkts, xsk_done;
	bool owner;
};

/* Another context than the owner stops in front of a frame whose chunks
 * the stash cannot take; the stash holds as many as the ring.
 */
static inline bool igx_xdp_tx_take(struct igx_ring *ring,
				   struct igx_tx_buf *buf, u16 i, u16 eop_idx,
				   void *arg)
{
	struct igx_xdp_tx_done *d = arg;

	return d->owner || buf->type != IGX_TX_BUF_XSK_BUFF ||
	       ring->xsk_stash_n + (eop_idx - i + ring->count) % ring->count <
	       ring->count;
}

static inline void igx_xdp_tx_done_head(struct igx_ring *ring,
					struct igx_tx_buf *buf, void *arg)
{
	struct igx_xdp_tx_done *d = arg;

	d->pkts += buf->segs;
	d->bytes += buf->bytes;
	if (buf->type == IGX_TX_BUF_XDP) {
		xdp_return_frame_bulk(buf->xdpf, &d->bq);
	} else if (buf->type == IGX_TX_BUF_XSK) {
		if (unlikely(buf->tstamp))
			igx_xdp_tx_xsk_stamp(ring, buf);
		d->xsk_done += buf->xsk_descs;
		d->xsk_pkts += buf->segs;
	} else {
		igx_xdp_chunk_done(ring, buf->xskb, d->owner);
	}
}

static inline void igx_xdp_tx_done_frag(struct igx_ring *ring,
					struct igx_tx_buf *buf, void *arg)
{
	struct igx_xdp_tx_done *d = arg;

	if (buf->type == IGX_TX_BUF_XSK_BUFF)
		igx_xdp_chunk_done(ring, buf->xskb, d->owner);
}

/* release: frames are freed, zero-copy chunks go back to their pool and
 * the socket's descriptors count as completed, sent or not
 */
static void igx_xdp_tx_put(struct igx_ring *ring, struct igx_tx_buf *buf,
			   void *arg)
{
	struct igx_xdp_tx_done *d = arg;

	if (buf->type == IGX_TX_BUF_XDP) {
		xdp_return_frame(buf->xdpf);
	} else if (buf->type == IGX_TX_BUF_XSK) {
		if (buf->tstamp)
			igx_xdp_tx_xsk_stamp(ring, buf);
		d->xsk_done += buf->xsk_descs;
	} else if (buf->type == IGX_TX_BUF_XSK_BUFF) {
		xsk_buff_free(buf->xskb);
	}
}

static const struct igx_tx_walk_ops igx_xdp_tx_walk = {
	.take = igx_xdp_tx_take,
	.head = igx_xdp_tx_done_head,
	.frag = igx_xdp_tx_done_frag,
	.put = igx_xdp_tx_put,
};

/* Reclaims completed descriptors; ring->xdp_lock held. @owner: the caller
 * is the queue pair's NAPI, or runs with it disabled.
 */
static bool igx_xdp_tx_reclaim(struct igx_ring *ring, unsigned int budget,
			       bool owner)
{
	struct igx_xdp_tx_done d = { .owner = owner };

	if (owner)
		igx_xdp_tx_free_stash(ring);
	xdp_frame_bulk_init(&d.bq);
	rcu_read_lock();	/* xdp_return_frame_bulk */
	budget = igx_tx_complete(ring, budget, &igx_xdp_tx_walk, &d);
	xdp_flush_frame_bulk(&d.bq);
	rcu_read_unlock();
	if (d.xsk_done)
		xsk_tx_completed(ring->xsk_pool, d.xsk_done);

	if (d.pkts) {
		u64_stats_update_begin(&ring->syncp);
		ring->stats.tx.packets += d.pkts;
		ring->stats.tx.bytes += d.bytes;
		ring->stats.tx.xsk_packets += d.xsk_pkts;
		u64_stats_update_end(&ring->syncp);
	}
	return budget != 0;
}

/* From the queue vector's NAPI poll: true when all completions are in. */
bool igx_xdp_tx_clean(struct igx_q_vector *qv)
{
	struct igx_ring *ring = &qv->xdp_tx;
	bool done;

	/* a stash filled since is seen at the latest by the next poll */
	if (READ_ONCE(ring->next_to_clean) == READ_ONCE(ring->next_to_use) &&
	    !READ_ONCE(ring->xsk_stash_n))
		return true;
	spin_lock(&ring->xdp_lock);
	done = igx_xdp_tx_reclaim(ring, IGX_TX_CLEAN_BUDGET, true);
	spin_unlock(&ring->xdp_lock);
	return done;
}

/* Makes room for @need descriptors (plus the one that keeps the ring from
 * looking empty): pushes what is pending and reclaims what completed.
 * @owner as for igx_xdp_tx_reclaim. xdp_lock held.
 */
bool igx_xdp_tx_reserve(struct igx_ring *ring, unsigned int need, bool owner)
{
	if (likely(igx_desc_unused(ring) >= need))
		return true;
	igx_xdp_tx_kick(ring);
	igx_xdp_tx_reclaim(ring, ring->count, owner);
	if (igx_desc_unused(ring) >= need)
		return true;
	/* chunks that only the owner may free hold the ring: have the owner
	 * run now rather than at its next interrupt
	 */
	if (!owner)
		napi_schedule(&ring->q_vector->napi);
	return false;
}

/* Queues one frame (head plus fragments) on an XDP TX ring; xdp_lock held.
 * @map: the frame came through ndo_xdp_xmit, from any CPU, and needs DMA
 * mappings; else it is XDP_TX from the queue pair's own NAPI (the ring's
 * owner) and sits in this queue's page_pool pages, mapped both ways.
 */
static bool igx_xdp_tx_frame(struct igx_ring *ring, struct xdp_frame *xdpf,
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
	if (!igx_xdp_tx_reserve(ring, nr_frags + 2, !map))
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
		igx_xdp_tx_desc(ring, i, dma, len, olinfo, false);
		if (f == nr_frags)
			break;
		if (++i == ring->count)
			i = 0;
		data = skb_frag_address(&sinfo->frags[f]);
		len = skb_frag_size(&sinfo->frags[f]);
	}

	first->type = IGX_TX_BUF_XDP;
	first->xdpf = xdpf;
	igx_xdp_tx_close(ring, first, i, xdp_get_frame_len(xdpf), 1);
	return true;

unmap:
	for (;;) {
		buf = &ring->tx_buf[i];
		igx_tx_buf_unmap(ring, buf, i == start);
		if (i == start)
			break;
		if (i-- == 0)
			i = ring->count - 1;
	}
	return false;
}

/* XDP_TX of a page_pool frame received on RX ring @rx: out of the same
 * queue pair's XDP TX ring (its owner); the tail is written once, at the
 * end of the NAPI poll (igx_xdp_tx_doorbell).
 */
bool igx_xdp_tx_buff(struct igx_ring *rx, struct xdp_buff *xdp)
{
	struct igx_ring *ring = &rx->q_vector->xdp_tx;
	struct xdp_frame *xdpf;
	bool ok;

	xdpf = xdp_convert_buff_to_frame(xdp);
	if (unlikely(!xdpf))
		return false;
	spin_lock(&ring->xdp_lock);
	ok = igx_xdp_tx_frame(ring, xdpf, false);
	spin_unlock(&ring->xdp_lock);
	return ok;
}

/* End of an RX poll that sent XDP_TX frames: one doorbell for all of them. */
void igx_xdp_tx_doorbell(struct igx_ring *ring)
{
	spin_lock(&ring->xdp_lock);
	igx_xdp_tx_kick(ring);
	spin_unlock(&ring->xdp_lock);
}

/* ndo_xdp_xmit: frames redirected to igx, from any CPU. */
int igx_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		 u32 flags)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_ring *ring;
	unsigned int nq;
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	/* pairs with igx_xdp_tx_publish */
	nq = smp_load_acquire(&adapter->xdp_txq_count);
	if (unlikely(!nq))
		return -ENETDOWN;
	/* callers run with BH off: no migration between here and the lock */
	ring = &adapter->q_vector[smp_processor_id() % nq]->xdp_tx;

	spin_lock(&ring->xdp_lock);
	for (i = 0; i < n; i++)
		if (!igx_xdp_tx_frame(ring, frames[i], true))
			break;
	if (flags & XDP_XMIT_FLUSH)
		igx_xdp_tx_kick(ring);
	u64_stats_update_begin(&ring->syncp);
	ring->stats.tx.xdp_xmit += i;
	ring->stats.tx.xdp_xmit_errors += n - i;
	u64_stats_update_end(&ring->syncp);
	spin_unlock(&ring->xdp_lock);
	/* the caller frees (and traces) the frames not taken */
	return i;
}

/* Drops whatever the ring still holds (the hardware queue is stopped, or
 * has completed everything), as igx_xdp_tx_put says. Owner only.
 */
void igx_xdp_tx_release(struct igx_ring *ring)
{
	struct igx_xdp_tx_done d = { .owner = true };

	if (!ring->tx_buf)
		return;
	igx_xdp_tx_free_stash(ring);
	igx_tx_release_walk(ring, &igx_xdp_tx_walk, &d);
	if (d.xsk_done)
		xsk_tx_completed(ring->xsk_pool, d.xsk_done);
}

/* Moves the queue pair's XDP TX ring to or from a zero-copy pool, with the
 * pair's NAPI disabled (this context is the owner): every descriptor of
 * the old pool is completed first (under QEMU at once, as it sends
 * inside the tail write: emulation differences, igx_hw.c; a queue that did
 * not finish is reset), so that
 * completions always reach the pool they came from.
 */
void igx_xdp_tx_set_pool(struct igx_adapter *adapter, struct igx_ring *ring,
			 struct xsk_buff_pool *pool)
{
	struct igx_hw *hw = &adapter->hw;

	spin_lock_bh(&ring->xdp_lock);
	igx_xdp_tx_kick(ring);
	igx_xdp_tx_reclaim(ring, ring->count, true);
	if (ring->next_to_clean != ring->next_to_use) {
		igx_hw_txq_disable(hw, ring->reg_idx);
		igx_xdp_tx_release(ring);
		igx_hw_txq_configure(hw, ring->reg_idx, ring->dma, ring->count);
	}
	ring->xsk_pool = pool;
	spin_unlock_bh(&ring->xdp_lock);
}
