// SPDX-License-Identifier: GPL-2.0
/* igx SR-IOV: virtual functions for the in-tree igbvf. The PF answers the
 * VFs' mailbox messages (reset, MAC, multicast, VLAN, frame size), owns
 * their pools' filters and keeps its own pool, num_vfs, for itself.
 *
 * Queue layout: pool p owns hardware queues p and p + 8. QEMU's 82576
 * runs RSS only with MRQC in plain RSS mode (never with VMDq on), so with
 * VFs the PF has one queue pair: RX and TX on queue num_vfs, its XDP TX
 * ring on queue num_vfs + 8, all inside its own pool.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include "igx.h"

/* igbvf's messages: the type in bits 15:0 of word 0, an argument in 23:16 */
#define IGX_VF_RESET		0x01
#define IGX_VF_SET_MAC_ADDR	0x02
#define IGX_VF_SET_MULTICAST	0x03
#define IGX_VF_SET_VLAN		0x04
#define IGX_VF_SET_LPE		0x05
#define IGX_VF_SET_PROMISC	0x06
#define IGX_PF_CONTROL_MSG	0x0100
#define IGX_MSG_ACK		BIT(31)
#define IGX_MSG_NACK		BIT(30)
#define IGX_MSG_CTS		BIT(29)
#define IGX_MSG_TYPE(m)		((m) & 0xFFFF)
#define IGX_MSG_INFO(m)		(((m) >> 16) & 0xFF)

/* a VF that has not finished its reset is told so at most this often */
#define IGX_VF_NACK_INTERVAL	(2 * HZ)
/* without the PF's interrupt (port down) the mailboxes are polled */
#define IGX_MBX_POLL_MS		20
#define IGX_VF_DEFAULT_FRAME	(ETH_FRAME_LEN + ETH_FCS_LEN + VLAN_HLEN)

/* VF n's address takes RAR entry 23 - n; the PF's filters stay below. */
static unsigned int igx_vf_rar(unsigned int vf)
{
	return IGX_RAR_ENTRIES - 1 - vf;
}

/* Writes the VF's filters and pool options from what the PF holds. */
static void igx_vf_apply(struct igx_adapter *adapter, unsigned int vf)
{
	struct igx_vf *v = &adapter->vfs[vf];
	struct igx_hw *hw = &adapter->hw;
	bool on = v->cts && v->link_state != IFLA_VF_LINK_STATE_DISABLE;

	if (is_zero_ether_addr(v->mac))
		igx_hw_clear_rar(hw, igx_vf_rar(vf));
	else
		igx_hw_set_rar_pool(hw, igx_vf_rar(vf), v->mac,
				    IGX_RAH_POOL(vf));
	igx_hw_pool_rx(hw, vf, v->max_frame ?: IGX_VF_DEFAULT_FRAME,
		       v->num_mc, v->pf_vlan);
	igx_hw_pool_vlan(hw, vf, v->pf_vlan ?
			 v->pf_vlan | v->pf_qos << VLAN_PRIO_SHIFT : 0);
	igx_hw_pool_spoofchk(hw, vf, v->spoofchk);
	igx_hw_pool_enable(hw, vf, on, on);
}

/* The MTA the PF and the VFs share: the PF's hashes (mta_shadow, from
 * set_rx_mode) and every VF's. Under vf_lock.
 */
void igx_sriov_write_mta(struct igx_adapter *adapter)
{
	u32 *mta = adapter->mta_regs;
	unsigned int vf, i;

	lockdep_assert_held(&adapter->vf_lock);
	memcpy(mta, adapter->mta_shadow, sizeof(adapter->mta_regs));
	for (vf = 0; vf < adapter->num_vfs; vf++) {
		struct igx_vf *v = &adapter->vfs[vf];

		for (i = 0; i < v->num_mc; i++)
			mta[(v->mc_hash[i] >> 5) & 0x7F] |=
				BIT(v->mc_hash[i] & 0x1F);
	}
	igx_hw_write_mta(&adapter->hw, mta);
}

/* A request counted in mbx_pending is gone from MBVFICR, where
 * igx_hw_mbx_write looks for one: it is answered first all the same.
 */
static int igx_vf_write(struct igx_adapter *adapter, unsigned int vf,
			const u32 *msg, unsigned int words)
{
	if (adapter->mbx_pending & IGX_MBVFICR_REQ(vf))
		return -EAGAIN;
	return igx_hw_mbx_write(&adapter->hw, vf, msg, words);
}

/* What a function level reset clears (the device has already taken the
 * VF's queues and pool enables away): all but an address the admin set.
 */
static void igx_vf_reset(struct igx_adapter *adapter, unsigned int vf)
{
	struct igx_vf *v = &adapter->vfs[vf];

	v->cts = false;
	v->max_frame = 0;
	v->num_mc = 0;
	igx_sriov_write_mta(adapter);
	igx_vf_apply(adapter, vf);
}

static void igx_vf_flr(struct igx_adapter *adapter, unsigned int vf)
{
	struct igx_vf *v = &adapter->vfs[vf];

	if (!v->pf_set_mac)
		eth_zero_addr(v->mac);
	igx_vf_reset(adapter, vf);
}

/* VF_RESET: the VF's driver starts over. Reply with its address (NACK
 * when it has none: igbvf then picks a random one and sets it).
 */
static void igx_vf_reset_msg(struct igx_adapter *adapter, unsigned int vf)
{
	struct igx_vf *v = &adapter->vfs[vf];
	u32 reply[3] = {};

	igx_vf_reset(adapter, vf);
	v->cts = true;
	igx_vf_apply(adapter, vf);

	if (is_valid_ether_addr(v->mac)) {
		reply[0] = IGX_VF_RESET | IGX_MSG_ACK;
		memcpy(&reply[1], v->mac, ETH_ALEN);
	} else {
		reply[0] = IGX_VF_RESET | IGX_MSG_NACK;
	}
	igx_vf_write(adapter, vf, reply, ARRAY_SIZE(reply));
}

static int igx_vf_set_mac_msg(struct igx_adapter *adapter, unsigned int vf,
			      const u32 *msg)
{
	struct igx_vf *v = &adapter->vfs[vf];
	const u8 *addr = (const u8 *)&msg[1];

	/* extra unicast filters: not offered, igbvf copes with a NACK */
	if (IGX_MSG_INFO(msg[0]))
		return -EOPNOTSUPP;
	if (ether_addr_equal(addr, v->mac))
		return 0;
	if (v->pf_set_mac && !v->trusted) {
		dev_warn_ratelimited(&adapter->pdev->dev,
				     "VF %u may not replace the MAC address its admin set\n",
				     vf);
		return -EPERM;
	}
	if (!is_valid_ether_addr(addr))
		return -EINVAL;
	ether_addr_copy(v->mac, addr);
	igx_vf_apply(adapter, vf);
	return 0;
}

static int igx_vf_set_mc_msg(struct igx_adapter *adapter, unsigned int vf,
			     const u32 *msg)
{
	struct igx_vf *v = &adapter->vfs[vf];
	unsigned int n = IGX_MSG_INFO(msg[0]), i;

	/* igbvf sends at most 30 hashes, packed after the first word */
	n = min_t(unsigned int, n, ARRAY_SIZE(v->mc_hash));
	for (i = 0; i < n; i++)
		v->mc_hash[i] = (msg[1 + i / 2] >> (16 * (i % 2))) & 0xFFF;
	v->num_mc = n;
	igx_sriov_write_mta(adapter);
	igx_vf_apply(adapter, vf);
	return 0;
}

static int igx_vf_set_lpe_msg(struct igx_adapter *adapter, unsigned int vf,
			      const u32 *msg)
{
	u32 size = msg[1];

	if (size < ETH_ZLEN || size > IGX_MAX_FRAME(IGX_MAX_MTU))
		return -EINVAL;
	adapter->vfs[vf].max_frame = size;
	igx_vf_apply(adapter, vf);
	return 0;
}

/* -EBUSY: the VF held its buffer, the request is still to be read */
static int igx_vf_msg(struct igx_adapter *adapter, unsigned int vf)
{
	struct igx_vf *v = &adapter->vfs[vf];
	struct igx_hw *hw = &adapter->hw;
	u32 msg[IGX_MBX_WORDS];
	int err;

	err = igx_hw_mbx_read(hw, vf, msg, IGX_MBX_WORDS);
	if (err)
		return err;
	/* our own reply, still in the buffer */
	if (msg[0] & (IGX_MSG_ACK | IGX_MSG_NACK))
		return 0;
	if (msg[0] == IGX_VF_RESET) {
		igx_vf_reset_msg(adapter, vf);
		return 0;
	}
	if (!v->cts) {
		if (time_before(jiffies, v->last_nack + IGX_VF_NACK_INTERVAL))
			return 0;
		v->last_nack = jiffies;
		msg[0] |= IGX_MSG_NACK;
		igx_vf_write(adapter, vf, msg, 1);
		return 0;
	}

	switch (IGX_MSG_TYPE(msg[0])) {
	case IGX_VF_SET_MAC_ADDR:
		err = igx_vf_set_mac_msg(adapter, vf, msg);
		break;
	case IGX_VF_SET_MULTICAST:
		err = igx_vf_set_mc_msg(adapter, vf, msg);
		break;
	case IGX_VF_SET_LPE:
		err = igx_vf_set_lpe_msg(adapter, vf, msg);
		break;
	case IGX_VF_SET_VLAN:
		/* With VFs the port filters no VLANs (RCTL.VFE off, see
		 * igx_set_rx_mode), so every VLAN already reaches the VF;
		 * only a port VLAN the admin set may not be overridden.
		 */
		err = v->pf_vlan ? -EPERM : 0;
		break;
	case IGX_VF_SET_PROMISC:
		/* QEMU emulates neither VMOLR.ROPE nor MPME */
		err = v->trusted ? -EOPNOTSUPP : -EPERM;
		break;
	default:
		dev_dbg(&adapter->pdev->dev, "VF %u: unknown message 0x%08x\n",
			vf, msg[0]);
		err = -EOPNOTSUPP;
		break;
	}
	msg[0] |= IGX_MSG_CTS | (err ? IGX_MSG_NACK : IGX_MSG_ACK);
	igx_vf_write(adapter, vf, msg, 1);
	return 0;
}

/* The VF read something while not cleared to send: tell it to reset. */
static void igx_vf_ack(struct igx_adapter *adapter, unsigned int vf)
{
	struct igx_vf *v = &adapter->vfs[vf];
	u32 msg = IGX_MSG_NACK;

	if (v->cts || time_before(jiffies, v->last_nack + IGX_VF_NACK_INTERVAL))
		return;
	if (!igx_vf_write(adapter, vf, &msg, 1))
		v->last_nack = jiffies;
}

/* Answers the VFs, in hard interrupt context (an irq_work, queued by the
 * mailbox interrupt, the poll timer or the PF's own changes): igbvf waits
 * for each answer spinning with preemption and bottom halves off, for a
 * second at most, and a VF driver in this kernel may be what spins, on
 * every CPU at once (two VFs changing their filters on a 2-CPU machine;
 * any VF on a 1-CPU one). A task would not run until igbvf gave up:
 * measured with one CPU, no VF finished a reset ("PF still resetting").
 * An interrupt still comes through, as igb answers too.
 */
static void igx_mbx_work(struct irq_work *work)
{
	struct igx_adapter *adapter = container_of(work, struct igx_adapter,
						   mbx_work);
	unsigned long flags;
	u32 mbvficr, vflre;
	unsigned int vf, ms = 0;

	spin_lock_irqsave(&adapter->vf_lock, flags);
	if (!adapter->num_vfs) {
		spin_unlock_irqrestore(&adapter->vf_lock, flags);
		return;
	}
	igx_hw_mbx_events(&adapter->hw, &mbvficr, &vflre);
	mbvficr |= adapter->mbx_pending;
	adapter->mbx_pending = 0;
	for (vf = 0; vf < adapter->num_vfs; vf++) {
		/* An ack read together with the VF's reset came before it
		 * (the reply that ack is for comes after the PF has seen
		 * the reset): it is for a message of the VF's previous life.
		 * Taken for a VF without CTS it would make us NACK, and that
		 * NACK could overwrite the reset request igbvf is writing.
		 */
		if (vflre & BIT(vf)) {
			igx_vf_flr(adapter, vf);
			mbvficr &= ~IGX_MBVFICR_ACK(vf);
		}
		if ((mbvficr & IGX_MBVFICR_REQ(vf)) &&
		    igx_vf_msg(adapter, vf) == -EBUSY)
			adapter->mbx_pending |= IGX_MBVFICR_REQ(vf);
		if (mbvficr & IGX_MBVFICR_ACK(vf))
			igx_vf_ack(adapter, vf);
	}
	if (adapter->mbx_pending)
		ms = 1;
	else if (test_bit(IGX_STATE_DOWN, &adapter->state) &&
		 !test_bit(IGX_STATE_REMOVING, &adapter->state))
		ms = IGX_MBX_POLL_MS;
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	if (ms)
		hrtimer_start(&adapter->mbx_poll, ms_to_ktime(ms),
			      HRTIMER_MODE_REL_HARD);
}

/* The poll's clock is a hard-interrupt timer: a timer_list (or a soft
 * hrtimer) on a CPU where igbvf spins would not expire before it gave up.
 */
static enum hrtimer_restart igx_mbx_poll(struct hrtimer *timer)
{
	struct igx_adapter *adapter = container_of(timer, struct igx_adapter,
						   mbx_poll);

	irq_work_queue(&adapter->mbx_work);
	return HRTIMER_NORESTART;
}

/* With num_vfs 0 (or the PF being removed) the work neither answers nor
 * polls again. The work arms the timer after dropping vf_lock, and the
 * timer queues the work: a work that checked before the caller's change
 * may arm the timer after a first hrtimer_cancel, so the work goes first,
 * then the timer it may have armed, then the work that timer may have
 * queued (which sees the change and arms nothing).
 */
void igx_sriov_mbx_stop(struct igx_adapter *adapter)
{
	irq_work_sync(&adapter->mbx_work);
	hrtimer_cancel(&adapter->mbx_poll);
	irq_work_sync(&adapter->mbx_work);
}

/* Tells every VF the PF is there again (link checks in igbvf wait for a
 * message with CTS).
 */
static void igx_vf_ping_all(struct igx_adapter *adapter)
{
	unsigned int vf;

	for (vf = 0; vf < adapter->num_vfs; vf++) {
		u32 msg = IGX_PF_CONTROL_MSG;

		if (adapter->vfs[vf].cts)
			msg |= IGX_MSG_CTS;
		/* a VF with a request pending gets CTS with the answer */
		igx_vf_write(adapter, vf, &msg, 1);
	}
}

/* The VFs need the port's receive and transmit enables whether the PF
 * is up or not (igx_down leaves them on while VFs exist).
 */
static void igx_sriov_port_on(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;

	netif_addr_lock_bh(netdev);
	igx_hw_rx_enable(&adapter->hw, IGX_MAX_FRAME(IGX_MAX_MTU));
	netif_addr_unlock_bh(netdev);
	igx_hw_tx_enable(&adapter->hw);
}

/* Pools and VF filters, for igx_up and after a MAC reset. Under rtnl. */
void igx_sriov_up(struct igx_adapter *adapter)
{
	unsigned int vf;
	unsigned long flags;

	if (!adapter->num_vfs)
		return;
	igx_sriov_port_on(adapter);
	spin_lock_irqsave(&adapter->vf_lock, flags);
	igx_hw_vmdq_enable(&adapter->hw, igx_pf_pool(adapter));
	for (vf = 0; vf < adapter->num_vfs; vf++)
		igx_vf_apply(adapter, vf);
	igx_vf_ping_all(adapter);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	igx_sriov_kick(adapter);
}

/* The MAC reset took the pools and the VFs' queues with it: every VF has
 * to reset (the device shows them RSTI until PFRSTD).
 */
void igx_sriov_reset(struct igx_adapter *adapter)
{
	unsigned int vf;
	unsigned long flags;

	if (!adapter->num_vfs)
		return;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	for (vf = 0; vf < adapter->num_vfs; vf++) {
		struct igx_vf *v = &adapter->vfs[vf];

		v->cts = false;
		/* the reset cleared the pool counters too */
		igx_hw_pool_stats(&adapter->hw, vf, v->stat_last);
	}
	igx_hw_vf_pools_init(&adapter->hw, adapter->num_vfs);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	igx_sriov_up(adapter);
}

/* Sets num_vfs with the port down, under rtnl: the queue layout follows. */
static void igx_sriov_set_count(struct igx_adapter *adapter, u16 n,
				struct igx_vf *vfs)
{
	unsigned long flags;

	netif_addr_lock_bh(adapter->netdev);
	spin_lock_irqsave(&adapter->vf_lock, flags);
	adapter->vfs = vfs;
	WRITE_ONCE(adapter->num_vfs, n);
	adapter->mbx_pending = 0;
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	netif_addr_unlock_bh(adapter->netdev);
}

/* The PF's VFs, one after another: from NULL on, the next after @vf (its
 * reference dropped), NULL after the last. Takes a reference on the one it
 * returns, which the next call drops.
 */
static struct pci_dev *igx_next_vf(struct pci_dev *pdev, struct pci_dev *vf)
{
	while ((vf = pci_get_device(pdev->vendor, PCI_ANY_ID, vf)))
		if (vf->is_virtfn && pci_physfn(vf) == pdev)
			break;
	return vf;
}

/* System sleep. The PCI core suspends and resumes devices asynchronously,
 * and a VF is no child of its PF (both hang off the PF's bus), so nothing
 * orders them. igbvf's suspend and resume each reset their VF through the
 * mailbox, which needs the PF answering: the PF has to suspend after its
 * VFs and resume (its restored SR-IOV capability re-enables the VFs, whose
 * config space the PCI core then restores) and finish its reset (PFRSTD)
 * before them. Without that order a VF suspending after the PF went
 * unanswered ("PF still resetting" from igbvf during the suspend,
 * sriov_pm.sh). A device link per VF gives it; the link goes with the VF
 * (device_del purges a device's links).
 */
static int igx_sriov_pm_order(struct igx_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev, *vf = NULL;

	while ((vf = igx_next_vf(pdev, vf))) {
		if (!device_link_add(&vf->dev, &pdev->dev, DL_FLAG_STATELESS)) {
			pci_dev_put(vf);
			return -ENOMEM;
		}
	}
	return 0;
}

static int igx_sriov_enable(struct igx_adapter *adapter, int n)
{
	struct net_device *netdev = adapter->netdev;
	struct pci_dev *pdev = adapter->pdev;
	struct igx_vf *vfs;
	bool running;
	int err, vf;

	vfs = kcalloc(n, sizeof(*vfs), GFP_KERNEL);
	if (!vfs)
		return -ENOMEM;
	/* the pool counters keep what earlier VFs counted */
	for (vf = 0; vf < n; vf++) {
		vfs[vf].link_state = IFLA_VF_LINK_STATE_AUTO;
		vfs[vf].spoofchk = true;
		igx_hw_pool_stats(&adapter->hw, vf, vfs[vf].stat_last);
	}

	rtnl_lock();
	running = netif_running(netdev);
	if (running)
		igx_down(adapter);
	igx_sriov_set_count(adapter, n, vfs);
	igx_hw_vf_pools_init(&adapter->hw, n);
	igx_sriov_up(adapter);
	if (running) {
		err = igx_up(adapter);
		if (err)
			goto err_up;
	}
	rtnl_unlock();

	/* VF drivers probe in here and need the mailbox: no rtnl held */
	err = pci_enable_sriov(pdev, n);
	if (err) {
		dev_err(&pdev->dev, "cannot enable %d VFs: %d\n", n, err);
		rtnl_lock();
		goto err_up;
	}
	err = igx_sriov_pm_order(adapter);
	if (err) {
		dev_err(&pdev->dev, "cannot order the VFs' system sleep after the PF's: %d\n",
			err);
		pci_disable_sriov(pdev);
		rtnl_lock();
		goto err_up;
	}
	dev_info(&pdev->dev, "%d VFs, the PF in pool %d with one queue pair\n",
		 n, n);
	return n;

err_up:
	if (running)
		igx_down(adapter);
	igx_sriov_set_count(adapter, 0, NULL);
	igx_sriov_mbx_stop(adapter);
	igx_hw_vmdq_disable(&adapter->hw);
	if (running && igx_up(adapter))
		netdev_err(netdev, "port stays down after failed SR-IOV enable\n");
	rtnl_unlock();
	kfree(vfs);
	return err;
}

/* Takes the VFs away (their drivers' remove runs first, the mailbox still
 * answered) and gives the PF all queues back.
 */
static int igx_sriov_disable(struct igx_adapter *adapter, bool reopen)
{
	struct net_device *netdev = adapter->netdev;
	struct pci_dev *pdev = adapter->pdev;
	struct igx_vf *vfs = adapter->vfs;
	unsigned int vf;
	bool running;
	unsigned long flags;

	if (!adapter->num_vfs)
		return 0;
	if (pci_vfs_assigned(pdev)) {
		dev_err(&pdev->dev, "VFs are assigned to a guest: not removing them\n");
		return -EPERM;
	}
	pci_disable_sriov(pdev);

	rtnl_lock();
	running = reopen && netif_running(netdev);
	if (running)
		igx_down(adapter);
	spin_lock_irqsave(&adapter->vf_lock, flags);
	for (vf = 0; vf < adapter->num_vfs; vf++)
		igx_hw_clear_rar(&adapter->hw, igx_vf_rar(vf));
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	igx_sriov_set_count(adapter, 0, NULL);
	igx_sriov_mbx_stop(adapter);
	igx_hw_vmdq_disable(&adapter->hw);
	if (!netif_running(netdev)) {
		/* as a closed port without VFs has them */
		netif_addr_lock_bh(netdev);
		igx_hw_rx_disable(&adapter->hw);
		netif_addr_unlock_bh(netdev);
		igx_hw_tx_disable(&adapter->hw);
	}
	if (running && igx_up(adapter))
		netdev_err(netdev, "port stays down after removing the VFs\n");
	rtnl_unlock();
	kfree(vfs);
	dev_info(&pdev->dev, "VFs removed\n");
	return 0;
}

int igx_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	struct igx_adapter *adapter = netdev_priv(pci_get_drvdata(pdev));

	if (!num_vfs)
		return igx_sriov_disable(adapter, true);
	/* the sysfs store has checked num_vfs against sriov_totalvfs */
	if (num_vfs > IGX_MAX_VFS)
		return -ERANGE;
	if (adapter->num_vfs)
		return -EBUSY;
	if (!netif_device_present(adapter->netdev))
		return -EBUSY;
	return igx_sriov_enable(adapter, num_vfs);
}

void igx_sriov_init(struct igx_adapter *adapter)
{
	spin_lock_init(&adapter->vf_lock);
	init_irq_work(&adapter->mbx_work, igx_mbx_work);
	hrtimer_setup(&adapter->mbx_poll, igx_mbx_poll, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
	/* pool 7 is the PF's own: 7 VFs at most, though the device has 8 */
	pci_sriov_set_totalvfs(adapter->pdev, IGX_MAX_VFS);
}

/* Driver removal: VFs a guest holds stay (and lose their PF), as igb
 * leaves them; all others go first.
 */
void igx_sriov_remove(struct igx_adapter *adapter)
{
	if (adapter->num_vfs && igx_sriov_disable(adapter, false)) {
		igx_sriov_set_count(adapter, 0, NULL);
		igx_sriov_mbx_stop(adapter);
	}
	igx_sriov_mbx_stop(adapter);
}

/* After PCI error recovery. A fatal error resets the link, and the VFs
 * with it: the PF's restored SR-IOV capability enables them again, but
 * their config space starts empty, and their drivers' slot_reset (igbvf's
 * in-tree one) re-enables the device without restoring its state. Their
 * MSI-X table and enable are gone: the mailbox, which igbvf polls, works
 * and its link comes back, but no interrupt arrives and its queues stay
 * silent. The PF restores each VF's MSI-X state from the kernel's
 * descriptors (once the VF's driver has enabled it again); for a VF whose
 * state survived (a non-fatal error) this writes what is already there.
 */
void igx_sriov_pci_resume(struct igx_adapter *adapter)
{
	struct pci_dev *pdev = adapter->pdev, *vf = NULL;

	if (!adapter->num_vfs)
		return;
	while ((vf = igx_next_vf(pdev, vf)))
		pci_restore_msi_state(vf);
}

/* ip link set DEV vf N ...: under rtnl */
static struct igx_vf *igx_vf_get(struct igx_adapter *adapter, int vf)
{
	if (vf < 0 || vf >= adapter->num_vfs)
		return NULL;
	return &adapter->vfs[vf];
}

int igx_set_vf_mac(struct net_device *netdev, int vf, u8 *mac)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_vf *v = igx_vf_get(adapter, vf);
	unsigned long flags;

	if (!v)
		return -EINVAL;
	if (!is_zero_ether_addr(mac) && !is_valid_ether_addr(mac))
		return -EINVAL;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	ether_addr_copy(v->mac, mac);
	v->pf_set_mac = !is_zero_ether_addr(mac);
	igx_vf_apply(adapter, vf);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	if (v->pf_set_mac)
		netdev_info(netdev, "VF %d MAC %pM: the VF driver uses it after its next reset\n",
			    vf, mac);
	return 0;
}

int igx_set_vf_vlan(struct net_device *netdev, int vf, u16 vlan, u8 qos,
		    __be16 proto)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_vf *v = igx_vf_get(adapter, vf);
	unsigned long flags;

	if (!v || vlan >= VLAN_N_VID || qos > 7)
		return -EINVAL;
	if (proto != htons(ETH_P_8021Q))
		return -EPROTONOSUPPORT;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	v->pf_vlan = vlan;
	v->pf_qos = vlan ? qos : 0;
	igx_vf_apply(adapter, vf);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	return 0;
}

/* On by default, as with igb. QEMU 10 stores DTXSWC's anti-spoofing bits
 * and applies none (emulation differences, igx_hw.c): there the setting
 * is reported and programmed, and spoofed frames still leave the port.
 */
int igx_set_vf_spoofchk(struct net_device *netdev, int vf, bool on)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_vf *v = igx_vf_get(adapter, vf);
	unsigned long flags;

	if (!v)
		return -EINVAL;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	v->spoofchk = on;
	igx_vf_apply(adapter, vf);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	return 0;
}

/* WVBR says which pools sent spoofed frames since it was last read, not
 * how many: each VF named counts one event (ip -s link: tx_dropped). From
 * the watchdog and before the VF counters are read; under vf_lock.
 */
static void igx_sriov_spoof_check(struct igx_adapter *adapter)
{
	u32 wvbr = igx_hw_spoof_events(&adapter->hw);
	unsigned int vf;

	if (!wvbr)
		return;
	for (vf = 0; vf < adapter->num_vfs; vf++) {
		if (!(wvbr & (IGX_DTXSWC_MAC_SPOOF(vf) |
			      IGX_DTXSWC_VLAN_SPOOF(vf))))
			continue;
		adapter->vfs[vf].spoof_events++;
		dev_warn_ratelimited(&adapter->pdev->dev,
				     "VF %u sent spoofed frames (dropped)\n", vf);
	}
}

void igx_sriov_watchdog(struct igx_adapter *adapter)
{
	unsigned long flags;

	if (!READ_ONCE(adapter->num_vfs))
		return;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	if (adapter->num_vfs)
		igx_sriov_spoof_check(adapter);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
}

int igx_set_vf_trust(struct net_device *netdev, int vf, bool on)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_vf *v = igx_vf_get(adapter, vf);
	unsigned long flags;

	if (!v)
		return -EINVAL;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	v->trusted = on;
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	return 0;
}

int igx_set_vf_link_state(struct net_device *netdev, int vf, int state)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_vf *v = igx_vf_get(adapter, vf);
	unsigned long flags;

	if (!v)
		return -EINVAL;
	switch (state) {
	case IFLA_VF_LINK_STATE_AUTO:
	case IFLA_VF_LINK_STATE_ENABLE:
	case IFLA_VF_LINK_STATE_DISABLE:
		break;
	default:
		return -EINVAL;
	}
	spin_lock_irqsave(&adapter->vf_lock, flags);
	v->link_state = state;
	igx_vf_apply(adapter, vf);
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	return 0;
}

int igx_get_vf_config(struct net_device *netdev, int vf,
		      struct ifla_vf_info *ivi)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_vf *v = igx_vf_get(adapter, vf);
	unsigned long flags;

	if (!v)
		return -EINVAL;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	ivi->vf = vf;
	ether_addr_copy(ivi->mac, v->mac);
	ivi->vlan = v->pf_vlan;
	ivi->qos = v->pf_qos;
	ivi->vlan_proto = htons(ETH_P_8021Q);
	ivi->spoofchk = v->spoofchk;
	ivi->linkstate = v->link_state;
	ivi->trusted = v->trusted;
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	return 0;
}

/* The pool counters are 32 bits and wrap: fold the difference since the
 * last read into 64-bit totals.
 */
int igx_get_vf_stats(struct net_device *netdev, int vf,
		     struct ifla_vf_stats *stats)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	struct igx_vf *v = igx_vf_get(adapter, vf);
	u32 c[ARRAY_SIZE(v->stat)];
	unsigned int i;
	unsigned long flags;

	if (!v)
		return -EINVAL;
	spin_lock_irqsave(&adapter->vf_lock, flags);
	igx_sriov_spoof_check(adapter);
	igx_hw_pool_stats(&adapter->hw, vf, c);
	if (!igx_hw_removed(&adapter->hw)) {
		for (i = 0; i < ARRAY_SIZE(c); i++) {
			v->stat[i] += (u32)(c[i] - v->stat_last[i]);
			v->stat_last[i] = c[i];
		}
	}
	memset(stats, 0, sizeof(*stats));
	stats->rx_packets = v->stat[0];
	stats->tx_packets = v->stat[1];
	stats->rx_bytes = v->stat[2];
	stats->tx_bytes = v->stat[3];
	stats->multicast = v->stat[4];
	stats->tx_dropped = v->spoof_events;
	spin_unlock_irqrestore(&adapter->vf_lock, flags);
	return 0;
}
