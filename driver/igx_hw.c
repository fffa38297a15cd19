// SPDX-License-Identifier: GPL-2.0
/* igx hardware layer: reset, NVM, PHY, queues, filters, counters. */

/*
 * What the emulation does differently from silicon (QEMU 10's -device igb,
 * hw/net/igb_core.c), where igx depends on it. This is the one list: code
 * elsewhere that relies on an item names it ("emulation differences, igx_hw.c")
 * instead of describing it again; Documentation/emulation.rst is the same
 * list for users. Each item says what the datasheet (82576 GbE Controller
 * Datasheet, section named in parentheses) has the silicon do, and why
 * igx is right on both.
 *
 * - Transmit (Transmit Functionality; TDT): QEMU sends every frame up to the
 *   new tail synchronously inside the TDT write and writes back DD before
 *   the write returns; silicon fetches and sends asynchronously. igx never
 *   assumes a frame is sent when its tail write returns: completion is read
 *   from DD only (igx_tx_done), and moving an XDP TX ring between pools
 *   resets the queue when anything is still outstanding. Each TDT write is
 *   one trip through the device model, so every ring writes the tail once
 *   per batch (xmit_more, end of NAPI poll, end of ndo_xdp_xmit).
 * - Interrupt throttling (EITR register): the interval is
 *   (EITR & 0x7FFE) x 1024 ns in QEMU, about 4x the datasheet's 1 us units
 *   at bits 14:2, and the first interrupt after a quiet spell is immediate.
 *   igx programs datasheet units (usecs << 2). No interval keeps a ring
 *   from filling in QEMU, where a sender given the CPU fills 256
 *   descriptors in about 130 us, faster than line rate: the ring's low mark
 *   (SRRCTL.RDMTS, ICR.RXDMT0 on the unthrottled other vector) starts the
 *   poll instead, on both (igx_rx_low_mark). When an interval ends, QEMU
 *   sends the vector's message whether or not EIMS still enables it: a
 *   queue vector masked by its handler takes a second interrupt one
 *   interval after the first, also while its poll runs (silicon keeps the
 *   cause pending until EIMS is set again). igx_msix_ring masks again and
 *   schedules NAPI, which only makes the poll go round once more: make
 *   bench's XDP_PASS 64 B takes two interrupts per pktgen burst of 32
 *   frames (Documentation/bench.rst).
 * - Interrupt auto-mask (EIAM, GPIE.EIAME): not emulated, EIMS stays set
 *   after an MSI-X message. igx masks a queue vector through EIMC in its
 *   handler; on silicon, where EIAME already masked it, the write is
 *   redundant. EIAC bits can be set but never cleared: igx only adds.
 * - MSI-X: the PF has 10 vectors (silicon: 25); with 6 or more VFs it
 *   loses vectors 7-9. igx asks for queues + 1 and takes what it gets.
 * - SRRCTL.DROP_EN (SRRCTL register): ignored; QEMU drops a frame for a
 *   queue without descriptors and goes on with the others. On silicon a
 *   queue without descriptors and without DROP_EN holds up the shared
 *   packet buffer, so one queue whose owner stops refilling (an AF_XDP
 *   fill ring left empty) would stop the whole port: igx sets DROP_EN on
 *   every queue. RXDCTL/TXDCTL thresholds are ignored as well.
 *   When no enabled queue has a descriptor, QEMU stops reading the cable
 *   instead (igb_can_receive): the frames wait there, and the next buffers
 *   posted, whoever's they are, get them (an AF_XDP socket bound after one
 *   that stopped refilling receives its frames; measured: 3952 of 6000
 *   frames held for seconds, no ICR.RXO, all delivered once the socket was
 *   closed). Silicon with DROP_EN drops them. igx cannot tell such a frame
 *   from a new one. The one frame QEMU has already taken off the cable is
 *   handed to the device at the next RDT write and dropped without RXO if
 *   the queue is disabled then, as it is while igx_hw_rxq_configure resets
 *   the tail: one frame per queue restart (measured: GPRC one short of
 *   GPTC after each; silicon drops what a disabled queue would get too).
 * - RX descriptor write-back (Receive Descriptor Write-Back): two DMA
 *   writes, DD last; igx reads nothing but DD before dma_rmb(), which is
 *   what silicon needs too. Legacy descriptors are not emulated: igx uses
 *   the advanced ones only.
 * - RSS (MRQC, RXCSUM): active only with RXCSUM.PCSD set; on silicon PCSD
 *   selects the hash instead of the packet checksum in the write-back,
 *   which igx wants on both.
 *
 * - IEEE 1588 clock: SYSTIM follows QEMU's virtual clock as
 *   TIMINCA.incvalue / incperiod; TIMINCA is 0 after every reset (the clock
 *   stands still until written) and each TIMINCA write moves the clock by
 *   the change of rate over the whole uptime (+6.5 ms for +100 ppm at 31 s).
 *   igx writes TIMINCA once per reset, at the nominal rate, and adjusts the
 *   frequency in its timecounter, never through TIMINCA; SYSTIM writes are
 *   ignored, so time is set in the timecounter too.
 * - RX timestamps: only layer-2 PTPv2 frames (the ETQF 1588 entry); UDP PTP
 *   and in-buffer timestamps are not emulated. TSYNCRXCTL's type field is
 *   ignored: a frame is stamped when its first byte (transportSpecific and
 *   messageType) equals TSYNCRXCFG[15:8], so one message type at a time, even
 *   for "all event messages". For HWTSTAMP_FILTER_PTP_V2_L2_EVENT igx
 *   follows the port's role instead: Sync until the port sends a Sync (a
 *   master then waits for Delay_Req), Delay_Req until it sends a Delay_Req.
 * - The RX latch clears only when RXSATRH is read (skip it and exactly one
 *   frame is ever stamped); a frame that matched while no receive buffer was
 *   free is dropped with the latch set. The TX latch re-arms on reading
 *   TXSTMPH. There is no TX timestamp interrupt: the stamp is there when the
 *   frame's descriptor is written back (TX runs inside the TDT write).
 *   RXSATRL/RXSATRH do not hold the frame's PTPv2 sequence ID (Syncs 38
 *   and 39 both latched 7f010100): igx cannot check a stamp against its
 *   frame with them; the descriptor's TS bit is what ties them.
 * - IEEE 1588 stamps (datasheet: at the MII, a fixed latency from the
 *   wire): QEMU takes the TX stamp when it handles the descriptor, inside
 *   the TDT write, and the RX stamp when the frame reaches the receiving
 *   port's filters, which for two ports of one QEMU (the test bed's hub)
 *   is later in the same call. Without -icount SYSTIM follows the host's
 *   clock, so a frame's one-way delay between two ports is the host time
 *   QEMU spent between those two points: 7.5-9 us typically (raw stamps of
 *   both ports, debug build), and a host preemption in between lengthens
 *   that one frame's (52 us at host load 9, 101 us at 12; 509 us in a CI
 *   run). igx converts the stamps as they are: ptp4l's offsets equalled
 *   the raw one-way delays less the path delay, within 0.3 us. Under
 *   -icount SYSTIM counts instructions, which do not advance inside the
 *   device model: both stamps of a frame are equal. TIMADJL/H are
 *   emulated (added at the TIMADJH write); igx keeps offsets in its
 *   timecounter and does not use them.
 * - VLAN filter (VFTA): works with RCTL.VFE; a frame it drops is counted
 *   nowhere (GPRC and TPR count only frames written to a ring).
 * - RMON RX size buckets (PRC64..PRC1522; datasheet, Statistics Register
 *   Descriptions): silicon sizes a frame from the destination address
 *   through the CRC. QEMU adds the 4 FCS bytes only when it leaves them in
 *   the buffer: igx strips the CRC (RCTL.SECRC), so every frame lands in
 *   the bucket of its size less 4 and a 64-byte frame in none. GORC/TOR and
 *   the TX buckets (PTCxx) include the FCS on both.
 * - RUC counts every frame under 60 bytes from the backend even though it
 *   is padded and delivered; silicon counts undersized frames it drops.
 * - Flow control (datasheet, Flow Control): QEMU sends no pause frames
 *   and does not act on received ones; XONRXC, XOFFRXC, FCRUC, XONTXC and
 *   XOFFTXC never move. A pause frame from the peer is an ordinary frame
 *   to the filters (dropped unless its multicast address passes), so
 *   eth-ctrl MACControlFramesReceived and the RX pause counters read 0.
 *   MAC control frames the stack sends are counted by igx itself, on both.
 * - MPC, RNBC, RQDPC and CRCERRS never move: a frame with no descriptor
 *   left is dropped with ICR.RXO only (rx_missed_errors counts RXO events).
 * - VF anti-spoofing (datasheet, Security Features: MAC and VLAN
 *   anti-spoofing; DTXSWC bits 15:0, WVBR): QEMU stores DTXSWC's per-pool
 *   bits and checks nothing; a VF's frames with a foreign source address
 *   leave the port (sriov.sh: 200 of 200 at the peer with spoofchk on)
 *   and WVBR reads 0. igx sets both bits for every VF pool with spoofchk
 *   on (the default, as igb) and counts WVBR's events as the VF's TX drops.
 * - PHY (datasheet, PHY registers: BMCR, ANAR, 1000BASE-T control):
 *   QEMU stores ANAR and 1000BASE-T control but negotiates nothing: with
 *   autoneg the link always resolves to 1000 Mb/s full duplex, whatever is
 *   advertised. STATUS speed and duplex follow only CTRL's forced bits
 *   (FRCSPD/FRCDPX with SPEED/FD); the BMCR speed/duplex bits are stored.
 *   The link comes up 500 ms (virtual time) after an autoneg restart;
 *   after a reset it stays down until one, even when autoneg is then
 *   turned off (so igx_hw_link_setup restarts autoneg before forcing).
 *   Once forced, STATUS keeps that speed and duplex after FRCSPD/FRCDPX
 *   are cleared and autoneg completes (measured: 100 full reported after
 *   ethtool -r); silicon takes them from the PHY again, so
 *   igx_hw_link_setup forces 1000 full once on the way back to autoneg.
 *   Each port's PHY negotiates with no one: the peer of a port forced to
 *   10 or 100 stays at 1000 full (silicon: parallel detection, the peer
 *   at the forced speed, half duplex).  Half duplex has no collisions.
 */

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/unaligned.h>
#include "igx_hw.h"

/* A register may legitimately hold all ones; STATUS never does on a live
 * device, so it decides.
 */
void igx_hw_check_removed(struct igx_hw *hw, u32 reg)
{
	if (reg != IGX_STATUS &&
	    readl(hw->hw_addr + IGX_STATUS) != IGX_ALL_ONES)
		return;
	if (!xchg(&hw->removed, true))
		dev_err(hw->dev, "device reads all ones: removed or link dead\n");
}

void igx_hw_mark_removed(struct igx_hw *hw)
{
	WRITE_ONCE(hw->removed, true);
}

/* Test hook (debugfs): from now on every register reads all ones, as after
 * a surprise removal, which QEMU cannot produce (its unassigned MMIO reads
 * as zero). @ones is ordinary memory filled with 0xFF, BAR0-sized.
 */
void igx_hw_fake_removal(struct igx_hw *hw, void *ones)
{
	WRITE_ONCE(hw->hw_addr, (u8 __iomem __force *)ones);
}

bool igx_hw_present(struct igx_hw *hw)
{
	return igx_rd32(hw, IGX_STATUS) != IGX_ALL_ONES;
}

/* After a slot reset brought the device back: trust its reads again. */
void igx_hw_reattach(struct igx_hw *hw)
{
	WRITE_ONCE(hw->removed, false);
}

void igx_hw_irq_disable(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_EIMC, IGX_ALL_ONES);
	igx_wr32(hw, IGX_IMC, IGX_ALL_ONES);
	igx_wr_flush(hw);
}

int igx_hw_reset(struct igx_hw *hw)
{
	u32 ctrl;
	int err;

	igx_hw_irq_disable(hw);
	igx_wr32(hw, IGX_RCTL, 0);
	igx_wr32(hw, IGX_TCTL, IGX_TCTL_PSP);
	igx_wr_flush(hw);
	/* let in-flight DMA drain before pulling the reset */
	usleep_range(10000, 11000);

	ctrl = igx_rd32(hw, IGX_CTRL);
	if (igx_hw_removed(hw))
		return -ENODEV;
	igx_wr32(hw, IGX_CTRL, ctrl | IGX_CTRL_RST);

	err = igx_hw_poll(hw, IGX_CTRL, ctrl, !(ctrl & IGX_CTRL_RST),
			  1000, 100000);
	if (err)
		return err;

	/* the reset re-arms all causes; keep them masked until open */
	igx_hw_irq_disable(hw);
	igx_rd32(hw, IGX_ICR);
	return 0;
}

/* SWSM: first SMBI (reading it sets it, so a read that saw it clear has
 * taken it), then SWESMBI, which sticks only when firmware does not hold it.
 */
static int igx_hw_get_semaphore(struct igx_hw *hw)
{
	u32 swsm;
	int err, i;

	err = igx_hw_poll(hw, IGX_SWSM, swsm, !(swsm & IGX_SWSM_SMBI),
			  50, 100000);
	if (err) {
		dev_err(hw->dev, "SWSM.SMBI held by another driver: %d\n", err);
		return err;
	}
	for (i = 0; i < 2000; i++) {
		swsm = igx_rd32(hw, IGX_SWSM);
		igx_wr32(hw, IGX_SWSM, swsm | IGX_SWSM_SWESMBI);
		if (igx_rd32(hw, IGX_SWSM) & IGX_SWSM_SWESMBI)
			return 0;
		if (igx_hw_removed(hw))
			return -ENODEV;
		usleep_range(50, 100);
	}
	igx_wr32(hw, IGX_SWSM, swsm & ~(IGX_SWSM_SMBI | IGX_SWSM_SWESMBI));
	dev_err(hw->dev, "SWSM.SWESMBI held by firmware\n");
	return -EBUSY;
}

static void igx_hw_put_semaphore(struct igx_hw *hw)
{
	u32 swsm = igx_rd32(hw, IGX_SWSM);

	igx_wr32(hw, IGX_SWSM, swsm & ~(IGX_SWSM_SMBI | IGX_SWSM_SWESMBI));
}

/* Take the resources in MASK (IGX_SWFW_*) from the other port's driver and
 * the firmware, as the datasheet requires before any NVM or PHY access.
 * Sleeps: process context only.
 */
int igx_hw_acquire_swfw(struct igx_hw *hw, u32 mask)
{
	u32 busy = mask | (mask << IGX_SWFW_FW_SHIFT), sync = 0;
	int err, i;

	for (i = 0; i < 200; i++) {
		err = igx_hw_get_semaphore(hw);
		if (err)
			return err;
		sync = igx_rd32(hw, IGX_SW_FW_SYNC);
		if (!(sync & busy)) {
			igx_wr32(hw, IGX_SW_FW_SYNC, sync | mask);
			igx_hw_put_semaphore(hw);
			return 0;
		}
		igx_hw_put_semaphore(hw);
		usleep_range(5000, 6000);
	}
	dev_err(hw->dev, "SW_FW_SYNC 0x%08x: resource 0x%x still held after 1 s\n",
		sync, mask);
	return -EBUSY;
}

void igx_hw_release_swfw(struct igx_hw *hw, u32 mask)
{
	/* a release that cannot take SWSM leaves the bit set: the next
	 * acquire then fails with the register's value in the log
	 */
	if (igx_hw_get_semaphore(hw))
		return;
	igx_wr32(hw, IGX_SW_FW_SYNC, igx_rd32(hw, IGX_SW_FW_SYNC) & ~mask);
	igx_hw_put_semaphore(hw);
}

/* test hook (debugfs): play the firmware holding MASK */
void igx_hw_fake_fw_swfw(struct igx_hw *hw, u32 mask)
{
	u32 sync = igx_rd32(hw, IGX_SW_FW_SYNC) & GENMASK(IGX_SWFW_FW_SHIFT - 1, 0);

	igx_wr32(hw, IGX_SW_FW_SYNC, sync | mask << IGX_SWFW_FW_SHIFT);
}

static u32 igx_hw_phy_swfw(struct igx_hw *hw)
{
	u32 func = (igx_rd32(hw, IGX_STATUS) >> IGX_STATUS_FUNC_SHIFT) &
		   IGX_STATUS_FUNC_MASK;

	return func ? IGX_SWFW_PHY1 : IGX_SWFW_PHY0;
}

int igx_hw_read_nvm(struct igx_hw *hw, u16 offset, u16 *data)
{
	u32 eerd;
	int err;

	if (offset >= IGX_NVM_WORDS)
		return -EINVAL;
	err = igx_hw_acquire_swfw(hw, IGX_SWFW_EEP);
	if (err)
		return err;
	igx_wr32(hw, IGX_EERD, (offset << IGX_EERD_ADDR_SHIFT) | IGX_EERD_START);
	err = igx_hw_poll(hw, IGX_EERD, eerd, eerd & IGX_EERD_DONE, 5, 10000);
	igx_hw_release_swfw(hw, IGX_SWFW_EEP);
	if (err)
		return err;
	*data = eerd >> IGX_EERD_DATA_SHIFT;
	return 0;
}

int igx_hw_validate_nvm(struct igx_hw *hw)
{
	u16 sum = 0, word, i;
	int err;

	for (i = 0; i < IGX_NVM_CSUM_WORDS; i++) {
		err = igx_hw_read_nvm(hw, i, &word);
		if (err)
			return err;
		sum += word;
	}
	if (sum != IGX_NVM_CSUM) {
		dev_err(hw->dev, "NVM checksum 0x%04x, expected 0x%04x\n",
			sum, IGX_NVM_CSUM);
		return -EIO;
	}
	return igx_hw_read_nvm(hw, IGX_NVM_VERSION, &hw->nvm_version);
}

int igx_hw_read_mac_addr(struct igx_hw *hw)
{
	u16 word;
	int err, i;

	for (i = 0; i < 3; i++) {
		err = igx_hw_read_nvm(hw, i, &word);
		if (err)
			return err;
		hw->perm_addr[2 * i] = word & 0xFF;
		hw->perm_addr[2 * i + 1] = word >> 8;
	}
	return 0;
}

static int igx_hw_mdic(struct igx_hw *hw, u32 cmd, u16 *data)
{
	u32 mdic;
	int err;

	igx_wr32(hw, IGX_MDIC, cmd);
	err = igx_hw_poll(hw, IGX_MDIC, mdic, mdic & IGX_MDIC_READY, 10, 10000);
	if (err)
		return err;
	if (mdic & IGX_MDIC_ERROR)
		return -EIO;
	if (data)
		*data = mdic & IGX_MDIC_DATA_MASK;
	return 0;
}

int igx_hw_phy_read(struct igx_hw *hw, u32 reg, u16 *data)
{
	u32 sem = igx_hw_phy_swfw(hw);
	int err;

	err = igx_hw_acquire_swfw(hw, sem);
	if (err)
		return err;
	err = igx_hw_mdic(hw, (reg << IGX_MDIC_REG_SHIFT) |
			  (IGX_PHY_ADDR << IGX_MDIC_PHY_SHIFT) |
			  IGX_MDIC_OP_READ, data);
	igx_hw_release_swfw(hw, sem);
	return err;
}

int igx_hw_phy_write(struct igx_hw *hw, u32 reg, u16 data)
{
	u32 sem = igx_hw_phy_swfw(hw);
	int err;

	err = igx_hw_acquire_swfw(hw, sem);
	if (err)
		return err;
	err = igx_hw_mdic(hw, data | (reg << IGX_MDIC_REG_SHIFT) |
			  (IGX_PHY_ADDR << IGX_MDIC_PHY_SHIFT) |
			  IGX_MDIC_OP_WRITE, NULL);
	igx_hw_release_swfw(hw, sem);
	return err;
}

/* igx implements the link path of the 82576's internal PHY only: any other
 * PHY (an SGMII board) is refused rather than half-driven.
 */
int igx_hw_check_phy(struct igx_hw *hw)
{
	u16 id1, id2;
	u32 id;
	int err;

	err = igx_hw_phy_read(hw, IGX_PHY_ID1, &id1);
	if (!err)
		err = igx_hw_phy_read(hw, IGX_PHY_ID2, &id2);
	if (err)
		return err;
	id = (u32)id1 << 16 | id2;
	if ((id & ~IGX_PHY_ID_REV_MASK) != IGX_PHY_ID_82576) {
		dev_err(hw->dev, "PHY ID 0x%08x is not the 82576's internal PHY (0x%08x): not supported\n",
			id, IGX_PHY_ID_82576);
		return -ENODEV;
	}
	return 0;
}

int igx_hw_restart_autoneg(struct igx_hw *hw)
{
	u16 bmcr;
	int err;

	/* STATUS.LU stays clear after reset until autoneg is restarted. */
	igx_wr32(hw, IGX_CTRL, igx_rd32(hw, IGX_CTRL) | IGX_CTRL_SLU);
	err = igx_hw_phy_read(hw, IGX_PHY_BMCR, &bmcr);
	if (err)
		return err;
	bmcr &= ~IGX_BMCR_LOOPBACK;
	bmcr |= IGX_BMCR_ANENABLE | IGX_BMCR_ANRESTART;
	return igx_hw_phy_write(hw, IGX_PHY_BMCR, bmcr);
}

static int igx_hw_phy_update(struct igx_hw *hw, u32 reg, u16 clear, u16 set)
{
	u16 val;
	int err;

	err = igx_hw_phy_read(hw, reg, &val);
	if (err)
		return err;
	return igx_hw_phy_write(hw, reg, (val & ~clear) | set);
}

/* Programs the link as @cfg says: after probe, every reset and resume, and
 * ethtool -s. With autoneg the MAC takes speed and duplex from the PHY;
 * forced, the MAC (CTRL.FRCSPD/FRCDPX) and the PHY (BMCR) both get them.
 */
int igx_hw_link_setup(struct igx_hw *hw, const struct igx_link_cfg *cfg)
{
	u32 ctrl = igx_rd32(hw, IGX_CTRL);
	bool was_forced = ctrl & IGX_CTRL_FRCSPD;
	u16 anar = 0, bmcr = 0;
	int err;

	ctrl &= ~(IGX_CTRL_ASDE | IGX_CTRL_SPEED_MASK | IGX_CTRL_FRCSPD |
		  IGX_CTRL_FRCDPX | IGX_CTRL_FD);
	if (cfg->autoneg) {
		/* the emulation's STATUS keeps the last forced speed and
		 * duplex (see the top of this file): force 1000 full, the
		 * only speed it negotiates, once before letting go; silicon
		 * takes both from the PHY again, the link restarting anyway
		 */
		if (was_forced)
			igx_wr32(hw, IGX_CTRL, ctrl | IGX_CTRL_FRCSPD |
				 IGX_CTRL_FRCDPX | IGX_CTRL_SPEED_1000 |
				 IGX_CTRL_FD);
		igx_wr32(hw, IGX_CTRL, ctrl);
		if (cfg->advertised & IGX_ADV_10_HALF)
			anar |= IGX_ANAR_10_HALF;
		if (cfg->advertised & IGX_ADV_10_FULL)
			anar |= IGX_ANAR_10_FULL;
		if (cfg->advertised & IGX_ADV_100_HALF)
			anar |= IGX_ANAR_100_HALF;
		if (cfg->advertised & IGX_ADV_100_FULL)
			anar |= IGX_ANAR_100_FULL;
		err = igx_hw_phy_update(hw, IGX_PHY_ANAR, IGX_ANAR_10_HALF |
					IGX_ANAR_10_FULL | IGX_ANAR_100_HALF |
					IGX_ANAR_100_FULL, anar);
		if (err)
			return err;
		err = igx_hw_phy_update(hw, IGX_PHY_GBCR, IGX_GBCR_1000_HALF |
					IGX_GBCR_1000_FULL,
					cfg->advertised & IGX_ADV_1000_FULL ?
					IGX_GBCR_1000_FULL : 0);
		if (err)
			return err;
		return igx_hw_restart_autoneg(hw);
	}

	ctrl |= IGX_CTRL_FRCSPD | IGX_CTRL_FRCDPX;
	if (cfg->speed == SPEED_100) {
		ctrl |= IGX_CTRL_SPEED_100;
		bmcr |= IGX_BMCR_SPEED100;
	}
	if (cfg->full_duplex) {
		ctrl |= IGX_CTRL_FD;
		bmcr |= IGX_BMCR_FULLDPLX;
	}
	igx_wr32(hw, IGX_CTRL, ctrl);
	/* the emulated link comes up after a reset only through an autoneg
	 * restart (see the top of this file); on silicon the forced BMCR
	 * below overrides it at once
	 */
	err = igx_hw_restart_autoneg(hw);
	if (err)
		return err;
	return igx_hw_phy_write(hw, IGX_PHY_BMCR, bmcr);
}

bool igx_hw_link_up(struct igx_hw *hw, u32 *speed, bool *full_duplex)
{
	u32 status = igx_rd32(hw, IGX_STATUS);

	if (igx_hw_removed(hw) || !(status & IGX_STATUS_LU))
		return false;
	switch (status & IGX_STATUS_SPEED_MASK) {
	case 0:
		*speed = 10;
		break;
	case IGX_STATUS_SPEED_100:
		*speed = 100;
		break;
	default:
		*speed = 1000;
		break;
	}
	*full_duplex = status & IGX_STATUS_FD;
	return true;
}

void igx_hw_driver_loaded(struct igx_hw *hw, bool loaded)
{
	u32 ext = igx_rd32(hw, IGX_CTRL_EXT);

	if (loaded)
		ext |= IGX_CTRL_EXT_DRV_LOAD;
	else
		ext &= ~IGX_CTRL_EXT_DRV_LOAD;
	igx_wr32(hw, IGX_CTRL_EXT, ext);
}

/* Vector 0 takes link and other causes, vector q + 1 takes queue pair q
 * (RX q, TX q and the XDP TX ring q + 8), counted from hardware queue
 * @pool: the PF's first pool. The IVARs of the pools below it belong to
 * VFs (the device fills them from the VFs' VTIVAR) and are left alone.
 */
void igx_hw_irq_setup_msix(struct igx_hw *hw, unsigned int nqueues, u32 itr,
			   unsigned int pool)
{
	unsigned int q;
	u32 all = BIT(nqueues + 1) - 1;

	igx_wr32(hw, IGX_GPIE, IGX_GPIE_MSIX_MODE | IGX_GPIE_PBA |
		 IGX_GPIE_NSICR | IGX_GPIE_EIAME);
	for (q = pool; q < 8; q++) {
		u32 v = (q - pool + 1) | IGX_IVAR_VALID;

		igx_wr32(hw, IGX_IVAR(q), q - pool < nqueues ?
			 v | (v << 8) | (v << 24) : 0);
	}
	igx_wr32(hw, IGX_IVAR_MISC, IGX_IVAR_VALID << 8);
	for (q = 0; q <= nqueues; q++)
		igx_wr32(hw, IGX_EITR(q), q ? itr : 0);
	/* EIAC: only ever add (emulation differences, above) */
	igx_wr32(hw, IGX_EIAC, all);
	igx_wr_flush(hw);
}

/* Masks the PF's own vectors only: with VFs the other EIMS bits are
 * theirs.
 */
void igx_hw_irq_mask_pf(struct igx_hw *hw, u32 eimc)
{
	igx_wr32(hw, IGX_EIMC, eimc);
	igx_wr32(hw, IGX_IMC, IGX_ALL_ONES);
	igx_wr_flush(hw);
}

void igx_hw_irq_setup_legacy(struct igx_hw *hw, u32 itr)
{
	unsigned int q;

	igx_wr32(hw, IGX_GPIE, 0);
	for (q = 0; q < 8; q++)
		igx_wr32(hw, IGX_IVAR(q), 0);
	igx_wr32(hw, IGX_EITR(0), itr);
	igx_wr_flush(hw);
}

#define IGX_IMS_OTHER		(IGX_ICR_LSC | IGX_ICR_RXO | IGX_ICR_RXDMT0)
#define IGX_IMS_LEGACY		(IGX_IMS_OTHER | IGX_ICR_RXT0 | IGX_ICR_TXDW)

void igx_hw_irq_enable_msix(struct igx_hw *hw, u32 eims)
{
	igx_wr32(hw, IGX_IMS, IGX_IMS_OTHER);
	igx_wr32(hw, IGX_EIMS, eims);
	igx_wr_flush(hw);
}

void igx_hw_irq_enable_legacy(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_IMS, IGX_IMS_LEGACY);
}

void igx_hw_irq_mask_legacy(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_IMC, IGX_ALL_ONES);
}

void igx_hw_vec_mask(struct igx_hw *hw, u32 eims)
{
	igx_wr32(hw, IGX_EIMC, eims);
}

/* Masks queue vectors whose polls software starts, and clears their
 * causes (EICR is write-1-to-clear): the polls take the frames those
 * signalled, which would otherwise raise one more interrupt at the unmask.
 * The read orders the clear after the device's earlier descriptor
 * write-backs, so the polls see those frames.
 */
void igx_hw_vec_mask_clear(struct igx_hw *hw, u32 eims)
{
	igx_wr32(hw, IGX_EIMC, eims);
	igx_wr32(hw, IGX_EICR, eims);
	igx_wr_flush(hw);
}

void igx_hw_vec_unmask(struct igx_hw *hw, u32 eims)
{
	igx_wr32(hw, IGX_EIMS, eims);
}

void igx_hw_irq_kick_legacy(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_ICS, IGX_ICR_RXT0);
}

void igx_hw_vec_kick(struct igx_hw *hw, u32 eims)
{
	igx_wr32(hw, IGX_EICS, eims);
}

void igx_hw_set_itr(struct igx_hw *hw, unsigned int vector, u32 itr)
{
	igx_wr32(hw, IGX_EITR(vector), itr);
}

u32 igx_hw_read_icr(struct igx_hw *hw)
{
	u32 icr = igx_rd32(hw, IGX_ICR);

	/* all ones from a removed device is no cause at all */
	return igx_hw_removed(hw) ? 0 : icr;
}

static void igx_hw_queue_disable(struct igx_hw *hw, u32 reg)
{
	u32 val;

	igx_wr32(hw, reg, igx_rd32(hw, reg) & ~IGX_XDCTL_ENABLE);
	if (igx_hw_poll_atomic(hw, reg, val, !(val & IGX_XDCTL_ENABLE),
			       10, 10000) == -ETIMEDOUT)
		dev_warn(hw->dev, "queue control 0x%05x did not stop\n", reg);
}

/* @low: SRRCTL.RDMTS (Split and Replication Receive Control), ICR.RXDMT0
 * once the descriptors the queue still has posted fall to @low (16 at a
 * time, so rounded down; 0: when the last one is taken). QEMU checks the
 * same after each frame it writes.
 */
void igx_hw_rxq_configure(struct igx_hw *hw, u16 q, dma_addr_t dma, u16 count,
			  u32 bufsz, u16 low)
{
	u32 rdmts = min_t(u32, low / 16, IGX_SRRCTL_RDMTS_MAX);

	igx_hw_queue_disable(hw, IGX_RXDCTL(q));
	igx_wr32(hw, IGX_RDBAL(q), lower_32_bits(dma));
	igx_wr32(hw, IGX_RDBAH(q), upper_32_bits(dma));
	igx_wr32(hw, IGX_RDLEN(q), count * sizeof(union igx_rx_desc));
	/* BSIZEPKT in KiB at bits 6:0; BSIZEHDR (64-byte units at bits 11:8)
	 * is unused with one buffer but kept sane
	 */
	igx_wr32(hw, IGX_SRRCTL(q), (bufsz >> IGX_SRRCTL_BSIZEPKT_SHIFT) |
		 IGX_RX_HDR_LEN << IGX_SRRCTL_BSIZEHDR_SHIFT |
		 rdmts << IGX_SRRCTL_RDMTS_SHIFT |
		 IGX_SRRCTL_DESCTYPE_ADV_ONEBUF | IGX_SRRCTL_DROP_EN);
	igx_wr32(hw, IGX_RDH(q), 0);
	igx_wr32(hw, IGX_RDT(q), 0);
	igx_wr32(hw, IGX_RXDCTL(q), IGX_XDCTL_ENABLE |
		 IGX_XDCTL_THRESH(8, 8, 4));
}

void igx_hw_rxq_disable(struct igx_hw *hw, u16 q)
{
	igx_hw_queue_disable(hw, IGX_RXDCTL(q));
}

void igx_hw_txq_configure(struct igx_hw *hw, u16 q, dma_addr_t dma, u16 count)
{
	igx_hw_queue_disable(hw, IGX_TXDCTL(q));
	igx_wr32(hw, IGX_TDBAL(q), lower_32_bits(dma));
	igx_wr32(hw, IGX_TDBAH(q), upper_32_bits(dma));
	igx_wr32(hw, IGX_TDLEN(q), count * sizeof(union igx_tx_desc));
	igx_wr32(hw, IGX_TDWBAL(q), 0);
	igx_wr32(hw, IGX_TDWBAH(q), 0);
	igx_wr32(hw, IGX_TDH(q), 0);
	igx_wr32(hw, IGX_TDT(q), 0);
	igx_wr32(hw, IGX_TXDCTL(q), IGX_XDCTL_ENABLE |
		 IGX_XDCTL_THRESH(8, 1, 16));
}

void igx_hw_txq_disable(struct igx_hw *hw, u16 q)
{
	igx_hw_queue_disable(hw, IGX_TXDCTL(q));
}

u8 __iomem *igx_hw_rx_tail(struct igx_hw *hw, u16 q)
{
	return hw->hw_addr + IGX_RDT(q);
}

u8 __iomem *igx_hw_tx_tail(struct igx_hw *hw, u16 q)
{
	return hw->hw_addr + IGX_TDT(q);
}

u32 igx_hw_txq_head(struct igx_hw *hw, u16 q)
{
	return igx_rd32(hw, IGX_TDH(q));
}

void igx_hw_set_max_frame(struct igx_hw *hw, u32 max_frame)
{
	u32 rctl = igx_rd32(hw, IGX_RCTL);

	igx_wr32(hw, IGX_RLPML, max_frame);
	if (max_frame > ETH_FRAME_LEN + ETH_FCS_LEN + VLAN_HLEN)
		rctl |= IGX_RCTL_LPE;
	else
		rctl &= ~IGX_RCTL_LPE;
	igx_wr32(hw, IGX_RCTL, rctl);
}

void igx_hw_rx_enable(struct igx_hw *hw, u32 max_frame)
{
	u32 rctl = igx_rd32(hw, IGX_RCTL);

	/* keep the filter bits set by set_rx_mode, rebuild the rest */
	rctl &= IGX_RCTL_UPE | IGX_RCTL_MPE | IGX_RCTL_VFE | IGX_RCTL_LBM_MAC;
	rctl |= IGX_RCTL_EN | IGX_RCTL_BAM | IGX_RCTL_SECRC;
	igx_wr32(hw, IGX_RCTL, rctl);
	igx_hw_set_max_frame(hw, max_frame);
}

void igx_hw_rx_disable(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_RCTL, igx_rd32(hw, IGX_RCTL) & ~IGX_RCTL_EN);
	igx_wr_flush(hw);
}

void igx_hw_tx_enable(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_TIPG, IGX_TIPG_DEFAULT);
	igx_wr32(hw, IGX_TCTL, IGX_TCTL_EN | IGX_TCTL_PSP | IGX_TCTL_RTLC |
		 (0x0F << IGX_TCTL_CT_SHIFT) | (0x3F << IGX_TCTL_COLD_SHIFT));
	igx_wr_flush(hw);
}

void igx_hw_tx_disable(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_TCTL, igx_rd32(hw, IGX_TCTL) & ~IGX_TCTL_EN);
	igx_wr_flush(hw);
}

static u32 igx_rar_reg(unsigned int idx)
{
	return idx < 16 ? IGX_RAL_LO(idx) : IGX_RAL_HI(idx - 16);
}

/* @pools: the RAH pool bits, which VMDq delivers a matching frame to */
void igx_hw_set_rar_pool(struct igx_hw *hw, unsigned int idx, const u8 *addr,
			 u32 pools)
{
	u32 ral = addr[0] | addr[1] << 8 | addr[2] << 16 | addr[3] << 24;
	u32 rah = addr[4] | addr[5] << 8 | pools;
	u32 reg = igx_rar_reg(idx);

	/* clear AV first so no half-written entry ever matches */
	igx_wr32(hw, reg + 4, 0);
	igx_wr32(hw, reg, ral);
	igx_wr32(hw, reg + 4, rah | IGX_RAH_AV);
}

void igx_hw_clear_rar(struct igx_hw *hw, unsigned int idx)
{
	u32 reg = igx_rar_reg(idx);

	igx_wr32(hw, reg + 4, 0);
	igx_wr32(hw, reg, 0);
}

/* 12-bit hash of the destination address with RCTL.MO = 0 */
u32 igx_hw_mta_hash(const u8 *addr)
{
	return ((addr[5] << 8 | addr[4]) >> 4) & 0xFFF;
}

void igx_hw_write_mta(struct igx_hw *hw, const u32 *mta)
{
	int i;

	for (i = 0; i < IGX_MTA_REGS; i++)
		igx_wr32(hw, IGX_MTA(i), mta[i]);
}

/* @vfe: only VLAN-tagged frames whose VID has its VFTA bit set pass (CFI
 * not checked); untagged frames are never filtered by it.
 */
void igx_hw_set_filter_mode(struct igx_hw *hw, bool upe, bool mpe, bool vfe)
{
	u32 rctl = igx_rd32(hw, IGX_RCTL);

	rctl &= ~(IGX_RCTL_UPE | IGX_RCTL_MPE | IGX_RCTL_MO_MASK |
		  IGX_RCTL_VFE | IGX_RCTL_CFIEN);
	rctl |= IGX_RCTL_BAM;
	if (upe)
		rctl |= IGX_RCTL_UPE;
	if (mpe)
		rctl |= IGX_RCTL_MPE;
	if (vfe)
		rctl |= IGX_RCTL_VFE;
	igx_wr32(hw, IGX_RCTL, rctl);
}

/* One 32-VID word of the VLAN filter table (VIDs 32 * @idx ...). */
void igx_hw_write_vfta(struct igx_hw *hw, unsigned int idx, u32 val)
{
	igx_wr32(hw, IGX_VFTA(idx), val);
}

void igx_hw_set_vlan_strip(struct igx_hw *hw, bool on)
{
	u32 ctrl = igx_rd32(hw, IGX_CTRL);

	if (on)
		ctrl |= IGX_CTRL_VME;
	else
		ctrl &= ~IGX_CTRL_VME;
	igx_wr32(hw, IGX_CTRL, ctrl);
}

/* @l4_off: IGX_MRQC_* port-hashing fields turned off by ethtool -N; such
 * flows then hash on their addresses alone. RSS stays on with one queue
 * (as igb keeps it): the redirection table then only names queue 0, and
 * every frame still gets its hash for the skb and the XDP rx_hash kfunc.
 */
void igx_hw_set_rss(struct igx_hw *hw, const u8 *key, const u8 *reta,
		    u32 l4_off)
{
	int i;

	for (i = 0; i < IGX_RSSRK_REGS; i++)
		igx_wr32(hw, IGX_RSSRK(i), get_unaligned_le32(key + 4 * i));
	for (i = 0; i < IGX_RETA_REGS; i++)
		igx_wr32(hw, IGX_RETA(i), get_unaligned_le32(reta + 4 * i));
	/* RSS only runs with PCSD set; it also puts the hash in the descriptor */
	igx_wr32(hw, IGX_RXCSUM, IGX_RXCSUM_PCSD | IGX_RXCSUM_IPOFL |
		 IGX_RXCSUM_TUOFL | IGX_RXCSUM_CRCOFL);
	igx_wr32(hw, IGX_MRQC, (IGX_MRQC_RSS | IGX_MRQC_IP4 | IGX_MRQC_IP6EX |
				IGX_MRQC_IP6 | IGX_MRQC_L4_FIELDS) &
		 ~(l4_off & IGX_MRQC_L4_FIELDS));
}

void igx_hw_set_loopback(struct igx_hw *hw, bool on)
{
	u32 rctl = igx_rd32(hw, IGX_RCTL);

	if (on)
		rctl |= IGX_RCTL_LBM_MAC;
	else
		rctl &= ~IGX_RCTL_LBM_MAC;
	igx_wr32(hw, IGX_RCTL, rctl);
}

/* 802.3x pause: the reserved multicast address and type every pause frame
 * carries, the pause time we send, and RX FIFO watermarks that send XOFF
 * early enough for a 64 KiB packet buffer.
 */
#define IGX_FC_PAUSE_TIME	0x0680
#define IGX_FC_HIGH_WATER	0xE000
#define IGX_FC_LOW_WATER	0xD000

void igx_hw_set_flow_control(struct igx_hw *hw, bool rx, bool tx)
{
	u32 ctrl = igx_rd32(hw, IGX_CTRL);

	igx_wr32(hw, IGX_FCAL, 0x00C28001);
	igx_wr32(hw, IGX_FCAH, 0x0100);
	igx_wr32(hw, IGX_FCT, 0x8808);
	igx_wr32(hw, IGX_FCTTV, IGX_FC_PAUSE_TIME);
	if (tx) {
		igx_wr32(hw, IGX_FCRTL, IGX_FC_LOW_WATER | IGX_FCRTL_XONE);
		igx_wr32(hw, IGX_FCRTH, IGX_FC_HIGH_WATER);
	} else {
		igx_wr32(hw, IGX_FCRTL, 0);
		igx_wr32(hw, IGX_FCRTH, 0);
	}
	ctrl &= ~(IGX_CTRL_RFCE | IGX_CTRL_TFCE);
	if (rx)
		ctrl |= IGX_CTRL_RFCE;
	if (tx)
		ctrl |= IGX_CTRL_TFCE;
	igx_wr32(hw, IGX_CTRL, ctrl);
}

/* Starts SYSTIM at the nominal rate (nanoseconds, 19 fraction bits). */
void igx_hw_ptp_start(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_TIMINCA, IGX_TIMINCA_PERIOD | IGX_TIMINCA_VALUE);
	igx_wr_flush(hw);
}

/* SYSTIM in nanoseconds (45 bits); @sts brackets the latching read. */
u64 igx_hw_read_systim(struct igx_hw *hw, struct ptp_system_timestamp *sts)
{
	u32 lo, hi;

	ptp_read_system_prets(sts);
	lo = igx_rd32(hw, IGX_SYSTIML);
	ptp_read_system_postts(sts);
	hi = igx_rd32(hw, IGX_SYSTIMH);
	return ((u64)hi << 32 | lo) >> IGX_SYSTIM_FRAC_BITS;
}

/* @rx_type: IGX_TSYNCRXCTL_*, with @rx; @rx_msg: the PTPv2 messageType RX
 * stamps are taken for. Both latches start empty.
 */
void igx_hw_tsync_config(struct igx_hw *hw, bool tx, bool rx, u32 rx_type,
			 u8 rx_msg)
{
	igx_wr32(hw, IGX_TSYNCTXCTL, tx ? IGX_TSYNC_ENABLED : 0);
	igx_wr32(hw, IGX_TSYNCRXCFG, rx_msg << IGX_TSYNCRXCFG_MSG_SHIFT);
	igx_wr32(hw, IGX_ETQF(IGX_ETQF_PTP), rx ? ETH_P_1588 |
		 IGX_ETQF_FILTER_EN | IGX_ETQF_1588 : 0);
	igx_wr32(hw, IGX_TSYNCRXCTL, rx ? rx_type | IGX_TSYNC_ENABLED : 0);
	igx_rd32(hw, IGX_RXSATRH);
	igx_rd32(hw, IGX_TXSTMPH);
	igx_wr_flush(hw);
}

void igx_hw_tsync_rx_msg(struct igx_hw *hw, u8 rx_msg)
{
	igx_wr32(hw, IGX_TSYNCRXCFG, rx_msg << IGX_TSYNCRXCFG_MSG_SHIFT);
}

/* The latched RX stamp (SYSTIM nanoseconds); re-arms the latch. */
u64 igx_hw_rx_stamp(struct igx_hw *hw)
{
	u32 lo, hi;

	lo = igx_rd32(hw, IGX_RXSTMPL);
	hi = igx_rd32(hw, IGX_RXSTMPH);
	igx_rd32(hw, IGX_RXSATRL);
	igx_rd32(hw, IGX_RXSATRH);
	return ((u64)hi << 32 | lo) >> IGX_SYSTIM_FRAC_BITS;
}

bool igx_hw_rx_stamp_latched(struct igx_hw *hw)
{
	u32 v = igx_rd32(hw, IGX_TSYNCRXCTL);

	return !igx_hw_removed(hw) && (v & IGX_TSYNC_VALID);
}

/* The TX stamp if one is latched (re-arming the latch), else false. */
bool igx_hw_tx_stamp(struct igx_hw *hw, u64 *raw)
{
	u32 lo, hi, ctl = igx_rd32(hw, IGX_TSYNCTXCTL);

	if (igx_hw_removed(hw) || !(ctl & IGX_TSYNC_VALID))
		return false;
	lo = igx_rd32(hw, IGX_TXSTMPL);
	hi = igx_rd32(hw, IGX_TXSTMPH);
	*raw = ((u64)hi << 32 | lo) >> IGX_SYSTIM_FRAC_BITS;
	return true;
}

struct igx_hw_stat_reg {
	const char *name;
	u32 lo;
	u32 hi;
};

static const struct igx_hw_stat_reg igx_hw_stat_regs[IGX_HWS_NUM] = {
	[IGX_HWS_CRCERRS] = { "hw_crcerrs", IGX_CRCERRS, 0 },
	[IGX_HWS_ALGNERRC] = { "hw_algnerrc", IGX_ALGNERRC, 0 },
	[IGX_HWS_SYMERRS] = { "hw_symerrs", IGX_SYMERRS, 0 },
	[IGX_HWS_RXERRC] = { "hw_rxerrc", IGX_RXERRC, 0 },
	[IGX_HWS_MPC] = { "hw_mpc", IGX_MPC, 0 },
	[IGX_HWS_SCC] = { "hw_scc", IGX_SCC, 0 },
	[IGX_HWS_ECOL] = { "hw_ecol", IGX_ECOL, 0 },
	[IGX_HWS_MCC] = { "hw_mcc", IGX_MCC, 0 },
	[IGX_HWS_LATECOL] = { "hw_latecol", IGX_LATECOL, 0 },
	[IGX_HWS_COLC] = { "hw_colc", IGX_COLC, 0 },
	[IGX_HWS_DC] = { "hw_dc", IGX_DC, 0 },
	[IGX_HWS_TNCRS] = { "hw_tncrs", IGX_TNCRS, 0 },
	[IGX_HWS_SEC] = { "hw_sec", IGX_SEC, 0 },
	[IGX_HWS_CEXTERR] = { "hw_cexterr", IGX_CEXTERR, 0 },
	[IGX_HWS_RLEC] = { "hw_rlec", IGX_RLEC, 0 },
	[IGX_HWS_XONRXC] = { "hw_xonrxc", IGX_XONRXC, 0 },
	[IGX_HWS_XONTXC] = { "hw_xontxc", IGX_XONTXC, 0 },
	[IGX_HWS_XOFFRXC] = { "hw_xoffrxc", IGX_XOFFRXC, 0 },
	[IGX_HWS_XOFFTXC] = { "hw_xofftxc", IGX_XOFFTXC, 0 },
	[IGX_HWS_FCRUC] = { "hw_fcruc", IGX_FCRUC, 0 },
	[IGX_HWS_PRC64] = { "hw_prc64", IGX_PRC64, 0 },
	[IGX_HWS_PRC127] = { "hw_prc127", IGX_PRC127, 0 },
	[IGX_HWS_PRC255] = { "hw_prc255", IGX_PRC255, 0 },
	[IGX_HWS_PRC511] = { "hw_prc511", IGX_PRC511, 0 },
	[IGX_HWS_PRC1023] = { "hw_prc1023", IGX_PRC1023, 0 },
	[IGX_HWS_PRC1522] = { "hw_prc1522", IGX_PRC1522, 0 },
	[IGX_HWS_GPRC] = { "hw_gprc", IGX_GPRC, 0 },
	[IGX_HWS_BPRC] = { "hw_bprc", IGX_BPRC, 0 },
	[IGX_HWS_MPRC] = { "hw_mprc", IGX_MPRC, 0 },
	[IGX_HWS_GPTC] = { "hw_gptc", IGX_GPTC, 0 },
	[IGX_HWS_GORC] = { "hw_gorc", IGX_GORCL, IGX_GORCH },
	[IGX_HWS_GOTC] = { "hw_gotc", IGX_GOTCL, IGX_GOTCH },
	[IGX_HWS_RNBC] = { "hw_rnbc", IGX_RNBC, 0 },
	[IGX_HWS_RUC] = { "hw_ruc", IGX_RUC, 0 },
	[IGX_HWS_RFC] = { "hw_rfc", IGX_RFC, 0 },
	[IGX_HWS_ROC] = { "hw_roc", IGX_ROC, 0 },
	[IGX_HWS_RJC] = { "hw_rjc", IGX_RJC, 0 },
	[IGX_HWS_TOR] = { "hw_tor", IGX_TORL, IGX_TORH },
	[IGX_HWS_TOT] = { "hw_tot", IGX_TOTL, IGX_TOTH },
	[IGX_HWS_TPR] = { "hw_tpr", IGX_TPR, 0 },
	[IGX_HWS_TPT] = { "hw_tpt", IGX_TPT, 0 },
	[IGX_HWS_PTC64] = { "hw_ptc64", IGX_PTC64, 0 },
	[IGX_HWS_PTC127] = { "hw_ptc127", IGX_PTC127, 0 },
	[IGX_HWS_PTC255] = { "hw_ptc255", IGX_PTC255, 0 },
	[IGX_HWS_PTC511] = { "hw_ptc511", IGX_PTC511, 0 },
	[IGX_HWS_PTC1023] = { "hw_ptc1023", IGX_PTC1023, 0 },
	[IGX_HWS_PTC1522] = { "hw_ptc1522", IGX_PTC1522, 0 },
	[IGX_HWS_MPTC] = { "hw_mptc", IGX_MPTC, 0 },
	[IGX_HWS_BPTC] = { "hw_bptc", IGX_BPTC, 0 },
	[IGX_HWS_TSCTC] = { "hw_tsctc", IGX_TSCTC, 0 },
	[IGX_HWS_TSCTFC] = { "hw_tsctfc", IGX_TSCTFC, 0 },
};

/* Counters clear on read: add each read into 64-bit totals. A 64-bit pair
 * is latched by reading the low half first and the high half last.
 */
void igx_hw_stats_update(struct igx_hw *hw, u64 *totals)
{
	u64 val[IGX_HWS_NUM];
	unsigned int i;

	if (!igx_hw_present(hw))
		return;
	for (i = 0; i < IGX_HWS_NUM; i++) {
		val[i] = igx_rd32(hw, igx_hw_stat_regs[i].lo);
		if (igx_hw_stat_regs[i].hi)
			val[i] |= (u64)igx_rd32(hw, igx_hw_stat_regs[i].hi) << 32;
	}
	/* a device lost half way through read all ones: add nothing */
	if (igx_hw_removed(hw))
		return;
	for (i = 0; i < IGX_HWS_NUM; i++)
		totals[i] += val[i];
}

const char *igx_hw_stat_name(unsigned int idx)
{
	return igx_hw_stat_regs[idx].name;
}

static const u32 igx_dump_regs[IGX_REGS_DUMP_LEN] = {
	IGX_CTRL, IGX_STATUS, IGX_CTRL_EXT, IGX_RCTL, IGX_TCTL, IGX_TIPG,
	IGX_RXCSUM, IGX_RLPML, IGX_MRQC, IGX_GPIE, IGX_EIMS, IGX_EIAC,
	IGX_IVAR_MISC, IGX_IMS, IGX_RAL(0), IGX_RAH(0),
	IGX_IVAR(0), IGX_IVAR(1), IGX_IVAR(2), IGX_IVAR(3),
	IGX_IVAR(4), IGX_IVAR(5), IGX_IVAR(6), IGX_IVAR(7),
	IGX_EITR(0), IGX_EITR(1), IGX_EITR(2), IGX_EITR(3),
	IGX_EITR(4), IGX_EITR(5), IGX_EITR(6), IGX_EITR(7),
	IGX_RDH(0), IGX_RDT(0), IGX_RXDCTL(0), IGX_SRRCTL(0),
	IGX_RDH(1), IGX_RDT(1), IGX_RXDCTL(1), IGX_SRRCTL(1),
	IGX_RDH(2), IGX_RDT(2), IGX_RXDCTL(2), IGX_SRRCTL(2),
	IGX_RDH(3), IGX_RDT(3), IGX_RXDCTL(3), IGX_SRRCTL(3),
	IGX_TDH(0), IGX_TDT(0), IGX_TXDCTL(0), IGX_TDLEN(0),
	IGX_TDH(1), IGX_TDT(1), IGX_TXDCTL(1), IGX_TDLEN(1),
	IGX_TDH(2), IGX_TDT(2), IGX_TXDCTL(2), IGX_TDLEN(2),
	IGX_TDH(3), IGX_TDT(3), IGX_TXDCTL(3), IGX_TDLEN(3),
	/* not SWSM: reading it takes its semaphore */
	IGX_SW_FW_SYNC,
};

void igx_hw_regs_dump(struct igx_hw *hw, u32 *buf)
{
	int i;

	for (i = 0; i < IGX_REGS_DUMP_LEN; i++)
		buf[i] = igx_rd32(hw, igx_dump_regs[i]);
}

/* ethtool -t register test: read/write tables whose contents the port
 * reprograms on the next open, with walking patterns. Call it with the
 * port down; a MAC reset afterwards restores the defaults.
 */
static const struct {
	u32 base;
	u32 count;
} igx_test_tables[] = {
	{ IGX_MTA(0), IGX_MTA_REGS },
	{ IGX_RETA(0), IGX_RETA_REGS },
	{ IGX_RSSRK(0), IGX_RSSRK_REGS },
};

static const u32 igx_test_patterns[] = {
	0x5A5A5A5A, 0xA5A5A5A5, 0x00000000, 0xFFFFFFFF, 0x01234567,
};

int igx_hw_test_regs(struct igx_hw *hw, u32 *bad_reg)
{
	unsigned int t, i, p;

	if (!igx_hw_present(hw)) {
		*bad_reg = IGX_STATUS;
		return -ENODEV;
	}
	for (t = 0; t < ARRAY_SIZE(igx_test_tables); t++) {
		for (i = 0; i < igx_test_tables[t].count; i++) {
			u32 reg = igx_test_tables[t].base + 4 * i;

			for (p = 0; p < ARRAY_SIZE(igx_test_patterns); p++) {
				u32 want = igx_test_patterns[p] ^ (i * 0x01010101);

				igx_wr32(hw, reg, want);
				if (igx_rd32(hw, reg) != want) {
					*bad_reg = reg;
					return -EIO;
				}
			}
			igx_wr32(hw, reg, 0);
		}
	}
	return 0;
}
