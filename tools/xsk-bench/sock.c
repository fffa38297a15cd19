// SPDX-License-Identifier: GPL-2.0
/* xsk-bench: one UMEM and one AF_XDP socket per queue. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/if_link.h>

#include "xsk_bench.h"

#ifndef SO_PREFER_BUSY_POLL
#define SO_PREFER_BUSY_POLL	69
#endif
#ifndef SO_BUSY_POLL_BUDGET
#define SO_BUSY_POLL_BUDGET	70
#endif

static int set_busy_poll(int fd, unsigned int budget)
{
	int one = 1, usecs = 20, b = budget;

	if (setsockopt(fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_BUSY_POLL, &usecs, sizeof(usecs)) ||
	    setsockopt(fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET, &b, sizeof(b)))
		return -errno;
	return 0;
}

/* hand the first half of the frames to the kernel for RX */
static int prime_fill(struct xb_sock *s, unsigned int n)
{
	__u32 idx, i;

	if (xsk_ring_prod__reserve(&s->fill, n, &idx) != n)
		return -ENOSPC;
	for (i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&s->fill, idx + i) =
			(__u64)i * XB_FRAME_SIZE;
	xsk_ring_prod__submit(&s->fill, n);
	return 0;
}

/* fail-nth counts this thread's allocations from the write on; 0 disarms */
static int fail_nth(unsigned int n)
{
	FILE *f = fopen("/proc/thread-self/fail-nth", "w");
	int err = 0;

	if (!f)
		return -errno;
	if (fprintf(f, "%u", n) < 0)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

struct xb_sock *xb_sock_create(const struct xb_opts *o, unsigned int idx)
{
	struct xsk_umem_config ucfg = {
		.fill_size = XSK_RING_PROD__DEFAULT_NUM_DESCS * 2,
		.comp_size = XSK_RING_CONS__DEFAULT_NUM_DESCS,
		.frame_size = XB_FRAME_SIZE,
		.frame_headroom = o->headroom,
	};
	struct xsk_socket_config cfg = {
		.rx_size = XSK_RING_CONS__DEFAULT_NUM_DESCS,
		.tx_size = XSK_RING_PROD__DEFAULT_NUM_DESCS,
		.bind_flags = o->bind_flags,
	};
	size_t len = (size_t)XB_NUM_FRAMES * XB_FRAME_SIZE;
	unsigned int i, first_tx;
	struct xb_sock *s;
	int err;

	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->index = idx;
	s->queue = o->queue + idx;
	/* populated now: neither the datapath nor the UMEM registration
	 * (under --fail-nth, where each page faulted in would be one of the
	 * counted allocations) pays for the page faults
	 */
	s->area = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (s->area == MAP_FAILED) {
		fprintf(stderr, "mmap umem: %s\n", strerror(errno));
		free(s);
		return NULL;
	}

	if (o->fail_nth && !idx) {
		err = fail_nth(o->fail_nth);
		if (err) {
			fprintf(stderr, "fail-nth: %s\n", strerror(-err));
			goto err_unmap;
		}
	}
	err = xsk_umem__create(&s->umem, s->area, len, &s->fill, &s->comp,
			       &ucfg);
	if (err) {
		if (o->fail_nth && !idx)
			fail_nth(0);
		fprintf(stderr, "umem: %s\n", strerror(-err));
		goto err_unmap;
	}

	if (idx >= o->copy_from)
		cfg.bind_flags = (cfg.bind_flags & ~XDP_ZEROCOPY) | XDP_COPY;
	if (o->need_wakeup)
		cfg.bind_flags |= XDP_USE_NEED_WAKEUP;
	if (o->multi_buffer)
		cfg.bind_flags |= XDP_USE_SG;
	cfg.xdp_flags = o->skb_mode ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	/* our own program is attached once for all sockets by main() */
	if (!o->libxdp_prog || o->mode == XB_TXONLY)
		cfg.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD;

	err = xsk_socket__create(&s->xsk, o->ifname, s->queue, s->umem,
				 o->mode == XB_TXONLY ? NULL : &s->rx,
				 o->mode == XB_RXDROP ? NULL : &s->tx, &cfg);
	/* what follows is not under test */
	if (o->fail_nth && !idx)
		fail_nth(0);
	if (err) {
		fprintf(stderr, "socket on %s queue %u: %s\n", o->ifname,
			s->queue, strerror(-err));
		goto err_umem;
	}

	if (o->busy_poll) {
		err = set_busy_poll(xsk_socket__fd(s->xsk), o->batch);
		if (err) {
			fprintf(stderr, "busy poll: %s\n", strerror(-err));
			goto err_sock;
		}
	}

	/* rx modes: first half to the fill ring; txonly: every frame is ours */
	first_tx = 0;
	if (o->mode != XB_TXONLY) {
		err = prime_fill(s, XB_NUM_FRAMES / 2);
		if (err)
			goto err_sock;
		first_tx = XB_NUM_FRAMES / 2;
	}
	if (o->mode == XB_TXONLY)
		for (i = first_tx; i < XB_NUM_FRAMES; i++)
			s->free[s->nfree++] = (__u64)i * XB_FRAME_SIZE;
	return s;

err_sock:
	xsk_socket__delete(s->xsk);
err_umem:
	xsk_umem__delete(s->umem);
err_unmap:
	munmap(s->area, len);
	free(s);
	return NULL;
}

void xb_sock_destroy(struct xb_sock *s)
{
	if (!s)
		return;
	xsk_socket__delete(s->xsk);
	xsk_umem__delete(s->umem);
	munmap(s->area, (size_t)XB_NUM_FRAMES * XB_FRAME_SIZE);
	free(s);
}

int xb_sock_stats(struct xb_sock *s, struct xdp_statistics *st)
{
	socklen_t len = sizeof(*st);

	memset(st, 0, sizeof(*st));
	if (getsockopt(xsk_socket__fd(s->xsk), SOL_XDP, XDP_STATISTICS, st,
		       &len))
		return -errno;
	return 0;
}

bool xb_sock_zerocopy(struct xb_sock *s)
{
	struct xdp_options opts = { 0 };
	socklen_t len = sizeof(opts);

	if (getsockopt(xsk_socket__fd(s->xsk), SOL_XDP, XDP_OPTIONS, &opts,
		       &len))
		return false;
	return opts.flags & XDP_OPTIONS_ZEROCOPY;
}

/*
 * Whether the socket's device went away (was unregistered) under it.  The
 * kernel then unbinds the socket and sets its sk_err to ENETDOWN (nothing
 * else sets an XDP socket's sk_err); sendto() and recvfrom() answer ENXIO
 * from then on.  Nothing passes through the socket again, and its rings
 * stay as they were: in copy mode the kernel publishes the TX entries it
 * has consumed only once it has used up all it had seen, so the TX ring
 * can look full for good although its frames came back on the completion
 * ring long ago.  A loop waiting for room there would wait forever.
 */
bool xb_sock_gone(struct xb_sock *s)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (!s->gone && !getsockopt(xsk_socket__fd(s->xsk), SOL_SOCKET,
				    SO_ERROR, &err, &len) && err == ENETDOWN)
		s->gone = true;
	return s->gone;
}

/* wake the driver's TX path when it asked for it (or always without flag) */
void xb_kick_tx(const struct xb_opts *o, struct xb_sock *s)
{
	if ((o->busy_poll || !o->need_wakeup ||
	     xsk_ring_prod__needs_wakeup(&s->tx)) &&
	    sendto(xsk_socket__fd(s->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
	    errno == ENXIO)
		s->gone = true;
}

/* busy polling runs in recvfrom(); need_wakeup asks for the same call */
void xb_kick_rx(const struct xb_opts *o, struct xb_sock *s)
{
	if ((o->busy_poll || (o->need_wakeup &&
			      xsk_ring_prod__needs_wakeup(&s->fill))) &&
	    recvfrom(xsk_socket__fd(s->xsk), NULL, 0, MSG_DONTWAIT, NULL,
		     NULL) < 0 && errno == ENXIO)
		s->gone = true;
}
