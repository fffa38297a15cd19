// SPDX-License-Identifier: GPL-2.0
/* igx IEEE 1588: the PTP hardware clock and the frames' hardware stamps.
 *
 * The clock is a timecounter over SYSTIM, which runs at its nominal rate
 * from a TIMINCA written once per MAC reset: frequency, offset and the time
 * itself live in the timecounter (what the emulation makes of TIMINCA and
 * SYSTIM writes is at the top of igx_hw.c). A MAC reset stops SYSTIM and
 * restarts it elsewhere; the clock carries on from where it was, advanced
 * by the boottime that passed.
 *
 * The device latches one RX and one TX stamp at a time. RX: the frame's
 * descriptor says the latch is its own, the RX path reads it and re-arms
 * it. TX: one frame in flight may ask for a stamp; later asks are counted
 * as skipped, a stamp that does not come within IGX_PTP_TX_TIMEOUT as a
 * timeout.
 */

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include "igx.h"

/* SYSTIM is 45 bits of nanoseconds in the cycle counter: it wraps after
 * 9.7 hours. The multiplier keeps 22 bits below the nanosecond for
 * frequency steps of 0.24 ppb, and overflows a 64-bit product only for
 * 2^42 ns (73 minutes) between reads; the aux work reads every second.
 */
#define IGX_PTP_CC_BITS		45
#define IGX_PTP_SHIFT		22
#define IGX_PTP_MAX_ADJ		62499999	/* ppb */
#define IGX_PTP_AUX_PERIOD	HZ
#define IGX_PTP_TX_POLL		(HZ / 100 ? : 1)
#define IGX_PTP_TX_TIMEOUT	(15 * HZ)

#define IGX_PTP_MSG_SYNC	0x0
#define IGX_PTP_MSG_DELAY_REQ	0x1

static u64 igx_ptp_cc_read(IGX_CC_CONST struct cyclecounter *cc)
{
	struct igx_adapter *adapter = container_of(cc, struct igx_adapter, cc);

	return igx_hw_read_systim(&adapter->hw, NULL);
}

/* tmreg_lock held: reads the clock, moving the timecounter's base. */
static u64 igx_ptp_read_locked(struct igx_adapter *adapter)
{
	adapter->ptp_boot_ns = ktime_get_boottime_ns();
	return timecounter_read(&adapter->tc);
}

static int igx_ptp_adjfine(struct ptp_clock_info *ptp, long scaled_ppm)
{
	struct igx_adapter *adapter = container_of(ptp, struct igx_adapter,
						   ptp_caps);
	unsigned long flags;

	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	/* the time so far at the old rate, from here on the new one */
	if (!adapter->ptp_resetting)
		igx_ptp_read_locked(adapter);
	adapter->cc.mult = adjust_by_scaled_ppm(1ULL << IGX_PTP_SHIFT,
						scaled_ppm);
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
	return 0;
}

static int igx_ptp_adjtime(struct ptp_clock_info *ptp, s64 delta)
{
	struct igx_adapter *adapter = container_of(ptp, struct igx_adapter,
						   ptp_caps);
	unsigned long flags;

	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	timecounter_adjtime(&adapter->tc, delta);
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
	return 0;
}

static int igx_ptp_gettimex64(struct ptp_clock_info *ptp,
			      struct timespec64 *ts,
			      struct ptp_system_timestamp *sts)
{
	struct igx_adapter *adapter = container_of(ptp, struct igx_adapter,
						   ptp_caps);
	unsigned long flags;
	int err = 0;
	u64 ns;

	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	if (adapter->ptp_resetting) {
		err = -EBUSY;
	} else {
		ns = igx_hw_read_systim(&adapter->hw, sts);
		if (igx_hw_removed(&adapter->hw))
			err = -ENODEV;
		else
			ns = timecounter_cyc2time(&adapter->tc, ns);
	}
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
	if (!err)
		*ts = ns_to_timespec64(ns);
	return err;
}

static int igx_ptp_settime64(struct ptp_clock_info *ptp,
			     const struct timespec64 *ts)
{
	struct igx_adapter *adapter = container_of(ptp, struct igx_adapter,
						   ptp_caps);
	unsigned long flags;

	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	timecounter_init(&adapter->tc, &adapter->cc, timespec64_to_ns(ts));
	adapter->ptp_boot_ns = ktime_get_boottime_ns();
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
	return 0;
}

static int igx_ptp_enable(struct ptp_clock_info *ptp,
			  struct ptp_clock_request *rq, int on)
{
	return -EOPNOTSUPP;
}

/* Delivers the awaited TX stamp if the device has it; ptp_tx_lock held. */
static bool igx_ptp_tx_try(struct igx_adapter *adapter)
{
	struct skb_shared_hwtstamps hwts = {};
	struct sk_buff *skb = adapter->ptp_tx_skb;
	unsigned long flags;
	u64 raw;

	if (!skb)
		return true;
	if (!igx_hw_tx_stamp(&adapter->hw, &raw))
		return false;
	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	hwts.hwtstamp = ns_to_ktime(timecounter_cyc2time(&adapter->tc, raw));
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
	adapter->ptp_tx_skb = NULL;
	adapter->tx_hwtstamp_pkts++;
	skb_tstamp_tx(skb, &hwts);
	dev_kfree_skb_any(skb);
	return true;
}

/* Keeps the timecounter within reach of SYSTIM, waits for a TX stamp the
 * completion did not find yet, and frees an RX latch that no frame will
 * claim (its frame was dropped for want of a buffer).
 */
static long igx_ptp_aux_work(struct ptp_clock_info *ptp)
{
	struct igx_adapter *adapter = container_of(ptp, struct igx_adapter,
						   ptp_caps);
	struct igx_hw *hw = &adapter->hw;
	long next = IGX_PTP_AUX_PERIOD;
	unsigned long flags;
	bool latched;

	if (!netif_device_present(adapter->netdev) || igx_hw_removed(hw))
		return next;

	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	if (!adapter->ptp_resetting)
		igx_ptp_read_locked(adapter);
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);

	spin_lock_bh(&adapter->ptp_tx_lock);
	if (!igx_ptp_tx_try(adapter)) {
		if (time_after(jiffies, adapter->ptp_tx_start +
			       IGX_PTP_TX_TIMEOUT)) {
			dev_kfree_skb_any(adapter->ptp_tx_skb);
			adapter->ptp_tx_skb = NULL;
			adapter->tx_hwtstamp_timeouts++;
			netdev_warn(adapter->netdev, "TX timestamp timed out\n");
		} else {
			next = IGX_PTP_TX_POLL;
		}
	}
	spin_unlock_bh(&adapter->ptp_tx_lock);

	/* a latch set at two looks a second apart belongs to no frame: the
	 * RX path reads it within a NAPI poll of the frame's arrival
	 */
	latched = READ_ONCE(adapter->tstamp_config.rx_filter) !=
		  HWTSTAMP_FILTER_NONE && igx_hw_rx_stamp_latched(hw);
	if (latched && adapter->ptp_rx_latched) {
		igx_hw_rx_stamp(hw);
		adapter->rx_hwtstamp_cleared++;
		latched = false;
	}
	adapter->ptp_rx_latched = latched;
	return next;
}

/* ---- frames ---- */

/* The PHC time of the frame just received with IGX_RXD_STAT_TS; re-arms
 * the latch for the next one. NAPI context.
 */
u64 igx_ptp_rx_stamp(struct igx_adapter *adapter)
{
	u64 raw = igx_hw_rx_stamp(&adapter->hw);
	unsigned long flags;
	u64 ns;

	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	ns = timecounter_cyc2time(&adapter->tc, raw);
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
	return ns;
}

/* messageType of a layer-2 PTPv2 frame, or -1 */
static int igx_ptp_l2_msg(struct sk_buff *skb)
{
	const struct vlan_ethhdr *veh = (const void *)skb->data;
	unsigned int off = ETH_HLEN;
	__be16 proto;

	/* ndo_start_xmit: data starts at the MAC header */
	if (skb_headlen(skb) < VLAN_ETH_HLEN + 1)
		return -1;
	proto = veh->h_vlan_proto;
	if (proto == htons(ETH_P_8021Q)) {
		proto = veh->h_vlan_encapsulated_proto;
		off = VLAN_ETH_HLEN;
	}
	if (proto != htons(ETH_P_1588))
		return -1;
	return skb->data[off] & 0x0f;
}

/* ndo_start_xmit (TX queue lock held): may @skb carry the stamp request?
 * Only one frame's stamp can be awaited at a time.
 */
bool igx_ptp_tx_claim(struct igx_adapter *adapter, struct sk_buff *skb)
{
	int msg;

	if (READ_ONCE(adapter->tstamp_config.tx_type) != HWTSTAMP_TX_ON)
		return false;
	spin_lock(&adapter->ptp_tx_lock);
	/* an AF_XDP frame may hold the one stamp too */
	if (adapter->ptp_tx_skb || adapter->ptp_tx_xsk) {
		adapter->tx_hwtstamp_skipped++;
		spin_unlock(&adapter->ptp_tx_lock);
		return false;
	}
	skb_shinfo(skb)->tx_flags |= SKBTX_IN_PROGRESS;
	adapter->ptp_tx_skb = skb_get(skb);
	adapter->ptp_tx_start = jiffies;
	spin_unlock(&adapter->ptp_tx_lock);

	/* the emulation stamps one RX message type: a port that sends Sync
	 * is a master and waits for Delay_Req, one that sends Delay_Req is
	 * a slave and waits for Sync (see igx_hw.c)
	 */
	if (READ_ONCE(adapter->tstamp_config.rx_filter) ==
	    HWTSTAMP_FILTER_PTP_V2_L2_EVENT) {
		msg = igx_ptp_l2_msg(skb);
		if (msg == IGX_PTP_MSG_SYNC || msg == IGX_PTP_MSG_DELAY_REQ) {
			u8 want = msg == IGX_PTP_MSG_SYNC ?
				  IGX_PTP_MSG_DELAY_REQ : IGX_PTP_MSG_SYNC;

			if (READ_ONCE(adapter->ptp_rx_msg) != want) {
				WRITE_ONCE(adapter->ptp_rx_msg, want);
				igx_hw_tsync_rx_msg(&adapter->hw, want);
			}
		}
	}
	return true;
}

/* AF_XDP TX metadata asks for a stamp (the XDP TX ring's lock held): as
 * for an skb, one frame at a time, and only with TX stamps on.
 */
bool igx_ptp_xsk_claim(struct igx_adapter *adapter)
{
	bool ok = false;

	if (READ_ONCE(adapter->tstamp_config.tx_type) != HWTSTAMP_TX_ON)
		return false;
	spin_lock(&adapter->ptp_tx_lock);
	if (adapter->ptp_tx_skb || adapter->ptp_tx_xsk) {
		adapter->tx_hwtstamp_skipped++;
	} else {
		adapter->ptp_tx_xsk = true;
		ok = true;
	}
	spin_unlock(&adapter->ptp_tx_lock);
	return ok;
}

/* Completion of the AF_XDP frame that carried the request: its PHC time
 * in @ns, or false (the frame was not sent, or no stamp came: counted as
 * a timeout). Ends the claim either way.
 */
bool igx_ptp_xsk_done(struct igx_adapter *adapter, u64 *ns)
{
	unsigned long flags;
	bool ok;
	u64 raw;

	/* also from igx_clean_rings, BH on */
	spin_lock_bh(&adapter->ptp_tx_lock);
	ok = igx_hw_tx_stamp(&adapter->hw, &raw);
	if (ok) {
		spin_lock_irqsave(&adapter->tmreg_lock, flags);
		*ns = timecounter_cyc2time(&adapter->tc, raw);
		spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
		adapter->tx_hwtstamp_pkts++;
	} else {
		adapter->tx_hwtstamp_timeouts++;
	}
	adapter->ptp_tx_xsk = false;
	spin_unlock_bh(&adapter->ptp_tx_lock);
	return ok;
}

/* TX completion of the frame that carried the request (NAPI). */
void igx_ptp_tx_done(struct igx_adapter *adapter)
{
	bool done;

	spin_lock(&adapter->ptp_tx_lock);
	done = igx_ptp_tx_try(adapter);
	spin_unlock(&adapter->ptp_tx_lock);
	if (!done && adapter->ptp_clock)
		ptp_schedule_worker(adapter->ptp_clock, IGX_PTP_TX_POLL);
}

/* The port closes: a stamp still awaited will not come (the rings and
 * their frames are gone): an skb's is counted lost here, an AF_XDP frame's
 * when its completion finds none (igx_ptp_xsk_done); empty the latch for
 * the next.
 */
void igx_ptp_tx_flush(struct igx_adapter *adapter)
{
	u64 raw;

	spin_lock_bh(&adapter->ptp_tx_lock);
	if (adapter->ptp_tx_skb) {
		dev_kfree_skb_any(adapter->ptp_tx_skb);
		adapter->ptp_tx_skb = NULL;
		adapter->tx_hwtstamp_timeouts++;
	}
	adapter->ptp_tx_xsk = false;
	igx_hw_tx_stamp(&adapter->hw, &raw);
	spin_unlock_bh(&adapter->ptp_tx_lock);
}

/* ---- configuration ---- */

static u32 igx_ptp_rx_type(int filter)
{
	switch (filter) {
	case HWTSTAMP_FILTER_PTP_V2_L2_EVENT:
		return IGX_TSYNCRXCTL_EVENT_V2;
	case HWTSTAMP_FILTER_PTP_V2_L2_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_L2_DELAY_REQ:
		return IGX_TSYNCRXCTL_L2_V2;
	default:
		return 0;
	}
}

/* Programs the device from tstamp_config: at open (after any reset) and on
 * every change. Under rtnl.
 */
void igx_ptp_restore(struct igx_adapter *adapter)
{
	struct kernel_hwtstamp_config *c = &adapter->tstamp_config;
	u8 msg = c->rx_filter == HWTSTAMP_FILTER_PTP_V2_L2_DELAY_REQ ?
		 IGX_PTP_MSG_DELAY_REQ : IGX_PTP_MSG_SYNC;

	if (!adapter->ptp_clock)
		return;
	WRITE_ONCE(adapter->ptp_rx_msg, msg);
	igx_hw_tsync_config(&adapter->hw, c->tx_type == HWTSTAMP_TX_ON,
			    c->rx_filter != HWTSTAMP_FILTER_NONE,
			    igx_ptp_rx_type(c->rx_filter), msg);
	adapter->ptp_rx_latched = false;
}

int igx_ptp_hwtstamp_get(struct net_device *netdev,
			 struct kernel_hwtstamp_config *config)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (!adapter->ptp_clock)
		return -EOPNOTSUPP;
	*config = adapter->tstamp_config;
	return 0;
}

/* The core has refused unknown flags and out-of-range values already. */
int igx_ptp_hwtstamp_set(struct net_device *netdev,
			 struct kernel_hwtstamp_config *config,
			 struct netlink_ext_ack *extack)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	if (!adapter->ptp_clock) {
		NL_SET_ERR_MSG_MOD(extack, "no PTP clock on this port");
		return -EOPNOTSUPP;
	}
	switch (config->tx_type) {
	case HWTSTAMP_TX_OFF:
	case HWTSTAMP_TX_ON:
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack,
				   "TX timestamps are off or on: the 82576 has no one-step mode");
		return -ERANGE;
	}
	switch (config->rx_filter) {
	case HWTSTAMP_FILTER_NONE:
	case HWTSTAMP_FILTER_PTP_V2_L2_EVENT:
	case HWTSTAMP_FILTER_PTP_V2_L2_SYNC:
	case HWTSTAMP_FILTER_PTP_V2_L2_DELAY_REQ:
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack,
				   "RX timestamps only for layer-2 PTPv2 (ptpv2-l2-event, ptpv2-l2-sync, ptpv2-l2-delay-req): QEMU's 82576 stamps no other frames");
		return -ERANGE;
	}
	/* the same again keeps the latches and the role followed */
	if (!kernel_hwtstamp_config_changed(config, &adapter->tstamp_config))
		return 0;
	if (config->tx_type == HWTSTAMP_TX_OFF)
		igx_ptp_tx_flush(adapter);
	WRITE_ONCE(adapter->tstamp_config.flags, config->flags);
	WRITE_ONCE(adapter->tstamp_config.tx_type, config->tx_type);
	WRITE_ONCE(adapter->tstamp_config.rx_filter, config->rx_filter);
	igx_ptp_restore(adapter);
	return 0;
}

int igx_ptp_get_ts_info(struct net_device *netdev,
			struct kernel_ethtool_ts_info *info)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	ethtool_op_get_ts_info(netdev, info);
	if (!adapter->ptp_clock)
		return 0;
	info->so_timestamping |= SOF_TIMESTAMPING_TX_HARDWARE |
				 SOF_TIMESTAMPING_RX_HARDWARE |
				 SOF_TIMESTAMPING_RAW_HARDWARE;
	info->phc_index = ptp_clock_index(adapter->ptp_clock);
	info->tx_types = BIT(HWTSTAMP_TX_OFF) | BIT(HWTSTAMP_TX_ON);
	info->rx_filters = BIT(HWTSTAMP_FILTER_NONE) |
			   BIT(HWTSTAMP_FILTER_PTP_V2_L2_EVENT) |
			   BIT(HWTSTAMP_FILTER_PTP_V2_L2_SYNC) |
			   BIT(HWTSTAMP_FILTER_PTP_V2_L2_DELAY_REQ);
	return 0;
}

void igx_ptp_get_ts_stats(struct net_device *netdev,
			  struct ethtool_ts_stats *ts)
{
	struct igx_adapter *adapter = netdev_priv(netdev);

	spin_lock_bh(&adapter->ptp_tx_lock);
	ts->pkts = adapter->tx_hwtstamp_pkts;
	ts->lost = adapter->tx_hwtstamp_timeouts;
	ts->err = adapter->tx_hwtstamp_skipped;
	spin_unlock_bh(&adapter->ptp_tx_lock);
}

/* ---- reset and lifetime ---- */

/* Before a MAC reset stops SYSTIM: the clock answers -EBUSY until
 * igx_ptp_reset_end. Under rtnl.
 */
void igx_ptp_reset_begin(struct igx_adapter *adapter)
{
	unsigned long flags;

	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	adapter->ptp_resetting = true;
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
}

/* After the MAC reset: SYSTIM runs again from anywhere; the clock goes on
 * from its last reading plus the boottime since (a device in error
 * recovery or asleep could not be read before the reset).
 */
void igx_ptp_reset_end(struct igx_adapter *adapter)
{
	unsigned long flags;
	u64 now, ns;

	igx_hw_ptp_start(&adapter->hw);
	spin_lock_irqsave(&adapter->tmreg_lock, flags);
	now = ktime_get_boottime_ns();
	ns = adapter->tc.nsec + (now - adapter->ptp_boot_ns);
	timecounter_init(&adapter->tc, &adapter->cc, ns);
	adapter->ptp_boot_ns = now;
	adapter->ptp_resetting = false;
	spin_unlock_irqrestore(&adapter->tmreg_lock, flags);
}

/* At probe, after the MAC reset. Without a PHC the port works on, with
 * software timestamps only.
 */
void igx_ptp_init(struct igx_adapter *adapter)
{
	struct net_device *netdev = adapter->netdev;
	struct ptp_clock_info *caps = &adapter->ptp_caps;
	struct ptp_clock *clock;

	spin_lock_init(&adapter->tmreg_lock);
	spin_lock_init(&adapter->ptp_tx_lock);
	adapter->cc.read = igx_ptp_cc_read;
	adapter->cc.mask = CYCLECOUNTER_MASK(IGX_PTP_CC_BITS);
	adapter->cc.mult = 1U << IGX_PTP_SHIFT;
	adapter->cc.shift = IGX_PTP_SHIFT;
	igx_hw_ptp_start(&adapter->hw);
	timecounter_init(&adapter->tc, &adapter->cc,
			 ktime_get_real_ns());
	adapter->ptp_boot_ns = ktime_get_boottime_ns();

	snprintf(caps->name, sizeof(caps->name), "%s", IGX_DRV_NAME);
	caps->owner = THIS_MODULE;
	caps->max_adj = IGX_PTP_MAX_ADJ;
	caps->adjfine = igx_ptp_adjfine;
	caps->adjtime = igx_ptp_adjtime;
	caps->gettimex64 = igx_ptp_gettimex64;
	caps->settime64 = igx_ptp_settime64;
	caps->enable = igx_ptp_enable;
	caps->do_aux_work = igx_ptp_aux_work;

	clock = ptp_clock_register(caps, &adapter->pdev->dev);
	if (IS_ERR_OR_NULL(clock)) {
		netdev_warn(netdev, "no PTP clock (%ld): software timestamps only\n",
			    PTR_ERR(clock));
		return;
	}
	adapter->ptp_clock = clock;
	ptp_schedule_worker(clock, IGX_PTP_AUX_PERIOD);
	netdev_info(netdev, "PTP clock ptp%d\n", ptp_clock_index(clock));
}

/* At remove, the port closed: no PHC is left behind. */
void igx_ptp_stop(struct igx_adapter *adapter)
{
	if (!adapter->ptp_clock)
		return;
	ptp_clock_unregister(adapter->ptp_clock);
	adapter->ptp_clock = NULL;
	igx_ptp_tx_flush(adapter);
	igx_hw_tsync_config(&adapter->hw, false, false, 0, 0);
}
