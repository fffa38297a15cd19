// SPDX-License-Identifier: GPL-2.0
/* igx zero-copy AF_XDP, setup: binding a socket's pool to a queue pair and
 * unbinding it, need_wakeup's kick, what igx tells the stack it can do.
 *
 * A zero-copy pool on queue q takes over q's RX ring (UMEM chunks instead
 * of page_pool pages) and shares q's XDP TX ring, where the socket's
 * frames go out next to XDP_TX and ndo_xdp_xmit (igx_xdp_tx.c); the
 * stack's TX ring is never involved. Attaching or detaching a pool
 * restarts q alone: other queues and the link are untouched. The datapath
 * of a bound queue is igx_xsk.c.
 */

#include <net/xdp_sock_drv.h>
#include "igx.h"

#define IGX_XSK_DMA_ATTR	(DMA_ATTR_SKIP_CPU_SYNC | DMA_ATTR_WEAK_ORDERING)

/* descriptors of one packet from a socket's TX ring (the device takes 64) */
#define IGX_XSK_MAX_SEGS	16

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
	igx_xdp_tx_set_pool(adapter, &qv->xdp_tx, pool);
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

/* At probe. */
void igx_xsk_init_netdev(struct net_device *netdev)
{
#ifdef IGX_HAVE_XSK_TX_METADATA
	netdev->xsk_tx_metadata_ops = &igx_xsk_tx_metadata_ops;
#endif
#ifdef IGX_HAVE_XSK_MULTI_BUFFER
	netdev->xdp_zc_max_segs = IGX_XSK_MAX_SEGS;
#endif
}
