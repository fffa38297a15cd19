// SPDX-License-Identifier: GPL-2.0
/* igx zero-copy AF_XDP: per-queue pool setup, receive into the socket's
 * UMEM, transmit from its TX ring, wakeup.
 *
 * A zero-copy pool on queue q takes over q's RX ring (UMEM chunks instead
 * of page_pool pages) and shares q's XDP TX ring, where the socket's
 * frames go out next to XDP_TX and ndo_xdp_xmit (the rules for both
 * rings and the pool are at struct igx_ring in igx.h); the stack's TX
 * ring is never involved. Attaching or detaching a pool restarts q alone:
 * other queues and the link are untouched.
 */

#include <linux/bpf_trace.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/xdp_sock_drv.h>
#include "igx.h"

#define IGX_XSK_DMA_ATTR	(DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_WEAK_ORDERING)

/* The pool of queue @q if it is a zero-copy one: copy-mode sockets
 * register theirs at the queue too, and those never reach the rings.
 */
struct xsk_buff_pool *igx_xsk_pool(struct igx_adapter *adapter, u16 q)
{
	if (!test_bit(q, &adapter->xsk_zc))
		return NULL;
	return xsk_get_pool_from_qid(adapter->netdev, q);
}

/* The device's receive buffer size is in whole KiB. */
u32 igx_xsk_buf_len(struct xsk_buff_pool *pool)
{
	return ALIGN_DOWN(xsk_pool_get_rx_frame_size(pool), SZ_1K);
}

static bool igx_xsk_pool_sg(struct xsk_buff_pool *pool)
{
	return pool->umem->flags & XDP_UMEM_SG_FLAG;
}

/* Restarts queue pair @q with @pool (NULL: back to page_pool). Nothing
 * here can fail: both memory models are registered with the ring.
 */
static void igx_xsk_qp_restart(struct igx_adapter *adapter, u16 q,
			       struct xsk_buff_pool *pool)
{
	struct igx_q_vector *qv = adapter->q_vector[q];

	napi_disable(&qv->napi);
	/* The XDP TX ring first: once it has given the old pool its chunks
	 * back and dropped it, no other CPU reaches that pool, and the RX
	 * ring can release its own.
	 */
	igx_xdp_ring_set_pool(adapter, &qv->xdp_tx, pool);
	igx_ring_rx_stop(&qv->rx);
	/* igx_xsk_wakeup reads it without rtnl */
	WRITE_ONCE(qv->rx.xsk_pool, pool);
	igx_ring_rx_start(&qv->rx);
	napi_enable(&qv->napi);
	/* the vector may have been masked by an interrupt that found NAPI
	 * disabled: a poll unmasks it when it completes
	 */
	local_bh_disable();
	napi_schedule(&qv->napi);
	local_bh_enable();
}

static bool igx_xsk_qp_live(struct igx_adapter *adapter, u16 q)
{
	return !test_bit(IGX_STATE_DOWN, &adapter->state) &&
	       q < adapter->num_queues;
}

/* XDP_SETUP_XSK_POOL has no extack: the reason for a refusal is logged. */
static int igx_xsk_enable(struct igx_adapter *adapter,
			  struct xsk_buff_pool *pool, u16 q)
{
	struct net_device *netdev = adapter->netdev;
	int err;

	if (q >= adapter->req_queues) {
		netdev_err(netdev, "AF_XDP: no queue %u (%u channels)\n", q,
			   adapter->req_queues);
		return -EINVAL;
	}
	if (test_bit(q, &adapter->xsk_zc))
		return -EBUSY;

	err = xsk_pool_dma_map(pool, &adapter->pdev->dev, IGX_XSK_DMA_ATTR);
	if (err) {
		netdev_err(netdev, "AF_XDP: queue %u: cannot map the UMEM: %d\n",
			   q, err);
		return err;
	}
	if (igx_xsk_buf_len(pool) < SZ_1K) {
		netdev_err(netdev,
			   "AF_XDP: queue %u: chunk %u leaves %u bytes after headroom; the device needs a 1024-byte buffer\n",
			   q, xsk_pool_get_chunk_size(pool),
			   xsk_pool_get_rx_frame_size(pool));
		xsk_pool_dma_unmap(pool, IGX_XSK_DMA_ATTR);
		return -EINVAL;
	}

	set_bit(q, &adapter->xsk_zc);
	if (igx_xsk_qp_live(adapter, q))
		igx_xsk_qp_restart(adapter, q, pool);
	return 0;
}

static int igx_xsk_disable(struct igx_adapter *adapter, u16 q)
{
	struct xsk_buff_pool *pool = igx_xsk_pool(adapter, q);

	if (!pool)
		return -EINVAL;
	if (igx_xsk_qp_live(adapter, q))
		igx_xsk_qp_restart(adapter, q, NULL);
	clear_bit(q, &adapter->xsk_zc);
	xsk_pool_dma_unmap(pool, IGX_XSK_DMA_ATTR);
	return 0;
}

int igx_xsk_pool_setup(struct igx_adapter *adapter,
		       struct xsk_buff_pool *pool, u16 q)
{
	if (q >= IGX_MAX_QUEUES)
		return -EINVAL;
	return pool ? igx_xsk_enable(adapter, pool, q) :
		      igx_xsk_disable(adapter, q);
}

/* ndo_xsk_wakeup: poll the queue pair soon. A poll already running (or
 * busy polling) is told to go round once more instead of raising an
 * interrupt on top of it.
 */
int igx_xsk_wakeup(struct net_device *netdev, u32 q, u32 flags)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_q_vector *qv;

	if (test_bit(IGX_STATE_DOWN, &adapter->state))
		return -ENETDOWN;
	if (q >= adapter->num_queues)
		return -EINVAL;
	qv = adapter->q_vector[q];
	if (!READ_ONCE(qv->rx.xsk_pool))
		return -EINVAL;
	if (!napi_if_scheduled_mark_missed(&qv->napi))
		igx_irq_vector_kick(qv);
	return 0;
}

/* ---- receive ---- */

/* Posts up to @n UMEM chunks; one tail write. */
void igx_xsk_alloc_rx(struct igx_ring *ring, u16 n)
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

/* XDP_PASS from a UMEM chunk: the chunk goes back to the socket, so the
 * stack gets a copy.
 */
static struct sk_buff *igx_xsk_build_skb(struct igx_ring *ring,
					 struct xdp_buff *xdp)
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

/* XDP_TX from a UMEM chunk, without a copy: each piece is a descriptor
 * and goes back to the pool when sent.
 */
static bool igx_xsk_xdp_tx(struct igx_q_vector *qv, struct xdp_buff *head)
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
	if (!igx_xdp_ring_room(ring, nr + 2, true)) {
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
		igx_xdp_desc(ring, i, dma, size, len << IGX_TXD_PAYLEN_SHIFT);
		if (f == nr)
			break;
		if (++i == ring->count)
			i = 0;
		/* each piece leaves the pool's list of the frame in work */
		xdp = xsk_buff_get_frag(head);
	}
	/* the head alone is freed on completion: its pieces are on the ring */
	xdp_buff_clear_frags_flag(head);

	igx_xdp_ring_close(ring, first, i, len, 1);
	ring->next_to_use = i + 1 == ring->count ? 0 : i + 1;
	spin_unlock(&ring->xdp_lock);
	return true;
}

/* Hands a complete frame to the program (or, without one, to the stack). */
static void igx_xsk_frame(struct igx_q_vector *qv, struct bpf_prog *prog,
			  struct xdp_buff *xdp, const union igx_rx_desc *desc,
			  u32 staterr, struct igx_xdp_poll *res,
			  u64 *csum_err, u64 *drops)
{
	struct igx_ring *ring = &qv->rx;
	struct sk_buff *skb;
	u32 act = XDP_PASS;
	bool ok;

	if (prog) {
#ifdef IGX_HAVE_XDP_METADATA
		/* in the chunk's driver area, which older kernels lack */
		((struct igx_xdp_buff *)xdp)->eop_desc = desc;
#endif
		act = igx_xdp_verdict(ring, prog, xdp, res);
	}
	switch (act) {
	case XDP_REDIRECT:
		return;
	case XDP_TX:
		ok = igx_xsk_xdp_tx(qv, xdp);
		igx_xdp_tx_result(ring, prog, ok, res);
		if (ok)
			return;
		break;
	case XDP_PASS:
		skb = igx_xsk_build_skb(ring, xdp);
		if (likely(skb))
			igx_rx_skb_finish(ring, desc, staterr,
					  ((struct igx_xdp_buff *)xdp)->rx_ts,
					  skb, csum_err);
		else
			(*drops)++;
		break;
	}
	xsk_buff_free(xdp);
}

int igx_xsk_clean_rx(struct igx_q_vector *qv, int budget)
{
	struct igx_ring *ring = &qv->rx;
	struct xsk_buff_pool *pool = ring->xsk_pool;
	unsigned int pkts = 0, bytes = 0;
	struct igx_xdp_poll xres = {};
	u64 csum_err = 0, drops = 0;
	u16 i = ring->next_to_clean;
	struct bpf_prog *prog;
	bool short_of_buffers;

#ifdef IGX_HAVE_XDP_METADATA
	/* the layout the metadata kfuncs read, in the chunk's driver area */
	XSK_CHECK_PRIV_TYPE(struct igx_xdp_buff);
#endif
	prog = READ_ONCE(ring->xdp_prog);

	while (pkts < budget) {
		union igx_rx_desc *desc = IGX_RX_DESC(ring, i);
		struct xdp_buff *xdp, *head;
		u32 staterr;

		staterr = igx_rx_desc_done(ring, i);
		if (!staterr)
			break;

		xdp = ring->rx_xsk[i];
		ring->rx_xsk[i] = NULL;
		xsk_buff_set_size(xdp, le16_to_cpu(desc->wb.length));
		xsk_buff_dma_sync_for_cpu(xdp);
		if (++i == ring->count)
			i = 0;

		head = ring->xsk_head;
		if (!head) {
			ring->xsk_head = xdp;
			ring->frame_bad = false;
			head = xdp;
		} else if (!igx_xsk_add(pool, head, xdp)) {
			ring->frame_bad = true;
		}
		if (!(staterr & IGX_RXD_STAT_EOP))
			continue;

		ring->xsk_head = NULL;
		pkts++;
		/* read whatever becomes of the frame: re-arms the latch */
		if (unlikely(staterr & IGX_RXD_STAT_TS))
			((struct igx_xdp_buff *)head)->rx_ts =
				igx_ptp_rx_stamp(qv->adapter);
		if (unlikely(ring->frame_bad || (staterr & IGX_RXD_ERR_RXE))) {
			xsk_buff_free(head);
			drops++;
			continue;
		}
		bytes += xdp_get_buff_len(head);
		igx_xsk_frame(qv, prog, head, desc, staterr, &xres, &csum_err,
			      &drops);
	}

	ring->next_to_clean = i;
	igx_xsk_alloc_rx(ring, igx_desc_unused(ring));
	short_of_buffers = ring->next_to_use == ring->next_to_clean;
	igx_xdp_poll_done(ring, &xres);

	igx_rx_poll_count(ring, pkts, bytes, csum_err, drops, &xres, pkts);

	/* with need_wakeup the application's poll() brings us back once it
	 * refilled; without, keep polling until it does
	 */
	if (xsk_uses_need_wakeup(pool)) {
		if (short_of_buffers)
			xsk_set_rx_need_wakeup(pool);
		else
			xsk_clear_rx_need_wakeup(pool);
		return pkts;
	}
	return short_of_buffers ? budget : pkts;
}

/* ---- transmit ---- */

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

const struct xsk_tx_metadata_ops igx_xsk_tx_metadata_ops = {
	.tmo_request_timestamp	= igx_xsk_request_timestamp,
	.tmo_fill_timestamp	= igx_xsk_fill_timestamp,
	.tmo_request_checksum	= igx_xsk_request_checksum,
};

/* Completion of a socket frame that asked for a TX stamp: the PHC time
 * goes into its metadata before the completion ring hands it back.
 */
void igx_xsk_tx_complete(struct igx_ring *ring, struct igx_tx_buf *buf)
{
	u64 ns;

	buf->tstamp = false;
	if (igx_ptp_xsk_done(ring->q_vector->adapter, &ns))
		xsk_tx_metadata_complete(&buf->xsk_compl,
					 &igx_xsk_tx_metadata_ops, &ns);
}

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
void igx_xsk_tx_complete(struct igx_ring *ring, struct igx_tx_buf *buf)
{
	buf->tstamp = false;
}

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
 * True when the socket's TX ring is drained.
 */
bool igx_xsk_xmit(struct igx_q_vector *qv, int budget)
{
	struct igx_ring *ring = &qv->xdp_tx;
	struct xsk_buff_pool *pool = ring->xsk_pool;
	struct xdp_desc *descs = pool->tx_descs;
	u32 n, p, d, len, want;
	u16 i;

	spin_lock(&ring->xdp_lock);
	want = min_t(u32, budget, igx_desc_unused(ring));
	/* with TX metadata each packet may take a context descriptor too */
	if (igx_xsk_tx_meta_len(pool))
		want /= 2;
	n = xsk_tx_peek_release_desc_batch(pool, want);
	i = ring->next_to_use;
	/* the batch holds whole packets only */
	for (p = 0; p < n; p = d) {
		struct igx_xsk_tx_req req = {
			.adapter = qv->adapter,
		};
		struct igx_tx_buf *first;
		u32 olinfo, first_data;
		u16 last;

		len = 0;
		for (d = p; !xsk_is_eop_desc(&descs[d]); d++)
			len += descs[d].len;
		len += descs[d].len;
		olinfo = len << IGX_TXD_PAYLEN_SHIFT;

		/* the first slot holds the frame for the cleaner, a context
		 * descriptor included
		 */
		first = &ring->tx_buf[i];
		first->tstamp = false;
		i = igx_xsk_tx_request(ring, i, &descs[p], &req, &olinfo);
		first_data = i;
		last = i;

		for (d = p; ; d++) {
			dma_addr_t dma = xsk_buff_raw_get_dma(pool, descs[d].addr);
			struct igx_tx_buf *buf = &ring->tx_buf[i];

			xsk_buff_raw_dma_sync_for_device(pool, dma, descs[d].len);
			buf->type = IGX_TX_BUF_NONE;
			buf->tstamp = false;
			dma_unmap_len_set(buf, len, 0);
			igx_xdp_desc(ring, i, dma, descs[d].len, olinfo);
			last = i;
			if (++i == ring->count)
				i = 0;
			if (xsk_is_eop_desc(&descs[d]))
				break;
		}
		d++;
		first->type = IGX_TX_BUF_XSK;
		igx_xsk_tx_stamp(ring, first, first_data, &req);
		igx_xdp_ring_close(ring, first, last, len, d - p);
	}
	if (n) {
		ring->next_to_use = i;
		igx_xdp_ring_kick(ring);
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
