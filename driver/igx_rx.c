// SPDX-License-Identifier: GPL-2.0
/* igx receive: one loop for both kinds of RX buffer, top-down from the
 * NAPI poll (igx_rx_clean):
 *
 *   igx_rx_clean -> igx_rx_poll(zc) for each written descriptor:
 *     take the buffer (igx_rx_piece: page_pool page; igx_xsk_rx_piece:
 *     UMEM chunk) into the frame being assembled; at EOP igx_rx_frame:
 *     timestamp, errors, the XDP verdict (igx_xdp.c), XDP_TX out of the
 *     XDP TX ring (igx_xdp_tx.c; zero-copy: igx_xsk.c), else an skb
 *     (built on the page, or a copy of the chunk) up through GRO;
 *   then refill, one XDP TX doorbell and redirect flush, counters once.
 *
 * The buffer kind is a constant in each of the three instances of the loop
 * (igx_rx_poll is always inlined: UMEM chunks, pages for a program,
 * fragments for the stack), so none pays for another's hooks.
 */

#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <net/page_pool/helpers.h>
#include <net/xdp_sock_drv.h>
#include "igx.h"

/* What one RX poll counts, added to the ring counters once at its end. */
struct igx_rx_poll {
	u32 pkts, bytes;
	u64 csum_err, drops;
	struct igx_xdp_poll xdp;
};

/* ---- page_pool buffers ---- */

static void igx_rx_frame_free(struct igx_ring *ring, struct xdp_buff *xdp,
			      bool napi)
{
	if (xdp_buff_has_frags(xdp)) {
		struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
		int i;

		for (i = 0; i < sinfo->nr_frags; i++)
			page_pool_put_full_page(ring->pp,
						skb_frag_page(&sinfo->frags[i]),
						napi);
	}
	page_pool_put_full_page(ring->pp, virt_to_page(xdp->data_hard_start),
				napi);
}

/* A fragment (IGX_RX_FRAG_SIZE) for an RX slot, at *@offset in the page
 * returned; NULL when the page_pool has nothing. The ring cuts its pages
 * itself, the next fragment at ring->frag_offset of ring->frag_page, and
 * sets a page's pp_ref_count once, to its number of fragments: what
 * page_pool_dev_alloc_frag does, in a fraction of its instructions per
 * fragment (issue 20, make bench's profile). Owner only (igx.h).
 */
static struct page *igx_rx_alloc_frag(struct igx_ring *ring,
				      unsigned int *offset)
{
	struct page *page = ring->frag_page;

	if (!page) {
		page = igx_pp_alloc_page(ring->pp);
		if (unlikely(!page))
			return NULL;
		page_pool_fragment_page(page, IGX_RX_FRAGS_PER_PAGE);
		ring->frag_offset = 0;
	}
	*offset = ring->frag_offset;
	ring->frag_offset += IGX_RX_FRAG_SIZE;
	ring->frag_page = ring->frag_offset < PAGE_SIZE ? page : NULL;
	return page;
}

/* Posts up to @n buffers of one kind (@frags: page_pool fragments, else
 * whole pages); one tail write for the batch. A constant in each caller's
 * instance, so each loop stays as short as its kind allows.
 */
static __always_inline void igx_rx_fill_kind(struct igx_ring *ring, u16 n,
					     const bool frags)
{
	u16 i = ring->next_to_use;
	u64 fails = 0;

	BUILD_BUG_ON(IGX_MAX_FRAME(ETH_DATA_LEN) > IGX_RX_FRAG_ROOM);
	while (n--) {
		union igx_rx_desc *desc = IGX_RX_DESC(ring, i);
		struct igx_rx_buf *buf = &ring->rx_buf[i];
		unsigned int offset = 0;
		struct page *page;
		dma_addr_t dma;

		if (frags)
			page = igx_rx_alloc_frag(ring, &offset);
		else
			page = igx_pp_alloc_page(ring->pp);
		if (unlikely(!page)) {
			fails++;
			break;
		}
		buf->page = page;
		buf->offset = offset;
		buf->truesize = frags ? IGX_RX_FRAG_SIZE : PAGE_SIZE;
		dma = page_pool_get_dma_addr(page) + offset;
		desc->read.pkt_addr = cpu_to_le64(dma + (frags ?
							 IGX_RX_FRAG_HEADROOM :
							 IGX_RX_HEADROOM));
		/* clears the DD bit of the previous write-back */
		desc->read.hdr_addr = 0;
		if (++i == ring->count)
			i = 0;
	}

	if (i != ring->next_to_use) {
		ring->next_to_use = i;
		/* writel orders the descriptor writes before the doorbell */
		igx_hw_write_tail(ring->tail, i);
	}
	if (fails) {
		u64_stats_update_begin(&ring->syncp);
		ring->stats.rx.alloc_fail += fails;
		u64_stats_update_end(&ring->syncp);
	}
}

/* Posts up to @n buffers of the kind the ring refills with now. Read once
 * a batch: an XDP attach or detach may change it under NAPI, and either
 * kind of buffer is right for the other until the RX queue restarts
 * (igx_rx_piece).
 */
static void igx_rx_fill_pages(struct igx_ring *ring, u16 n)
{
	if (READ_ONCE(ring->rx_frags))
		igx_rx_fill_kind(ring, n, true);
	else
		igx_rx_fill_kind(ring, n, false);
}

/* Takes every buffer back from a stopped RX ring. */
void igx_rx_release(struct igx_ring *ring)
{
	u16 i;

	if (!ring->rx_buf)
		return;
	/* the fragments of the page being cut that no slot took */
	if (ring->frag_page) {
		for (; ring->frag_offset < PAGE_SIZE;
		     ring->frag_offset += IGX_RX_FRAG_SIZE)
			page_pool_put_full_page(ring->pp, ring->frag_page,
						false);
		ring->frag_page = NULL;
	}
	if (ring->xsk_pool) {
		igx_xsk_release_rx(ring);
		return;
	}
	if (ring->frame_open) {
		igx_rx_frame_free(ring, &ring->xdp.xdp, false);
		ring->frame_open = false;
	}
	for (i = 0; i < ring->count; i++) {
		struct igx_rx_buf *buf = &ring->rx_buf[i];

		if (buf->page) {
			page_pool_put_full_page(ring->pp, buf->page, false);
			buf->page = NULL;
		}
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
}

static bool igx_rx_add_frag(struct igx_ring *ring, struct page *page,
			    unsigned int offset, unsigned int size)
{
	struct xdp_buff *xdp = &ring->xdp.xdp;
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);

	if (!xdp_buff_has_frags(xdp)) {
		sinfo->nr_frags = 0;
		sinfo->xdp_frags_size = 0;
		xdp_buff_set_frags_flag(xdp);
	}
	if (sinfo->nr_frags == MAX_SKB_FRAGS)
		return false;
	skb_frag_fill_page_desc(&sinfo->frags[sinfo->nr_frags++], page,
				offset, size);
	sinfo->xdp_frags_size += size;
	if (page_is_pfmemalloc(page))
		xdp_buff_set_frag_pfmemalloc(xdp);
	return true;
}

/* inlined: its two callers are the loop's two page_pool instances */
static __always_inline struct sk_buff *
igx_rx_build_skb(struct igx_ring *ring, struct xdp_buff *xdp)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	unsigned int meta = xdp->data - xdp->data_meta;
	unsigned int nr_frags = 0, frags_size = 0;
	struct sk_buff *skb;

	/* build_skb clears nr_frags: read the fragment list first */
	if (xdp_buff_has_frags(xdp)) {
		nr_frags = sinfo->nr_frags;
		frags_size = sinfo->xdp_frags_size;
	}

	skb = napi_build_skb(xdp->data_hard_start, xdp->frame_sz);
	if (unlikely(!skb))
		return NULL;
	skb_reserve(skb, xdp->data - xdp->data_hard_start);
	__skb_put(skb, xdp->data_end - xdp->data);
	if (xdp->data_meta <= xdp->data && meta)
		skb_metadata_set(skb, meta);
	skb_mark_for_recycle(skb);
	if (nr_frags)
		xdp_update_skb_frags_info(skb, nr_frags, frags_size,
					  nr_frags * PAGE_SIZE,
					  xdp_buff_get_skb_flags(xdp));
	return skb;
}

/* ---- the frame ---- */

static void igx_rx_checksum(struct igx_ring *ring, u32 staterr,
			    struct sk_buff *skb, u64 *csum_err)
{
	if (!(ring->netdev->features & NETIF_F_RXCSUM))
		return;
	if (!(staterr & (IGX_RXD_STAT_L4CS | IGX_RXD_STAT_UDPCS)))
		return;
	if (staterr & (IGX_RXD_ERR_TCPE | IGX_RXD_ERR_IPE)) {
		(*csum_err)++;
		return;
	}
	skb->ip_summed = CHECKSUM_UNNECESSARY;
}

static void igx_rx_hash(struct igx_ring *ring, const union igx_rx_desc *desc,
			struct sk_buff *skb)
{
	u32 type = le32_to_cpu(desc->wb.info) & IGX_RXD_RSS_TYPE_MASK;
	enum pkt_hash_types ht;

	if (!(ring->netdev->features & NETIF_F_RXHASH) || !type)
		return;
	switch (type) {
	case IGX_RSS_TCP4:
	case IGX_RSS_TCP6:
	case IGX_RSS_TCP6EX:
	case IGX_RSS_UDP4:
	case IGX_RSS_UDP6:
	case IGX_RSS_UDP6EX:
		ht = PKT_HASH_TYPE_L4;
		break;
	default:
		ht = PKT_HASH_TYPE_L3;
		break;
	}
	skb_set_hash(skb, le32_to_cpu(desc->wb.rss), ht);
}

/* The write-back status of RX slot @i once the device is done with it,
 * else 0. A slot not refilled (page_pool or fill ring ran dry) still shows
 * the DD bit of its last write-back: slots from next_to_use on are never
 * done.
 */
static u32 igx_rx_desc_done(struct igx_ring *ring, u16 i)
{
	u32 staterr;

	if (i == ring->next_to_use)
		return 0;
	staterr = le32_to_cpu(IGX_RX_DESC(ring, i)->wb.status_error);
	if (!(staterr & IGX_RXD_STAT_DD))
		return 0;
	/* the rest of the write-back is valid only after DD */
	dma_rmb();
	return staterr;
}

/* One RX poll's counts into the ring counters, in one update. */
static void igx_rx_poll_count(struct igx_ring *ring,
			      const struct igx_rx_poll *p, u32 xsk_pkts)
{
	struct igx_rx_queue_stats *st = &ring->stats.rx;
	const struct igx_xdp_poll *x = &p->xdp;

	u64_stats_update_begin(&ring->syncp);
	st->packets += p->pkts;
	st->bytes += p->bytes;
	st->csum_err += p->csum_err;
	st->drops += p->drops;
	st->xsk_packets += xsk_pkts;
	st->xdp_pass += x->pass;
	st->xdp_drop += x->drop;
	st->xdp_tx += x->tx;
	st->xdp_redirect += x->redirect;
	st->xdp_aborted += x->aborted;
	st->xdp_tx_errors += x->tx_errors;
	st->xdp_redirect_errors += x->redirect_errors;
	u64_stats_update_end(&ring->syncp);
}

/* Offload results from the write-back, then up the stack through GRO. */
static void igx_rx_skb_finish(struct igx_ring *ring,
			      const union igx_rx_desc *desc, u32 staterr,
			      u64 rx_ts, struct sk_buff *skb, u64 *csum_err)
{
	igx_rx_checksum(ring, staterr, skb, csum_err);
	if (unlikely(staterr & IGX_RXD_STAT_TS))
		skb_hwtstamps(skb)->hwtstamp = ns_to_ktime(rx_ts);
	igx_rx_hash(ring, desc, skb);
	if ((staterr & IGX_RXD_STAT_VP) &&
	    (ring->netdev->features & NETIF_F_HW_VLAN_CTAG_RX))
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       le16_to_cpu(desc->wb.vlan));
	skb_record_rx_queue(skb, ring->queue_index);
	skb->protocol = eth_type_trans(skb, ring->netdev);
	napi_gro_receive(&ring->q_vector->napi, skb);
}

/* A frame in a fragment posted before an XDP program came, copied into a
 * whole page: every frame a program sees has XDP's headroom and room to
 * grow. At most one ring's worth after each attach. NULL when the
 * page_pool has no page.
 */
static struct page *igx_rx_frag_to_page(struct igx_ring *ring, void *data,
					unsigned int size)
{
	struct page *page = igx_pp_alloc_page(ring->pp);

	if (page)
		memcpy(page_address(page) + IGX_RX_HEADROOM, data, size);
	return page;
}

/* A fragment's frame, @size bytes at @data (the fragment's first byte
 * plus its headroom), as it starts or joins a frame: RLPML keeps a frame
 * in one fragment, clear of its skb_shared_info, so a fragment that is
 * not a whole frame is bad, and is dropped. For a program (@xdp) it is
 * copied into a whole page first. Returns the buffer the frame is in
 * now; NULL when it is to be dropped (@page is left to the caller).
 */
static struct page *igx_rx_frag_piece(struct igx_ring *ring,
				      struct page *page, void *data,
				      unsigned int size, bool first,
				      const bool xdp)
{
	struct page *copy;

	if (!first || size > IGX_RX_FRAG_ROOM)
		return NULL;
	if (!xdp)
		return page;
	/* no page for the copy: the frame is dropped */
	copy = igx_rx_frag_to_page(ring, data, size);
	if (copy)
		page_pool_put_full_page(ring->pp, page, true);
	return copy;
}

/* The buffer @buf, @size bytes written: starts the frame in ring->xdp
 * (@head NULL) or joins @head's as a fragment. @frag: @buf is a fragment,
 * not a whole page; @xdp: a program will see the frame. Returns the head.
 */
static __always_inline struct xdp_buff *
igx_rx_piece_buf(struct igx_ring *ring, struct igx_rx_buf *buf,
		 unsigned int size, struct xdp_buff *head, const bool frag,
		 const bool xdp)
{
	unsigned int offset = frag ? buf->offset : 0;
	unsigned int headroom = frag ? IGX_RX_FRAG_HEADROOM : IGX_RX_HEADROOM;
	unsigned int frame_sz = frag ? IGX_RX_FRAG_SIZE : PAGE_SIZE;
	struct page *page = buf->page;
	bool bad = false;
	void *hard_start;

	buf->page = NULL;
	page_pool_dma_sync_for_cpu(ring->pp, page, offset + headroom, size);
	hard_start = page_address(page) + offset;
	if (frag) {
		struct page *p;

		p = igx_rx_frag_piece(ring, page, hard_start + headroom, size,
				      !head, xdp);
		if (!p) {
			bad = true;
		} else if (p != page) {
			page = p;
			hard_start = page_address(page);
			headroom = IGX_RX_HEADROOM;
			frame_sz = PAGE_SIZE;
		}
	}
	if (!head) {
		head = &ring->xdp.xdp;
		/* frags and pfmemalloc flags belong to one frame */
		head->flags = 0;
		head->frame_sz = frame_sz;
		xdp_prepare_buff(head, hard_start, headroom, size, true);
		net_prefetch(head->data);
		ring->frame_bad = bad;
	} else if (bad || !igx_rx_add_frag(ring, page, offset + headroom,
					   size)) {
		page_pool_recycle_direct(ring->pp, page);
		ring->frame_bad = true;
	}
	return head;
}

/* A fragment for a program: what the ring held when the program came. Out
 * of the loop, so that the loop's page path has its values in registers.
 */
static noinline struct xdp_buff *
igx_rx_piece_frag_xdp(struct igx_ring *ring, struct igx_rx_buf *buf,
		      unsigned int size, struct xdp_buff *head)
{
	return igx_rx_piece_buf(ring, buf, size, head, true, true);
}

/* The buffer of RX slot @i, @size bytes written, into the frame (see
 * igx_rx_piece_buf). @xdp (a constant in each instance of the loop): a
 * program will see the frame, so the buffers are whole pages but for what
 * the ring held when the program came; without one, fragments (MTU 1500
 * or less) or pages. Returns the head.
 */
static __always_inline struct xdp_buff *
igx_rx_piece(struct igx_ring *ring, u16 i, unsigned int size,
	     struct xdp_buff *head, const bool xdp)
{
	struct igx_rx_buf *buf = &ring->rx_buf[i];
	bool frag = buf->truesize != PAGE_SIZE;

	if (!xdp)
		return igx_rx_piece_buf(ring, buf, size, head, frag, false);
	if (unlikely(frag))
		return igx_rx_piece_frag_xdp(ring, buf, size, head);
	return igx_rx_piece_buf(ring, buf, size, head, false, true);
}

/* Fills the free slots of a started RX ring with its kind of buffer. */
void igx_rx_fill(struct igx_ring *ring)
{
	if (ring->xsk_pool)
		igx_xsk_fill(ring, igx_desc_unused(ring));
	else
		igx_rx_fill_pages(ring, igx_desc_unused(ring));
}

static __always_inline void igx_rx_drop(struct igx_ring *ring,
					struct xdp_buff *head, const bool zc)
{
	if (zc)
		xsk_buff_free(head);
	else
		/* straight back into the page_pool's cache of this NAPI */
		igx_rx_frame_free(ring, head, true);
}

/* Whether @head has igx_xdp_buff's fields behind it: a zero-copy chunk has
 * them in its driver area, which kernels without RX metadata (before 6.8)
 * lack; written there, they would overwrite the pool's own xdp_buff_xsk.
 */
static __always_inline bool igx_rx_has_priv(const bool zc)
{
#ifdef IGX_HAVE_XDP_METADATA
	return true;
#else
	return !zc;
#endif
}

/* One complete frame: @head, whose last descriptor is @desc. */
static __always_inline void igx_rx_frame(struct igx_ring *ring,
					 struct bpf_prog *prog,
					 struct xdp_buff *head,
					 const union igx_rx_desc *desc,
					 u32 staterr, struct igx_rx_poll *p,
					 const bool zc)
{
	struct igx_xdp_buff *b = (struct igx_xdp_buff *)head;
	struct sk_buff *skb;
	u32 act = XDP_PASS;
	u64 rx_ts;
	bool ok;

	/* read the stamp whatever becomes of the frame: reading re-arms the
	 * latch for the next one
	 */
	rx_ts = 0;
	if (unlikely(staterr & IGX_RXD_STAT_TS))
		rx_ts = igx_ptp_rx_stamp(ring->q_vector->adapter);
	if (unlikely(ring->frame_bad || (staterr & IGX_RXD_ERR_RXE))) {
		igx_rx_drop(ring, head, zc);
		p->drops++;
		return;
	}
	/* received bytes as they came in, whatever the verdict */
	p->bytes += xdp_get_buff_len(head);

	if (prog) {
		if (igx_rx_has_priv(zc)) {
			b->eop_desc = desc;
			b->rx_ts = rx_ts;
		}
		act = igx_xdp_verdict(ring, prog, head, &p->xdp);
	}
	switch (act) {
	case XDP_PASS:
		break;
	case XDP_REDIRECT:
		return;
	case XDP_TX:
		ok = zc ? igx_xsk_xdp_tx(ring->q_vector, head) :
			  igx_xdp_tx_buff(ring, head);
		igx_xdp_tx_result(ring, prog, ok, &p->xdp);
		if (ok)
			return;
		fallthrough;
	default:
		igx_rx_drop(ring, head, zc);
		return;
	}

	if (zc) {
		skb = igx_xsk_build_skb(ring, head);
		xsk_buff_free(head);
	} else {
		skb = igx_rx_build_skb(ring, head);
		if (unlikely(!skb))
			igx_rx_frame_free(ring, head, true);
	}
	if (unlikely(!skb)) {
		p->drops++;
		return;
	}
	igx_rx_skb_finish(ring, desc, staterr, rx_ts, skb, &p->csum_err);
}

/* The one RX loop; @zc: the ring's buffers are UMEM chunks; @xdp: page_pool
 * buffers and @prog is not NULL (then they are whole pages, fragments
 * without it).
 */
static __always_inline int igx_rx_poll(struct igx_q_vector *qv, int budget,
				       struct bpf_prog *prog, const bool zc,
				       const bool xdp)
{
	struct igx_ring *ring = &qv->rx;
	u16 cleaned = 0, i = ring->next_to_clean;
	struct igx_rx_poll p = {};
	u32 pkts = 0;
	struct xdp_buff *head;

	/* a frame whose first buffers came in the previous poll */
	if (zc)
		head = ring->xsk_head;
	else
		head = ring->frame_open ? &ring->xdp.xdp : NULL;

	while (pkts < budget) {
		union igx_rx_desc *desc = IGX_RX_DESC(ring, i);
		unsigned int size;
		u32 staterr;

		staterr = igx_rx_desc_done(ring, i);
		if (!staterr)
			break;
		size = le16_to_cpu(desc->wb.length);
		if (zc)
			head = igx_xsk_rx_piece(ring, i, size, head);
		else
			head = igx_rx_piece(ring, i, size, head, xdp);
		if (++i == ring->count)
			i = 0;
		/* pages come back in batches during the poll; chunks at its
		 * end. Refill never reaches this descriptor (one slot stays
		 * unused), so the write-back read below stays valid.
		 */
		if (!zc && ++cleaned >= IGX_RX_REFILL_BATCH) {
			ring->next_to_clean = i;
			igx_rx_fill_pages(ring, cleaned);
			cleaned = 0;
		}
		if (!(staterr & IGX_RXD_STAT_EOP))
			continue;

		pkts++;
		igx_rx_frame(ring, zc || xdp ? prog : NULL, head, desc,
			     staterr, &p, zc);
		head = NULL;
	}

	p.pkts = pkts;
	ring->next_to_clean = i;
	if (zc) {
		ring->xsk_head = head;
		igx_xsk_fill(ring, igx_desc_unused(ring));
	} else {
		ring->frame_open = !!head;
		if (igx_desc_unused(ring))
			igx_rx_fill_pages(ring, igx_desc_unused(ring));
	}
	if (p.xdp.tx_queued)
		igx_xdp_tx_doorbell(&qv->xdp_tx);
	if (p.xdp.redirected)
		xdp_do_flush();
	igx_rx_poll_count(ring, &p, zc ? p.pkts : 0);
	return zc ? igx_xsk_rx_done(ring, p.pkts, budget) : p.pkts;
}

/* NAPI's RX work for queue vector @qv: frames taken, at most @budget. */
int igx_rx_clean(struct igx_q_vector *qv, int budget)
{
	/* one program for the whole poll; freed only after an RCU grace
	 * period, which this softirq holds off
	 */
	struct bpf_prog *prog = READ_ONCE(qv->rx.xdp_prog);

	if (qv->rx.xsk_pool)
		return igx_rx_poll(qv, budget, prog, true, false);
	if (prog)
		return igx_rx_poll(qv, budget, prog, false, true);
	return igx_rx_poll(qv, budget, NULL, false, false);
}
