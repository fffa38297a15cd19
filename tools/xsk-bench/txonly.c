// SPDX-License-Identifier: GPL-2.0
/* xsk-bench txonly: numbered frames as fast as the TX ring takes them. */
#include <string.h>

#include "xsk_bench.h"

static void complete(struct xb_sock *s)
{
	__u32 idx, n, i;

	n = xsk_ring_cons__peek(&s->comp, XB_NUM_FRAMES, &idx);
	for (i = 0; i < n; i++)
		s->free[s->nfree++] = *xsk_ring_cons__comp_addr(&s->comp,
								idx + i);
	xsk_ring_cons__release(&s->comp, n);
	s->outstanding -= n;
}

void xb_txonly(const struct xb_opts *o, struct xb_sock *s)
{
	static unsigned char frame[9 * 1024 + XB_FRAME_SIZE];
	unsigned int nbuf = (o->size + XB_FRAME_SIZE - 1) / XB_FRAME_SIZE;
	unsigned int pkts = o->batch, p, b;
	__u32 idx;

	complete(s);
	if (o->count && s->tx_seq + pkts > o->count)
		pkts = o->count - s->tx_seq;
	if (pkts > s->nfree / nbuf)
		pkts = s->nfree / nbuf;
	if (!pkts || xsk_ring_prod__reserve(&s->tx, pkts * nbuf, &idx) !=
		     pkts * nbuf) {
		xb_kick_tx(o, s);
		if (o->count && s->tx_seq >= o->count && !s->outstanding)
			s->done = true;
		return;
	}

	for (p = 0; p < pkts; p++) {
		if (o->skip_seq && s->tx_seq + 1 == o->skip_seq)
			s->tx_seq++;
		xb_fill_frame(o, frame, o->size, o->sender_base + s->index,
			      o->seq_base + s->tx_seq);
		if (o->corrupt_seq && s->tx_seq + 1 == o->corrupt_seq)
			frame[o->size - 1] ^= 0xff;
		/* a frame larger than one buffer goes out as a chain */
		for (b = 0; b < nbuf; b++) {
			struct xdp_desc *d = xsk_ring_prod__tx_desc(&s->tx,
								    idx++);
			unsigned int off = b * XB_FRAME_SIZE;
			unsigned int len = o->size - off;

			if (len > XB_FRAME_SIZE)
				len = XB_FRAME_SIZE;
			d->addr = s->free[--s->nfree];
			d->len = len;
			d->options = b + 1 < nbuf ? XDP_PKT_CONTD : 0;
			memcpy(xsk_umem__get_data(s->area, d->addr),
			       frame + off, len);
		}
		s->tx_seq++;
		s->tx_pkts++;
		s->tx_bytes += o->size;
	}
	s->outstanding += pkts * nbuf;
	xsk_ring_prod__submit(&s->tx, pkts * nbuf);
	xb_kick_tx(o, s);
}
