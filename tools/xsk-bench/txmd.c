// SPDX-License-Identifier: GPL-2.0
/*
 * xsk-bench txmd: AF_XDP TX metadata (XDP_TXMD_FLAGS_TIMESTAMP and
 * _CHECKSUM) against one queue of a port, and the kernel's answers to bad
 * metadata.
 *
 * Debian 12's libxdp and libbpf cannot register a UMEM with
 * tx_metadata_len, so this mode sets the socket up itself with the raw
 * setsockopt/mmap interface (not sock.c's libxdp one); the uapi fields
 * newer than bookworm's headers are defined here.
 *
 *   xsk-bench txmd -i IF -m ts -p /dev/ptpN [-n N] [-q Q] [-s] -d DSTMAC
 *	N frames one at a time with a TX timestamp request; each stamp must
 *	fall between two PHC reads around its send and exceed the previous
 *	one.  Prints "stamp I T0 TS T1" per frame and a summary line.  -s:
 *	the stamp is shared with another sender, a frame may get none.
 *   xsk-bench txmd -i IF -m csum|nocsum [-n N] -d DSTMAC
 *	N UDP/IPv4 and N TCP/IPv6 frames whose L4 checksum field holds the
 *	pseudo-header sum; csum asks the device to finish it (CHECKSUM),
 *	nocsum sends them as they are (the peer must count them bad).
 *   xsk-bench txmd -i IF -m check [-n N] [-t SECS]
 *	the peer: counts the frames of the above by good and bad checksum.
 *   xsk-bench txmd -i IF -m bad -d DSTMAC
 *	UMEM registrations the kernel refuses, and metadata it ignores:
 *	prints one "ok"/"FAIL" line per case.
 *   xsk-bench txmd -i IF -m nostamp -d DSTMAC
 *	a timestamp request with TX stamps off: sent, nothing written.
 *
 * Exit status 0 when every check of the mode held.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>

#include "xsk_bench.h"

#ifndef XDP_UMEM_TX_METADATA_LEN
#define XDP_UMEM_TX_METADATA_LEN	(1 << 2)
#endif
#ifndef XDP_TX_METADATA
#define XDP_TX_METADATA			(1 << 1)
#endif
#ifndef XDP_TXMD_FLAGS_TIMESTAMP
#define XDP_TXMD_FLAGS_TIMESTAMP	(1 << 0)
#endif
#ifndef XDP_TXMD_FLAGS_CHECKSUM
#define XDP_TXMD_FLAGS_CHECKSUM		(1 << 1)
#endif

/* struct xdp_umem_reg with tx_metadata_len (6.8) */
struct txmd_umem_reg {
	uint64_t addr;
	uint64_t len;
	uint32_t chunk_size;
	uint32_t headroom;
	uint32_t flags;
	uint32_t tx_metadata_len;
};

/* struct xsk_tx_metadata (6.8) */
struct txmd_meta {
	uint64_t flags;
	union {
		struct {
			uint16_t csum_start;
			uint16_t csum_offset;
		} request;
		struct {
			uint64_t tx_timestamp;
		} completion;
	};
};

#define FRAME_SIZE	4096
#define NUM_FRAMES	64
#define RING_SIZE	64
#define META_LEN	((uint32_t)sizeof(struct txmd_meta))
#define SENTINEL	0x5a5a5a5a5a5a5a5aULL
#define L4_PORT		9	/* discard: the peer's stack has nothing there */
#define MAGIC		"igx-txmd"

struct ring {
	uint32_t *producer, *consumer;
	void *desc;
	uint32_t size;
	void *map;
	size_t map_len;
};

struct xsk {
	int fd;
	uint8_t *umem;
	uint32_t meta_len;	/* what the registration asked for */
	struct ring fq, cq, tx;
	uint32_t tx_prod, cq_cons;
};

static const char *ifname;
static unsigned int ifindex, queue;
static uint8_t dst_mac[ETH_ALEN], src_mac[ETH_ALEN];

static int map_ring(int fd, struct ring *r, const struct xdp_ring_offset *off,
		    size_t desc_size, off_t pgoff)
{
	r->map_len = off->desc + r->size * desc_size;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_POPULATE, fd, pgoff);
	if (r->map == MAP_FAILED)
		return -errno;
	r->producer = (uint32_t *)((uint8_t *)r->map + off->producer);
	r->consumer = (uint32_t *)((uint8_t *)r->map + off->consumer);
	r->desc = (uint8_t *)r->map + off->desc;
	return 0;
}

static void xsk_close(struct xsk *x)
{
	if (x->tx.map)
		munmap(x->tx.map, x->tx.map_len);
	if (x->cq.map)
		munmap(x->cq.map, x->cq.map_len);
	if (x->fq.map)
		munmap(x->fq.map, x->fq.map_len);
	if (x->fd >= 0)
		close(x->fd);
	if (x->umem)
		munmap(x->umem, (size_t)NUM_FRAMES * FRAME_SIZE);
	memset(x, 0, sizeof(*x));
	x->fd = -1;
}

/*
 * The socket's UMEM registration alone: 0 or the negative errno of
 * XDP_UMEM_REG.  @reg_len is how much of the structure the kernel is given.
 */
static int xsk_reg(struct xsk *x, uint32_t flags, uint32_t meta_len)
{
	struct txmd_umem_reg reg = {
		.len = (uint64_t)NUM_FRAMES * FRAME_SIZE,
		.chunk_size = FRAME_SIZE,
		.flags = flags,
		.tx_metadata_len = meta_len,
	};

	memset(x, 0, sizeof(*x));
	x->fd = socket(AF_XDP, SOCK_RAW, 0);
	if (x->fd < 0)
		return -errno;
	x->umem = mmap(NULL, reg.len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (x->umem == MAP_FAILED) {
		x->umem = NULL;
		return -errno;
	}
	reg.addr = (uint64_t)(uintptr_t)x->umem;
	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_REG, &reg, sizeof(reg)))
		return -errno;
	x->meta_len = (flags & XDP_UMEM_TX_METADATA_LEN) ? meta_len : 0;
	return 0;
}

/* rings and bind, zero-copy: the metadata is the driver's to act on */
static int xsk_bind(struct xsk *x)
{
	struct sockaddr_xdp sxdp = {
		.sxdp_family = AF_XDP,
		.sxdp_ifindex = ifindex,
		.sxdp_queue_id = queue,
		.sxdp_flags = XDP_ZEROCOPY,
	};
	struct xdp_mmap_offsets off;
	socklen_t optlen = sizeof(off);
	int sz = RING_SIZE;

	if (setsockopt(x->fd, SOL_XDP, XDP_UMEM_FILL_RING, &sz, sizeof(sz)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &sz, sizeof(sz)) ||
	    setsockopt(x->fd, SOL_XDP, XDP_TX_RING, &sz, sizeof(sz)) ||
	    getsockopt(x->fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen))
		return -errno;
	x->fq.size = x->cq.size = x->tx.size = RING_SIZE;
	if (map_ring(x->fd, &x->fq, &off.fr, sizeof(uint64_t),
		     XDP_UMEM_PGOFF_FILL_RING) ||
	    map_ring(x->fd, &x->cq, &off.cr, sizeof(uint64_t),
		     XDP_UMEM_PGOFF_COMPLETION_RING) ||
	    map_ring(x->fd, &x->tx, &off.tx, sizeof(struct xdp_desc),
		     XDP_PGOFF_TX_RING))
		return -errno;
	/* the queue's previous socket leaves its pool to a work item after
	 * close: EBUSY until that ran
	 */
	for (int ms = 0; bind(x->fd, (struct sockaddr *)&sxdp, sizeof(sxdp)); ms += 10) {
		if (errno != EBUSY || ms >= 5000)
			return -errno;
		usleep(10000);
	}
	return 0;
}

static int xsk_open(struct xsk *x, uint32_t flags, uint32_t meta_len)
{
	int err = xsk_reg(x, flags, meta_len);

	if (!err)
		err = xsk_bind(x);
	if (err) {
		fprintf(stderr, "xsk-bench txmd: %s queue %u: %s\n", ifname, queue,
			strerror(-err));
		xsk_close(x);
	}
	return err;
}

/* frame @i's data: after the chunk's metadata area, whatever its size */
static uint64_t frame_addr(unsigned int i)
{
	return (uint64_t)(i % NUM_FRAMES) * FRAME_SIZE + 256;
}

static struct txmd_meta *frame_meta(struct xsk *x, uint64_t addr)
{
	return (struct txmd_meta *)(x->umem + addr - META_LEN);
}

/* queue one frame and kick the driver; 0 or negative errno */
static int xsk_send(struct xsk *x, uint64_t addr, uint32_t len, uint32_t opts)
{
	struct xdp_desc *d = x->tx.desc;
	uint32_t cons = __atomic_load_n(x->tx.consumer, __ATOMIC_ACQUIRE);

	if (x->tx_prod - cons >= x->tx.size)
		return -ENOSPC;
	d[x->tx_prod & (x->tx.size - 1)] = (struct xdp_desc){
		.addr = addr, .len = len, .options = opts,
	};
	__atomic_store_n(x->tx.producer, ++x->tx_prod, __ATOMIC_RELEASE);
	if (sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
	    errno != EAGAIN && errno != EBUSY && errno != ENOBUFS)
		return -errno;
	return 0;
}

/* wait for @n completions (up to 2 s); how many came */
static unsigned int xsk_complete(struct xsk *x, unsigned int n)
{
	struct timespec t0, t;
	unsigned int got = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		uint32_t prod = __atomic_load_n(x->cq.producer, __ATOMIC_ACQUIRE);

		got += prod - x->cq_cons;
		x->cq_cons = prod;
		__atomic_store_n(x->cq.consumer, prod, __ATOMIC_RELEASE);
		if (got >= n)
			return got;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= 2)
			return got;
		/* need_wakeup is not asked for: the kick drives the driver */
		sendto(x->fd, NULL, 0, MSG_DONTWAIT, NULL, 0);
		usleep(100);
	}
}

/* ---- frames ---- */

static uint32_t sum16(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;

	for (; len > 1; len -= 2, b += 2)
		sum += (uint32_t)b[0] << 8 | b[1];
	if (len)
		sum += (uint32_t)b[0] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/*
 * A UDP/IPv4 (@v6 false) or TCP/IPv6 frame at @f with the L4 checksum
 * field set to the folded pseudo-header sum, as for CHECKSUM_PARTIAL.
 * Returns its length; *@l4 the offset of the L4 header, *@coff that of the
 * checksum field within it.
 */
static uint32_t build_frame(uint8_t *f, bool v6, unsigned int seq,
			    uint16_t *l4, uint16_t *coff)
{
	static const uint8_t s4[4] = { 198, 51, 100, 1 }, d4[4] = { 198, 51, 100, 2 };
	static const uint8_t s6[16] = { 0xfd, 0, 0, 0x77, [15] = 1 };
	static const uint8_t d6[16] = { 0xfd, 0, 0, 0x77, [15] = 2 };
	uint32_t plen = 64, l4len, sum;
	uint8_t *ip = f + ETH_HLEN, *h, *pl;

	memcpy(f, dst_mac, ETH_ALEN);
	memcpy(f + ETH_ALEN, src_mac, ETH_ALEN);
	if (!v6) {
		put16(f + 12, ETH_P_IP);
		l4len = 8 + plen;
		memset(ip, 0, 20);
		ip[0] = 0x45;
		put16(ip + 2, 20 + l4len);
		ip[8] = 64;
		ip[9] = IPPROTO_UDP;
		memcpy(ip + 12, s4, 4);
		memcpy(ip + 16, d4, 4);
		put16(ip + 10, ~fold(sum16(ip, 20, 0)));
		h = ip + 20;
		memset(h, 0, 8);
		put16(h, 40000 + seq % 1000);
		put16(h + 2, L4_PORT);
		put16(h + 4, l4len);
		*coff = 6;
		sum = sum16(ip + 12, 8, 0);
		sum += IPPROTO_UDP + l4len;
	} else {
		put16(f + 12, ETH_P_IPV6);
		l4len = 20 + plen;
		memset(ip, 0, 40);
		ip[0] = 0x60;
		put16(ip + 4, l4len);
		ip[6] = IPPROTO_TCP;
		ip[7] = 64;
		memcpy(ip + 8, s6, 16);
		memcpy(ip + 24, d6, 16);
		h = ip + 40;
		memset(h, 0, 20);
		put16(h, 40000 + seq % 1000);
		put16(h + 2, L4_PORT);
		h[4] = seq >> 24;
		h[5] = seq >> 16;
		h[6] = seq >> 8;
		h[7] = seq;
		h[12] = 5 << 4;
		h[13] = 0x18;	/* PSH ACK: no connection, the stack resets */
		put16(h + 14, 1024);
		*coff = 16;
		sum = sum16(ip + 8, 32, 0);
		sum += IPPROTO_TCP + l4len;
	}
	pl = h + l4len - plen;
	memcpy(pl, MAGIC, 8);
	for (uint32_t i = 8; i < plen; i++)
		pl[i] = seq + i;
	put16(h + *coff, fold(sum));
	*l4 = h - f;
	return h - f + l4len;
}

/* ---- modes ---- */

static int phc_fd = -1;

static uint64_t phc_ns(void)
{
	struct timespec ts;
	clockid_t id = ((~(clockid_t)phc_fd) << 3) | 3;	/* FD_TO_CLOCKID */

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* @shared: another sender may hold the port's one TX stamp, so a request
 * may go unanswered (the driver counts it as skipped); what is written
 * must still be this frame's own stamp
 */
static int mode_ts(unsigned int n, bool shared)
{
	uint64_t prev = 0, dmin = UINT64_MAX, dmax = 0, dsum = 0;
	unsigned int i, within = 0, mono = 0, written = 0;
	struct xsk x;

	if (xsk_open(&x, XDP_UMEM_TX_METADATA_LEN, META_LEN))
		return 2;
	for (i = 0; i < n; i++) {
		uint64_t addr = frame_addr(i), t0, t1, ts;
		struct txmd_meta *m = frame_meta(&x, addr);
		uint16_t l4, coff;
		uint32_t len;

		len = build_frame(x.umem + addr, false, i, &l4, &coff);
		m->flags = XDP_TXMD_FLAGS_TIMESTAMP;
		m->completion.tx_timestamp = SENTINEL;
		t0 = phc_ns();
		if (xsk_send(&x, addr, len, XDP_TX_METADATA) ||
		    xsk_complete(&x, 1) != 1) {
			printf("frame %u: no completion\n", i);
			break;
		}
		t1 = phc_ns();
		ts = __atomic_load_n(&m->completion.tx_timestamp,
				     __ATOMIC_ACQUIRE);
		printf("stamp %u %llu %llu %llu\n", i, (unsigned long long)t0,
		       (unsigned long long)ts, (unsigned long long)t1);
		if (ts == SENTINEL)
			continue;
		written++;
		/* monotonic among the frames that got one */
		if (ts > t0 && ts < t1) {
			within++;
			dmin = ts - t0 < dmin ? ts - t0 : dmin;
			dmax = ts - t0 > dmax ? ts - t0 : dmax;
			dsum += ts - t0;
		}
		if (ts > prev)
			mono++;
		prev = ts;
	}
	printf("ts: sent %u written %u within %u monotonic %u", i, written,
	       within, mono);
	if (within)
		printf(" stamp-t0 min %llu avg %llu max %llu ns",
		       (unsigned long long)dmin,
		       (unsigned long long)(dsum / within),
		       (unsigned long long)dmax);
	printf("\n");
	xsk_close(&x);
	if (shared)
		return i == n && within == written && mono == written ? 0 : 1;
	return i == n && written == n && within == n && mono == n ? 0 : 1;
}

/* csum: frames with the request; nocsum: the same frames without */
static int mode_csum(unsigned int n, bool offload)
{
	unsigned int i, sent = 0;
	struct xsk x;

	if (xsk_open(&x, XDP_UMEM_TX_METADATA_LEN, META_LEN))
		return 2;
	for (i = 0; i < 2 * n; i++) {
		uint64_t addr = frame_addr(i);
		struct txmd_meta *m = frame_meta(&x, addr);
		uint16_t l4, coff;
		uint32_t len;

		len = build_frame(x.umem + addr, i & 1, i, &l4, &coff);
		m->flags = offload ? XDP_TXMD_FLAGS_CHECKSUM : 0;
		m->request.csum_start = l4;
		m->request.csum_offset = coff;
		if (xsk_send(&x, addr, len, XDP_TX_METADATA) ||
		    xsk_complete(&x, 1) != 1)
			break;
		sent++;
		usleep(2000);	/* the peer's socket is not a race */
	}
	printf("%s: sent %u of %u\n", offload ? "csum" : "nocsum", sent, 2 * n);
	xsk_close(&x);
	return sent == 2 * n ? 0 : 1;
}

/* is @f (@len bytes) one of ours, and is its L4 checksum right? */
static int check_frame(const uint8_t *f, size_t len, unsigned int *v6)
{
	uint16_t type = f[12] << 8 | f[13];
	const uint8_t *h;
	uint32_t sum, l4len;

	if (len < ETH_HLEN + 40)
		return -1;
	if (type == ETH_P_IP && f[ETH_HLEN + 9] == IPPROTO_UDP) {
		const uint8_t *ip = f + ETH_HLEN;

		h = ip + 20;
		l4len = h[4] << 8 | h[5];
		if (h + l4len > f + len || l4len < 16 ||
		    memcmp(h + 8, MAGIC, 8))
			return -1;
		sum = sum16(ip + 12, 8, IPPROTO_UDP + l4len);
		*v6 = 0;
	} else if (type == ETH_P_IPV6 && f[ETH_HLEN + 6] == IPPROTO_TCP) {
		const uint8_t *ip = f + ETH_HLEN;

		h = ip + 40;
		l4len = ip[4] << 8 | ip[5];
		if (h + l4len > f + len || l4len < 28 ||
		    memcmp(h + 20, MAGIC, 8))
			return -1;
		sum = sum16(ip + 8, 32, IPPROTO_TCP + l4len);
		*v6 = 1;
	} else {
		return -1;
	}
	return fold(sum16(h, l4len, sum)) == 0xffff;
}

static int mode_check(unsigned int n, int secs)
{
	unsigned int good[2] = { 0 }, bad[2] = { 0 }, v6;
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = ifindex,
	};
	uint8_t buf[2048];
	time_t end;
	int fd, r;

	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("xsk-bench txmd: packet socket");
		return 2;
	}
	printf("check: listening\n");
	fflush(stdout);
	end = time(NULL) + secs;
	while (good[0] + good[1] + bad[0] + bad[1] < 2 * n && time(NULL) < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t len;

		if (poll(&p, 1, 200) <= 0)
			continue;
		len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (len <= 0)
			continue;
		r = check_frame(buf, len, &v6);
		if (r > 0)
			good[v6]++;
		else if (!r)
			bad[v6]++;
	}
	close(fd);
	printf("check: udp4 good %u bad %u tcp6 good %u bad %u\n",
	       good[0], bad[0], good[1], bad[1]);
	return 0;
}

/* one frame with metadata @flags, stamp field preset: sent, and is the
 * field as it was?  -1 when the frame did not complete
 */
static int send_untouched(struct xsk *x, uint64_t flags, uint32_t opts)
{
	uint64_t addr = frame_addr(7);
	struct txmd_meta *m = frame_meta(x, addr);
	uint16_t l4, coff;
	uint32_t len;

	len = build_frame(x->umem + addr, false, 7, &l4, &coff);
	m->flags = flags;
	m->completion.tx_timestamp = SENTINEL;
	if (xsk_send(x, addr, len, opts) || xsk_complete(x, 1) != 1)
		return -1;
	return __atomic_load_n(&m->completion.tx_timestamp,
			       __ATOMIC_ACQUIRE) == SENTINEL &&
	       m->flags == flags;
}

/* a bare descriptor: 0 when it completed, -1 when not */
static int send_desc(struct xsk *x, uint64_t addr, uint32_t len, uint32_t opts)
{
	if (xsk_send(x, addr, len, opts) || xsk_complete(x, 1) != 1)
		return -1;
	return 0;
}

/* the socket's tx_invalid_descs, or negative errno */
static int tx_invalid(struct xsk *x)
{
	struct xdp_statistics st;
	socklen_t len = sizeof(st);

	if (getsockopt(x->fd, SOL_XDP, XDP_STATISTICS, &st, &len))
		return -errno;
	return st.tx_invalid_descs;
}

static int report(bool ok, const char *what, int err)
{
	printf("%s %s", ok ? "ok" : "FAIL", what);
	if (err)
		printf(" (%s)", strerror(-err));
	printf("\n");
	return ok ? 0 : 1;
}

static int mode_bad(void)
{
	int fails = 0, err, r;
	struct xsk x;

	/* registrations XDP_UMEM_REG refuses */
	err = xsk_reg(&x, XDP_UMEM_TX_METADATA_LEN, 12);
	fails += report(err == -EINVAL, "tx_metadata_len 12 (not a multiple of 8) refused", err);
	xsk_close(&x);
	err = xsk_reg(&x, XDP_UMEM_TX_METADATA_LEN, 256);
	fails += report(err == -EINVAL, "tx_metadata_len 256 (the limit is 255) refused", err);
	xsk_close(&x);
	err = xsk_reg(&x, 1u << 15, 0);
	fails += report(err == -EINVAL, "unknown UMEM flag 0x8000 refused", err);
	xsk_close(&x);

	/* XDP_TX_METADATA without a registration: no metadata area, so
	 * nothing read or written before the frame; the frame is sent
	 */
	if (xsk_open(&x, 0, 0))
		return 2;
	r = send_untouched(&x, XDP_TXMD_FLAGS_TIMESTAMP, XDP_TX_METADATA);
	fails += report(r == 1, "XDP_TX_METADATA without tx_metadata_len: sent, area untouched", 0);
	xsk_close(&x);

	/* tx_metadata_len without XDP_UMEM_TX_METADATA_LEN is not a
	 * registration (6.11 on)
	 */
	if (xsk_open(&x, 0, META_LEN))
		return 2;
	r = send_untouched(&x, XDP_TXMD_FLAGS_TIMESTAMP, XDP_TX_METADATA);
	fails += report(r == 1, "tx_metadata_len without XDP_UMEM_TX_METADATA_LEN: ignored", 0);
	xsk_close(&x);

	if (xsk_open(&x, XDP_UMEM_TX_METADATA_LEN, META_LEN))
		return 2;
	/* a flag the kernel does not know makes the metadata invalid: the
	 * frame goes out, no request acted on
	 */
	r = send_untouched(&x, XDP_TXMD_FLAGS_TIMESTAMP | 1ULL << 7,
			   XDP_TX_METADATA);
	fails += report(r == 1, "unknown metadata flag 0x80: sent, no timestamp", 0);
	/* metadata present but the descriptor does not carry XDP_TX_METADATA */
	r = send_untouched(&x, XDP_TXMD_FLAGS_TIMESTAMP, 0);
	fails += report(r == 1, "request without XDP_TX_METADATA on the descriptor: ignored", 0);
	/* an option bit the kernel does not know, and a metadata area
	 * reaching out of its chunk: invalid descriptors, never completed,
	 * counted in the socket's tx_invalid_descs
	 */
	r = send_untouched(&x, 0, 1u << 5);
	fails += report(r == -1, "descriptor option 0x20 refused (not completed)", 0);
	r = send_desc(&x, FRAME_SIZE + 8, 60, XDP_TX_METADATA);
	fails += report(r == -1, "metadata area outside the chunk refused (not completed)", 0);
	err = tx_invalid(&x);
	fails += report(err == 2, "tx_invalid_descs counts both", err < 0 ? err : 0);
	printf("tx_invalid_descs %d\n", err);
	xsk_close(&x);
	return fails ? 1 : 0;
}

/* TX stamps off: the request is not honoured, the frame still sent */
static int mode_nostamp(void)
{
	struct xsk x;
	int r;

	if (xsk_open(&x, XDP_UMEM_TX_METADATA_LEN, META_LEN))
		return 2;
	r = send_untouched(&x, XDP_TXMD_FLAGS_TIMESTAMP, XDP_TX_METADATA);
	xsk_close(&x);
	return report(r == 1, "timestamp request with TX stamps off: sent, nothing written", 0);
}

static int parse_mac(const char *s, uint8_t *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -1;
}

static int read_mac(void)
{
	char path[128], s[32];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", ifname);
	f = fopen(path, "r");
	if (!f)
		return -1;
	err = fgets(s, sizeof(s), f) ? parse_mac(s, src_mac) : -1;
	fclose(f);
	return err;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xsk-bench txmd -i IF -m ts|csum|nocsum|check|bad|nostamp\n"
		"                      [-q QUEUE] [-n N] [-d DSTMAC] [-p /dev/ptpN] [-t SECS] [-s]\n");
	exit(2);
}

int xb_txmd_main(int argc, char **argv)
{
	const char *mode = NULL, *phc = NULL;
	unsigned int n = 20;
	int c, secs = 30;
	bool shared = false;

	while ((c = getopt(argc, argv, "i:m:q:n:d:p:t:s")) != -1) {
		switch (c) {
		case 's': shared = true; break;
		case 'i': ifname = optarg; break;
		case 'm': mode = optarg; break;
		case 'q': queue = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 'd':
			if (parse_mac(optarg, dst_mac))
				usage();
			break;
		case 'p': phc = optarg; break;
		case 't': secs = atoi(optarg); break;
		default: usage();
		}
	}
	if (!ifname || !mode || !n || n > NUM_FRAMES)
		usage();
	ifindex = if_nametoindex(ifname);
	if (!ifindex || read_mac()) {
		fprintf(stderr, "xsk-bench txmd: no interface %s\n", ifname);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "ts")) {
		if (!phc)
			usage();
		phc_fd = open(phc, O_RDONLY);
		if (phc_fd < 0) {
			perror(phc);
			return 2;
		}
		return mode_ts(n, shared);
	}
	if (!strcmp(mode, "csum") || !strcmp(mode, "nocsum"))
		return mode_csum(n, !strcmp(mode, "csum"));
	if (!strcmp(mode, "check"))
		return mode_check(n, secs);
	if (!strcmp(mode, "bad"))
		return mode_bad();
	if (!strcmp(mode, "nostamp"))
		return mode_nostamp();
	usage();
	return 2;
}
