// SPDX-License-Identifier: GPL-2.0
/* igx hardware layer for SR-IOV: the PF side of the PF<->VF mailboxes and
 * the VMDq pool registers. The message protocol lives in igx_sriov.c.
 */

#include <linux/delay.h>
#include "igx_hw.h"

/* The PF owns a mailbox buffer once PFU reads back set; the device refuses
 * it while the VF holds VFU, which a VF keeps only for a few register
 * writes. Called in interrupt context: a short wait, then -EBUSY, and the
 * caller tries again later (a VF whose CPU stopped right then may keep it
 * for longer).
 */
static int igx_hw_mbx_lock(struct igx_hw *hw, unsigned int vf)
{
	int tries;

	for (tries = 0; tries < 10; tries++) {
		igx_wr32(hw, IGX_P2VMAILBOX(vf), IGX_P2VMAILBOX_PFU);
		if (igx_rd32(hw, IGX_P2VMAILBOX(vf)) & IGX_P2VMAILBOX_PFU)
			return 0;
		if (igx_hw_removed(hw))
			return -ENODEV;
		udelay(2);
	}
	return -EBUSY;
}

static void igx_hw_mbx_unlock(struct igx_hw *hw, unsigned int vf)
{
	igx_wr32(hw, IGX_P2VMAILBOX(vf), 0);
}

/* Reads the VF's message, acknowledges it and releases the buffer in the
 * same write, as the in-tree igb does: the PF holds a buffer only for a
 * few register accesses, never while it acts on a message. igbvf gives up
 * on the buffer after 11 tries 1 ms apart (then "Vlan id 0 is not added"
 * and a reset), and a PF worker holding it across its work could keep it
 * that long on a loaded machine (the PF's vCPU not running).
 */
int igx_hw_mbx_read(struct igx_hw *hw, unsigned int vf, u32 *msg,
		    unsigned int words)
{
	unsigned int i;
	int err;

	err = igx_hw_mbx_lock(hw, vf);
	if (err)
		return err;
	for (i = 0; i < words; i++)
		msg[i] = igx_rd32(hw, IGX_VMBMEM(vf) + 4 * i);
	igx_wr32(hw, IGX_P2VMAILBOX(vf), IGX_P2VMAILBOX_ACK);
	return 0;
}

/* Writes a message (a reply, or the PF's own) into VF @vf's buffer and
 * tells the VF (STS), which also releases the buffer. The buffer may hold
 * a request the VF finished writing after the caller last read MBVFICR:
 * overwriting it would lose it, and igbvf, waiting for our ack, would time
 * out and stop using the mailbox until it resets. Then nothing is sent
 * (-EAGAIN): the request is answered first, by the next pass of the
 * caller, which its interrupt or the poll starts (a reply lost that way
 * is for a request the VF gave up on: it has sent another).
 */
int igx_hw_mbx_write(struct igx_hw *hw, unsigned int vf, const u32 *msg,
		     unsigned int words)
{
	unsigned int i;
	int err;

	err = igx_hw_mbx_lock(hw, vf);
	if (err)
		return err;
	if (igx_rd32(hw, IGX_MBVFICR) & IGX_MBVFICR_REQ(vf)) {
		igx_hw_mbx_unlock(hw, vf);
		return -EAGAIN;
	}
	/* an ack still pending is about the message we overwrite */
	igx_wr32(hw, IGX_MBVFICR, IGX_MBVFICR_ACK(vf));
	for (i = 0; i < words; i++)
		igx_wr32(hw, IGX_VMBMEM(vf) + 4 * i, msg[i]);
	igx_wr32(hw, IGX_P2VMAILBOX(vf), IGX_P2VMAILBOX_STS);
	return 0;
}

/* Pending mailbox causes (MBVFICR: requests and acks) and VF resets
 * (VFLRE), each cleared as read.
 */
void igx_hw_mbx_events(struct igx_hw *hw, u32 *mbvficr, u32 *vflre)
{
	*mbvficr = igx_rd32(hw, IGX_MBVFICR);
	*vflre = igx_rd32(hw, IGX_VFLRE);
	if (igx_hw_removed(hw)) {
		*mbvficr = 0;
		*vflre = 0;
		return;
	}
	if (*mbvficr)
		igx_wr32(hw, IGX_MBVFICR, *mbvficr);
	if (*vflre)
		igx_wr32(hw, IGX_VFLRE, *vflre);
}

/* VMDq with the PF in pool @pf_pool, which also takes unicast frames no
 * address filter claims (as the in-tree igb does). TX switching lets the
 * PF and the VFs reach each other; PFRSTD lets VFs finish their reset.
 */
void igx_hw_vmdq_enable(struct igx_hw *hw, unsigned int pf_pool)
{
	igx_wr32(hw, IGX_VT_CTL, pf_pool << IGX_VT_CTL_POOL_SHIFT);
	igx_wr32(hw, IGX_DTXSWC, IGX_DTXSWC_LOOPBACK);
	igx_wr32(hw, IGX_RPLOLR, IGX_VMOLR_STRVLAN | IGX_VMOLR_STRCRC);
	igx_wr32(hw, IGX_MBVFIMR, GENMASK(pf_pool - 1, 0));
	igx_wr32(hw, IGX_VFRE, igx_rd32(hw, IGX_VFRE) | BIT(pf_pool));
	igx_wr32(hw, IGX_VFTE, igx_rd32(hw, IGX_VFTE) | BIT(pf_pool));
	igx_wr32(hw, IGX_MRQC, IGX_MRQC_VMDQ);
	igx_wr_flush(hw);
}

/* Before VFs start, and after a MAC reset: the VFs' pools lose what the
 * PF's own queues left in their IVARs (the device ORs each VF's VTIVAR
 * into them), and every VF sees the PF ready (V2PMAILBOX.RSTD, set by the
 * write of PFRSTD, which also makes a running VF check its link: write it
 * only here).
 */
void igx_hw_vf_pools_init(struct igx_hw *hw, unsigned int num_vfs)
{
	unsigned int p;

	for (p = 0; p < num_vfs; p++)
		igx_wr32(hw, IGX_IVAR(p), 0);
	igx_wr32(hw, IGX_CTRL_EXT,
		 igx_rd32(hw, IGX_CTRL_EXT) | IGX_CTRL_EXT_PFRSTD);
	igx_wr_flush(hw);
}

/* Anti-spoofing (datasheet, Security Features: MAC and VLAN anti-spoofing)
 * for a VF's pool: the device drops a frame the pool sends whose source
 * address is not one of the pool's RAR entries, or whose VLAN the pool
 * may not use, and notes the pool in WVBR.
 */
void igx_hw_pool_spoofchk(struct igx_hw *hw, unsigned int pool, bool on)
{
	u32 bits = IGX_DTXSWC_MAC_SPOOF(pool) | IGX_DTXSWC_VLAN_SPOOF(pool);
	u32 dtxswc = igx_rd32(hw, IGX_DTXSWC);

	igx_wr32(hw, IGX_DTXSWC, on ? dtxswc | bits : dtxswc & ~bits);
}

/* the pools that sent a spoofed frame since the last call */
u32 igx_hw_spoof_events(struct igx_hw *hw)
{
	u32 wvbr = igx_rd32(hw, IGX_WVBR);

	return igx_hw_removed(hw) ? 0 : wvbr;
}

/* Back to a single pool: what the port had before VFs. */
void igx_hw_vmdq_disable(struct igx_hw *hw)
{
	unsigned int p;

	igx_wr32(hw, IGX_MRQC, 0);
	igx_wr32(hw, IGX_VFRE, 0);
	igx_wr32(hw, IGX_VFTE, 0);
	igx_wr32(hw, IGX_MBVFIMR, 0);
	igx_wr32(hw, IGX_DTXSWC, 0);
	igx_wr32(hw, IGX_VT_CTL, 0);
	igx_wr32(hw, IGX_RPLOLR, 0);
	for (p = 0; p < IGX_NUM_POOLS; p++) {
		igx_wr32(hw, IGX_VMOLR(p), 0);
		igx_wr32(hw, IGX_VMVIR(p), 0);
	}
	igx_wr32(hw, IGX_CTRL_EXT,
		 igx_rd32(hw, IGX_CTRL_EXT) & ~IGX_CTRL_EXT_PFRSTD);
	igx_wr_flush(hw);
}

void igx_hw_pool_enable(struct igx_hw *hw, unsigned int pool, bool rx,
			bool tx)
{
	u32 vfre = igx_rd32(hw, IGX_VFRE), vfte = igx_rd32(hw, IGX_VFTE);

	igx_wr32(hw, IGX_VFRE, rx ? vfre | BIT(pool) : vfre & ~BIT(pool));
	igx_wr32(hw, IGX_VFTE, tx ? vfte | BIT(pool) : vfte & ~BIT(pool));
}

/* Receive options of a pool: @max_frame bytes, broadcast, untagged
 * frames, multicast by hash (@mc_hash) and VLAN stripping.
 */
void igx_hw_pool_rx(struct igx_hw *hw, unsigned int pool, u32 max_frame,
		    bool mc_hash, bool strip_vlan)
{
	u32 vmolr = IGX_VMOLR_BAM | IGX_VMOLR_AUPE | IGX_VMOLR_STRCRC |
		    IGX_VMOLR_LPE | (max_frame & IGX_VMOLR_RLPML_MASK);

	if (mc_hash)
		vmolr |= IGX_VMOLR_ROMPE;
	if (strip_vlan)
		vmolr |= IGX_VMOLR_STRVLAN;
	igx_wr32(hw, IGX_VMOLR(pool), vmolr);
}

/* A VLAN the device inserts into every frame the pool sends (0: none). */
void igx_hw_pool_vlan(struct igx_hw *hw, unsigned int pool, u16 tci)
{
	igx_wr32(hw, IGX_VMVIR(pool), tci ? IGX_VMVIR_DEFAULT | tci : 0);
}

/* The per-pool counters, free running 32-bit registers */
void igx_hw_pool_stats(struct igx_hw *hw, unsigned int pool, u32 *c)
{
	c[0] = igx_rd32(hw, IGX_PVFGPRC(pool));
	c[1] = igx_rd32(hw, IGX_PVFGPTC(pool));
	c[2] = igx_rd32(hw, IGX_PVFGORC(pool));
	c[3] = igx_rd32(hw, IGX_PVFGOTC(pool));
	c[4] = igx_rd32(hw, IGX_PVFMPRC(pool));
}

/* ICR.VMMB reaches the PF's "other" vector (a message, an ack or a VF
 * reset); the MBVFIMR bits were set with the pools.
 */
void igx_hw_irq_enable_mbx(struct igx_hw *hw)
{
	igx_wr32(hw, IGX_IMS, IGX_ICR_VMMB);
}
