// SPDX-License-Identifier: GPL-2.0
/* igx rings: queue vectors and their three rings (RX, stack TX, XDP TX),
 * their lifecycle (allocate, program, fill, stop, free) and the NAPI poll
 * that drives them. What runs inside a poll lives with its ring: igx_rx.c,
 * igx_tx.c, igx_xdp_tx.c, igx_xsk.c.
 */

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
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV |
			 IGX_PP_FLAG_FRAG,
		.pool_size = ring->count,
		.nid = dev_to_node(ring->dev),
		.dev = ring->dev,
#ifdef HAVE_PP_NAPI
		.napi = &ring->q_vector->napi,
#endif
		/* bidirectional so XDP_TX can send from the RX page */
		.dma_dir = DMA_BIDIRECTIONAL,
		/* a page goes back to the device whole, fragments or not */
		.offset = 0,
		.max_len = PAGE_SIZE,
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

	/* frame_sz: per frame, the size of the buffer it starts in */
	xdp_init_buff(&ring->xdp.xdp, PAGE_SIZE, &ring->xdp_rxq);
	ring->frame_open = false;
	ring->frag_page = NULL;
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

/* The pool of queue @q if it is a zero-copy one: copy-mode sockets
 * register theirs at the queue too, and those never reach the rings.
 */
struct xsk_buff_pool *igx_xsk_pool(struct igx_adapter *adapter, u16 q)
{
	if (!test_bit(q, &adapter->xsk_zc))
		return NULL;
	return xsk_get_pool_from_qid(adapter->netdev, q);
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

/* The RX ring's low mark (igx_hw_rxq_configure): with an eighth of a
 * page_pool ring left posted, the other vector starts the queue's poll
 * (igx_irq_rx_low), so the ring does not fill up however long moderation
 * holds its interrupt back. The eighth takes a sender's burst (pktgen's
 * 32 frames arrive in one TDT write in QEMU) or 21 us of line rate until
 * the poll begins. An AF_XDP ring, whose short interval (igx_irq.c) keeps
 * it well below the mark, gets the poll only once every buffer is taken:
 * with the eighth, make bench's zero-copy rxdrop 64 B took 4414 such polls
 * in 2.2 million frames and 158 instructions per frame against 153. Rings
 * of an XDP program, whose buffers change kind without a queue restart,
 * keep the page_pool mark: XDP_DROP and XDP_TX cost the same with it.
 */
static u16 igx_rx_low_mark(const struct igx_ring *ring)
{
	return ring->xsk_pool ? 0 : ring->count / 8;
}

/* Programs one RX queue for its buffers (page_pool or the XSK pool) and
 * fills it; the queue is stopped and its NAPI not running.
 */
void igx_ring_rx_start(struct igx_ring *ring)
{
	struct igx_adapter *adapter = ring->q_vector->adapter;
	struct igx_hw *hw = &adapter->hw;
	u32 buf_len = igx_rx_buf_len(adapter);

	ring->rx_frags = igx_rx_frags(adapter);
	if (ring->xsk_pool) {
		buf_len = igx_xsk_buf_len(ring->xsk_pool);
		xsk_pool_set_rxq_info(ring->xsk_pool, &ring->xsk_rxq);
	}
	/* stale DD bits of an earlier life need no clearing: the RX loops
	 * stop at next_to_use, and posting a slot clears its DD bit
	 */
	igx_hw_rxq_configure(hw, ring->reg_idx, ring->dma, ring->count,
			     buf_len, igx_rx_low_mark(ring));
	ring->tail = igx_hw_rx_tail(hw, ring->reg_idx);
	igx_rx_fill(ring);
}

/* Stops one RX queue and takes its buffers back; its NAPI is disabled. */
void igx_ring_rx_stop(struct igx_ring *ring)
{
	igx_hw_rxq_disable(&ring->q_vector->adapter->hw, ring->reg_idx);
	igx_rx_release(ring);
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

		igx_tx_release(&qv->tx);
		igx_xdp_tx_release(&qv->xdp_tx);
		igx_rx_release(&qv->rx);
	}
}

/* ---- NAPI ---- */

/* The NAPI poll of a queue pair: stack TX completion, XDP TX ring
 * completion, RX (igx_rx.c), then the AF_XDP socket's transmit.
 */
int igx_poll(struct napi_struct *napi, int budget)
{
	struct igx_q_vector *qv = container_of(napi, struct igx_q_vector, napi);
	bool tx_done;
	int work;

	tx_done = igx_tx_clean(qv, budget);
	/* budget 0 (netpoll): TX completion only, never complete NAPI; not
	 * the XDP TX ring, whose lock netpoll (any context, from printk)
	 * could find held on its own CPU
	 */
	if (unlikely(!budget))
		return 0;
	tx_done &= igx_xdp_tx_clean(qv);

	work = igx_rx_clean(qv, budget);
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
