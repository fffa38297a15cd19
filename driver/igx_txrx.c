// SPDX-License-Identifier: GPL-2.0
/* igx rings: queue vectors, NAPI, page_pool RX, multiqueue TX. */

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/sctp.h>
#include <net/ip6_checksum.h>
#include <net/netdev_queues.h>
#include <net/page_pool/helpers.h>
#include <net/xdp_sock_drv.h>
#include "igx.h"

static void igx_ring_init(struct igx_ring *ring, struct igx_q_vector *qv,
			  u16 idx, u16 count)
{
	ring->q_vector = qv;
	ring->netdev = qv->adapter->netdev;
	ring->dev = &qv->adapter->pdev->dev;
	ring->queue_index = idx;
	ring->reg_idx = idx;
	ring->count = count;
	u64_stats_init(&ring->syncp);
	spin_lock_init(&ring->xdp_lock);
}

int igx_alloc_q_vectors(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int i;

	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv;

		qv = kzalloc(sizeof(*qv), GFP_KERNEL);
		if (!qv)
			goto err;
		qv->adapter = adapter;
		qv->v_idx = adapter->irq_mode == IGX_IRQ_MSIX ? i + 1 : 0;
		qv->eims = BIT(qv->v_idx);
		snprintf(qv->name, sizeof(qv->name), "%s-TxRx-%u",
			 netdev->name, i);
		igx_ring_init(&qv->rx, qv, i, adapter->rx_ring_count);
		igx_ring_init(&qv->tx, qv, i, adapter->tx_ring_count);
		igx_ring_init(&qv->xdp_tx, qv, i, adapter->tx_ring_count);
		/* with VFs the PF's queues are its pool's (igx_sriov.c) */
		qv->rx.reg_idx = igx_pf_pool(adapter) + i;
		qv->tx.reg_idx = igx_pf_pool(adapter) + i;
		qv->xdp_tx.reg_idx = IGX_XDP_TXQ_BASE + igx_pf_pool(adapter) + i;
		netif_napi_add(netdev, &qv->napi, igx_poll);
		adapter->q_vector[i] = qv;
	}
	return 0;

err:
	igx_free_q_vectors(adapter);
	return -ENOMEM;
}

void igx_free_q_vectors(struct igx_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < IGX_MAX_QUEUES; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		if (!qv)
			continue;
		/* igx_get_stats64 looks at q_vector[] under stats_lock */
		spin_lock_bh(&adapter->stats_lock);
		adapter->q_vector[i] = NULL;
		spin_unlock_bh(&adapter->stats_lock);
		netif_napi_del(&qv->napi);
		kfree(qv);
	}
}

static int igx_setup_tx_ring(struct igx_ring *ring)
{
	bool xdp = ring == &ring->q_vector->xdp_tx;
	size_t per = sizeof(*ring->tx_buf);

	/* an XDP TX ring's stash (one chunk per slot) in the same allocation */
	if (xdp)
		per += sizeof(*ring->xsk_stash);
	ring->tx_buf = kvcalloc(ring->count, per, GFP_KERNEL);
	if (!ring->tx_buf)
		return -ENOMEM;
	ring->xsk_stash = xdp ? (void *)(ring->tx_buf + ring->count) : NULL;
	ring->xsk_stash_n = 0;
	ring->size = ALIGN(ring->count * sizeof(union igx_tx_desc), PAGE_SIZE);
	ring->desc = dma_alloc_coherent(ring->dev, ring->size, &ring->dma,
					GFP_KERNEL);
	if (!ring->desc) {
		kvfree(ring->tx_buf);
		ring->tx_buf = NULL;
		return -ENOMEM;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	return 0;
}

static void igx_free_tx_ring(struct igx_ring *ring)
{
	if (!ring->desc)
		return;
	dma_free_coherent(ring->dev, ring->size, ring->desc, ring->dma);
	ring->desc = NULL;
	kvfree(ring->tx_buf);
	ring->tx_buf = NULL;
}

static int igx_setup_rx_ring(struct igx_ring *ring)
{
	struct page_pool_params pp = {
		.order = 0,
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.pool_size = ring->count,
		.nid = dev_to_node(ring->dev),
		.dev = ring->dev,
#ifdef HAVE_PP_NAPI
		.napi = &ring->q_vector->napi,
#endif
		/* bidirectional so XDP_TX can send from the RX page */
		.dma_dir = DMA_BIDIRECTIONAL,
		.offset = IGX_RX_HEADROOM,
		.max_len = IGX_RX_BUF_LEN,
#ifdef HAVE_PP_NETDEV
		.netdev = ring->netdev,
#endif
#ifdef HAVE_PP_QUEUE_IDX
		.queue_idx = ring->queue_index,
#endif
	};
	int err;

	ring->rx_buf = kvcalloc(ring->count, sizeof(*ring->rx_buf), GFP_KERNEL);
	if (!ring->rx_buf)
		return -ENOMEM;
	ring->size = ALIGN(ring->count * sizeof(union igx_rx_desc), PAGE_SIZE);
	ring->desc = dma_alloc_coherent(ring->dev, ring->size, &ring->dma,
					GFP_KERNEL);
	if (!ring->desc) {
		err = -ENOMEM;
		goto err_buf;
	}

	ring->pp = page_pool_create(&pp);
	if (IS_ERR(ring->pp)) {
		err = PTR_ERR(ring->pp);
		ring->pp = NULL;
		goto err_desc;
	}

	/* frag_size: a program may grow the last fragment up to the end of
	 * its receive buffer
	 */
	err = __xdp_rxq_info_reg(&ring->xdp_rxq, ring->netdev,
				 ring->queue_index,
				 ring->q_vector->napi.napi_id,
				 IGX_RX_HEADROOM + IGX_RX_BUF_LEN);
	if (err)
		goto err_pp;
	err = xdp_rxq_info_reg_mem_model(&ring->xdp_rxq, MEM_TYPE_PAGE_POOL,
					 ring->pp);
	if (err)
		goto err_rxq;
	/* Both memory models exist from the start, so that moving the queue
	 * between page_pool and a zero-copy pool cannot fail half-way. No
	 * frag_size: fragments in a UMEM chunk cannot grow.
	 */
	err = xdp_rxq_info_reg(&ring->xsk_rxq, ring->netdev, ring->queue_index,
			       ring->q_vector->napi.napi_id);
	if (err)
		goto err_rxq;
	err = xdp_rxq_info_reg_mem_model(&ring->xsk_rxq,
					 MEM_TYPE_XSK_BUFF_POOL, NULL);
	if (err)
		goto err_xsk_rxq;

	xdp_init_buff(&ring->xdp.xdp, PAGE_SIZE, &ring->xdp_rxq);
	ring->frame_open = false;
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	return 0;

err_xsk_rxq:
	xdp_rxq_info_unreg(&ring->xsk_rxq);
err_rxq:
	xdp_rxq_info_unreg(&ring->xdp_rxq);
err_pp:
	page_pool_destroy(ring->pp);
	ring->pp = NULL;
err_desc:
	dma_free_coherent(ring->dev, ring->size, ring->desc, ring->dma);
	ring->desc = NULL;
err_buf:
	kvfree(ring->rx_buf);
	ring->rx_buf = NULL;
	return err;
}

static void igx_free_rx_ring(struct igx_ring *ring)
{
	if (!ring->desc)
		return;
	xdp_rxq_info_unreg(&ring->xsk_rxq);
	xdp_rxq_info_unreg(&ring->xdp_rxq);
	page_pool_destroy(ring->pp);
	ring->pp = NULL;
	dma_free_coherent(ring->dev, ring->size, ring->desc, ring->dma);
	ring->desc = NULL;
	kvfree(ring->rx_buf);
	ring->rx_buf = NULL;
}

int igx_setup_rings(struct igx_adapter *adapter)
{
	unsigned int i;
	int err;

	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		qv->rx.xsk_pool = igx_xsk_pool(adapter, i);
		qv->xdp_tx.xsk_pool = qv->rx.xsk_pool;
		err = igx_setup_tx_ring(&qv->tx);
		if (err)
			goto err;
		/* The XDP TX ring exists whenever the port is up, program or
		 * not: igx is an ndo_xdp_xmit target without one, and
		 * attaching or detaching a program then only swaps a pointer
		 * (no ring to bring up, nothing to re-arm, no link flap). It
		 * costs one descriptor ring and its buffer array per queue.
		 */
		err = igx_setup_tx_ring(&qv->xdp_tx);
		if (err)
			goto err;
		err = igx_setup_rx_ring(&qv->rx);
		if (err)
			goto err;
		qv->rx.xdp_prog = adapter->xdp_prog;
	}
	return 0;

err:
	netdev_err(adapter->netdev, "ring allocation failed: %d\n", err);
	igx_free_rings(adapter);
	return err;
}

/* Folds the ring counters into the adapter totals: they outlive rings. */
void igx_free_rings(struct igx_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		if (!qv)
			continue;
		igx_stats_fold_ring(adapter, &qv->rx, true);
		igx_stats_fold_ring(adapter, &qv->tx, false);
		igx_stats_fold_ring(adapter, &qv->xdp_tx, false);
		igx_free_rx_ring(&qv->rx);
		igx_free_tx_ring(&qv->tx);
		igx_free_tx_ring(&qv->xdp_tx);
	}
}

void igx_rx_frame_free(struct igx_ring *ring, struct xdp_buff *xdp, bool napi)
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

/* Posts up to @n buffers; one tail write for the batch. */
static void igx_alloc_rx_buffers(struct igx_ring *ring, u16 n)
{
	u16 i = ring->next_to_use;
	u64 fails = 0;

	while (n--) {
		union igx_rx_desc *desc = IGX_RX_DESC(ring, i);
		struct page *page;

		page = page_pool_dev_alloc_pages(ring->pp);
		if (unlikely(!page)) {
			fails++;
			break;
		}
		ring->rx_buf[i].page = page;
		desc->read.pkt_addr = cpu_to_le64(page_pool_get_dma_addr(page) +
						  IGX_RX_HEADROOM);
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

static void igx_release_rx_buffers(struct igx_ring *ring)
{
	u16 i;

	if (!ring->rx_buf)
		return;
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

void igx_unmap_tx_buf(struct igx_ring *ring, struct igx_tx_buf *buf, bool head)
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

/* Drops whatever the ring still holds; the hardware queue is stopped. */
void igx_release_tx_buffers(struct igx_ring *ring)
{
	u16 i = ring->next_to_clean;
	u32 xsk_done = 0;

	if (!ring->tx_buf)
		return;
	if (ring->xsk_stash)
		igx_xdp_ring_free_stash(ring);
	while (i != ring->next_to_use) {
		struct igx_tx_buf *buf = &ring->tx_buf[i];

		igx_unmap_tx_buf(ring, buf, buf->type != IGX_TX_BUF_NONE);
		if (buf->type == IGX_TX_BUF_SKB)
			dev_kfree_skb_any(buf->skb);
		else if (buf->type == IGX_TX_BUF_XDP)
			xdp_return_frame(buf->xdpf);
		else if (buf->type == IGX_TX_BUF_XSK) {
			if (buf->tstamp)
				igx_xsk_tx_complete(ring, buf);
			xsk_done += buf->segs;
		} else if (buf->type == IGX_TX_BUF_XSK_BUFF)
			xsk_buff_free(buf->xskb);
		buf->type = IGX_TX_BUF_NONE;
		buf->tstamp = false;
		buf->skb = NULL;
		buf->eop_desc = NULL;
		if (++i == ring->count)
			i = 0;
	}
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	/* the socket gets its frames back, sent or not */
	if (xsk_done)
		xsk_tx_completed(ring->xsk_pool, xsk_done);
	if (ring != &ring->q_vector->xdp_tx)
		netdev_tx_reset_queue(netdev_get_tx_queue(ring->netdev,
							  ring->queue_index));
}

/* Programs one RX queue for its buffers (page_pool or the XSK pool) and
 * fills it; the queue is stopped and its NAPI not running.
 */
void igx_ring_rx_start(struct igx_ring *ring)
{
	struct igx_hw *hw = &ring->q_vector->adapter->hw;
	u32 buf_len = IGX_RX_BUF_LEN;

	if (ring->xsk_pool) {
		buf_len = igx_xsk_buf_len(ring->xsk_pool);
		xsk_pool_set_rxq_info(ring->xsk_pool, &ring->xsk_rxq);
	}
	/* stale DD bits of an earlier life need no clearing: the RX loops
	 * stop at next_to_use, and posting a slot clears its DD bit
	 */
	igx_hw_rxq_configure(hw, ring->reg_idx, ring->dma, ring->count,
			     buf_len);
	ring->tail = igx_hw_rx_tail(hw, ring->reg_idx);
	if (ring->xsk_pool)
		igx_xsk_alloc_rx(ring, igx_desc_unused(ring));
	else
		igx_alloc_rx_buffers(ring, igx_desc_unused(ring));
}

/* Stops one RX queue and takes its buffers back; its NAPI is disabled. */
void igx_ring_rx_stop(struct igx_ring *ring)
{
	igx_hw_rxq_disable(&ring->q_vector->adapter->hw, ring->reg_idx);
	igx_release_rx_buffers(ring);
}

/* Programs the queues and fills the RX rings; called with the port down. */
void igx_configure_rings(struct igx_adapter *adapter)
{
	struct igx_hw *hw = &adapter->hw;
	unsigned int i;

	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		igx_hw_txq_configure(hw, qv->tx.reg_idx, qv->tx.dma,
				     qv->tx.count);
		qv->tx.tail = igx_hw_tx_tail(hw, qv->tx.reg_idx);
		igx_hw_txq_configure(hw, qv->xdp_tx.reg_idx, qv->xdp_tx.dma,
				     qv->xdp_tx.count);
		qv->xdp_tx.tail = igx_hw_tx_tail(hw, qv->xdp_tx.reg_idx);
		igx_ring_rx_start(&qv->rx);
	}
	/* RCTL.EN comes with the filters, under the address lock */
	igx_hw_tx_enable(hw);
}

void igx_disable_rings(struct igx_adapter *adapter)
{
	struct igx_hw *hw = &adapter->hw;
	unsigned int i;

	for (i = 0; i < adapter->num_queues; i++) {
		igx_hw_rxq_disable(hw, adapter->q_vector[i]->rx.reg_idx);
		igx_hw_txq_disable(hw, adapter->q_vector[i]->tx.reg_idx);
		igx_hw_txq_disable(hw, adapter->q_vector[i]->xdp_tx.reg_idx);
	}
	/* VFs keep sending */
	if (!adapter->num_vfs)
		igx_hw_tx_disable(hw);
}

/* Frees every buffer still owned by the rings; NAPI and IRQs are off. */
void igx_clean_rings(struct igx_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < adapter->num_queues; i++) {
		struct igx_q_vector *qv = adapter->q_vector[i];

		igx_release_tx_buffers(&qv->tx);
		igx_release_tx_buffers(&qv->xdp_tx);
		igx_release_rx_buffers(&qv->rx);
	}
}

/* ---- transmit ---- */

static bool igx_clean_tx_irq(struct igx_q_vector *qv, int napi_budget)
{
	struct igx_ring *ring = &qv->tx;
	unsigned int budget = IGX_TX_CLEAN_BUDGET;
	unsigned int pkts = 0, bytes = 0, mac_ctrl = 0;
	struct igx_tx_queue_stats gso = {};
	struct netdev_queue *txq;
	u16 i = ring->next_to_clean;

	while (budget) {
		struct igx_tx_buf *buf = &ring->tx_buf[i];
		union igx_tx_desc *eop = igx_tx_done(buf);
		u16 eop_idx;

		if (!eop)
			break;
		buf->eop_desc = NULL;
		budget--;

		pkts += buf->segs;
		bytes += buf->bytes;
		if (buf->flags & IGX_TX_FL_GSO) {
			gso.gso_packets++;
			gso.gso_bytes += buf->skb->len;
			gso.gso_wire_packets += buf->segs;
			gso.gso_wire_bytes += buf->bytes;
		}
		if (buf->flags & IGX_TX_FL_MAC_CTRL)
			mac_ctrl++;
		igx_unmap_tx_buf(ring, buf, true);
		if (unlikely(buf->tstamp)) {
			buf->tstamp = false;
			igx_ptp_tx_done(qv->adapter);
		}
		napi_consume_skb(buf->skb, napi_budget);
		buf->skb = NULL;
		buf->type = IGX_TX_BUF_NONE;

		eop_idx = eop - IGX_TX_DESC(ring, 0);
		while (i != eop_idx) {
			if (++i == ring->count)
				i = 0;
			igx_unmap_tx_buf(ring, &ring->tx_buf[i], false);
		}
		if (++i == ring->count)
			i = 0;
	}
	ring->next_to_clean = i;

	if (pkts) {
		u64_stats_update_begin(&ring->syncp);
		ring->stats.tx.packets += pkts;
		ring->stats.tx.bytes += bytes;
		ring->stats.tx.mac_ctrl += mac_ctrl;
		ring->stats.tx.gso_packets += gso.gso_packets;
		ring->stats.tx.gso_bytes += gso.gso_bytes;
		ring->stats.tx.gso_wire_packets += gso.gso_wire_packets;
		ring->stats.tx.gso_wire_bytes += gso.gso_wire_bytes;
		u64_stats_update_end(&ring->syncp);
	}

	txq = netdev_get_tx_queue(ring->netdev, ring->queue_index);
	/* never wake a queue that igx_down stopped: its rings are going */
	if (!__netif_txq_completed_wake(txq, pkts, bytes,
					igx_desc_unused(ring),
					IGX_TX_WAKE_THRESH,
					test_bit(IGX_STATE_DOWN,
						 &qv->adapter->state))) {
		u64_stats_update_begin(&ring->syncp);
		ring->stats.tx.restarts++;
		u64_stats_update_end(&ring->syncp);
	}
	return budget != 0;
}

struct igx_tx_ctx {
	u32 vlan_macip_lens;
	u32 type_tucmd;
	u32 mss_l4len_idx;
	u32 cmd;
	u32 olinfo;
	bool needed;
};

static int igx_tx_tso(struct sk_buff *skb, struct igx_tx_buf *first,
		      struct igx_tx_ctx *ctx)
{
	unsigned int hdr_len, l4len;
	u32 paylen;
	int err;

	if (skb->ip_summed != CHECKSUM_PARTIAL || !skb_is_gso(skb))
		return 0;
	if (!(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)))
		return 0;
	err = skb_cow_head(skb, 0);
	if (err < 0)
		return err;

	/* the device fills in lengths and checksums of each segment from a
	 * pseudo-header sum that excludes the length
	 */
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
							 0, IPPROTO_TCP, 0);
		ctx->type_tucmd |= IGX_TXC_TUCMD_IPV4;
		ctx->olinfo |= IGX_TXD_POPTS_IXSM;
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->payload_len = 0;
		tcp_hdr(skb)->check = ~csum_ipv6_magic(&ip6h->saddr,
						       &ip6h->daddr, 0,
						       IPPROTO_TCP, 0);
	}

	l4len = tcp_hdrlen(skb);
	hdr_len = skb_tcp_all_headers(skb);
	paylen = skb->len - hdr_len;

	first->segs = skb_shinfo(skb)->gso_segs;
	first->bytes += (first->segs - 1) * hdr_len;

	ctx->type_tucmd |= IGX_TXC_TUCMD_L4T_TCP;
	ctx->mss_l4len_idx = l4len << IGX_TXC_L4LEN_SHIFT |
			     skb_shinfo(skb)->gso_size << IGX_TXC_MSS_SHIFT;
	ctx->vlan_macip_lens |= skb_network_offset(skb) << IGX_TXC_MACLEN_SHIFT |
				(skb_transport_offset(skb) -
				 skb_network_offset(skb));
	ctx->cmd |= IGX_TXD_CMD_TSE;
	ctx->olinfo |= IGX_TXD_POPTS_TXSM | paylen << IGX_TXD_PAYLEN_SHIFT;
	ctx->needed = true;
	return 1;
}

static void igx_tx_csum(struct sk_buff *skb, struct igx_tx_ctx *ctx)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return;

	switch (skb->csum_offset) {
	case offsetof(struct tcphdr, check):
		ctx->type_tucmd |= IGX_TXC_TUCMD_L4T_TCP;
		break;
	case offsetof(struct udphdr, check):
		break;
	case offsetof(struct sctphdr, checksum):
		if (skb_csum_is_sctp(skb)) {
			ctx->type_tucmd |= IGX_TXC_TUCMD_L4T_SCTP;
			break;
		}
		fallthrough;
	default:
		skb_checksum_help(skb);
		return;
	}

	if (vlan_get_protocol(skb) == htons(ETH_P_IP))
		ctx->type_tucmd |= IGX_TXC_TUCMD_IPV4;
	ctx->vlan_macip_lens |= skb_network_offset(skb) << IGX_TXC_MACLEN_SHIFT |
				(skb_checksum_start_offset(skb) -
				 skb_network_offset(skb));
	ctx->olinfo |= IGX_TXD_POPTS_TXSM;
	ctx->needed = true;
}

static unsigned int igx_tx_desc_count(struct sk_buff *skb)
{
	unsigned int i, n = DIV_ROUND_UP(skb_headlen(skb), IGX_TX_MAX_DATA);

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		n += DIV_ROUND_UP(skb_frag_size(&skb_shinfo(skb)->frags[i]),
				  IGX_TX_MAX_DATA);
	return n + 1;	/* context descriptor */
}

static netdev_tx_t igx_tx_drop(struct igx_ring *ring, struct sk_buff *skb)
{
	dev_kfree_skb_any(skb);
	dev_core_stats_tx_dropped_inc(ring->netdev);
	return NETDEV_TX_OK;
}

netdev_tx_t igx_xmit_frame(struct sk_buff *skb, struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u16 qidx = skb_get_queue_mapping(skb);
	struct igx_tx_ctx ctx = {};
	struct igx_tx_buf *first, *buf;
	union igx_tx_desc *desc = NULL;
	unsigned int size, data_len;
	u16 first_data;
	struct netdev_queue *txq;
	struct igx_ring *ring;
	skb_frag_t *frag;
	dma_addr_t dma;
	u16 i, start;
	int tso;

	if (unlikely(qidx >= adapter->num_queues))
		qidx %= adapter->num_queues;
	ring = &adapter->q_vector[qidx]->tx;
	txq = netdev_get_tx_queue(netdev, qidx);

	if (unlikely(igx_desc_unused(ring) < igx_tx_desc_count(skb) + 1)) {
		/* not reached when the stop threshold below holds */
		netif_tx_stop_queue(txq);
		return NETDEV_TX_BUSY;
	}

	start = ring->next_to_use;
	first = &ring->tx_buf[start];
	first->type = IGX_TX_BUF_SKB;
	first->skb = skb;
	first->bytes = max_t(unsigned int, skb->len, ETH_ZLEN);
	first->segs = 1;
	first->tstamp = false;
	first->flags = 0;
	/* the MAC counts only the pause frames it sends itself (XONTXC,
	 * XOFFTXC); one the stack sends is an ordinary frame to it
	 */
	if (skb_headlen(skb) >= ETH_HLEN &&
	    ((struct ethhdr *)skb->data)->h_proto == htons(ETH_P_PAUSE))
		first->flags |= IGX_TX_FL_MAC_CTRL;

	if (skb_vlan_tag_present(skb)) {
		ctx.cmd |= IGX_TXD_CMD_VLE;
		ctx.vlan_macip_lens = skb_vlan_tag_get(skb) << IGX_TXC_VLAN_SHIFT;
		ctx.needed = true;
	}

	tso = igx_tx_tso(skb, first, &ctx);
	if (tso < 0)
		goto drop;
	if (tso) {
		first->flags |= IGX_TX_FL_GSO;
	} else {
		igx_tx_csum(skb, &ctx);
		ctx.olinfo |= skb->len << IGX_TXD_PAYLEN_SHIFT;
	}

	i = start;
	if (ctx.needed) {
		struct igx_tx_ctx_desc *cd = (void *)IGX_TX_DESC(ring, i);

		cd->vlan_macip_lens = cpu_to_le32(ctx.vlan_macip_lens);
		cd->seqnum_seed = 0;
		cd->type_tucmd_mlhl = cpu_to_le32(ctx.type_tucmd |
						  IGX_TXD_DTYP_CTXT |
						  IGX_TXD_CMD_DEXT);
		cd->mss_l4len_idx = cpu_to_le32(ctx.mss_l4len_idx);
		if (++i == ring->count)
			i = 0;
	}

	first_data = i;
	ctx.cmd |= IGX_TXD_DTYP_DATA | IGX_TXD_CMD_DEXT;
	if (likely(!skb->no_fcs))
		ctx.cmd |= IGX_TXD_CMD_IFCS;
	size = skb_headlen(skb);
	data_len = skb->data_len;
	dma = dma_map_single(ring->dev, skb->data, size, DMA_TO_DEVICE);
	buf = first;

	for (frag = &skb_shinfo(skb)->frags[0];; frag++) {
		if (dma_mapping_error(ring->dev, dma))
			goto unmap;
		dma_unmap_len_set(buf, len, size);
		dma_unmap_addr_set(buf, dma, dma);

		desc = IGX_TX_DESC(ring, i);
		while (unlikely(size > IGX_TX_MAX_DATA)) {
			desc->read.buffer_addr = cpu_to_le64(dma);
			desc->read.cmd_type_len = cpu_to_le32(ctx.cmd |
							      IGX_TX_MAX_DATA);
			desc->read.olinfo_status = cpu_to_le32(ctx.olinfo);
			if (++i == ring->count)
				i = 0;
			desc = IGX_TX_DESC(ring, i);
			dma += IGX_TX_MAX_DATA;
			size -= IGX_TX_MAX_DATA;
		}
		desc->read.buffer_addr = cpu_to_le64(dma);
		desc->read.cmd_type_len = cpu_to_le32(ctx.cmd | size);
		desc->read.olinfo_status = cpu_to_le32(ctx.olinfo);

		if (!data_len)
			break;
		if (++i == ring->count)
			i = 0;
		size = skb_frag_size(frag);
		data_len -= size;
		dma = skb_frag_dma_map(ring->dev, frag, 0, size, DMA_TO_DEVICE);
		buf = &ring->tx_buf[i];
	}

	desc->read.cmd_type_len |= cpu_to_le32(IGX_TXD_CMD_EOP |
					       IGX_TXD_CMD_RS);
	/* the device takes the request from the frame's first data
	 * descriptor; only now can the frame no longer be dropped
	 */
	if (unlikely(skb_shinfo(skb)->tx_flags & SKBTX_HW_TSTAMP) &&
	    igx_ptp_tx_claim(adapter, skb)) {
		IGX_TX_DESC(ring, first_data)->read.cmd_type_len |=
			cpu_to_le32(IGX_TXD_MAC_TSTAMP);
		first->tstamp = true;
	}
	skb_tx_timestamp(skb);

	/* descriptors complete before the cleaner can see eop_desc */
	smp_wmb();
	first->eop_desc = desc;
	if (++i == ring->count)
		i = 0;
	ring->next_to_use = i;

	netif_txq_maybe_stop(txq, igx_desc_unused(ring), IGX_TX_DESC_NEEDED,
			     IGX_TX_WAKE_THRESH);
	/* TX runs inside the TDT write: one doorbell per xmit_more batch */
	if (__netdev_tx_sent_queue(txq, first->bytes, netdev_xmit_more()))
		igx_hw_write_tail(ring->tail, i);
	return NETDEV_TX_OK;

unmap:
	netdev_err(netdev, "TX DMA mapping failed\n");
	for (;;) {
		buf = &ring->tx_buf[i];
		igx_unmap_tx_buf(ring, buf, buf == first);
		if (buf == first)
			break;
		if (i-- == 0)
			i = ring->count - 1;
	}
drop:
	first->type = IGX_TX_BUF_NONE;
	first->skb = NULL;
	return igx_tx_drop(ring, skb);
}

/* ---- receive ---- */

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
u32 igx_rx_desc_done(struct igx_ring *ring, u16 i)
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
void igx_rx_poll_count(struct igx_ring *ring, u32 pkts, u32 bytes,
		       u64 csum_err, u64 drops, const struct igx_xdp_poll *x,
		       u32 xsk_pkts)
{
	struct igx_rx_queue_stats *st = &ring->stats.rx;

	u64_stats_update_begin(&ring->syncp);
	st->packets += pkts;
	st->bytes += bytes;
	st->csum_err += csum_err;
	st->drops += drops;
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
void igx_rx_skb_finish(struct igx_ring *ring, const union igx_rx_desc *desc,
		       u32 staterr, u64 rx_ts, struct sk_buff *skb,
		       u64 *csum_err)
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

static bool igx_rx_add_frag(struct igx_ring *ring, struct page *page,
			    unsigned int size)
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
				IGX_RX_HEADROOM, size);
	sinfo->xdp_frags_size += size;
	if (page_is_pfmemalloc(page))
		xdp_buff_set_frag_pfmemalloc(xdp);
	return true;
}

static struct sk_buff *igx_rx_build_skb(struct igx_ring *ring,
					struct xdp_buff *xdp)
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

static int igx_clean_rx_irq(struct igx_q_vector *qv, int budget)
{
	struct igx_ring *ring = &qv->rx;
	struct xdp_buff *xdp = &ring->xdp.xdp;
	struct igx_xdp_poll xres = {};
	unsigned int pkts = 0, bytes = 0;
	u64 csum_err = 0, drops = 0;
	u16 cleaned = 0, i = ring->next_to_clean;
	struct bpf_prog *prog;

	/* one program for the whole poll; freed only after an RCU grace
	 * period, which this softirq holds off
	 */
	prog = READ_ONCE(ring->xdp_prog);

	while (pkts < budget) {
		union igx_rx_desc *desc = IGX_RX_DESC(ring, i);
		struct igx_rx_buf *buf;
		struct sk_buff *skb;
		unsigned int size;
		struct page *page;
		u32 staterr;

		staterr = igx_rx_desc_done(ring, i);
		if (!staterr)
			break;
		size = le16_to_cpu(desc->wb.length);
		buf = &ring->rx_buf[i];
		page = buf->page;
		buf->page = NULL;
		page_pool_dma_sync_for_cpu(ring->pp, page, 0,
					   size);

		if (!ring->frame_open) {
			/* frags and pfmemalloc flags belong to one frame */
			xdp->flags = 0;
			xdp_prepare_buff(xdp, page_address(page),
					 IGX_RX_HEADROOM, size, true);
			net_prefetch(xdp->data);
			ring->frame_open = true;
			ring->frame_bad = false;
		} else if (!igx_rx_add_frag(ring, page, size)) {
			page_pool_recycle_direct(ring->pp, page);
			ring->frame_bad = true;
		}

		if (++i == ring->count)
			i = 0;
		/* refill never reaches this descriptor (one slot stays
		 * unused), so the write-back read below stays valid
		 */
		if (++cleaned >= IGX_RX_REFILL_BATCH) {
			ring->next_to_clean = i;
			igx_alloc_rx_buffers(ring, cleaned);
			cleaned = 0;
		}

		if (!(staterr & IGX_RXD_STAT_EOP))
			continue;

		ring->frame_open = false;
		pkts++;
		/* read the stamp whatever becomes of the frame: reading
		 * re-arms the latch for the next one
		 */
		if (unlikely(staterr & IGX_RXD_STAT_TS))
			ring->xdp.rx_ts = igx_ptp_rx_stamp(qv->adapter);
		if (unlikely(ring->frame_bad || (staterr & IGX_RXD_ERR_RXE))) {
			igx_rx_frame_free(ring, xdp, true);
			drops++;
			continue;
		}
		/* received bytes as they came in, whatever the verdict */
		bytes += xdp_get_buff_len(xdp);

		if (prog) {
			ring->xdp.eop_desc = desc;
			if (igx_xdp_run(ring, prog, &xres) != IGX_XDP_RES_PASS)
				continue;
		}

		skb = igx_rx_build_skb(ring, xdp);
		if (unlikely(!skb)) {
			igx_rx_frame_free(ring, xdp, true);
			drops++;
			continue;
		}

		igx_rx_skb_finish(ring, desc, staterr, ring->xdp.rx_ts, skb,
				  &csum_err);
	}

	ring->next_to_clean = i;
	if (igx_desc_unused(ring))
		igx_alloc_rx_buffers(ring, igx_desc_unused(ring));
	if (prog)
		igx_xdp_poll_done(ring, &xres);

	igx_rx_poll_count(ring, pkts, bytes, csum_err, drops, &xres, 0);
	return pkts;
}

int igx_poll(struct napi_struct *napi, int budget)
{
	struct igx_q_vector *qv = container_of(napi, struct igx_q_vector, napi);
	bool tx_done;
	int work;

	tx_done = igx_clean_tx_irq(qv, budget);
	/* budget 0 (netpoll): TX completion only, never complete NAPI; not
	 * the XDP TX ring, whose lock netpoll (any context, from printk)
	 * could find held on its own CPU
	 */
	if (unlikely(!budget))
		return 0;
	tx_done &= igx_xdp_clean_tx(qv);

	if (qv->rx.xsk_pool)
		work = igx_xsk_clean_rx(qv, budget);
	else
		work = igx_clean_rx_irq(qv, budget);
	/* after the RX refill: what the socket sends may come straight back
	 * (a looped cable, a peer that answers); no more than RX can take
	 */
	if (qv->xdp_tx.xsk_pool)
		tx_done &= igx_xsk_xmit(qv, budget);
	if (!tx_done || work >= budget)
		return budget;

	if (likely(napi_complete_done(napi, work)))
		igx_irq_vector_enable(qv);
	return min(work, budget - 1);
}
