// SPDX-License-Identifier: GPL-2.0
/* xsk-bench rxdrop: receive, optionally check, give the frame back. */
#include <arpa/inet.h>
#include <string.h>

#include "xsk_bench.h"

/* sequence continuity and payload bytes of a txonly frame */
static void verify(struct xb_sock *s, const unsigned char *p, __u32 len)
{
	const unsigned char *pl = p + XB_HDR_LEN;
	unsigned long long seq;
	__u32 v, sender, i;

	if (len < XB_HDR_LEN + XB_PAYLOAD_HDR || p[12] != 0x08 || p[13] ||
	    p[23] != 17)
		return;
	memcpy(&v, pl, 4);
	if (ntohl(v) != XB_MAGIC)
		return;
	memcpy(&v, pl + 4, 4);
	sender = ntohl(v);
	if (sender >= XB_MAX_SOCKS) {
		s->payload_errors++;
		return;
	}
	memcpy(&v, pl + 8, 4);
	seq = (unsigned long long)ntohl(v) << 32;
	memcpy(&v, pl + 12, 4);
	seq |= ntohl(v);

	if (seq != s->expect[sender]) {
		s->seq_errors++;
		if (seq > s->expect[sender])
			s->missing += seq - s->expect[sender];
	}
	s->expect[sender] = seq + 1;
	s->seen[sender] = true;

	for (i = XB_PAYLOAD_HDR; XB_HDR_LEN + i < len; i++) {
		if (pl[i] != ((seq + i) & 0xff)) {
			s->payload_errors++;
			break;
		}
	}
}

void xb_rxdrop(const struct xb_opts *o, struct xb_sock *s)
{
	__u32 idx_rx = 0, idx_fq = 0, n, i;

	n = xsk_ring_cons__peek(&s->rx, o->batch, &idx_rx);
	if (!n) {
		xb_kick_rx(o, s);
		return;
	}
	while (xsk_ring_prod__reserve(&s->fill, n, &idx_fq) != n) {
		if (xb_stop || s->gone)
			return;
		xb_kick_rx(o, s);
	}

	for (i = 0; i < n; i++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&s->rx,
								  idx_rx + i);
		__u64 addr = xsk_umem__add_offset_to_addr(d->addr);

		/* only the first buffer of a packet holds the headers */
		if (o->verify && !s->in_pkt)
			verify(s, xsk_umem__get_data(s->area, addr), d->len);
		s->rx_bytes += d->len;
		s->in_pkt = d->options & XDP_PKT_CONTD;
		if (!s->in_pkt)
			s->rx_pkts++;
		*xsk_ring_prod__fill_addr(&s->fill, idx_fq + i) =
			xsk_umem__extract_addr(d->addr);
	}
	xsk_ring_prod__submit(&s->fill, n);
	xsk_ring_cons__release(&s->rx, n);
}
