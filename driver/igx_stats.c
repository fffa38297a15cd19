// SPDX-License-Identifier: GPL-2.0
/* igx statistics: per-ring software counters and 64-bit hardware totals. */

#include <net/netdev_queues.h>
#include <net/page_pool/helpers.h>
#include "igx.h"

/* Accumulates the clear-on-read MAC counters; the watchdog calls this often
 * enough that no 32-bit register can wrap in between.
 */
void igx_stats_update_hw(struct igx_adapter *adapter)
{
	spin_lock_bh(&adapter->stats_lock);
	igx_hw_stats_update(&adapter->hw, adapter->hw_stats);
	spin_unlock_bh(&adapter->stats_lock);
}

static void igx_ring_snapshot(struct igx_ring *ring, u64 *out, size_t n)
{
	const u64 *src = (const u64 *)&ring->stats;
	unsigned int start;
	size_t i;

	do {
		start = u64_stats_fetch_begin(&ring->syncp);
		for (i = 0; i < n; i++)
			out[i] = src[i];
	} while (u64_stats_fetch_retry(&ring->syncp, start));
}

/* Called before a ring is freed: its counts move into the adapter. */
void igx_stats_fold_ring(struct igx_adapter *adapter, struct igx_ring *ring,
			 bool rx)
{
	size_t n = rx ? IGX_RXQ_STATS_LEN : IGX_TXQ_STATS_LEN;
	u64 *dst, snap[IGX_RXQ_STATS_LEN];
	size_t i;

	/* snap holds either kind of ring's counters */
	BUILD_BUG_ON(IGX_TXQ_STATS_LEN > IGX_RXQ_STATS_LEN);

	igx_ring_snapshot(ring, snap, n);
	spin_lock_bh(&adapter->stats_lock);
#ifdef CONFIG_PAGE_POOL_STATS
	/* page_pool_get_stats adds to what it is given */
	if (rx && ring->pp)
		page_pool_get_stats(ring->pp, &adapter->pp_totals);
#endif
	dst = rx ? (u64 *)&adapter->rx_totals[ring->queue_index] :
		   (u64 *)&adapter->tx_totals[ring->queue_index];
	for (i = 0; i < n; i++)
		dst[i] += snap[i];
	memset(&ring->stats, 0, sizeof(ring->stats));
	spin_unlock_bh(&adapter->stats_lock);
}

static struct igx_ring *igx_live_ring(struct igx_adapter *adapter,
				      unsigned int q, bool rx)
{
	struct igx_q_vector *qv;

	if (q >= adapter->num_queues)
		return NULL;
	qv = READ_ONCE(adapter->q_vector[q]);
	if (!qv)
		return NULL;
	return rx ? &qv->rx : &qv->tx;
}

/* Caller holds stats_lock, which keeps the rings from being folded/freed
 * under us (fold takes the same lock).
 */
static void igx_queue_stats(struct igx_adapter *adapter, unsigned int q,
			    bool rx, u64 *out)
{
	size_t n = rx ? IGX_RXQ_STATS_LEN : IGX_TXQ_STATS_LEN;
	const u64 *tot = rx ? (const u64 *)&adapter->rx_totals[q] :
			      (const u64 *)&adapter->tx_totals[q];
	struct igx_ring *ring = igx_live_ring(adapter, q, rx);
	u64 xdp[IGX_TXQ_STATS_LEN];
	size_t i;

	if (ring && ring->desc)
		igx_ring_snapshot(ring, out, n);
	else
		memset(out, 0, n * sizeof(u64));
	for (i = 0; i < n; i++)
		out[i] += tot[i];
	/* the XDP TX ring of the queue counts into txN_* too */
	if (!rx && ring && ring->q_vector->xdp_tx.desc) {
		igx_ring_snapshot(&ring->q_vector->xdp_tx, xdp, n);
		for (i = 0; i < n; i++)
			out[i] += xdp[i];
	}
}

void igx_stats_queue_rx(struct igx_adapter *adapter, unsigned int q,
			struct igx_rx_queue_stats *out)
{
	spin_lock_bh(&adapter->stats_lock);
	igx_queue_stats(adapter, q, true, (u64 *)out);
	spin_unlock_bh(&adapter->stats_lock);
}

void igx_stats_queue_tx(struct igx_adapter *adapter, unsigned int q,
			struct igx_tx_queue_stats *out)
{
	spin_lock_bh(&adapter->stats_lock);
	igx_queue_stats(adapter, q, false, (u64 *)out);
	spin_unlock_bh(&adapter->stats_lock);
}

/* MAC control frames the stack sent, over every queue's history */
u64 igx_stats_tx_mac_ctrl(struct igx_adapter *adapter)
{
	struct igx_tx_queue_stats tx;
	unsigned int q;
	u64 n = 0;

	spin_lock_bh(&adapter->stats_lock);
	for (q = 0; q < IGX_MAX_QUEUES; q++) {
		igx_queue_stats(adapter, q, false, (u64 *)&tx);
		n += tx.mac_ctrl;
	}
	spin_unlock_bh(&adapter->stats_lock);
	return n;
}

void igx_get_stats64(struct net_device *netdev,
		     struct rtnl_link_stats64 *stats)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_rx_queue_stats rx;
	struct igx_tx_queue_stats tx;
	const u64 *hw = adapter->hw_stats;
	unsigned int q;

	spin_lock_bh(&adapter->stats_lock);
	for (q = 0; q < IGX_MAX_QUEUES; q++) {
		igx_queue_stats(adapter, q, true, (u64 *)&rx);
		igx_queue_stats(adapter, q, false, (u64 *)&tx);
		/* XDP_DROP and driver drops are still received packets */
		stats->rx_packets += rx.packets;
		stats->rx_bytes += rx.bytes;
		stats->rx_dropped += rx.drops;
		stats->tx_packets += tx.packets;
		stats->tx_bytes += tx.bytes;
	}
	stats->multicast = hw[IGX_HWS_MPRC];
	stats->collisions = hw[IGX_HWS_COLC];
	stats->rx_crc_errors = hw[IGX_HWS_CRCERRS];
	stats->rx_length_errors = hw[IGX_HWS_RLEC] + hw[IGX_HWS_ROC];
	stats->rx_frame_errors = hw[IGX_HWS_ALGNERRC];
	/* RXO events: QEMU never counts MPC or RNBC (igx_hw.c, emulation
	 * differences)
	 */
	stats->rx_missed_errors = atomic64_read(&adapter->rx_overruns);
	stats->rx_errors = stats->rx_crc_errors + stats->rx_length_errors +
			   stats->rx_frame_errors + hw[IGX_HWS_RXERRC];
	stats->tx_aborted_errors = hw[IGX_HWS_ECOL];
	stats->tx_window_errors = hw[IGX_HWS_LATECOL];
	stats->tx_carrier_errors = hw[IGX_HWS_TNCRS];
	stats->tx_errors = stats->tx_aborted_errors + stats->tx_window_errors +
			   stats->tx_carrier_errors;
	spin_unlock_bh(&adapter->stats_lock);
}

#ifdef IGX_HAVE_QSTATS
/* netdev qstats: a queue reports the whole history of its index, the XDP
 * TX ring of the queue pair included, exactly as ethtool -S and
 * ndo_get_stats64 count it; the base holds the indices the stack no longer
 * uses, so base + queues equals ndo_get_stats64 at every moment.
 */
static void igx_qstat_rx(const struct igx_rx_queue_stats *s,
			 struct netdev_queue_stats_rx *rx)
{
	rx->packets = s->packets;
	rx->bytes = s->bytes;
	rx->alloc_fail = s->alloc_fail;
	rx->csum_bad = s->csum_err;
	/* frames the device flagged bad or that could not be built */
	rx->hw_drops = s->drops;
}

static void igx_qstat_tx(const struct igx_tx_queue_stats *s,
			 struct netdev_queue_stats_tx *tx)
{
	tx->packets = s->packets;
	tx->bytes = s->bytes;
	tx->hw_gso_packets = s->gso_packets;
	tx->hw_gso_bytes = s->gso_bytes;
	tx->hw_gso_wire_packets = s->gso_wire_packets;
	tx->hw_gso_wire_bytes = s->gso_wire_bytes;
}

static void igx_get_queue_stats_rx(struct net_device *netdev, int idx,
				   struct netdev_queue_stats_rx *rx)
{
	struct igx_rx_queue_stats s;

	igx_stats_queue_rx(netdev_priv(netdev), idx, &s);
	igx_qstat_rx(&s, rx);
}

static void igx_get_queue_stats_tx(struct net_device *netdev, int idx,
				   struct netdev_queue_stats_tx *tx)
{
	struct igx_tx_queue_stats s;

	igx_stats_queue_tx(netdev_priv(netdev), idx, &s);
	igx_qstat_tx(&s, tx);
}

/* Only the queues the stack does not ask about: every queue index keeps
 * its own history (igx_queue_stats), so a queue's counters neither restart
 * when its rings are rebuilt nor leave anything behind in the base.
 */
static void igx_get_base_stats(struct net_device *netdev,
			       struct netdev_queue_stats_rx *rx,
			       struct netdev_queue_stats_tx *tx)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_rx_queue_stats r, rsum = {};
	struct igx_tx_queue_stats t, tsum = {};
	unsigned int q, i;

	spin_lock_bh(&adapter->stats_lock);
	for (q = netdev->real_num_rx_queues; q < IGX_MAX_QUEUES; q++) {
		igx_queue_stats(adapter, q, true, (u64 *)&r);
		for (i = 0; i < IGX_RXQ_STATS_LEN; i++)
			((u64 *)&rsum)[i] += ((u64 *)&r)[i];
	}
	for (q = netdev->real_num_tx_queues; q < IGX_MAX_QUEUES; q++) {
		igx_queue_stats(adapter, q, false, (u64 *)&t);
		for (i = 0; i < IGX_TXQ_STATS_LEN; i++)
			((u64 *)&tsum)[i] += ((u64 *)&t)[i];
	}
	spin_unlock_bh(&adapter->stats_lock);
	igx_qstat_rx(&rsum, rx);
	igx_qstat_tx(&tsum, tx);
}

const struct netdev_stat_ops igx_stat_ops = {
	.get_queue_stats_rx	= igx_get_queue_stats_rx,
	.get_queue_stats_tx	= igx_get_queue_stats_tx,
	.get_base_stats		= igx_get_base_stats,
};
#endif

/* page_pool counters in ethtool -S: nothing on kernels without
 * CONFIG_PAGE_POOL_STATS (Debian's 6.12), the pool's set otherwise.
 */
u64 *igx_stats_pp_get(struct igx_adapter *adapter, u64 *data)
{
#ifdef CONFIG_PAGE_POOL_STATS
	struct page_pool_stats pp;
	unsigned int q;

	spin_lock_bh(&adapter->stats_lock);
	pp = adapter->pp_totals;
	for (q = 0; q < IGX_MAX_QUEUES; q++) {
		struct igx_ring *ring = igx_live_ring(adapter, q, true);

		if (ring && ring->pp)
			page_pool_get_stats(ring->pp, &pp);
	}
	spin_unlock_bh(&adapter->stats_lock);
	return page_pool_ethtool_stats_get(data, &pp);
#else
	return data;
#endif
}
