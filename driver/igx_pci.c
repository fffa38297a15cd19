// SPDX-License-Identifier: GPL-2.0
/* igx PCI glue: probe, remove and PCI error recovery. */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/vmalloc.h>
#include "igx.h"

/* The copper 82576 parts: all use the internal PHY and the link path
 * igx implements. The fiber and SerDes parts (0x10e6, 0x10e7, 0x150d,
 * 0x1518) need a SerDes/PCS link path igx does not have.
 */
static const struct pci_device_id igx_pci_tbl[] = {
	{ PCI_VDEVICE(INTEL, 0x10c9) },	/* 82576 */
	{ PCI_VDEVICE(INTEL, 0x10e8) },	/* 82576 quad copper */
	{ PCI_VDEVICE(INTEL, 0x1526) },	/* 82576 quad copper ET2 */
	{ PCI_VDEVICE(INTEL, 0x150a) },	/* 82576NS */
	{ }
};
MODULE_DEVICE_TABLE(pci, igx_pci_tbl);

#define IGX_DEFAULT_MSG	(NETIF_MSG_DRV | NETIF_MSG_PROBE | NETIF_MSG_LINK)

static void igx_netdev_init_features(struct net_device *netdev)
{
	netdev_features_t csum = NETIF_F_SG | NETIF_F_IP_CSUM |
				 NETIF_F_IPV6_CSUM | NETIF_F_TSO |
				 NETIF_F_TSO6;

	netdev->features = csum | NETIF_F_RXCSUM | NETIF_F_RXHASH |
			   NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_TX |
			   NETIF_F_HW_VLAN_CTAG_FILTER | NETIF_F_GRO |
			   NETIF_F_HIGHDMA;
	netdev->hw_features = netdev->features | NETIF_F_LOOPBACK;
	netdev->hw_features &= ~(NETIF_F_GRO | NETIF_F_HIGHDMA);
	netdev->vlan_features = csum | NETIF_F_HIGHDMA;
	netdev->priv_flags |= IFF_UNICAST_FLT | IFF_SUPP_NOFCS;
	netdev->min_mtu = IGX_MIN_MTU;
	netdev->max_mtu = IGX_MAX_MTU;
}

static int igx_init_mac(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	struct igx_hw *hw = &adapter->hw;
	int err;

	err = igx_hw_read_mac_addr(hw);
	if (err)
		return err;
	if (is_valid_ether_addr(hw->perm_addr)) {
		eth_hw_addr_set(netdev, hw->perm_addr);
	} else {
		dev_warn(&adapter->pdev->dev,
			 "invalid permanent MAC %pM, using a random one\n",
			 hw->perm_addr);
		eth_hw_addr_random(netdev);
	}
	memcpy(netdev->perm_addr, hw->perm_addr, ETH_ALEN);
	return 0;
}

static int igx_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct igx_adapter *adapter;
	struct net_device *netdev;
	struct igx_hw *hw;
	int err;

	/* driver_override is how igx gets a device (no id_table), and it
	 * can hand us any device: accept only the table
	 */
	if (!pci_match_id(igx_pci_tbl, pdev)) {
		dev_err(&pdev->dev, "unsupported device %04x:%04x\n",
			pdev->vendor, pdev->device);
		return -ENODEV;
	}

	err = pci_enable_device_mem(pdev);
	if (err) {
		dev_err(&pdev->dev, "cannot enable device: %d\n", err);
		return err;
	}
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "no usable 64-bit DMA: %d\n", err);
		goto err_dma;
	}
	err = pci_request_mem_regions(pdev, IGX_DRV_NAME);
	if (err)
		goto err_dma;

	netdev = alloc_etherdev_mq(sizeof(*adapter), IGX_MAX_QUEUES);
	if (!netdev) {
		err = -ENOMEM;
		goto err_alloc;
	}
	SET_NETDEV_DEV(netdev, &pdev->dev);
	pci_set_drvdata(pdev, netdev);
	adapter = netdev_priv(netdev);
	adapter->netdev = netdev;
	adapter->pdev = pdev;
	adapter->msg_enable = IGX_DEFAULT_MSG;
	set_bit(IGX_STATE_DOWN, &adapter->state);
	spin_lock_init(&adapter->stats_lock);
	igx_watchdog_init(adapter);
	igx_sriov_init(adapter);

	hw = &adapter->hw;
	hw->dev = &pdev->dev;
	hw->io_addr = pci_iomap(pdev, 0, 0);
	hw->hw_addr = hw->io_addr;
	if (!hw->hw_addr) {
		dev_err(&pdev->dev, "cannot map BAR0\n");
		err = -EIO;
		goto err_iomap;
	}

	err = igx_hw_reset(hw);
	if (err) {
		dev_err(&pdev->dev, "MAC reset failed: %d\n", err);
		goto err_hw;
	}
	/* Only now: the device may still run what an earlier owner left it
	 * (a kexec'd kernel, a driver that lost the registers before its
	 * remove), receiving into buffers that are long freed. The reset
	 * above stopped that.
	 */
	pci_set_master(pdev);
	/* the config space a slot reset restores */
	pci_save_state(pdev);
	err = igx_hw_validate_nvm(hw);
	if (err) {
		dev_err(&pdev->dev, "NVM invalid: %d\n", err);
		goto err_hw;
	}
	snprintf(adapter->fw_version, sizeof(adapter->fw_version), "%u.%u",
		 hw->nvm_version >> 12, hw->nvm_version & 0xFFF);
	err = igx_init_mac(adapter);
	if (err) {
		dev_err(&pdev->dev, "cannot read MAC address: %d\n", err);
		goto err_hw;
	}
	err = igx_hw_check_phy(hw);
	if (err)
		goto err_hw;
	adapter->link_cfg.autoneg = true;
	adapter->link_cfg.advertised = IGX_ADV_ALL;
	err = igx_hw_link_setup(hw, &adapter->link_cfg);
	if (err) {
		dev_err(&pdev->dev, "PHY link setup failed: %d\n", err);
		goto err_hw;
	}
	igx_hw_driver_loaded(hw, true);
	igx_ptp_init(adapter);

	adapter->req_queues = min_t(unsigned int, num_online_cpus(),
				    IGX_MAX_QUEUES);
	adapter->rx_ring_count = IGX_DEFAULT_RING;
	adapter->tx_ring_count = IGX_DEFAULT_RING;
	adapter->itr_usecs = IGX_DEFAULT_ITR_USECS;
	adapter->itr_adaptive = true;
	netdev_rss_key_fill(adapter->rss_key, sizeof(adapter->rss_key));

	netdev->netdev_ops = &igx_netdev_ops;
#ifdef IGX_HAVE_QSTATS
	netdev->stat_ops = &igx_stat_ops;
#endif
	igx_set_ethtool_ops(netdev);
	netdev->watchdog_timeo = 5 * HZ;
	igx_netdev_init_features(netdev);
	igx_xdp_init_netdev(netdev);
	igx_xsk_init_netdev(netdev);
	netif_set_real_num_tx_queues(netdev, adapter->req_queues);
	netif_set_real_num_rx_queues(netdev, adapter->req_queues);

	/* before register: a port opened right after must not show carrier
	 * until the watchdog has seen the link
	 */
	netif_carrier_off(netdev);
	err = register_netdev(netdev);
	if (err)
		goto err_register;
	igx_debugfs_add(adapter);
	queue_delayed_work(system_percpu_wq, &adapter->watchdog,
			   IGX_WATCHDOG_PERIOD);

	netdev_info(netdev, "Intel 82576 at %s, MAC %pM, NVM %s, %u queues\n",
		    pci_name(pdev), netdev->dev_addr, adapter->fw_version,
		    adapter->req_queues);
	if (IGX_FEATURES_OFF[0])
		netdev_info(netdev, "not on this kernel:%s\n", IGX_FEATURES_OFF);
	return 0;

err_register:
	igx_ptp_stop(adapter);
	igx_hw_driver_loaded(hw, false);
err_hw:
	pci_iounmap(pdev, hw->io_addr);
err_iomap:
	free_netdev(netdev);
err_alloc:
	pci_release_mem_regions(pdev);
err_dma:
	pci_disable_device(pdev);
	return err;
}

static void igx_remove(struct pci_dev *pdev)
{
	struct net_device *netdev = pci_get_drvdata(pdev);
	struct igx_adapter *adapter = netdev_priv(netdev);

	/* a surprise-removed device reads all ones from here on: notice it
	 * now, so closing the port does not wait on its registers
	 */
	igx_hw_present(&adapter->hw);
	set_bit(IGX_STATE_REMOVING, &adapter->state);
	/* VF drivers go first: they may still talk to the PF on the way */
	igx_sriov_remove(adapter);
	igx_debugfs_del(adapter);
	cancel_delayed_work_sync(&adapter->watchdog);
	unregister_netdev(netdev);	/* closes the port */
	cancel_work_sync(&adapter->reset_task);
	cancel_delayed_work_sync(&adapter->watchdog);
	igx_ptp_stop(adapter);
	/* the port's interrupts are gone: nothing queues the mailbox again */
	igx_sriov_mbx_stop(adapter);

	igx_hw_irq_disable(&adapter->hw);
	igx_hw_driver_loaded(&adapter->hw, false);
	pci_iounmap(pdev, adapter->hw.io_addr);
	vfree(adapter->dbg_ones);
	free_netdev(netdev);
	pci_release_mem_regions(pdev);
	/* error recovery may have left it disabled */
	if (pci_is_enabled(pdev))
		pci_disable_device(pdev);
}

/* Closes the port for system sleep or power-off, its configuration kept in
 * the adapter as across a PCI error. The device loses its MAC counters:
 * fold them first, so that ethtool -S keeps counting across a resume.
 */
static void igx_quiesce(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	rtnl_lock();
	netif_device_detach(netdev);
	if (netif_running(netdev))
		igx_down(adapter);
	igx_stats_update_hw(adapter);
	igx_hw_driver_loaded(&adapter->hw, false);
	rtnl_unlock();
}

/* The PCI core saves config space and picks the low-power state. */
static int igx_suspend(struct device *dev)
{
	struct net_device *netdev = dev_get_drvdata(dev);

	igx_quiesce(netdev_priv(netdev));
	return 0;
}

/* Config space is back (the PCI core restored it); the MAC is not. */
static int igx_resume(struct device *dev)
{
	struct net_device *netdev = dev_get_drvdata(dev);
	struct igx_adapter *adapter = netdev_priv(netdev);
	int err;

	rtnl_lock();
	err = igx_reset(adapter);
	if (!err && netif_running(netdev))
		err = igx_up(adapter);
	if (!err)
		netif_device_attach(netdev);
	rtnl_unlock();
	if (err)
		netdev_err(netdev, "resume failed: %d; the port stays down\n",
			   err);
	return err;
}

static DEFINE_SIMPLE_DEV_PM_OPS(igx_pm_ops, igx_suspend, igx_resume);

static void igx_shutdown(struct pci_dev *pdev)
{
	igx_quiesce(netdev_priv(pci_get_drvdata(pdev)));
	/* no DMA into a kexec'd kernel's memory */
	if (pci_is_enabled(pdev))
		pci_disable_device(pdev);
}

/* PCI error recovery (AER). The port is closed while the link is in
 * error and reopened with the configuration it had: queues, rings, MTU,
 * filters, RSS and counters live in the adapter, not in the hardware.
 */
static pci_ers_result_t igx_io_error_detected(struct pci_dev *pdev,
					      pci_channel_state_t state)
{
	struct net_device *netdev = pci_get_drvdata(pdev);
	struct igx_adapter *adapter = netdev_priv(netdev);

	netdev_err(netdev, "PCI error detected (channel %s)\n",
		   state == pci_channel_io_normal ? "normal" :
		   state == pci_channel_io_frozen ? "frozen" : "dead");

	rtnl_lock();
	netif_device_detach(netdev);
	if (state == pci_channel_io_perm_failure) {
		/* nothing will answer again: stop waiting on registers */
		igx_hw_mark_removed(&adapter->hw);
		if (netif_running(netdev))
			igx_down(adapter);
		rtnl_unlock();
		return PCI_ERS_RESULT_DISCONNECT;
	}
	if (netif_running(netdev))
		igx_down(adapter);
	/* MAC counters clear with the reset to come */
	igx_stats_update_hw(adapter);
	rtnl_unlock();

	if (pci_is_enabled(pdev))
		pci_disable_device(pdev);
	return PCI_ERS_RESULT_NEED_RESET;
}

static pci_ers_result_t igx_io_slot_reset(struct pci_dev *pdev)
{
	struct net_device *netdev = pci_get_drvdata(pdev);
	struct igx_adapter *adapter = netdev_priv(netdev);
	int err;

	err = pci_enable_device_mem(pdev);
	if (err) {
		netdev_err(netdev, "cannot re-enable the device after a PCI error: %d\n",
			   err);
		return PCI_ERS_RESULT_DISCONNECT;
	}
	pci_set_master(pdev);
	pci_restore_state(pdev);
	pci_save_state(pdev);

	rtnl_lock();
	igx_hw_reattach(&adapter->hw);
	err = igx_reset(adapter);
	rtnl_unlock();
	if (err) {
		netdev_err(netdev, "MAC reset after a PCI error failed: %d\n",
			   err);
		return PCI_ERS_RESULT_DISCONNECT;
	}
	return PCI_ERS_RESULT_RECOVERED;
}

static void igx_io_resume(struct pci_dev *pdev)
{
	struct net_device *netdev = pci_get_drvdata(pdev);
	struct igx_adapter *adapter = netdev_priv(netdev);
	int err;

	igx_sriov_pci_resume(adapter);
	rtnl_lock();
	if (netif_running(netdev)) {
		err = igx_up(adapter);
		if (err) {
			netdev_err(netdev, "reopen after a PCI error failed: %d\n",
				   err);
			goto out;
		}
	}
	netif_device_attach(netdev);
	netdev_info(netdev, "recovered from a PCI error\n");
out:
	rtnl_unlock();
}

static const struct pci_error_handlers igx_err_handler = {
	.error_detected	= igx_io_error_detected,
	.slot_reset	= igx_io_slot_reset,
	.resume		= igx_io_resume,
};

static struct pci_driver igx_driver = {
	.name		= IGX_DRV_NAME,
	/* No id_table: the in-tree igb matches the same devices, and with
	 * both loaded a port would go to whichever driver registered first.
	 * igx binds only the ports whose driver_override names it (the PCI
	 * core then matches any device); the table above still gives the
	 * module its aliases and bounds what probe accepts.
	 */
	.id_table	= NULL,
	.probe		= igx_probe,
	.remove		= igx_remove,
	.shutdown	= igx_shutdown,
	.err_handler	= &igx_err_handler,
	.sriov_configure = igx_sriov_configure,
	.driver.pm	= pm_sleep_ptr(&igx_pm_ops),
};

static int __init igx_init(void)
{
	int err;

	igx_debugfs_init();
	err = pci_register_driver(&igx_driver);
	if (err)
		igx_debugfs_exit();
	return err;
}
module_init(igx_init);

static void __exit igx_exit(void)
{
	pci_unregister_driver(&igx_driver);
	igx_debugfs_exit();
}
module_exit(igx_exit);

MODULE_AUTHOR("igx maintainers <maintainers@users.noreply.r-seed-6388e460.example>");
MODULE_DESCRIPTION("Intel 82576 Ethernet driver, XDP first");
MODULE_LICENSE("GPL");
MODULE_VERSION(IGX_DRV_VERSION);
