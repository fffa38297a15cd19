// SPDX-License-Identifier: GPL-2.0
/* igx transmit from the stack: one TX ring per queue pair, its offloads
 * (TSO, checksum, VLAN, the TX timestamp request) and its completion. XDP
 * and AF_XDP frames never come here: they have their own ring
 * (igx_xdp_tx.c).
 */

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/sctp.h>
#include <net/ip6_checksum.h>
#include <net/netdev_queues.h>
#include "igx.h"

/* what one completion of the stack ring adds to its counters */
struct igx_tx_done {
	struct igx_q_vector *qv;
	int napi_budget;
	unsigned int pkts, bytes, mac_ctrl;
	struct igx_tx_queue_stats gso;
};

static inline void igx_tx_done_skb(struct igx_ring *ring,
				   struct igx_tx_buf *buf, void *arg)
{
	struct igx_tx_done *d = arg;

	d->pkts += buf->segs;
	d->bytes += buf->bytes;
	if (buf->flags & IGX_TX_FL_GSO) {
		d->gso.gso_packets++;
		d->gso.gso_bytes += buf->skb->len;
		d->gso.gso_wire_packets += buf->segs;
		d->gso.gso_wire_bytes += buf->bytes;
	}
	if (buf->flags & IGX_TX_FL_MAC_CTRL)
		d->mac_ctrl++;
	if (unlikely(buf->tstamp)) {
		buf->tstamp = false;
		igx_ptp_tx_done(d->qv->adapter);
	}
	napi_consume_skb(buf->skb, d->napi_budget);
}

static inline void igx_tx_put_skb(struct igx_ring *ring,
				  struct igx_tx_buf *buf, void *arg)
{
	if (buf->type == IGX_TX_BUF_SKB)
		dev_kfree_skb_any(buf->skb);
}

static const struct igx_tx_walk_ops igx_tx_walk_skb = {
	.head = igx_tx_done_skb,
	.put = igx_tx_put_skb,
};

/* Completes the stack ring's frames, frees their skbs (napi_consume_skb:
 * @napi_budget 0 from netpoll) and wakes the queue. True when all are in.
 */
bool igx_tx_clean(struct igx_q_vector *qv, int napi_budget)
{
	struct igx_ring *ring = &qv->tx;
	struct igx_tx_done d = { .qv = qv, .napi_budget = napi_budget };
	struct netdev_queue *txq;
	unsigned int left;

	left = igx_tx_complete(ring, IGX_TX_CLEAN_BUDGET, &igx_tx_walk_skb, &d);

	if (d.pkts) {
		u64_stats_update_begin(&ring->syncp);
		ring->stats.tx.packets += d.pkts;
		ring->stats.tx.bytes += d.bytes;
		ring->stats.tx.mac_ctrl += d.mac_ctrl;
		ring->stats.tx.gso_packets += d.gso.gso_packets;
		ring->stats.tx.gso_bytes += d.gso.gso_bytes;
		ring->stats.tx.gso_wire_packets += d.gso.gso_wire_packets;
		ring->stats.tx.gso_wire_bytes += d.gso.gso_wire_bytes;
		u64_stats_update_end(&ring->syncp);
	}

	txq = netdev_get_tx_queue(ring->netdev, ring->queue_index);
	/* never wake a queue that igx_down stopped: its rings are going */
	if (!__netif_txq_completed_wake(txq, d.pkts, d.bytes,
					igx_desc_unused(ring),
					IGX_TX_WAKE_THRESH,
					test_bit(IGX_STATE_DOWN,
						 &qv->adapter->state))) {
		u64_stats_update_begin(&ring->syncp);
		ring->stats.tx.restarts++;
		u64_stats_update_end(&ring->syncp);
	}
	return left != 0;
}

/* Drops whatever the stack ring still holds; the hardware queue is stopped. */
void igx_tx_release(struct igx_ring *ring)
{
	if (!ring->tx_buf)
		return;
	igx_tx_release_walk(ring, &igx_tx_walk_skb, NULL);
	netdev_tx_reset_queue(netdev_get_tx_queue(ring->netdev,
						  ring->queue_index));
}

struct igx_tx_ctx {
	u32 vlan_macip_lens;
	u32 type_tucmd;
	u32 mss_l4len_idx;
	u32 cmd;
	u32 olinfo;
	bool needed;
};

static int igx_tx_tso(struct sk_buff *skb, struct igx_tx_buf *first,
		      struct igx_tx_ctx *ctx)
{
	unsigned int hdr_len, l4len;
	u32 paylen;
	int err;

	if (skb->ip_summed != CHECKSUM_PARTIAL || !skb_is_gso(skb))
		return 0;
	if (!(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)))
		return 0;
	err = skb_cow_head(skb, 0);
	if (err < 0)
		return err;

	/* the device fills in lengths and checksums of each segment from a
	 * pseudo-header sum that excludes the length
	 */
	if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
							 0, IPPROTO_TCP, 0);
		ctx->type_tucmd |= IGX_TXC_TUCMD_IPV4;
		ctx->olinfo |= IGX_TXD_POPTS_IXSM;
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->payload_len = 0;
		tcp_hdr(skb)->check = ~csum_ipv6_magic(&ip6h->saddr,
						       &ip6h->daddr, 0,
						       IPPROTO_TCP, 0);
	}

	l4len = tcp_hdrlen(skb);
	hdr_len = skb_tcp_all_headers(skb);
	paylen = skb->len - hdr_len;

	first->segs = skb_shinfo(skb)->gso_segs;
	first->bytes += (first->segs - 1) * hdr_len;

	ctx->type_tucmd |= IGX_TXC_TUCMD_L4T_TCP;
	ctx->mss_l4len_idx = l4len << IGX_TXC_L4LEN_SHIFT |
			     skb_shinfo(skb)->gso_size << IGX_TXC_MSS_SHIFT;
	ctx->vlan_macip_lens |= skb_network_offset(skb) << IGX_TXC_MACLEN_SHIFT |
				(skb_transport_offset(skb) -
				 skb_network_offset(skb));
	ctx->cmd |= IGX_TXD_CMD_TSE;
	ctx->olinfo |= IGX_TXD_POPTS_TXSM | paylen << IGX_TXD_PAYLEN_SHIFT;
	ctx->needed = true;
	return 1;
}

static void igx_tx_csum(struct sk_buff *skb, struct igx_tx_ctx *ctx)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return;

	switch (skb->csum_offset) {
	case offsetof(struct tcphdr, check):
		ctx->type_tucmd |= IGX_TXC_TUCMD_L4T_TCP;
		break;
	case offsetof(struct udphdr, check):
		break;
	case offsetof(struct sctphdr, checksum):
		if (skb_csum_is_sctp(skb)) {
			ctx->type_tucmd |= IGX_TXC_TUCMD_L4T_SCTP;
			break;
		}
		fallthrough;
	default:
		skb_checksum_help(skb);
		return;
	}

	if (vlan_get_protocol(skb) == htons(ETH_P_IP))
		ctx->type_tucmd |= IGX_TXC_TUCMD_IPV4;
	ctx->vlan_macip_lens |= skb_network_offset(skb) << IGX_TXC_MACLEN_SHIFT |
				(skb_checksum_start_offset(skb) -
				 skb_network_offset(skb));
	ctx->olinfo |= IGX_TXD_POPTS_TXSM;
	ctx->needed = true;
}

static unsigned int igx_tx_desc_count(struct sk_buff *skb)
{
	unsigned int i, n = DIV_ROUND_UP(skb_headlen(skb), IGX_TX_MAX_DATA);

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++)
		n += DIV_ROUND_UP(skb_frag_size(&skb_shinfo(skb)->frags[i]),
				  IGX_TX_MAX_DATA);
	return n + 1;	/* context descriptor */
}

static netdev_tx_t igx_tx_drop(struct igx_ring *ring, struct sk_buff *skb)
{
	dev_kfree_skb_any(skb);
	dev_core_stats_tx_dropped_inc(ring->netdev);
	return NETDEV_TX_OK;
}

netdev_tx_t igx_xmit_frame(struct sk_buff *skb, struct net_device *netdev)
{
	struct igx_adapter *adapter = netdev_priv(netdev);
	u16 qidx = skb_get_queue_mapping(skb);
	struct igx_tx_ctx ctx = {};
	struct igx_tx_buf *first, *buf;
	union igx_tx_desc *desc = NULL;
	unsigned int size, data_len;
	u16 first_data;
	struct netdev_queue *txq;
	struct igx_ring *ring;
	skb_frag_t *frag;
	dma_addr_t dma;
	u16 i, start;
	int tso;

	if (unlikely(qidx >= adapter->num_queues))
		qidx %= adapter->num_queues;
	ring = &adapter->q_vector[qidx]->tx;
	txq = netdev_get_tx_queue(netdev, qidx);

	if (unlikely(igx_desc_unused(ring) < igx_tx_desc_count(skb) + 1)) {
		/* not reached when the stop threshold below holds */
		netif_tx_stop_queue(txq);
		return NETDEV_TX_BUSY;
	}

	start = ring->next_to_use;
	first = &ring->tx_buf[start];
	first->type = IGX_TX_BUF_SKB;
	first->skb = skb;
	first->bytes = max_t(unsigned int, skb->len, ETH_ZLEN);
	first->segs = 1;
	first->tstamp = false;
	first->flags = 0;
	/* the MAC counts only the pause frames it sends itself (XONTXC,
	 * XOFFTXC); one the stack sends is an ordinary frame to it
	 */
	if (skb_headlen(skb) >= ETH_HLEN &&
	    ((struct ethhdr *)skb->data)->h_proto == htons(ETH_P_PAUSE))
		first->flags |= IGX_TX_FL_MAC_CTRL;

	if (skb_vlan_tag_present(skb)) {
		ctx.cmd |= IGX_TXD_CMD_VLE;
		ctx.vlan_macip_lens = skb_vlan_tag_get(skb) << IGX_TXC_VLAN_SHIFT;
		ctx.needed = true;
	}

	tso = igx_tx_tso(skb, first, &ctx);
	if (tso < 0)
		goto drop;
	if (tso) {
		first->flags |= IGX_TX_FL_GSO;
	} else {
		igx_tx_csum(skb, &ctx);
		ctx.olinfo |= skb->len << IGX_TXD_PAYLEN_SHIFT;
	}

	i = start;
	if (ctx.needed) {
		struct igx_tx_ctx_desc *cd = (void *)IGX_TX_DESC(ring, i);

		cd->vlan_macip_lens = cpu_to_le32(ctx.vlan_macip_lens);
		cd->seqnum_seed = 0;
		cd->type_tucmd_mlhl = cpu_to_le32(ctx.type_tucmd |
						  IGX_TXD_DTYP_CTXT |
						  IGX_TXD_CMD_DEXT);
		cd->mss_l4len_idx = cpu_to_le32(ctx.mss_l4len_idx);
		if (++i == ring->count)
			i = 0;
	}

	first_data = i;
	ctx.cmd |= IGX_TXD_DTYP_DATA | IGX_TXD_CMD_DEXT;
	if (likely(!skb->no_fcs))
		ctx.cmd |= IGX_TXD_CMD_IFCS;
	size = skb_headlen(skb);
	data_len = skb->data_len;
	dma = dma_map_single(ring->dev, skb->data, size, DMA_TO_DEVICE);
	buf = first;

	for (frag = &skb_shinfo(skb)->frags[0];; frag++) {
		if (dma_mapping_error(ring->dev, dma))
			goto unmap;
		dma_unmap_len_set(buf, len, size);
		dma_unmap_addr_set(buf, dma, dma);

		desc = IGX_TX_DESC(ring, i);
		while (unlikely(size > IGX_TX_MAX_DATA)) {
			desc->read.buffer_addr = cpu_to_le64(dma);
			desc->read.cmd_type_len = cpu_to_le32(ctx.cmd |
							      IGX_TX_MAX_DATA);
			desc->read.olinfo_status = cpu_to_le32(ctx.olinfo);
			if (++i == ring->count)
				i = 0;
			desc = IGX_TX_DESC(ring, i);
			dma += IGX_TX_MAX_DATA;
			size -= IGX_TX_MAX_DATA;
		}
		desc->read.buffer_addr = cpu_to_le64(dma);
		desc->read.cmd_type_len = cpu_to_le32(ctx.cmd | size);
		desc->read.olinfo_status = cpu_to_le32(ctx.olinfo);

		if (!data_len)
			break;
		if (++i == ring->count)
			i = 0;
		size = skb_frag_size(frag);
		data_len -= size;
		dma = skb_frag_dma_map(ring->dev, frag, 0, size, DMA_TO_DEVICE);
		buf = &ring->tx_buf[i];
	}

	desc->read.cmd_type_len |= cpu_to_le32(IGX_TXD_CMD_EOP |
					       IGX_TXD_CMD_RS);
	/* the device takes the request from the frame's first data
	 * descriptor; only now can the frame no longer be dropped
	 */
	if (unlikely(skb_shinfo(skb)->tx_flags & SKBTX_HW_TSTAMP) &&
	    igx_ptp_tx_claim(adapter, skb)) {
		IGX_TX_DESC(ring, first_data)->read.cmd_type_len |=
			cpu_to_le32(IGX_TXD_MAC_TSTAMP);
		first->tstamp = true;
	}
	skb_tx_timestamp(skb);

	/* descriptors complete before the cleaner can see eop_desc */
	smp_wmb();
	first->eop_desc = desc;
	if (++i == ring->count)
		i = 0;
	ring->next_to_use = i;

	netif_txq_maybe_stop(txq, igx_desc_unused(ring), IGX_TX_DESC_NEEDED,
			     IGX_TX_WAKE_THRESH);
	/* TX runs inside the TDT write: one doorbell per xmit_more batch */
	if (__netdev_tx_sent_queue(txq, first->bytes, netdev_xmit_more()))
		igx_hw_write_tail(ring->tail, i);
	return NETDEV_TX_OK;

unmap:
	netdev_err(netdev, "TX DMA mapping failed\n");
	for (;;) {
		buf = &ring->tx_buf[i];
		igx_tx_buf_unmap(ring, buf, buf == first);
		if (buf == first)
			break;
		if (i-- == 0)
			i = ring->count - 1;
	}
drop:
	first->type = IGX_TX_BUF_NONE;
	first->skb = NULL;
	return igx_tx_drop(ring, skb);
}
