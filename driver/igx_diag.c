// SPDX-License-Identifier: GPL-2.0
/* igx ethtool -t: offline register, interrupt and MAC loopback tests, and
 * the link test (online and offline).
 */

#include <linux/ethtool.h>
#include <linux/etherdevice.h>
#include <linux/iopoll.h>
#include <linux/rtnetlink.h>
#include "igx.h"

enum {
	IGX_TEST_REG,
	IGX_TEST_IRQ,
	IGX_TEST_LOOPBACK,
	IGX_TEST_LINK,
	IGX_TEST_NUM
};

static const char * const igx_test_names[IGX_TEST_NUM] = {
	"Register test  (offline)",
	"Interrupt test (offline)",
	"Loopback test  (offline)",
	"Link test   (on/offline)",
};

#define IGX_LB_FRAMES		64
#define IGX_LB_LEN		128
#define IGX_LB_ETHERTYPE	0x88B5	/* IEEE local experimental */
#define IGX_LB_TIMEOUT_MS	3000
#define IGX_LINK_TIMEOUT_MS	5000

int igx_diag_test_count(void)
{
	return IGX_TEST_NUM;
}

void igx_diag_test_strings(u8 *data)
{
	unsigned int i;

	for (i = 0; i < IGX_TEST_NUM; i++)
		ethtool_puts(&data, igx_test_names[i]);
}

struct igx_lb {
	struct packet_type pt;
	atomic_t good;
};

/* the payload is the frame index repeated: a frame counts only intact */
static int igx_lb_rcv(struct sk_buff *skb, struct net_device *dev,
		      struct packet_type *pt, struct net_device *orig)
{
	struct igx_lb *lb = container_of(pt, struct igx_lb, pt);
	u8 buf[IGX_LB_LEN - ETH_HLEN];
	unsigned int i;

	if (skb->len == sizeof(buf) &&
	    !skb_copy_bits(skb, 0, buf, sizeof(buf))) {
		for (i = 1; i < sizeof(buf); i++)
			if (buf[i] != buf[0])
				break;
		if (i == sizeof(buf))
			atomic_inc(&lb->good);
	}
	kfree_skb(skb);
	return NET_RX_SUCCESS;
}

static struct sk_buff *igx_lb_frame(struct net_device *netdev, u8 idx)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(IGX_LB_LEN, GFP_KERNEL);
	if (!skb)
		return NULL;
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, netdev->dev_addr);
	ether_addr_copy(eth->h_source, netdev->dev_addr);
	eth->h_proto = htons(IGX_LB_ETHERTYPE);
	memset(skb_put(skb, IGX_LB_LEN - ETH_HLEN), idx, IGX_LB_LEN - ETH_HLEN);
	skb->dev = netdev;
	skb_set_queue_mapping(skb, 0);
	return skb;
}

/* Port up on its own rings with RCTL.LBM: every frame sent on queue 0
 * must come back through the receive path.
 */
/* Sends one test frame on @txq, which the stack may use too (same lock).
 * A ring shorter than the burst fills up: wait for completions to wake the
 * queue, as the stack would, rather than hand the driver a frame it has to
 * refuse. A frame that cannot go is freed here.
 */
static int igx_lb_send(struct net_device *netdev, struct netdev_queue *txq,
		       struct sk_buff *skb)
{
	netdev_tx_t ret = NETDEV_TX_BUSY;
	bool stopped;

	read_poll_timeout(netif_xmit_stopped, stopped, !stopped, 1000,
			  IGX_LB_TIMEOUT_MS * 1000, false, txq);
	__netif_tx_lock_bh(txq);
	if (!netif_xmit_stopped(txq))
		ret = igx_xmit_frame(skb, netdev);
	__netif_tx_unlock_bh(txq);
	if (ret == NETDEV_TX_OK)
		return 0;
	kfree_skb(skb);
	netdev_err(netdev, "loopback test: TX queue 0 stayed full\n");
	return -EBUSY;
}

static int igx_diag_loopback(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	struct netdev_queue *txq;
	struct igx_lb *lb;
	unsigned int i;
	int err, good;

	lb = kzalloc(sizeof(*lb), GFP_KERNEL);
	if (!lb)
		return -ENOMEM;
	lb->pt.type = htons(IGX_LB_ETHERTYPE);
	lb->pt.dev = netdev;
	lb->pt.func = igx_lb_rcv;

	err = igx_up(adapter);
	if (err)
		goto out_free;
	netif_addr_lock_bh(netdev);
	igx_hw_set_loopback(&adapter->hw, true);
	netif_addr_unlock_bh(netdev);
	dev_add_pack(&lb->pt);

	txq = netdev_get_tx_queue(netdev, 0);
	for (i = 0; i < IGX_LB_FRAMES; i++) {
		struct sk_buff *skb = igx_lb_frame(netdev, i);

		if (!skb) {
			err = -ENOMEM;
			break;
		}
		err = igx_lb_send(netdev, txq, skb);
		if (err)
			break;
	}
	if (!err)
		read_poll_timeout(atomic_read, good, good >= IGX_LB_FRAMES,
				  10000, IGX_LB_TIMEOUT_MS * 1000, false,
				  &lb->good);
	good = atomic_read(&lb->good);
	if (!err && good != IGX_LB_FRAMES) {
		netdev_err(netdev, "loopback test: %d of %d frames came back\n",
			   good, IGX_LB_FRAMES);
		err = -EIO;
	}

	dev_remove_pack(&lb->pt);	/* waits for receivers in flight */
	netif_addr_lock_bh(netdev);
	igx_hw_set_loopback(&adapter->hw, netdev->features & NETIF_F_LOOPBACK);
	netif_addr_unlock_bh(netdev);
	igx_down(adapter);
out_free:
	kfree(lb);
	return err;
}

static int igx_diag_link(struct igx_adapter *adapter)
{
	bool full_duplex;
	u32 speed;
	int i;

	/* after an offline run the PHY needs a moment to come back */
	for (i = 0; i < IGX_LINK_TIMEOUT_MS / 50; i++) {
		if (igx_hw_link_up(&adapter->hw, &speed, &full_duplex))
			return 0;
		msleep(50);
	}
	return -ENOLINK;
}

/* The tests change registers and the PHY; the port's one reset path
 * (igx_reset: counters folded, VFs told, ethtool -S resets counted) puts
 * them back.
 */
static void igx_diag_restore(struct igx_adapter *adapter, bool running)
{
	struct net_device *netdev = adapter->netdev;
	int err;

	err = igx_reset(adapter);
	if (err) {
		netdev_err(netdev, "MAC reset after self-test failed: %d\n", err);
		return;
	}
	if (running) {
		err = igx_up(adapter);
		if (err)
			netdev_err(netdev, "reopen after self-test failed: %d\n",
				   err);
	}
}

/* Under rtnl. Offline: the port goes down for the duration and comes back
 * after a MAC reset, which restores everything the tests touched.
 */
void igx_diag_self_test(struct net_device *netdev, struct ethtool_test *test,
			u64 *data)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	bool running = netif_running(netdev);
	u32 bad_reg = 0, speed;
	bool full_duplex;

	memset(data, 0, IGX_TEST_NUM * sizeof(u64));
	if (!(test->flags & ETH_TEST_FL_OFFLINE)) {
		data[IGX_TEST_LINK] = !igx_hw_link_up(&adapter->hw, &speed,
						      &full_duplex);
		if (data[IGX_TEST_LINK])
			test->flags |= ETH_TEST_FL_FAILED;
		return;
	}

	netif_info(adapter, hw, netdev, "offline self-test starting\n");
	data[IGX_TEST_LINK] = !!igx_diag_link(adapter);
	if (running)
		igx_down(adapter);

	if (igx_hw_test_regs(&adapter->hw, &bad_reg)) {
		netdev_err(netdev, "register test failed at 0x%05x\n", bad_reg);
		data[IGX_TEST_REG] = 1;
	}
	igx_diag_restore(adapter, false);
	data[IGX_TEST_IRQ] = !!igx_irq_selftest(adapter);
	/* loopback needs the link the reset just restarted */
	if (igx_diag_link(adapter) || igx_diag_loopback(adapter))
		data[IGX_TEST_LOOPBACK] = 1;
	igx_diag_restore(adapter, running);

	if (data[IGX_TEST_REG] || data[IGX_TEST_IRQ] ||
	    data[IGX_TEST_LOOPBACK] || data[IGX_TEST_LINK])
		test->flags |= ETH_TEST_FL_FAILED;
}
