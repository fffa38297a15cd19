// SPDX-License-Identifier: GPL-2.0
/* igx zero-copy AF_XDP, datapath of a bound queue: the RX ring's buffers
 * are UMEM chunks (the hooks the one RX loop in igx_rx.c calls for them:
 * fill, take a written chunk, copy for the stack, release), zero-copy
 * XDP_TX, and transmit from the socket's TX ring. Both transmits go
 * through the XDP TX ring's API (igx_xdp_tx.c), under its rules.
 */

#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/xdp_sock_drv.h>
#include "igx.h"

/* The device's receive buffer size is in whole KiB. */
u32 igx_xsk_buf_len(struct xsk_buff_pool *pool)
{
	return ALIGN_DOWN(xsk_pool_get_rx_frame_size(pool), SZ_1K);
}

static bool igx_xsk_pool_sg(struct xsk_buff_pool *pool)
{
	return pool->umem->flags & XDP_UMEM_SG_FLAG;
}

/* ---- receive ---- */

/* Posts up to @n UMEM chunks; one tail write. */
void igx_xsk_fill(struct igx_ring *ring, u16 n)
{
	struct xsk_buff_pool *pool = ring->xsk_pool;
	u16 i = ring->next_to_use;
	u32 got = 0;

	while (n) {
		u32 want = min_t(u32, n, ring->count - i), k, nb;

		nb = xsk_buff_alloc_batch(pool, &ring->rx_xsk[i], want);
		for (k = 0; k < nb; k++) {
			union igx_rx_desc *desc = IGX_RX_DESC(ring, i + k);

			desc->read.pkt_addr =
				cpu_to_le64(xsk_buff_xdp_get_dma(ring->rx_xsk[i + k]));
			/* clears the DD bit of the previous write-back */
			desc->read.hdr_addr = 0;
		}
		got += nb;
		n -= nb;
		i += nb;
		if (i == ring->count)
			i = 0;
		if (nb < want)
			break;
	}

	if (got) {
		ring->next_to_use = i;
		igx_hw_write_tail(ring->tail, i);
		ring->xsk_fill_empty = false;
	} else if (n && ring->next_to_use == ring->next_to_clean &&
		   !ring->xsk_fill_empty) {
		/* nothing posted at all: the queue receives nothing until
		 * the application refills
		 */
		ring->xsk_fill_empty = true;
		u64_stats_update_begin(&ring->syncp);
		ring->stats.rx.xsk_fill_empty++;
		u64_stats_update_end(&ring->syncp);
	}
}

void igx_xsk_release_rx(struct igx_ring *ring)
{
	u16 i;

	if (ring->xsk_head) {
		xsk_buff_free(ring->xsk_head);
		ring->xsk_head = NULL;
	}
	for (i = ring->next_to_clean; i != ring->next_to_use;) {
		xsk_buff_free(ring->rx_xsk[i]);
		ring->rx_xsk[i] = NULL;
		if (++i == ring->count)
			i = 0;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	ring->xsk_fill_empty = false;
}

/* Adds @xdp, the next piece of the frame that @head starts. The device
 * buffer is the chunk's frame size rounded down to whole KiB, so a frame
 * that fits the chunk can still come in two pieces: the second is copied
 * behind the head, and the socket sees one descriptor, as it would from a
 * device with byte-granular buffers. A longer frame becomes fragments when
 * the pool was bound with XDP_USE_SG and is lost otherwise. False: the
 * frame is lost; @xdp is freed or owned by the frame in every case.
 */
static bool igx_xsk_add(struct xsk_buff_pool *pool, struct xdp_buff *head,
			struct xdp_buff *xdp)
{
	unsigned int size = xdp->data_end - xdp->data;

	if (!xdp_buff_has_frags(head) &&
	    head->data_end - head->data + size <=
	    xsk_pool_get_rx_frame_size(pool)) {
		memcpy(head->data_end, xdp->data, size);
		head->data_end += size;
		xsk_buff_free(xdp);
		return true;
	}
	if (!igx_xsk_pool_sg(pool) || !xsk_buff_add_frag(head, xdp)) {
		xsk_buff_free(xdp);
		return false;
	}
	return true;
}

/* @xdp, a frame's second or later chunk, joins @head's frame (the rest of
 * igx_xsk_rx_piece, igx.h). Returns the head.
 */
struct xdp_buff *igx_xsk_rx_join(struct igx_ring *ring, struct xdp_buff *head,
				 struct xdp_buff *xdp)
{
	if (!igx_xsk_add(ring->xsk_pool, head, xdp))
		ring->frame_bad = true;
	return head;
}

/* End of a zero-copy RX poll, after the refill: what NAPI is told. With
 * need_wakeup the application's poll() brings us back once it refilled;
 * without, keep polling until it does.
 */
int igx_xsk_rx_done(struct igx_ring *ring, int pkts, int budget)
{
	struct xsk_buff_pool *pool = ring->xsk_pool;
	bool short_of_buffers = ring->next_to_use == ring->next_to_clean;

	if (xsk_uses_need_wakeup(pool)) {
		if (short_of_buffers)
			xsk_set_rx_need_wakeup(pool);
		else
			xsk_clear_rx_need_wakeup(pool);
		return pkts;
	}
	return short_of_buffers ? budget : pkts;
}

/* XDP_PASS from a UMEM chunk: the chunk goes back to the socket, so the
 * stack gets a copy (the caller frees the chunk).
 */
struct sk_buff *igx_xsk_build_skb(struct igx_ring *ring, struct xdp_buff *xdp)
{
	unsigned int meta = 0, head = xdp->data_end - xdp->data;
	struct sk_buff *skb;
	u32 f;

	if (xdp->data_meta < xdp->data)
		meta = xdp->data - xdp->data_meta;
	skb = napi_alloc_skb(&ring->q_vector->napi,
			     meta + xdp_get_buff_len(xdp));
	if (unlikely(!skb))
		return NULL;
	skb_put_data(skb, xdp->data - meta, meta + head);
	if (meta) {
		__skb_pull(skb, meta);
		skb_metadata_set(skb, meta);
	}
	if (xdp_buff_has_frags(xdp)) {
		struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);

		for (f = 0; f < sinfo->nr_frags; f++)
			skb_put_data(skb, skb_frag_address(&sinfo->frags[f]),
				     skb_frag_size(&sinfo->frags[f]));
	}
	return skb;
}

/* ---- transmit ---- */

/* XDP_TX from a UMEM chunk, without a copy: each piece is a descriptor
 * and goes back to the pool when sent.
 */
bool igx_xsk_xdp_tx(struct igx_q_vector *qv, struct xdp_buff *head)
{
	struct igx_ring *ring = &qv->xdp_tx;
	struct xsk_buff_pool *pool = qv->rx.xsk_pool;
	u32 nr = 0, len = xdp_get_buff_len(head), f;
	struct igx_tx_buf *first;
	struct xdp_buff *xdp = head;
	u16 i;

	if (xdp_buff_has_frags(head))
		nr = xdp_get_shared_info_from_buff(head)->nr_frags;

	spin_lock(&ring->xdp_lock);
	if (!igx_xdp_tx_reserve(ring, nr + 2, true)) {
		spin_unlock(&ring->xdp_lock);
		return false;
	}
	i = ring->next_to_use;
	first = &ring->tx_buf[i];
	for (f = 0;; f++) {
		struct igx_tx_buf *buf = &ring->tx_buf[i];
		u32 size = xdp->data_end - xdp->data;
		dma_addr_t dma;

		/* the program may have moved the start of the data */
		dma = xsk_buff_xdp_get_dma(xdp) + (xdp->data - xdp->data_hard_start) -
		      XDP_PACKET_HEADROOM;
		xsk_buff_raw_dma_sync_for_device(pool, dma, size);
		buf->type = IGX_TX_BUF_XSK_BUFF;
		buf->xskb = xdp;
		dma_unmap_len_set(buf, len, 0);
		igx_xdp_tx_desc(ring, i, dma, size, len << IGX_TXD_PAYLEN_SHIFT,
				false);
		if (f == nr)
			break;
		if (++i == ring->count)
			i = 0;
		/* each piece leaves the pool's list of the frame in work */
		xdp = xsk_buff_get_frag(head);
	}
	/* the head alone is freed on completion: its pieces are on the ring */
	xdp_buff_clear_frags_flag(head);

	igx_xdp_tx_close(ring, first, i, len, 1);
	spin_unlock(&ring->xdp_lock);
	return true;
}

/* What one frame's AF_XDP TX metadata asked for. */
struct igx_xsk_tx_req {
	struct igx_adapter *adapter;
	struct xsk_tx_metadata *meta;
	bool tstamp;		/* the TX stamp is this frame's to take */
	bool csum;
	u16 csum_start;
	u16 csum_offset;
};

#ifdef IGX_HAVE_XSK_TX_METADATA
static void igx_xsk_request_timestamp(void *priv)
{
	struct igx_xsk_tx_req *req = priv;

	req->tstamp = igx_ptp_xsk_claim(req->adapter);
}

static void igx_xsk_request_checksum(u16 csum_start, u16 csum_offset,
				     void *priv)
{
	struct igx_xsk_tx_req *req = priv;

	req->csum = true;
	req->csum_start = csum_start;
	req->csum_offset = csum_offset;
}

static u64 igx_xsk_fill_timestamp(void *priv)
{
	return *(u64 *)priv;
}

/* The completion side (the stamp into the metadata) is the XDP TX ring's:
 * igx_xdp_tx.c, through netdev->xsk_tx_metadata_ops.
 */
const struct xsk_tx_metadata_ops igx_xsk_tx_metadata_ops = {
	.tmo_request_timestamp	= igx_xsk_request_timestamp,
	.tmo_fill_timestamp	= igx_xsk_fill_timestamp,
	.tmo_request_checksum	= igx_xsk_request_checksum,
};

/* The context descriptor for an L4 checksum the socket asked for, at
 * @i: TCP or UDP (told apart by where the checksum sits), over IPv4 or
 * IPv6 behind an optional 802.1Q tag. False: the device cannot do it
 * (the frame goes out as the socket wrote it).
 */
static bool igx_xsk_csum_ctx(struct igx_ring *ring, u16 i, const u8 *data,
			     u32 len, const struct igx_xsk_tx_req *req)
{
	struct igx_tx_ctx_desc *cd = (void *)IGX_TX_DESC(ring, i);
	u32 maclen = ETH_HLEN, tucmd = 0;
	__be16 proto;

	if (len < VLAN_ETH_HLEN)
		return false;
	proto = *(__be16 *)(data + 2 * ETH_ALEN);
	if (proto == htons(ETH_P_8021Q)) {
		maclen = VLAN_ETH_HLEN;
		proto = *(__be16 *)(data + ETH_HLEN + 2);
	}
	if (proto == htons(ETH_P_IP))
		tucmd |= IGX_TXC_TUCMD_IPV4;
	else if (proto != htons(ETH_P_IPV6))
		return false;
	if (req->csum_offset == offsetof(struct tcphdr, check))
		tucmd |= IGX_TXC_TUCMD_L4T_TCP;
	else if (req->csum_offset != offsetof(struct udphdr, check))
		return false;
	/* MACLEN is 7 bits, IPLEN 9 */
	if (req->csum_start <= maclen || req->csum_start - maclen > 511 ||
	    req->csum_start + req->csum_offset + 2 > len)
		return false;
	cd->vlan_macip_lens = cpu_to_le32(maclen << IGX_TXC_MACLEN_SHIFT |
					  (req->csum_start - maclen));
	cd->seqnum_seed = 0;
	cd->type_tucmd_mlhl = cpu_to_le32(tucmd | IGX_TXD_DTYP_CTXT |
					  IGX_TXD_CMD_DEXT);
	cd->mss_l4len_idx = 0;
	return true;
}

/* The requests in the metadata of the packet whose first descriptor is
 * @desc, at ring slot @i; returns the slot of its first data descriptor
 * (after a context descriptor for the checksum, if one was written).
 */
static u16 igx_xsk_tx_request(struct igx_ring *ring, u16 i,
			      const struct xdp_desc *desc,
			      struct igx_xsk_tx_req *req, u32 *olinfo)
{
	struct xsk_buff_pool *pool = ring->xsk_pool;

	req->meta = xsk_buff_get_metadata(pool, desc->addr, desc->options);
	xsk_tx_metadata_request(pool, &req->meta, &igx_xsk_tx_metadata_ops, req);
	if (req->csum &&
	    igx_xsk_csum_ctx(ring, i, xsk_buff_raw_get_data(pool, desc->addr),
			     desc->len, req)) {
		dma_unmap_len_set(&ring->tx_buf[i], len, 0);
		*olinfo |= IGX_TXD_POPTS_TXSM;
		if (++i == ring->count)
			i = 0;
	}
	return i;
}

/* The stamp request goes on the packet's first data descriptor, the
 * completion's place on the cleaner's slot @first.
 */
static void igx_xsk_tx_stamp(struct igx_ring *ring, struct igx_tx_buf *first,
			     u16 first_data, const struct igx_xsk_tx_req *req)
{
	first->xsk_compl.tx_timestamp = NULL;
	if (!req->tstamp)
		return;
	IGX_TX_DESC(ring, first_data)->read.cmd_type_len |=
		cpu_to_le32(IGX_TXD_MAC_TSTAMP);
	xsk_tx_metadata_to_compl(req->meta, &first->xsk_compl);
	first->tstamp = true;
}

static u32 igx_xsk_tx_meta_len(struct xsk_buff_pool *pool)
{
	return pool->tx_metadata_len;
}
#else
static u16 igx_xsk_tx_request(struct igx_ring *ring, u16 i,
			      const struct xdp_desc *desc,
			      struct igx_xsk_tx_req *req, u32 *olinfo)
{
	return i;
}

static void igx_xsk_tx_stamp(struct igx_ring *ring, struct igx_tx_buf *first,
			     u16 first_data, const struct igx_xsk_tx_req *req)
{
}

static u32 igx_xsk_tx_meta_len(struct xsk_buff_pool *pool)
{
	return 0;
}
#endif /* IGX_HAVE_XSK_TX_METADATA */

/* Sends up to @budget descriptors the socket queued: one tail write.
 * Without TX metadata the batch completes as one unit (one descriptor
 * written back, one completion for all of its frames, as i40e and ice do);
 * with it each frame is its own, for its stamp. True when the socket's TX
 * ring is drained.
 */
bool igx_xsk_xmit(struct igx_q_vector *qv, int budget)
{
	struct igx_ring *ring = &qv->xdp_tx;
	struct xsk_buff_pool *pool = ring->xsk_pool;
	struct xdp_desc *descs = pool->tx_descs;
	bool meta = igx_xsk_tx_meta_len(pool);
	u32 n, p, d, len, want, bytes = 0;
	struct igx_tx_buf *first;
	u16 i, last = 0, pkts = 0;

	spin_lock(&ring->xdp_lock);
	want = min_t(u32, budget, igx_desc_unused(ring));
	/* with TX metadata each packet may take a context descriptor too */
	if (meta)
		want /= 2;
	n = xsk_tx_peek_release_desc_batch(pool, want);
	i = ring->next_to_use;
	first = &ring->tx_buf[i];
	/* the batch holds whole packets only */
	for (p = 0; p < n; p = d) {
		struct igx_xsk_tx_req req;
		u32 olinfo, first_data;

		len = 0;
		for (d = p; !xsk_is_eop_desc(&descs[d]); d++)
			len += descs[d].len;
		len += descs[d].len;
		olinfo = len << IGX_TXD_PAYLEN_SHIFT;

		/* the first slot holds the frame for the cleaner, a context
		 * descriptor included
		 */
		if (meta) {
			first = &ring->tx_buf[i];
			first->tstamp = false;
			req = (struct igx_xsk_tx_req){ .adapter = qv->adapter };
			i = igx_xsk_tx_request(ring, i, &descs[p], &req, &olinfo);
		}
		first_data = i;

		for (d = p; ; d++) {
			dma_addr_t dma = xsk_buff_raw_get_dma(pool, descs[d].addr);
			struct igx_tx_buf *buf = &ring->tx_buf[i];
			bool eop = xsk_is_eop_desc(&descs[d]);

			xsk_buff_raw_dma_sync_for_device(pool, dma, descs[d].len);
			buf->type = IGX_TX_BUF_NONE;
			buf->tstamp = false;
			dma_unmap_len_set(buf, len, 0);
			igx_xdp_tx_desc(ring, i, dma, descs[d].len, olinfo, eop);
			last = i;
			if (++i == ring->count)
				i = 0;
			if (eop)
				break;
		}
		d++;
		bytes += len;
		pkts++;
		if (meta) {
			first->type = IGX_TX_BUF_XSK;
			first->xsk_descs = d - p;
			igx_xsk_tx_stamp(ring, first, first_data, &req);
			igx_xdp_tx_close(ring, first, last, len, 1);
		}
	}
	if (n) {
		if (!meta) {
			first->type = IGX_TX_BUF_XSK;
			first->xsk_descs = n;
			igx_xdp_tx_close(ring, first, last, bytes, pkts);
		}
		igx_xdp_tx_kick(ring);
	}
	spin_unlock(&ring->xdp_lock);

	/* Always asked for, as by i40e and ice: the poll that sees the ring
	 * empty cannot know what the application queues right after, and
	 * clearing it while the hardware ring was full lost wakeups here
	 * (xskxceiver HW_SW_MIN_RING_SIZE stalled in about one run of two).
	 * A kick during a poll costs only a missed-poll mark.
	 */
	if (xsk_uses_need_wakeup(pool))
		xsk_set_tx_need_wakeup(pool);
	return n < want;
}
