// SPDX-License-Identifier: GPL-2.0
/* igx net_device operations: open/stop, filters, MTU, reset, link watch. */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include "igx.h"

void igx_rss_default_reta(struct igx_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < IGX_RETA_SIZE; i++)
		adapter->rss_reta[i] =
			ethtool_rxfh_indir_default(i, adapter->num_queues);
}

void igx_rss_apply(struct igx_adapter *adapter)
{
	igx_hw_set_rss(&adapter->hw, adapter->rss_key, adapter->rss_reta,
		       adapter->rss_l4_off);
	/* with VFs MRQC selects pools instead (one PF queue, no RSS) */
	if (adapter->num_vfs)
		igx_hw_vmdq_enable(&adapter->hw, igx_pf_pool(adapter));
}

static void igx_set_queue_napi(struct igx_adapter *adapter, bool set)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int i;

	for (i = 0; i < adapter->num_queues; i++) {
		struct napi_struct *napi = set ? &adapter->q_vector[i]->napi :
						 NULL;

		netif_queue_set_napi(netdev, i, NETDEV_QUEUE_TYPE_RX, napi);
		netif_queue_set_napi(netdev, i, NETDEV_QUEUE_TYPE_TX, napi);
	}
}

static void igx_set_xps(struct igx_adapter *adapter)
{
	int node = dev_to_node(&adapter->pdev->dev);
	unsigned int i;

	for (i = 0; i < adapter->num_queues; i++)
		netif_set_xps_queue(adapter->netdev,
				    get_cpu_mask(cpumask_local_spread(i, node)),
				    i);
}

static void igx_sync_rx_filters(struct igx_adapter *adapter);

/* The whole VLAN filter table from active_vlans (after a MAC reset). */
static void igx_vlan_restore(struct igx_adapter *adapter)
{
	unsigned int i;

	for (i = 0; i < IGX_VFTA_REGS; i++)
		igx_hw_write_vfta(&adapter->hw, i,
				  bitmap_read(adapter->active_vlans, i * 32, 32));
}

/* The PF's pool options (VMDq ignores CTRL.VME and RCTL's limit there) */
static void igx_pf_pool_rx(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	if (adapter->num_vfs)
		igx_hw_pool_rx(&adapter->hw, igx_pf_pool(adapter),
			       IGX_MAX_FRAME(netdev->mtu), true,
			       netdev->features & NETIF_F_HW_VLAN_CTAG_RX);
}

/* Brings the port up: vectors, rings, buffers, hardware. Under rtnl. */
int igx_up(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int i;
	int err;

	/* with VFs the PF's pool holds one queue pair (igx_sriov.c) */
	err = igx_irq_init(adapter, adapter->num_vfs ? 1 : adapter->req_queues);
	if (err)
		return err;
	err = igx_alloc_q_vectors(adapter);
	if (err)
		goto err_vectors;
	err = igx_setup_rings(adapter);
	if (err)
		goto err_qv;
	err = igx_irq_request(adapter);
	if (err)
		goto err_rings;

	err = netif_set_real_num_tx_queues(netdev, adapter->num_queues);
	if (err)
		goto err_irq;
	err = netif_set_real_num_rx_queues(netdev, adapter->num_queues);
	if (err)
		goto err_irq;

	if (!netif_is_rxfh_configured(netdev))
		igx_rss_default_reta(adapter);
	for (i = 0; i < IGX_RETA_SIZE; i++)
		if (adapter->rss_reta[i] >= adapter->num_queues) {
			igx_rss_default_reta(adapter);
			break;
		}

	igx_hw_set_vlan_strip(&adapter->hw,
			      netdev->features & NETIF_F_HW_VLAN_CTAG_RX);
	igx_hw_set_flow_control(&adapter->hw, adapter->fc_rx, adapter->fc_tx);
	igx_rss_apply(adapter);
	igx_sriov_up(adapter);
	igx_irq_configure(adapter);
	igx_configure_rings(adapter);
	igx_xdp_tx_publish(adapter, true);
	igx_set_xps(adapter);

	igx_ptp_restore(adapter);
	clear_bit(IGX_STATE_DOWN, &adapter->state);
	igx_vlan_restore(adapter);
	igx_sync_rx_filters(adapter);
	for (i = 0; i < adapter->num_queues; i++)
		napi_enable(&adapter->q_vector[i]->napi);
	igx_set_queue_napi(adapter, true);
	igx_irq_enable(adapter);
	netif_tx_start_all_queues(netdev);

	/* carrier follows the link: let the watchdog look now */
	mod_delayed_work(system_percpu_wq, &adapter->watchdog, 0);
	return 0;

err_irq:
	igx_irq_free(adapter);
err_rings:
	igx_free_rings(adapter);
err_qv:
	igx_free_q_vectors(adapter);
err_vectors:
	igx_irq_deinit(adapter);
	return err;
}

/* Quiesces the hardware before anything it may DMA to is freed. */
void igx_down(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	unsigned int i;

	if (test_and_set_bit(IGX_STATE_DOWN, &adapter->state))
		return;

	igx_xdp_tx_publish(adapter, false);
	netif_carrier_off(netdev);
	netif_tx_disable(netdev);
	/* VFs keep receiving: only the PF's own queues stop */
	netif_addr_lock_bh(netdev);
	if (!adapter->num_vfs)
		igx_hw_rx_disable(&adapter->hw);
	netif_addr_unlock_bh(netdev);
	igx_disable_rings(adapter);
	igx_irq_disable(adapter);
	igx_irq_synchronize(adapter);
	igx_set_queue_napi(adapter, false);
	for (i = 0; i < adapter->num_queues; i++)
		napi_disable(&adapter->q_vector[i]->napi);
	/* a completion that raced with the first one may have woken a queue */
	netif_tx_disable(netdev);

	igx_irq_free(adapter);
	igx_clean_rings(adapter);
	igx_ptp_tx_flush(adapter);
	igx_free_rings(adapter);
	igx_free_q_vectors(adapter);
	igx_irq_deinit(adapter);
	adapter->link_up = false;
	/* no PF interrupt now: the mailboxes are polled */
	igx_sriov_kick(adapter);
}

static int igx_open(struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	netif_carrier_off(netdev);
	return igx_up(adapter);
}

static int igx_stop(struct net_device *netdev)
{
	igx_down(netdev_priv(netdev));
	return 0;
}

/* ethtool -L / -G: rebuild with new sizes; on failure fall back to the old
 * ones so the port keeps working.
 */
int igx_reconfigure(struct igx_adapter *adapter, u16 queues, u16 rx_count,
		    u16 tx_count)
{
	u16 old_q = adapter->req_queues, old_rx = adapter->rx_ring_count;
	u16 old_tx = adapter->tx_ring_count;
	bool running = netif_running(adapter->netdev);
	int err;

	if (running)
		igx_down(adapter);
	adapter->req_queues = queues;
	adapter->rx_ring_count = rx_count;
	adapter->tx_ring_count = tx_count;
	if (!running)
		return 0;

	err = igx_up(adapter);
	if (!err)
		return 0;
	adapter->req_queues = old_q;
	adapter->rx_ring_count = old_rx;
	adapter->tx_ring_count = old_tx;
	if (igx_up(adapter))
		netdev_err(adapter->netdev, "port stays down after failed reconfiguration\n");
	return err;
}

static void igx_set_rx_mode(struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_hw *hw = &adapter->hw;
	bool upe = netdev->flags & IFF_PROMISC;
	bool mpe = netdev->flags & (IFF_PROMISC | IFF_ALLMULTI);
	struct netdev_hw_addr *ha;
	unsigned int rar = 1;
	u32 *mta = adapter->mta_shadow;
	unsigned long flags;
	/* with VFs: the top entries hold their addresses, and VMDq delivers
	 * an entry's frames to the pools named in it
	 */
	unsigned int rars = IGX_RAR_ENTRIES - adapter->num_vfs;
	u32 pool = adapter->num_vfs ? IGX_RAH_POOL(igx_pf_pool(adapter)) : 0;

	igx_hw_set_rar_pool(hw, 0, netdev->dev_addr, pool);

	/* extra unicast addresses take exact entries; overflow: promiscuous */
	if (netdev_uc_count(netdev) > rars - 1) {
		upe = true;
	} else {
		netdev_for_each_uc_addr(ha, netdev)
			igx_hw_set_rar_pool(hw, rar++, ha->addr, pool);
	}

	/* multicast: spare exact entries first, then the MTA hash */
	spin_lock_irqsave(&adapter->vf_lock, flags);
	memset(mta, 0, sizeof(adapter->mta_shadow));
	netdev_for_each_mc_addr(ha, netdev) {
		u32 hash;

		if (rar < rars) {
			igx_hw_set_rar_pool(hw, rar++, ha->addr, pool);
			continue;
		}
		hash = igx_hw_mta_hash(ha->addr);
		mta[hash >> 5] |= BIT(hash & 0x1F);
	}
	igx_sriov_write_mta(adapter);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	while (rar < rars)
		igx_hw_clear_rar(hw, rar++);
	/* a promiscuous port sees every VLAN too, as igb does; with VFs
	 * VMDq would want a VLVF entry for each VLAN and pool, which igx does
	 * not keep: every VLAN reaches the pools by address instead
	 */
	igx_hw_set_filter_mode(hw, upe, mpe,
			       (netdev->features & NETIF_F_HW_VLAN_CTAG_FILTER) &&
			       !(netdev->flags & IFF_PROMISC) &&
			       !adapter->num_vfs);
}

/* RCTL and the address filters are shared with ndo_set_rx_mode, which runs
 * under the address lock without rtnl: take the same lock.
 */
static void igx_sync_rx_filters(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	u32 max_frame = IGX_MAX_FRAME(netdev->mtu);

	netif_addr_lock_bh(netdev);
	igx_set_rx_mode(netdev);
	igx_pf_pool_rx(adapter);
	/* with VFs each pool has its own limit (VMOLR); the port's is the
	 * largest any of them may set
	 */
	if (adapter->num_vfs)
		max_frame = IGX_MAX_FRAME(IGX_MAX_MTU);
	if (test_bit(IGX_STATE_DOWN, &adapter->state))
		igx_hw_set_max_frame(&adapter->hw, max_frame);
	else
		igx_hw_rx_enable(&adapter->hw, max_frame);
	igx_hw_set_loopback(&adapter->hw, netdev->features & NETIF_F_LOOPBACK);
	netif_addr_unlock_bh(netdev);
}

static int igx_set_mac_address(struct net_device *netdev, void *p)
{
	struct sockaddr *addr = p;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;
	eth_hw_addr_set(netdev, addr->sa_data);
	igx_sync_rx_filters(netdev_priv(netdev));
	return 0;
}

/* Up to MTU 1500 RX buffers are page_pool fragments with a 2 KiB device
 * buffer, above it whole pages with a 3 KiB one (igx_rx_frags): an MTU
 * change across 1500 rebuilds the rings, so that no fragment is posted
 * when RLPML lets a larger frame in. Otherwise only the limit moves.
 */
static int igx_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	int old_mtu = netdev->mtu;
	bool rebuild;
	int err;

	err = igx_xdp_check_mtu(adapter, new_mtu);
	if (err)
		return err;
	netif_info(adapter, drv, netdev, "MTU %u -> %d\n", old_mtu, new_mtu);
	rebuild = netif_running(netdev) && !adapter->num_vfs &&
		  (old_mtu <= ETH_DATA_LEN) != (new_mtu <= ETH_DATA_LEN);
	if (!rebuild) {
		WRITE_ONCE(netdev->mtu, new_mtu);
		igx_sync_rx_filters(adapter);
		return 0;
	}

	igx_down(adapter);
	WRITE_ONCE(netdev->mtu, new_mtu);
	err = igx_up(adapter);
	if (!err)
		return 0;
	WRITE_ONCE(netdev->mtu, old_mtu);
	if (igx_up(adapter))
		netdev_err(netdev, "port stays down after failed MTU change\n");
	return err;
}

static void igx_watchdog(struct work_struct *work)
{
	struct igx_adapter *adapter = container_of(to_delayed_work(work),
						   struct igx_adapter,
						   watchdog);
	struct net_device *netdev = adapter->netdev;
	bool full_duplex = false;
	u32 speed = 0;
	bool up;

	/* detached: PCI error recovery owns the device, leave it alone */
	if (netif_device_present(netdev)) {
		igx_stats_update_hw(adapter);
		igx_sriov_watchdog(adapter);
	}

	/* Carrier changes under rtnl, as igx_down's do: without it, a close
	 * between the DOWN test and netif_carrier_on left an admin-down port
	 * with LOWER_UP. The remove path cancels this work outside rtnl.
	 */
	rtnl_lock();
	if (!test_bit(IGX_STATE_DOWN, &adapter->state)) {
		up = igx_hw_link_up(&adapter->hw, &speed, &full_duplex);
		/* a link that went down and came back between two runs
		 * (ethtool -s, a peer's restart) may have changed speed
		 */
		if (up && netif_carrier_ok(netdev) &&
		    (speed != adapter->link_speed ||
		     full_duplex != adapter->link_full_duplex)) {
			adapter->link_speed = speed;
			adapter->link_full_duplex = full_duplex;
			netdev_info(netdev, "Link is Up %u Mbps %s Duplex\n",
				    speed, full_duplex ? "Full" : "Half");
		} else if (up && !netif_carrier_ok(netdev)) {
			adapter->link_speed = speed;
			adapter->link_full_duplex = full_duplex;
			adapter->link_up = true;
			netdev_info(netdev, "Link is Up %u Mbps %s Duplex\n",
				    speed, full_duplex ? "Full" : "Half");
			netif_carrier_on(netdev);
		} else if (!up && netif_carrier_ok(netdev)) {
			adapter->link_up = false;
			netdev_info(netdev, "Link is Down\n");
			netif_carrier_off(netdev);
		}
		igx_irq_kick(adapter);
	}
	rtnl_unlock();

	if (!test_bit(IGX_STATE_REMOVING, &adapter->state))
		queue_delayed_work(system_percpu_wq, &adapter->watchdog,
				   IGX_WATCHDOG_PERIOD);
}

void igx_watchdog_init(struct igx_adapter *adapter)
{
	INIT_DELAYED_WORK(&adapter->watchdog, igx_watchdog);
	INIT_WORK(&adapter->reset_task, igx_reset_task);
}

static int igx_ndo_set_features(struct net_device *netdev,
				netdev_features_t features)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	netdev_features_t changed = netdev->features ^ features;

	if (changed & NETIF_F_HW_VLAN_CTAG_RX) {
		igx_hw_set_vlan_strip(&adapter->hw,
				      features & NETIF_F_HW_VLAN_CTAG_RX);
		if (adapter->num_vfs) {
			netif_addr_lock_bh(netdev);
			igx_hw_pool_rx(&adapter->hw, igx_pf_pool(adapter),
				       IGX_MAX_FRAME(netdev->mtu), true,
				       features & NETIF_F_HW_VLAN_CTAG_RX);
			netif_addr_unlock_bh(netdev);
		}
	}
	if (changed & NETIF_F_LOOPBACK) {
		netif_addr_lock_bh(netdev);
		igx_hw_set_loopback(&adapter->hw, features & NETIF_F_LOOPBACK);
		netif_addr_unlock_bh(netdev);
	}
	if (changed & NETIF_F_HW_VLAN_CTAG_FILTER) {
		/* set_rx_mode reads RCTL.VFE's setting from the features */
		netdev->features = features;
		igx_sync_rx_filters(adapter);
	}
	return 0;
}

/* Under rtnl. The core registers VID 0 itself on every port with the
 * filter (priority-tagged frames); the 8021q module refuses VIDs above
 * 4094 before they get here, other callers get -EINVAL.
 */
static int igx_vlan_rx_add_vid(struct net_device *netdev, __be16 proto,
			       u16 vid)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (proto != htons(ETH_P_8021Q) || vid >= VLAN_VID_MASK)
		return -EINVAL;
	set_bit(vid, adapter->active_vlans);
	igx_hw_write_vfta(&adapter->hw, vid / 32,
			  bitmap_read(adapter->active_vlans, vid & ~31, 32));
	return 0;
}

static int igx_vlan_rx_kill_vid(struct net_device *netdev, __be16 proto,
				u16 vid)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (proto != htons(ETH_P_8021Q) || vid >= VLAN_VID_MASK)
		return -EINVAL;
	clear_bit(vid, adapter->active_vlans);
	igx_hw_write_vfta(&adapter->hw, vid / 32,
			  bitmap_read(adapter->active_vlans, vid & ~31, 32));
	return 0;
}

static netdev_features_t igx_features_check(struct sk_buff *skb,
					    struct net_device *dev,
					    netdev_features_t features)
{
	/* MACLEN is 7 bits and IPLEN 9 bits in the context descriptor */
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    (skb_network_offset(skb) > 127 ||
	     skb_checksum_start_offset(skb) - skb_network_offset(skb) > 511))
		features &= ~(NETIF_F_CSUM_MASK | NETIF_F_GSO_MASK);
	return vlan_features_check(skb, features);
}

#ifdef CONFIG_NET_POLL_CONTROLLER
static void igx_poll_controller(struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	unsigned int i;

	if (test_bit(IGX_STATE_DOWN, &adapter->state))
		return;
	for (i = 0; i < adapter->num_queues; i++)
		napi_schedule(&adapter->q_vector[i]->napi);
}
#endif

/* ndo_bpf: the program (igx_xdp.c) or a zero-copy pool (igx_xsk_pool.c). */
static int igx_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
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

const struct net_device_ops igx_netdev_ops = {
	.ndo_open		= igx_open,
	.ndo_stop		= igx_stop,
	.ndo_start_xmit		= igx_xmit_frame,
	.ndo_features_check	= igx_features_check,
	.ndo_set_rx_mode	= igx_set_rx_mode,
	.ndo_set_mac_address	= igx_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= igx_change_mtu,
	.ndo_tx_timeout		= igx_tx_timeout,
	.ndo_get_stats64	= igx_get_stats64,
	.ndo_set_features	= igx_ndo_set_features,
	.ndo_vlan_rx_add_vid	= igx_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= igx_vlan_rx_kill_vid,
	.ndo_bpf		= igx_bpf,
	.ndo_xdp_xmit		= igx_xdp_xmit,
	.ndo_xsk_wakeup		= igx_xsk_wakeup,
#ifdef HAVE_NDO_HWTSTAMP_GET
	.ndo_hwtstamp_get	= igx_ptp_hwtstamp_get,
	.ndo_hwtstamp_set	= igx_ptp_hwtstamp_set,
#else
	.ndo_eth_ioctl		= igx_compat_eth_ioctl,
#endif
	.ndo_set_vf_mac		= igx_set_vf_mac,
	.ndo_set_vf_vlan	= igx_set_vf_vlan,
	.ndo_set_vf_spoofchk	= igx_set_vf_spoofchk,
	.ndo_set_vf_trust	= igx_set_vf_trust,
	.ndo_set_vf_link_state	= igx_set_vf_link_state,
	.ndo_get_vf_config	= igx_get_vf_config,
	.ndo_get_vf_stats	= igx_get_vf_stats,
#ifdef CONFIG_NET_POLL_CONTROLLER
	.ndo_poll_controller	= igx_poll_controller,
#endif
};
