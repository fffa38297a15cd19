// SPDX-License-Identifier: GPL-2.0
/* igx recovery: transmit timeouts and the full MAC reset that mends them. */

#include "igx.h"

/* Resets the MAC and brings the PHY back; the port must be down. The MAC
 * counters clear with the reset: fold them into the totals first, so that
 * ethtool -S keeps counting across it.
 */
int igx_reset(struct igx_adapter *adapter)
{
	struct igx_hw *hw = &adapter->hw;
	int err;

	igx_stats_update_hw(adapter);
	igx_ptp_reset_begin(adapter);
	err = igx_hw_reset(hw);
	igx_ptp_reset_end(adapter);
	if (err)
		return err;
	igx_hw_driver_loaded(hw, true);
	/* the reset cleared the PHY's and the MAC's link settings */
	err = igx_hw_link_setup(hw, &adapter->link_cfg);
	if (err)
		return err;
	igx_sriov_reset(adapter);

	spin_lock_bh(&adapter->stats_lock);
	adapter->resets++;
	spin_unlock_bh(&adapter->stats_lock);
	return 0;
}

/* Called by the stack's TX watchdog (softirq, queues frozen). */
void igx_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	spin_lock_bh(&adapter->stats_lock);
	if (txqueue < IGX_MAX_QUEUES)
		adapter->tx_totals[txqueue].timeouts++;
	adapter->tx_timeouts++;
	spin_unlock_bh(&adapter->stats_lock);

	/* one reset mends every queue that timed out before it ran */
	if (test_and_set_bit(IGX_STATE_RESET_PENDING, &adapter->state))
		return;
	netdev_warn(netdev, "TX queue %u hung (hw head %u), resetting the port\n",
		    txqueue, igx_hw_txq_head(&adapter->hw, txqueue));
	schedule_work(&adapter->reset_task);
}

void igx_reset_task(struct work_struct *work)
{
	struct igx_adapter *adapter = container_of(work, struct igx_adapter,
						   reset_task);
	struct net_device *netdev = adapter->netdev;
	int err;

	rtnl_lock();
	/* PCI error recovery, when it runs, resets the device itself */
	if (!test_and_clear_bit(IGX_STATE_RESET_PENDING, &adapter->state) ||
	    test_bit(IGX_STATE_REMOVING, &adapter->state) ||
	    !netif_device_present(netdev))
		goto out;

	if (netif_running(netdev))
		igx_down(adapter);
	err = igx_reset(adapter);
	if (err) {
		netdev_err(netdev, "MAC reset failed: %d; the port stays down\n",
			   err);
		goto out;
	}
	if (netif_running(netdev)) {
		err = igx_up(adapter);
		if (err)
			netdev_err(netdev, "reopen after reset failed: %d\n", err);
		else
			netdev_info(netdev, "port reset\n");
	}
out:
	rtnl_unlock();
}
