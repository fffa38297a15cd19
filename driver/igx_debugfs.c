// SPDX-License-Identifier: GPL-2.0
/* igx debugfs: fault injection for tests, under /sys/kernel/debug/igx/<pci>/
 *
 *   stall_txq   write a queue number: its hardware TX queue stops, as a hung
 *               DMA engine would, so the stack's TX watchdog fires and the
 *               port resets (which re-enables the queue)
 *   fake_removal write 1: from then on every register reads all ones and
 *               bus mastering is off, as after a surprise removal (QEMU's
 *               unplugged or disabled MMIO reads as zero instead); only a
 *               new probe undoes it
 *   fw_swfw     write a mask of SW_FW_SYNC resources (1 NVM, 2 PHY0, 4 PHY1):
 *               the firmware half of the register is set to it, as when the
 *               manageability firmware holds them (QEMU has no firmware);
 *               write 0 to release
 */

#include <linux/debugfs.h>
#include <linux/vmalloc.h>
#include "igx.h"

static struct dentry *igx_dbg_root;

static ssize_t igx_dbg_stall_txq_write(struct file *file,
				       const char __user *ubuf, size_t len,
				       loff_t *ppos)
{
	struct igx_adapter *adapter = file->private_data;
	unsigned int q;
	int err;

	err = kstrtouint_from_user(ubuf, len, 0, &q);
	if (err)
		return err;

	rtnl_lock();
	if (test_bit(IGX_STATE_DOWN, &adapter->state)) {
		err = -ENETDOWN;
	} else if (q >= adapter->num_queues) {
		err = -EINVAL;
	} else {
		igx_hw_txq_disable(&adapter->hw,
				   adapter->q_vector[q]->tx.reg_idx);
		netdev_info(adapter->netdev, "debugfs: TX queue %u stalled\n", q);
	}
	rtnl_unlock();
	return err ? err : len;
}

static ssize_t igx_dbg_fw_swfw_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	struct igx_adapter *adapter = file->private_data;
	u32 mask;
	int err;

	err = kstrtou32_from_user(ubuf, len, 0, &mask);
	if (err)
		return err;
	if (mask > IGX_SWFW_MASK)
		return -EINVAL;
	igx_hw_fake_fw_swfw(&adapter->hw, mask);
	netdev_info(adapter->netdev, "debugfs: firmware holds SW_FW_SYNC 0x%x\n", mask);
	return len;
}

static const struct file_operations igx_dbg_fw_swfw_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= igx_dbg_fw_swfw_write,
	.llseek	= noop_llseek,
};

static const struct file_operations igx_dbg_stall_txq_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= igx_dbg_stall_txq_write,
	.llseek	= noop_llseek,
};

static ssize_t igx_dbg_fake_removal_write(struct file *file,
					  const char __user *ubuf, size_t len,
					  loff_t *ppos)
{
	struct igx_adapter *adapter = file->private_data;
	size_t bar = pci_resource_len(adapter->pdev, 0);
	bool on;
	void *ones;
	int err;

	err = kstrtobool_from_user(ubuf, len, &on);
	if (err)
		return err;
	if (!on)
		return -EINVAL;

	rtnl_lock();
	if (!adapter->dbg_ones) {
		ones = vmalloc(bar);
		if (!ones) {
			rtnl_unlock();
			return -ENOMEM;
		}
		memset(ones, 0xFF, bar);
		adapter->dbg_ones = ones;
		netdev_info(adapter->netdev, "debugfs: registers read all ones from now on\n");
		/* a removed device does no DMA either: without this the
		 * emulated one would go on writing frames into buffers the
		 * driver frees once it cannot reach the registers
		 */
		pci_clear_master(adapter->pdev);
		igx_hw_fake_removal(&adapter->hw, ones);
	}
	rtnl_unlock();
	return len;
}

static const struct file_operations igx_dbg_fake_removal_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= igx_dbg_fake_removal_write,
	.llseek	= noop_llseek,
};

void igx_debugfs_add(struct igx_adapter *adapter)
{
	adapter->dbg_dir = debugfs_create_dir(pci_name(adapter->pdev),
					      igx_dbg_root);
	debugfs_create_file("stall_txq", 0200, adapter->dbg_dir, adapter,
			    &igx_dbg_stall_txq_fops);
	debugfs_create_file("fake_removal", 0200, adapter->dbg_dir, adapter,
			    &igx_dbg_fake_removal_fops);
	debugfs_create_file("fw_swfw", 0200, adapter->dbg_dir, adapter,
			    &igx_dbg_fw_swfw_fops);
}

void igx_debugfs_del(struct igx_adapter *adapter)
{
	debugfs_remove_recursive(adapter->dbg_dir);
	adapter->dbg_dir = NULL;
}

void igx_debugfs_init(void)
{
	igx_dbg_root = debugfs_create_dir(IGX_DRV_NAME, NULL);
}

void igx_debugfs_exit(void)
{
	debugfs_remove_recursive(igx_dbg_root);
	igx_dbg_root = NULL;
}
