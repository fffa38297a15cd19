// SPDX-License-Identifier: GPL-2.0
/* igx ethtool operations. */

#include <linux/ethtool.h>
#include <net/page_pool/helpers.h>
#include "igx.h"

static const char * const igx_rxq_stat_names[] = {
	"packets", "bytes", "alloc_fail", "csum_err", "drops",
	"xdp_pass", "xdp_drop", "xdp_tx", "xdp_redirect", "xdp_aborted",
	"xdp_tx_errors", "xdp_redirect_errors", "xsk_packets",
	"xsk_fill_empty",
};

static const char * const igx_txq_stat_names[] = {
	"packets", "bytes", "restarts", "timeouts", "xdp_xmit",
	"xdp_xmit_errors", "xsk_packets", "mac_ctrl", "gso_packets",
	"gso_bytes", "gso_wire_packets", "gso_wire_bytes",
};

/* one name per counter: a counter added without its name would shift
 * every later ethtool -S value onto the wrong name
 */
static_assert(ARRAY_SIZE(igx_rxq_stat_names) == IGX_RXQ_STATS_LEN);
static_assert(ARRAY_SIZE(igx_txq_stat_names) == IGX_TXQ_STATS_LEN);

/* device-wide software counters, after the per-queue ones */
enum {
	IGX_SW_RX_OVERRUNS,
	IGX_SW_RX_LOW_KICKS,
	IGX_SW_TX_TIMEOUTS,
	IGX_SW_RESETS,
	IGX_SW_TX_HWTSTAMP_SKIPPED,
	IGX_SW_TX_HWTSTAMP_TIMEOUTS,
	IGX_SW_RX_HWTSTAMP_CLEARED,
	IGX_SW_STATS_LEN
};

static const char * const igx_sw_stat_names[IGX_SW_STATS_LEN] = {
	"rx_overruns", "rx_low_kicks", "tx_timeouts", "resets", "tx_hwtstamp_skipped",
	"tx_hwtstamp_timeouts", "rx_hwtstamp_cleared",
};

#define IGX_STATS_LEN	(IGX_MAX_QUEUES * (IGX_RXQ_STATS_LEN + \
					   IGX_TXQ_STATS_LEN) + \
			 IGX_SW_STATS_LEN + IGX_HWS_NUM + page_pool_ethtool_stats_get_count())

static void igx_get_drvinfo(struct net_device *netdev,
			    struct ethtool_drvinfo *info)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	strscpy(info->driver, IGX_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, IGX_DRV_VERSION, sizeof(info->version));
	strscpy(info->fw_version, adapter->fw_version,
		sizeof(info->fw_version));
	strscpy(info->bus_info, pci_name(adapter->pdev),
		sizeof(info->bus_info));
}

static int igx_get_sset_count(struct net_device *netdev, int sset)
{
	switch (sset) {
	case ETH_SS_STATS:
		return IGX_STATS_LEN;
	case ETH_SS_TEST:
		return igx_diag_test_count();
	default:
		return -EOPNOTSUPP;
	}
}

static void igx_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	unsigned int q, i;

	if (sset == ETH_SS_TEST) {
		igx_diag_test_strings(data);
		return;
	}
	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < IGX_MAX_QUEUES; q++) {
		for (i = 0; i < IGX_RXQ_STATS_LEN; i++)
			ethtool_sprintf(&data, "rx%u_%s", q,
					igx_rxq_stat_names[i]);
		for (i = 0; i < IGX_TXQ_STATS_LEN; i++)
			ethtool_sprintf(&data, "tx%u_%s", q,
					igx_txq_stat_names[i]);
	}
	for (i = 0; i < IGX_SW_STATS_LEN; i++)
		ethtool_puts(&data, igx_sw_stat_names[i]);
	for (i = 0; i < IGX_HWS_NUM; i++)
		ethtool_puts(&data, igx_hw_stat_name(i));
	page_pool_ethtool_stats_get_strings(data);
}

static void igx_get_ethtool_stats(struct net_device *netdev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	unsigned int q;

	igx_stats_update_hw(adapter);
	for (q = 0; q < IGX_MAX_QUEUES; q++) {
		igx_stats_queue_rx(adapter, q, (void *)data);
		data += IGX_RXQ_STATS_LEN;
		igx_stats_queue_tx(adapter, q, (void *)data);
		data += IGX_TXQ_STATS_LEN;
	}
	spin_lock_bh(&adapter->stats_lock);
	*data++ = atomic64_read(&adapter->rx_overruns);
	*data++ = atomic64_read(&adapter->rx_low_kicks);
	*data++ = adapter->tx_timeouts;
	*data++ = adapter->resets;
	*data++ = READ_ONCE(adapter->tx_hwtstamp_skipped);
	*data++ = READ_ONCE(adapter->tx_hwtstamp_timeouts);
	*data++ = READ_ONCE(adapter->rx_hwtstamp_cleared);
	memcpy(data, adapter->hw_stats, sizeof(adapter->hw_stats));
	spin_unlock_bh(&adapter->stats_lock);
	igx_stats_pp_get(adapter, data + IGX_HWS_NUM);
}

/* Standard statistics groups from the MAC counters. Under QEMU only the
 * good/broadcast/multicast/size counters move (emulation differences at the
 * top of igx_hw.c); the error, collision and pause counters exist on the
 * silicon and read 0.
 */
static void igx_hw_snapshot(struct igx_adapter *adapter, u64 *hw)
{
	spin_lock_bh(&adapter->stats_lock);
	igx_hw_stats_update(&adapter->hw, adapter->hw_stats);
	memcpy(hw, adapter->hw_stats, sizeof(adapter->hw_stats));
	spin_unlock_bh(&adapter->stats_lock);
}

static void igx_get_eth_mac_stats(struct net_device *netdev,
				  struct ethtool_eth_mac_stats *mac)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u64 hw[IGX_HWS_NUM];

	igx_hw_snapshot(adapter, hw);
	mac->FramesTransmittedOK = hw[IGX_HWS_GPTC];
	mac->SingleCollisionFrames = hw[IGX_HWS_SCC];
	mac->MultipleCollisionFrames = hw[IGX_HWS_MCC];
	mac->FramesReceivedOK = hw[IGX_HWS_GPRC];
	mac->FrameCheckSequenceErrors = hw[IGX_HWS_CRCERRS];
	mac->AlignmentErrors = hw[IGX_HWS_ALGNERRC];
	mac->OctetsTransmittedOK = hw[IGX_HWS_GOTC];
	mac->FramesWithDeferredXmissions = hw[IGX_HWS_DC];
	mac->LateCollisions = hw[IGX_HWS_LATECOL];
	mac->FramesAbortedDueToXSColls = hw[IGX_HWS_ECOL];
	mac->CarrierSenseErrors = hw[IGX_HWS_TNCRS];
	mac->OctetsReceivedOK = hw[IGX_HWS_GORC];
	/* frames the receive FIFO had no room for; RXERRC (symbol errors
	 * the PHY signalled) is a PHY counter, reported in eth-phy
	 */
	mac->FramesLostDueToIntMACRcvError = hw[IGX_HWS_MPC];
	mac->MulticastFramesXmittedOK = hw[IGX_HWS_MPTC];
	mac->BroadcastFramesXmittedOK = hw[IGX_HWS_BPTC];
	mac->MulticastFramesReceivedOK = hw[IGX_HWS_MPRC];
	mac->BroadcastFramesReceivedOK = hw[IGX_HWS_BPRC];
	/* InRangeLengthErrors stays unset: the MAC never compares a length
	 * field with the data (RLEC counts undersize and oversize frames)
	 */
	mac->FrameTooLongErrors = hw[IGX_HWS_ROC];
}

static void igx_get_eth_phy_stats(struct net_device *netdev,
				  struct ethtool_eth_phy_stats *phy)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u64 hw[IGX_HWS_NUM];

	igx_hw_snapshot(adapter, hw);
	/* RXERRC counts on copper (RX_ER), SYMERRS on SerDes links */
	phy->SymbolErrorDuringCarrier = hw[IGX_HWS_RXERRC] +
					hw[IGX_HWS_SYMERRS];
}

static void igx_get_eth_ctrl_stats(struct net_device *netdev,
				   struct ethtool_eth_ctrl_stats *ctrl)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u64 hw[IGX_HWS_NUM];

	igx_hw_snapshot(adapter, hw);
	/* the pause frames the MAC generates, and the MAC control frames
	 * (EtherType 0x8808) the stack sent, which the MAC counts as
	 * ordinary frames
	 */
	ctrl->MACControlFramesTransmitted = hw[IGX_HWS_XONTXC] +
					    hw[IGX_HWS_XOFFTXC] +
					    igx_stats_tx_mac_ctrl(adapter);
	ctrl->MACControlFramesReceived = hw[IGX_HWS_XONRXC] +
					 hw[IGX_HWS_XOFFRXC] +
					 hw[IGX_HWS_FCRUC];
	ctrl->UnsupportedOpcodesReceived = hw[IGX_HWS_FCRUC];
}

static void igx_get_pause_stats(struct net_device *netdev,
				struct ethtool_pause_stats *pause)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u64 hw[IGX_HWS_NUM];

	igx_hw_snapshot(adapter, hw);
	pause->tx_pause_frames = hw[IGX_HWS_XONTXC] + hw[IGX_HWS_XOFFTXC];
	pause->rx_pause_frames = hw[IGX_HWS_XONRXC] + hw[IGX_HWS_XOFFRXC];
}

/* PRCxx/PTCxx buckets; sizes include the FCS */
static const struct ethtool_rmon_hist_range igx_rmon_ranges[] = {
	{    64,    64 },
	{    65,   127 },
	{   128,   255 },
	{   256,   511 },
	{   512,  1023 },
	{  1024,  1522 },
	{}
};

static void igx_get_rmon_stats(struct net_device *netdev,
			       struct ethtool_rmon_stats *rmon,
			       const struct ethtool_rmon_hist_range **ranges)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u64 hw[IGX_HWS_NUM];
	unsigned int i;

	igx_hw_snapshot(adapter, hw);
	rmon->undersize_pkts = hw[IGX_HWS_RUC];
	rmon->oversize_pkts = hw[IGX_HWS_ROC];
	rmon->fragments = hw[IGX_HWS_RFC];
	rmon->jabbers = hw[IGX_HWS_RJC];
	for (i = 0; i < ARRAY_SIZE(igx_rmon_ranges) - 1; i++) {
		rmon->hist[i] = hw[IGX_HWS_PRC64 + i];
		rmon->hist_tx[i] = hw[IGX_HWS_PTC64 + i];
	}
	*ranges = igx_rmon_ranges;
}

/* the PHY's link modes, by IGX_ADV_* bit */
static const unsigned int igx_adv_modes[] = {
	ETHTOOL_LINK_MODE_10baseT_Half_BIT,
	ETHTOOL_LINK_MODE_10baseT_Full_BIT,
	ETHTOOL_LINK_MODE_100baseT_Half_BIT,
	ETHTOOL_LINK_MODE_100baseT_Full_BIT,
	ETHTOOL_LINK_MODE_1000baseT_Full_BIT,
};

static_assert(ARRAY_SIZE(igx_adv_modes) == order_base_2(IGX_ADV_ALL + 1));

static void igx_adv_to_modes(u8 adv, unsigned long *modes)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(igx_adv_modes); i++)
		if (adv & BIT(i))
			__set_bit(igx_adv_modes[i], modes);
}

static int igx_get_link_ksettings(struct net_device *netdev,
				  struct ethtool_link_ksettings *cmd)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	const struct igx_link_cfg *cfg = &adapter->link_cfg;

	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	igx_adv_to_modes(IGX_ADV_ALL, cmd->link_modes.supported);
	ethtool_link_ksettings_add_link_mode(cmd, supported, Autoneg);
	ethtool_link_ksettings_add_link_mode(cmd, supported, TP);
	ethtool_link_ksettings_add_link_mode(cmd, advertising, TP);
	if (cfg->autoneg) {
		igx_adv_to_modes(cfg->advertised, cmd->link_modes.advertising);
		ethtool_link_ksettings_add_link_mode(cmd, advertising, Autoneg);
	}

	cmd->base.port = PORT_TP;
	cmd->base.phy_address = IGX_PHY_ADDR;
	cmd->base.autoneg = cfg->autoneg ? AUTONEG_ENABLE : AUTONEG_DISABLE;
	if (netif_running(netdev) && netif_carrier_ok(netdev)) {
		cmd->base.speed = adapter->link_speed;
		cmd->base.duplex = adapter->link_full_duplex ? DUPLEX_FULL :
							      DUPLEX_HALF;
	} else {
		cmd->base.speed = SPEED_UNKNOWN;
		cmd->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

/* After ethtool -s or -r the link restarts: no carrier until the watchdog
 * sees it back, with the speed and duplex it came back with.
 */
static void igx_link_restarted(struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (!netif_carrier_ok(netdev))
		return;
	adapter->link_up = false;
	netdev_info(netdev, "Link is Down (restarted)\n");
	netif_carrier_off(netdev);
}

/* ethtool -s. 6.12's set_link_ksettings has no extack: a refused request
 * says why in the kernel log (netdev_info) and changes nothing.
 */
static int igx_check_link_ksettings(struct net_device *netdev,
				    const struct ethtool_link_ksettings *cmd,
				    struct igx_link_cfg *cfg)
{
	__ETHTOOL_DECLARE_LINK_MODE_MASK(supported) = {};
	struct igx_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	if (cmd->base.port != PORT_TP) {
		netdev_info(netdev, "ethtool -s: the only port is tp\n");
		return -EINVAL;
	}
	if (cmd->base.phy_address != IGX_PHY_ADDR) {
		netdev_info(netdev, "ethtool -s: the PHY is at address %u\n",
			    IGX_PHY_ADDR);
		return -EINVAL;
	}

	*cfg = adapter->link_cfg;
	if (cmd->base.autoneg == AUTONEG_ENABLE) {
		igx_adv_to_modes(IGX_ADV_ALL, supported);
		__set_bit(ETHTOOL_LINK_MODE_Autoneg_BIT, supported);
		__set_bit(ETHTOOL_LINK_MODE_TP_BIT, supported);
		if (!bitmap_subset(cmd->link_modes.advertising, supported,
				   __ETHTOOL_LINK_MODE_MASK_NBITS)) {
			netdev_info(netdev,
				    "ethtool -s: advertised modes outside 10/100baseT half/full and 1000baseT full\n");
			return -EINVAL;
		}
		cfg->autoneg = true;
		cfg->advertised = 0;
		for (i = 0; i < ARRAY_SIZE(igx_adv_modes); i++)
			if (test_bit(igx_adv_modes[i],
				     cmd->link_modes.advertising))
				cfg->advertised |= BIT(i);
		if (!cfg->advertised) {
			netdev_info(netdev,
				    "ethtool -s: autonegotiation needs at least one speed advertised\n");
			return -EINVAL;
		}
		return 0;
	}

	if (cmd->base.autoneg != AUTONEG_DISABLE) {
		netdev_info(netdev, "ethtool -s: autoneg must be on or off\n");
		return -EINVAL;
	}
	if (cmd->base.speed == SPEED_1000) {
		netdev_info(netdev,
			    "ethtool -s: 1000baseT needs autonegotiation; use autoneg on advertise 0x020\n");
		return -EINVAL;
	}
	if (cmd->base.speed != SPEED_10 && cmd->base.speed != SPEED_100) {
		netdev_info(netdev,
			    "ethtool -s: forced speed must be 10 or 100, not %u\n",
			    cmd->base.speed);
		return -EINVAL;
	}
	if (cmd->base.duplex != DUPLEX_HALF && cmd->base.duplex != DUPLEX_FULL) {
		netdev_info(netdev, "ethtool -s: forced duplex must be half or full\n");
		return -EINVAL;
	}
	if (cmd->base.duplex == DUPLEX_HALF && (adapter->fc_rx || adapter->fc_tx)) {
		netdev_info(netdev,
			    "ethtool -s: pause frames need full duplex; turn them off first (ethtool -A rx off tx off)\n");
		return -EINVAL;
	}
	cfg->autoneg = false;
	cfg->speed = cmd->base.speed;
	cfg->full_duplex = cmd->base.duplex == DUPLEX_FULL;
	return 0;
}

static int igx_set_link_ksettings(struct net_device *netdev,
				  const struct ethtool_link_ksettings *cmd)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_link_cfg cfg;
	int err;

	err = igx_check_link_ksettings(netdev, cmd, &cfg);
	if (err)
		return err;
	if (cfg.autoneg == adapter->link_cfg.autoneg &&
	    (cfg.autoneg ? cfg.advertised == adapter->link_cfg.advertised :
	     cfg.speed == adapter->link_cfg.speed &&
	     cfg.full_duplex == adapter->link_cfg.full_duplex))
		return 0;
	err = igx_hw_link_setup(&adapter->hw, &cfg);
	if (err) {
		netdev_err(netdev, "ethtool -s: PHY setup failed: %d\n", err);
		/* back to what the port had */
		igx_hw_link_setup(&adapter->hw, &adapter->link_cfg);
		return err;
	}
	adapter->link_cfg = cfg;
	igx_link_restarted(netdev);
	return 0;
}

static int igx_nway_reset(struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	int err;

	if (!adapter->link_cfg.autoneg) {
		netdev_info(netdev, "ethtool -r: autonegotiation is off\n");
		return -EINVAL;
	}
	err = igx_hw_restart_autoneg(&adapter->hw);
	if (!err)
		igx_link_restarted(netdev);
	return err;
}

static u32 igx_get_msglevel(struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	return adapter->msg_enable;
}

static void igx_set_msglevel(struct net_device *netdev, u32 level)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	adapter->msg_enable = level;
}

static void igx_get_channels(struct net_device *netdev,
			     struct ethtool_channels *ch)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	/* with VFs the PF's pool has one queue pair (igx_sriov.c) */
	ch->max_combined = adapter->num_vfs ? 1 : IGX_MAX_QUEUES;
	ch->max_other = 1;
	ch->other_count = 1;
	ch->combined_count = netif_running(netdev) ? adapter->num_queues :
						     adapter->req_queues;
}

static int igx_set_channels(struct net_device *netdev,
			    struct ethtool_channels *ch)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (ch->rx_count || ch->tx_count || ch->other_count != 1)
		return -EINVAL;
	if (!ch->combined_count || ch->combined_count > IGX_MAX_QUEUES)
		return -EINVAL;
	if (adapter->num_vfs && ch->combined_count > 1) {
		netdev_err(netdev, "with VFs the PF has one queue pair: the device runs no RSS inside a VMDq pool\n");
		return -EINVAL;
	}
	if (ch->combined_count == adapter->req_queues)
		return 0;
	return igx_reconfigure(adapter, ch->combined_count,
			       adapter->rx_ring_count, adapter->tx_ring_count);
}

static void igx_get_ringparam(struct net_device *netdev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	ring->rx_max_pending = IGX_MAX_RING;
	ring->tx_max_pending = IGX_MAX_RING;
	ring->rx_pending = adapter->rx_ring_count;
	ring->tx_pending = adapter->tx_ring_count;
}

static int igx_set_ringparam(struct net_device *netdev,
			     struct ethtool_ringparam *ring,
			     struct kernel_ethtool_ringparam *kring,
			     struct netlink_ext_ack *extack)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (ring->rx_mini_pending || ring->rx_jumbo_pending)
		return -EINVAL;
	if (ring->rx_pending < IGX_MIN_RING || ring->tx_pending < IGX_MIN_RING ||
	    ring->rx_pending > IGX_MAX_RING || ring->tx_pending > IGX_MAX_RING) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "ring size must be %u..%u",
				       IGX_MIN_RING, IGX_MAX_RING);
		return -EINVAL;
	}
	if (ring->rx_pending % IGX_RING_ALIGN ||
	    ring->tx_pending % IGX_RING_ALIGN) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "ring size must be a multiple of %u",
				       IGX_RING_ALIGN);
		return -EINVAL;
	}
	if (ring->rx_pending == adapter->rx_ring_count &&
	    ring->tx_pending == adapter->tx_ring_count)
		return 0;
	return igx_reconfigure(adapter, adapter->req_queues, ring->rx_pending,
			       ring->tx_pending);
}

static int igx_get_coalesce(struct net_device *netdev,
			    struct ethtool_coalesce *ec,
			    struct kernel_ethtool_coalesce *kec,
			    struct netlink_ext_ack *extack)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	ec->rx_coalesce_usecs = adapter->itr_usecs;
	ec->tx_coalesce_usecs = adapter->itr_usecs;
	ec->use_adaptive_rx_coalesce = adapter->itr_adaptive;
	ec->use_adaptive_tx_coalesce = adapter->itr_adaptive;
	return 0;
}

static int igx_set_coalesce(struct net_device *netdev,
			    struct ethtool_coalesce *ec,
			    struct kernel_ethtool_coalesce *kec,
			    struct netlink_ext_ack *extack)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	/* one vector serves RX and TX of a queue pair */
	if (ec->tx_coalesce_usecs != adapter->itr_usecs &&
	    ec->tx_coalesce_usecs != ec->rx_coalesce_usecs) {
		NL_SET_ERR_MSG_MOD(extack,
				   "rx-usecs and tx-usecs share one vector; set them equal");
		return -EINVAL;
	}
	if (ec->rx_coalesce_usecs > (IGX_EITR_MAX >> 2)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "rx-usecs must be 0..%u",
				       IGX_EITR_MAX >> 2);
		return -EINVAL;
	}
	if (ec->use_adaptive_rx_coalesce != ec->use_adaptive_tx_coalesce) {
		NL_SET_ERR_MSG_MOD(extack,
				   "adaptive-rx and adaptive-tx share one vector; set them equal");
		return -EINVAL;
	}
	adapter->itr_usecs = ec->rx_coalesce_usecs;
	WRITE_ONCE(adapter->itr_adaptive, ec->use_adaptive_rx_coalesce);
	igx_irq_set_itr(adapter);
	return 0;
}

static u32 igx_get_rxfh_key_size(struct net_device *netdev)
{
	return IGX_RSS_KEY_SIZE;
}

static u32 igx_get_rxfh_indir_size(struct net_device *netdev)
{
	return IGX_RETA_SIZE;
}

static int igx_get_rxfh(struct net_device *netdev,
			struct ethtool_rxfh_param *rxfh)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	rxfh->hfunc = ETH_RSS_HASH_TOP;
	if (rxfh->key)
		memcpy(rxfh->key, adapter->rss_key, IGX_RSS_KEY_SIZE);
	if (rxfh->indir)
		for (i = 0; i < IGX_RETA_SIZE; i++)
			rxfh->indir[i] = adapter->rss_reta[i];
	return 0;
}

static int igx_set_rxfh(struct net_device *netdev,
			struct ethtool_rxfh_param *rxfh,
			struct netlink_ext_ack *extack)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	unsigned int i, nq;

	if (rxfh->hfunc != ETH_RSS_HASH_NO_CHANGE &&
	    rxfh->hfunc != ETH_RSS_HASH_TOP) {
		NL_SET_ERR_MSG_MOD(extack, "only the Toeplitz hash is supported");
		return -EOPNOTSUPP;
	}
	if (rxfh->rss_context) {
		NL_SET_ERR_MSG_MOD(extack, "no additional RSS contexts");
		return -EOPNOTSUPP;
	}
	nq = netif_running(netdev) ? adapter->num_queues : adapter->req_queues;
	if (rxfh->indir) {
		for (i = 0; i < IGX_RETA_SIZE; i++)
			if (rxfh->indir[i] >= nq) {
				NL_SET_ERR_MSG_FMT_MOD(extack,
						       "indirection entry %u: queue %u of %u",
						       i, rxfh->indir[i], nq);
				return -EINVAL;
			}
		for (i = 0; i < IGX_RETA_SIZE; i++)
			adapter->rss_reta[i] = rxfh->indir[i];
	}
	if (rxfh->key)
		memcpy(adapter->rss_key, rxfh->key, IGX_RSS_KEY_SIZE);
	if (netif_running(netdev))
		igx_rss_apply(adapter);
	return 0;
}

#ifndef HAVE_ETHTOOL_RXFH_PARAM
IGX_ETHTOOL_RXFH_COMPAT(igx_get_rxfh, igx_set_rxfh)
#define igx_get_rxfh igx_get_rxfh_compat
#define igx_set_rxfh igx_set_rxfh_compat
#endif

/* MRQC port-hashing field of a flow type, 0 for address-only types */
static u32 igx_rss_l4_field(u32 flow_type)
{
	switch (flow_type) {
	case TCP_V4_FLOW:
		return IGX_MRQC_TCP4;
	case UDP_V4_FLOW:
		return IGX_MRQC_UDP4;
	case TCP_V6_FLOW:
		return IGX_MRQC_TCP6EX;
	case UDP_V6_FLOW:
		return IGX_MRQC_UDP6;
	default:
		return 0;
	}
}

static u32 igx_get_rx_ring_count(struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	return netif_running(netdev) ? adapter->num_queues : adapter->req_queues;
}

static int igx_get_rxfh_fields(struct net_device *netdev,
			       struct ethtool_rxfh_fields *fields)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u32 l4 = igx_rss_l4_field(fields->flow_type);

	switch (fields->flow_type) {
	case TCP_V4_FLOW:
	case UDP_V4_FLOW:
	case TCP_V6_FLOW:
	case UDP_V6_FLOW:
	case IPV4_FLOW:
	case IPV6_FLOW:
	case SCTP_V4_FLOW:
	case SCTP_V6_FLOW:
		fields->data = RXH_IP_SRC | RXH_IP_DST;
		if (l4 && !(adapter->rss_l4_off & l4))
			fields->data |= RXH_L4_B_0_1 | RXH_L4_B_2_3;
		return 0;
	default:
		return -EINVAL;
	}
}

/* The device hashes addresses always and ports per TCP/UDP flow type. */
static int igx_set_rxfh_fields(struct net_device *netdev,
			       const struct ethtool_rxfh_fields *fields,
			       struct netlink_ext_ack *extack)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	const u64 ips = RXH_IP_SRC | RXH_IP_DST;
	const u64 ports = RXH_L4_B_0_1 | RXH_L4_B_2_3;
	u32 l4 = igx_rss_l4_field(fields->flow_type);
	u32 off = adapter->rss_l4_off;

	switch (fields->flow_type) {
	case TCP_V4_FLOW:
	case UDP_V4_FLOW:
	case TCP_V6_FLOW:
	case UDP_V6_FLOW:
		if (fields->data == (ips | ports)) {
			off &= ~l4;
		} else if (fields->data == ips) {
			off |= l4;
		} else {
			NL_SET_ERR_MSG_MOD(extack,
					   "TCP and UDP hash the addresses, or the addresses and both port halves");
			return -EINVAL;
		}
		break;
	case IPV4_FLOW:
	case IPV6_FLOW:
	case SCTP_V4_FLOW:
	case SCTP_V6_FLOW:
		if (fields->data != ips) {
			NL_SET_ERR_MSG_MOD(extack, "this flow type hashes the addresses only");
			return -EINVAL;
		}
		return 0;
	default:
		NL_SET_ERR_MSG_MOD(extack, "flow type not hashed by the device");
		return -EOPNOTSUPP;
	}
	if (off == adapter->rss_l4_off)
		return 0;
	adapter->rss_l4_off = off;
	if (netif_running(netdev))
		igx_rss_apply(adapter);
	return 0;
}

#if defined(IGX_COMPAT_GET_RXNFC) || defined(IGX_COMPAT_SET_RXNFC)
static const struct igx_compat_rxfh_ops igx_compat_rxfh_ops = {
	.get_rx_ring_count	= igx_get_rx_ring_count,
	.get_rxfh_fields	= igx_get_rxfh_fields,
	.set_rxfh_fields	= igx_set_rxfh_fields,
};
#endif

#ifdef IGX_COMPAT_GET_RXNFC
static int igx_get_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd,
			 u32 *rule_locs)
{
	return igx_compat_get_rxnfc(&igx_compat_rxfh_ops, netdev, cmd);
}
#endif

#ifdef IGX_COMPAT_SET_RXNFC
static int igx_set_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd)
{
	return igx_compat_set_rxnfc(&igx_compat_rxfh_ops, netdev, cmd);
}
#endif

static void igx_get_pauseparam(struct net_device *netdev,
			       struct ethtool_pauseparam *pause)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	pause->autoneg = AUTONEG_DISABLE;
	pause->rx_pause = adapter->fc_rx;
	pause->tx_pause = adapter->fc_tx;
}

/* Pause is forced, not negotiated: the PHY does not advertise it. */
static int igx_set_pauseparam(struct net_device *netdev,
			      struct ethtool_pauseparam *pause)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (pause->autoneg != AUTONEG_DISABLE) {
		netdev_info(netdev, "pause autonegotiation is not supported; use autoneg off\n");
		return -EINVAL;
	}
	if ((pause->rx_pause || pause->tx_pause) &&
	    ((!adapter->link_cfg.autoneg && !adapter->link_cfg.full_duplex) ||
	     (netif_running(netdev) && netif_carrier_ok(netdev) &&
	      !adapter->link_full_duplex))) {
		netdev_info(netdev, "pause frames need a full-duplex link\n");
		return -EINVAL;
	}
	adapter->fc_rx = pause->rx_pause;
	adapter->fc_tx = pause->tx_pause;
	if (netif_running(netdev))
		igx_hw_set_flow_control(&adapter->hw, adapter->fc_rx,
					adapter->fc_tx);
	return 0;
}

static int igx_get_eeprom_len(struct net_device *netdev)
{
	return IGX_NVM_WORDS * sizeof(u16);
}

/* The core bounds offset + len by get_eeprom_len. */
static int igx_get_eeprom(struct net_device *netdev,
			  struct ethtool_eeprom *eeprom, u8 *bytes)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u32 first = eeprom->offset / 2;
	u32 last = (eeprom->offset + eeprom->len - 1) / 2;
	u32 w, pos = 0;
	u16 word;
	int err;

	if (!eeprom->len)
		return -EINVAL;
	eeprom->magic = adapter->pdev->vendor | adapter->pdev->device << 16;
	for (w = first; w <= last; w++) {
		u8 le[2];
		u32 b;

		err = igx_hw_read_nvm(&adapter->hw, w, &word);
		if (err)
			return err;
		le[0] = word & 0xFF;
		le[1] = word >> 8;
		for (b = 0; b < 2; b++) {
			u32 off = w * 2 + b;

			if (off >= eeprom->offset &&
			    off < eeprom->offset + eeprom->len)
				bytes[pos++] = le[b];
		}
	}
	return 0;
}

static int igx_get_regs_len(struct net_device *netdev)
{
	return IGX_REGS_DUMP_LEN * sizeof(u32);
}

static void igx_get_regs(struct net_device *netdev, struct ethtool_regs *regs,
			 void *p)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	regs->version = 1;
	igx_hw_regs_dump(&adapter->hw, p);
}

static const struct ethtool_ops igx_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS |
				     ETHTOOL_COALESCE_USE_ADAPTIVE,
	.get_drvinfo		= igx_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= igx_get_link_ksettings,
	.set_link_ksettings	= igx_set_link_ksettings,
	.nway_reset		= igx_nway_reset,
	.get_msglevel		= igx_get_msglevel,
	.set_msglevel		= igx_set_msglevel,
	.get_sset_count		= igx_get_sset_count,
	.get_strings		= igx_get_strings,
	.get_ethtool_stats	= igx_get_ethtool_stats,
	.get_channels		= igx_get_channels,
	.set_channels		= igx_set_channels,
	.get_ringparam		= igx_get_ringparam,
	.set_ringparam		= igx_set_ringparam,
	.get_coalesce		= igx_get_coalesce,
	.set_coalesce		= igx_set_coalesce,
	.get_rxfh_key_size	= igx_get_rxfh_key_size,
	.get_rxfh_indir_size	= igx_get_rxfh_indir_size,
	.get_rxfh		= igx_get_rxfh,
	.set_rxfh		= igx_set_rxfh,
#ifdef HAVE_GET_RX_RING_COUNT
	.get_rx_ring_count	= igx_get_rx_ring_count,
#endif
#ifdef HAVE_ETHTOOL_RXFH_FIELDS
	.get_rxfh_fields	= igx_get_rxfh_fields,
	.set_rxfh_fields	= igx_set_rxfh_fields,
#endif
#ifdef IGX_COMPAT_GET_RXNFC
	.get_rxnfc		= igx_get_rxnfc,
#endif
#ifdef IGX_COMPAT_SET_RXNFC
	.set_rxnfc		= igx_set_rxnfc,
#endif
	.get_pauseparam		= igx_get_pauseparam,
	.set_pauseparam		= igx_set_pauseparam,
	.get_pause_stats	= igx_get_pause_stats,
	.get_eth_mac_stats	= igx_get_eth_mac_stats,
	.get_eth_ctrl_stats	= igx_get_eth_ctrl_stats,
	.get_eth_phy_stats	= igx_get_eth_phy_stats,
	.get_rmon_stats		= igx_get_rmon_stats,
	.get_eeprom_len		= igx_get_eeprom_len,
	.get_eeprom		= igx_get_eeprom,
	.self_test		= igx_diag_self_test,
	.get_regs_len		= igx_get_regs_len,
	.get_regs		= igx_get_regs,
	.get_ts_info		= igx_ptp_get_ts_info,
#ifdef HAVE_GET_TS_STATS
	.get_ts_stats		= igx_ptp_get_ts_stats,
#endif
};

void igx_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &igx_ethtool_ops;
}
