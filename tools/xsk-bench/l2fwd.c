// SPDX-License-Identifier: GPL-2.0
/*
 * xsk-bench l2fwd: swap the MACs and send each frame back out of the queue
 * it came in on, in the same buffer; completed buffers refill RX.
 */
#include <string.h>

#include "xsk_bench.h"

static void recycle(const struct xb_opts *o, struct xb_sock *s)
{
	__u32 idx_cq = 0, idx_fq = 0, n, i;

	n = xsk_ring_cons__peek(&s->comp, o->batch * 4, &idx_cq);
	if (!n)
		return;
	while (xsk_ring_prod__reserve(&s->fill, n, &idx_fq) != n) {
		if (xb_stop || s->gone)
			return;
		xb_kick_rx(o, s);
	}
	for (i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&s->fill, idx_fq + i) =
			*xsk_ring_cons__comp_addr(&s->comp, idx_cq + i);
	xsk_ring_prod__submit(&s->fill, n);
	xsk_ring_cons__release(&s->comp, n);
	s->outstanding -= n;
}

void xb_l2fwd(const struct xb_opts *o, struct xb_sock *s)
{
	__u32 idx_rx = 0, idx_tx = 0, n, i;
	unsigned char mac[6];

	recycle(o, s);
	n = xsk_ring_cons__peek(&s->rx, o->batch, &idx_rx);
	if (!n) {
		xb_kick_rx(o, s);
		if (s->outstanding)
			xb_kick_tx(o, s);
		return;
	}
	/* room that would never come: see xb_sock_gone() */
	while (xsk_ring_prod__reserve(&s->tx, n, &idx_tx) != n) {
		if (xb_stop || s->gone) {
			s->gone_in_tx_wait = s->gone;
			return;
		}
		xb_kick_tx(o, s);
		recycle(o, s);
	}

	for (i = 0; i < n; i++) {
		const struct xdp_desc *rd = xsk_ring_cons__rx_desc(&s->rx,
								   idx_rx + i);
		struct xdp_desc *td = xsk_ring_prod__tx_desc(&s->tx, idx_tx + i);
		__u64 addr = xsk_umem__add_offset_to_addr(rd->addr);
		unsigned char *p = xsk_umem__get_data(s->area, addr);

		if (!s->in_pkt && rd->len >= 12) {
			memcpy(mac, p, 6);
			memcpy(p, p + 6, 6);
			memcpy(p + 6, mac, 6);
		}
		td->addr = rd->addr;
		td->len = rd->len;
		td->options = rd->options & XDP_PKT_CONTD;
		s->rx_bytes += rd->len;
		s->tx_bytes += rd->len;
		s->in_pkt = rd->options & XDP_PKT_CONTD;
		if (!s->in_pkt) {
			s->rx_pkts++;
			s->tx_pkts++;
		}
	}
	s->outstanding += n;
	xsk_ring_prod__submit(&s->tx, n);
	xsk_ring_cons__release(&s->rx, n);
	xb_kick_tx(o, s);
}
