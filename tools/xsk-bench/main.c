// SPDX-License-Identifier: GPL-2.0
/*
 * xsk-bench: AF_XDP benchmark and test tool on libxdp's xsk API.
 *
 * One socket per queue, all served by one thread in turn, so results do
 * not depend on how threads share the CPUs.  Prints per-second rates and
 * a final machine-readable "summary:" line.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "libbpf_quiet.h"
#include "xsk_bench.h"
#include "xdp_xsk.skel.h"

volatile sig_atomic_t xb_stop;

static void on_signal(int sig)
{
	xb_stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"Usage: %s -i IFNAME [-r|-t|-l] [options]\n"
		"       %s txmd -i IFNAME -m MODE ...  AF_XDP TX metadata: TX\n"
		"                            timestamps, checksum offload\n"
		"  -r, --rxdrop         receive and drop (default)\n"
		"  -t, --txonly         send numbered frames\n"
		"  -l, --l2fwd          swap MACs and send back\n"
		"  -q, --queue N        first queue id (default 0)\n"
		"  -Q, --queues N       sockets on N queues from -q (default 1)\n"
		"  -S, --copy           force copy mode (XDP_COPY)\n"
		"  -z, --zero-copy      force zero-copy mode (XDP_ZEROCOPY)\n"
		"  -W, --no-need-wakeup do not use need_wakeup\n"
		"  -B, --busy-poll      SO_PREFER_BUSY_POLL, SO_BUSY_POLL, budget = batch\n"
		"  -b, --batch N        descriptors per ring operation (default 64)\n"
		"  -M, --multi-buffer   XDP_USE_SG, frags program\n"
		"  -N, --skb            generic XDP (default native)\n"
		"  -L, --libxdp-prog    libxdp's default program instead of bpf/xdp_xsk\n"
		"  -f, --force          replace an XDP program already attached\n"
		"  -s, --size BYTES     txonly frame size without FCS (default 64)\n"
		"  -D, --dst-mac MAC    txonly destination (default ff:ff:ff:ff:ff:ff)\n"
		"  -E, --src-mac MAC    txonly source (default the device's)\n"
		"  -V, --verify         rxdrop: check sequence and payload of txonly frames\n"
		"  -c, --count N        txonly: N frames per socket; rx: stop after N\n"
		"  -d, --duration SEC   stop after SEC seconds (default: at Ctrl-C)\n"
		"  -x, --quiet          no per-second lines\n"
		"      --skip-seq N     txonly test hook: never send sequence number N\n"
		"      --corrupt-seq N  txonly test hook: damage the payload of number N\n"
		"      --seq N          txonly: first sequence number (default 0), so a\n"
		"                       stream can be sent in several runs\n"
		"      --sender N       txonly: number the senders from N (default 0), so\n"
		"                       frames of several processes can be told apart\n"
		"      --copy-from N    sockets N.. bind in copy mode, those before as -z/-S\n"
		"                       say (zero-copy and copy queues side by side)\n"
		"      --headroom N     UMEM frame headroom in bytes (default 0)\n"
		"      --fail-nth N     test hook: the Nth kernel allocation of the first\n"
		"                       socket's setup (UMEM, rings, bind) fails\n"
		"                       (/proc/thread-self/fail-nth, fault injection)\n",
		prog, prog);
}

static int parse_mac(const char *s, unsigned char *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		      &mac[2], &mac[3], &mac[4], &mac[5]) == 6 ? 0 : -EINVAL;
}

static int dev_mac(const char *ifname, unsigned char *mac)
{
	struct ifreq ifr = { 0 };
	int fd, err = 0;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		err = -errno;
	else
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);
	return err;
}

static const struct option long_opts[] = {
	{ "rxdrop", no_argument, NULL, 'r' },
	{ "txonly", no_argument, NULL, 't' },
	{ "l2fwd", no_argument, NULL, 'l' },
	{ "interface", required_argument, NULL, 'i' },
	{ "queue", required_argument, NULL, 'q' },
	{ "queues", required_argument, NULL, 'Q' },
	{ "copy", no_argument, NULL, 'S' },
	{ "zero-copy", no_argument, NULL, 'z' },
	{ "no-need-wakeup", no_argument, NULL, 'W' },
	{ "busy-poll", no_argument, NULL, 'B' },
	{ "batch", required_argument, NULL, 'b' },
	{ "multi-buffer", no_argument, NULL, 'M' },
	{ "skb", no_argument, NULL, 'N' },
	{ "libxdp-prog", no_argument, NULL, 'L' },
	{ "force", no_argument, NULL, 'f' },
	{ "size", required_argument, NULL, 's' },
	{ "dst-mac", required_argument, NULL, 'D' },
	{ "src-mac", required_argument, NULL, 'E' },
	{ "verify", no_argument, NULL, 'V' },
	{ "count", required_argument, NULL, 'c' },
	{ "duration", required_argument, NULL, 'd' },
	{ "quiet", no_argument, NULL, 'x' },
	{ "skip-seq", required_argument, NULL, 1 },
	{ "corrupt-seq", required_argument, NULL, 2 },
	{ "sender", required_argument, NULL, 3 },
	{ "copy-from", required_argument, NULL, 4 },
	{ "seq", required_argument, NULL, 5 },
	{ "headroom", required_argument, NULL, 6 },
	{ "fail-nth", required_argument, NULL, 7 },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(int argc, char **argv, struct xb_opts *o)
{
	bool src_set = false;
	int c;

	memset(o, 0, sizeof(*o));
	o->nqueues = 1;
	o->need_wakeup = true;
	o->batch = 64;
	o->size = 64;
	o->copy_from = XB_MAX_SOCKS;
	memset(o->dst_mac, 0xff, 6);

	while ((c = getopt_long(argc, argv, "rtli:q:Q:SzWBb:MNLfs:D:E:Vc:d:xh",
				long_opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o->mode = XB_RXDROP;
			break;
		case 't':
			o->mode = XB_TXONLY;
			break;
		case 'l':
			o->mode = XB_L2FWD;
			break;
		case 'i':
			o->ifname = optarg;
			break;
		case 'q':
			o->queue = atoi(optarg);
			break;
		case 'Q':
			o->nqueues = atoi(optarg);
			break;
		case 'S':
			o->bind_flags |= XDP_COPY;
			break;
		case 'z':
			o->bind_flags |= XDP_ZEROCOPY;
			break;
		case 'W':
			o->need_wakeup = false;
			break;
		case 'B':
			o->busy_poll = true;
			break;
		case 'b':
			o->batch = atoi(optarg);
			break;
		case 'M':
			o->multi_buffer = true;
			break;
		case 'N':
			o->skb_mode = true;
			break;
		case 'L':
			o->libxdp_prog = true;
			break;
		case 'f':
			o->force = true;
			break;
		case 's':
			o->size = atoi(optarg);
			break;
		case 'D':
			if (parse_mac(optarg, o->dst_mac))
				return -EINVAL;
			break;
		case 'E':
			if (parse_mac(optarg, o->src_mac))
				return -EINVAL;
			src_set = true;
			break;
		case 'V':
			o->verify = true;
			break;
		case 'c':
			o->count = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			o->duration = atof(optarg);
			break;
		case 'x':
			o->quiet = true;
			break;
		case 1:
			o->skip_seq = strtoull(optarg, NULL, 0) + 1;
			break;
		case 2:
			o->corrupt_seq = strtoull(optarg, NULL, 0) + 1;
			break;
		case 3:
			o->sender_base = atoi(optarg);
			break;
		case 4:
			o->copy_from = atoi(optarg);
			break;
		case 6:
			o->headroom = atoi(optarg);
			break;
		case 7:
			o->fail_nth = atoi(optarg);
			break;
		case 5:
			o->seq_base = strtoull(optarg, NULL, 0);
			break;
		default:
			return -EINVAL;
		}
	}
	if (!o->ifname || (o->bind_flags & XDP_COPY && o->bind_flags & XDP_ZEROCOPY))
		return -EINVAL;
	o->ifindex = if_nametoindex(o->ifname);
	if (!o->ifindex) {
		fprintf(stderr, "%s: no such device\n", o->ifname);
		return -ENODEV;
	}
	if (o->sender_base + o->nqueues > XB_MAX_SOCKS) {
		fprintf(stderr, "sender numbers must stay below %d\n",
			XB_MAX_SOCKS);
		return -EINVAL;
	}
	if (!o->nqueues || o->nqueues > XB_MAX_SOCKS || !o->batch ||
	    o->batch > XB_NUM_FRAMES / 4) {
		fprintf(stderr, "queues 1..%d, batch 1..%d\n", XB_MAX_SOCKS,
			XB_NUM_FRAMES / 4);
		return -EINVAL;
	}
	if (o->size < XB_HDR_LEN + XB_PAYLOAD_HDR ||
	    o->size > (o->multi_buffer ? 9 * 1024 : XB_FRAME_SIZE)) {
		fprintf(stderr, "size %d..%d (more needs -M)\n",
			XB_HDR_LEN + XB_PAYLOAD_HDR,
			o->multi_buffer ? 9 * 1024 : XB_FRAME_SIZE);
		return -EINVAL;
	}
	if (!src_set && dev_mac(o->ifname, o->src_mac))
		return -EINVAL;
	return 0;
}

/* bpf/xdp_xsk, once for all sockets; returns the program fd */
static int attach_prog(const struct xb_opts *o, struct xdp_xsk **skelp)
{
	struct bpf_program *prog, *unused;
	struct xdp_xsk *skel;
	__u32 flags;
	int err;

	skel = xdp_xsk__open();
	if (!skel)
		return -errno;
	prog = o->multi_buffer ? skel->progs.xdp_xsk_frags : skel->progs.xdp_xsk;
	unused = o->multi_buffer ? skel->progs.xdp_xsk : skel->progs.xdp_xsk_frags;
	bpf_program__set_autoload(unused, false);
	err = xdp_xsk__load(skel);
	if (err)
		goto err;
	flags = o->skb_mode ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	if (!o->force)
		flags |= XDP_FLAGS_UPDATE_IF_NOEXIST;
	err = bpf_xdp_attach(o->ifindex, bpf_program__fd(prog), flags, NULL);
	if (err)
		goto err;
	*skelp = skel;
	return bpf_program__fd(prog);
err:
	xdp_xsk__destroy(skel);
	return err;
}

static void detach_prog(const struct xb_opts *o, struct xdp_xsk *skel, int fd)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = fd);
	__u32 flags = o->skb_mode ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;

	/* only our own program: never tear down someone else's */
	bpf_xdp_detach(o->ifindex, flags | XDP_FLAGS_REPLACE, &opts);
	xdp_xsk__destroy(skel);
}

struct totals {
	unsigned long long rx, tx, rx_bytes, tx_bytes;
};

static void sum(struct xb_sock **socks, unsigned int n, struct totals *t)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		t->rx += socks[i]->rx_pkts;
		t->tx += socks[i]->tx_pkts;
		t->rx_bytes += socks[i]->rx_bytes;
		t->tx_bytes += socks[i]->tx_bytes;
	}
}

static void print_second(struct xb_sock **socks, unsigned int n,
			 struct totals *last, double dt)
{
	struct xdp_statistics st;
	struct totals t;
	unsigned int i;

	sum(socks, n, &t);
	printf("rx_pps=%.0f tx_pps=%.0f rx_mbps=%.1f tx_mbps=%.1f",
	       (t.rx - last->rx) / dt, (t.tx - last->tx) / dt,
	       (t.rx_bytes - last->rx_bytes) * 8 / dt / 1e6,
	       (t.tx_bytes - last->tx_bytes) * 8 / dt / 1e6);
	for (i = 0; i < n; i++) {
		xb_sock_stats(socks[i], &st);
		printf(" | q%u rx=%llu tx=%llu ring_full=%llu fill_empty=%llu",
		       socks[i]->queue, socks[i]->rx_pkts, socks[i]->tx_pkts,
		       (unsigned long long)st.rx_ring_full,
		       (unsigned long long)st.rx_fill_ring_empty_descs);
	}
	printf("\n");
	fflush(stdout);
	*last = t;
}

static void print_summary(const struct xb_opts *o, struct xb_sock **socks,
			  unsigned int n, double secs)
{
	static const char * const modes[] = { "rxdrop", "txonly", "l2fwd" };
	unsigned long long seq = 0, miss = 0, perr = 0;
	struct xdp_statistics st, all = { 0 };
	struct totals t;
	unsigned int i;

	sum(socks, n, &t);
	for (i = 0; i < n; i++) {
		seq += socks[i]->seq_errors;
		miss += socks[i]->missing;
		perr += socks[i]->payload_errors;
		xb_sock_stats(socks[i], &st);
		all.rx_dropped += st.rx_dropped;
		all.rx_invalid_descs += st.rx_invalid_descs;
		all.tx_invalid_descs += st.tx_invalid_descs;
		all.rx_ring_full += st.rx_ring_full;
		all.rx_fill_ring_empty_descs += st.rx_fill_ring_empty_descs;
		all.tx_ring_empty_descs += st.tx_ring_empty_descs;
	}
	printf("summary: mode=%s if=%s queue=%u sockets=%u zc=%d secs=%.2f",
	       modes[o->mode], o->ifname, o->queue, n,
	       xb_sock_zerocopy(socks[0]), secs);
	printf(" rx=%llu tx=%llu rx_pps=%.0f tx_pps=%.0f", t.rx, t.tx,
	       secs > 0 ? t.rx / secs : 0, secs > 0 ? t.tx / secs : 0);
	printf(" seq_errors=%llu missing=%llu payload_errors=%llu",
	       seq, miss, perr);
	printf(" rx_dropped=%llu rx_invalid=%llu tx_invalid=%llu",
	       (unsigned long long)all.rx_dropped,
	       (unsigned long long)all.rx_invalid_descs,
	       (unsigned long long)all.tx_invalid_descs);
	printf(" rx_ring_full=%llu fill_empty=%llu tx_ring_empty=%llu",
	       (unsigned long long)all.rx_ring_full,
	       (unsigned long long)all.rx_fill_ring_empty_descs,
	       (unsigned long long)all.tx_ring_empty_descs);
	/* per socket, by queue: which queues took part, in which mode */
	for (i = 0; i < n; i++)
		printf(" q%u_rx=%llu q%u_tx=%llu q%u_zc=%d", socks[i]->queue,
		       socks[i]->rx_pkts, socks[i]->queue, socks[i]->tx_pkts,
		       socks[i]->queue, xb_sock_zerocopy(socks[i]));
	printf("\n");
}

static bool finished(const struct xb_opts *o, struct xb_sock **socks,
		     unsigned int n)
{
	struct totals t;
	unsigned int i;

	if (!o->count)
		return false;
	if (o->mode == XB_TXONLY) {
		for (i = 0; i < n; i++)
			if (!socks[i]->done)
				return false;
		return true;
	}
	sum(socks, n, &t);
	return t.rx >= o->count;
}

/* the sockets whose device went away; checks those not known to be gone */
static unsigned int gone(struct xb_sock **socks, unsigned int n, bool check)
{
	unsigned int i, g = 0;

	for (i = 0; i < n; i++)
		g += check ? xb_sock_gone(socks[i]) : socks[i]->gone;
	return g;
}

/*
 * A socket whose device went away, and how its TX ring was left: entries
 * the kernel never released beyond the frames not completed are ones it
 * consumed without publishing it (xb_sock_gone())
 */
static void report_gone(const struct xb_opts *o, struct xb_sock *s)
{
	fprintf(stderr, "xsk-bench: %s queue %u: the device went away (unregistered), the socket is unbound",
		o->ifname, s->queue);
	if (s->tx.producer)
		fprintf(stderr, "; TX ring: %u entries not released by the kernel, %u frames not completed%s",
			*(volatile __u32 *)s->tx.producer -
			*(volatile __u32 *)s->tx.consumer, s->outstanding,
			s->gone_in_tx_wait ? ", l2fwd was waiting for room in it" : "");
	fprintf(stderr, "\n");
}

/* returns the number of sockets whose device went away during the run */
static unsigned int run(const struct xb_opts *o, struct xb_sock **socks,
			unsigned int n)
{
	struct pollfd fds[XB_MAX_SOCKS];
	double start = now(), tick = start, t;
	struct totals last = { 0 };
	unsigned long long before;
	unsigned int i, g;

	for (i = 0; i < n; i++) {
		fds[i].fd = xsk_socket__fd(socks[i]->xsk);
		fds[i].events = POLLIN;
	}
	while (!xb_stop && !finished(o, socks, n)) {
		struct totals cur;

		sum(socks, n, &cur);
		before = cur.rx + cur.tx;
		for (i = 0; i < n; i++) {
			if (o->mode == XB_RXDROP)
				xb_rxdrop(o, socks[i]);
			else if (o->mode == XB_TXONLY)
				xb_txonly(o, socks[i]);
			else
				xb_l2fwd(o, socks[i]);
		}
		sum(socks, n, &cur);
		/* nothing to do: sleep in poll rather than spin (no busy poll) */
		if (cur.rx + cur.tx == before && o->mode != XB_TXONLY &&
		    !o->busy_poll)
			poll(fds, n, 100);

		t = now();
		if (t - tick >= 1.0) {
			if (!o->quiet)
				print_second(socks, n, &last, t - tick);
			else
				sum(socks, n, &last);
			tick = t;
			/* an idle socket makes no call that would tell */
			gone(socks, n, true);
		}
		/* a socket unbound by its device's removal ends the run */
		if (gone(socks, n, false))
			break;
		if (o->duration > 0 && t - start >= o->duration)
			break;
	}
	/* also when a signal ended the run right after the removal */
	g = gone(socks, n, true);
	print_summary(o, socks, n, now() - start);
	fflush(stdout);
	for (i = 0; i < n; i++)
		if (socks[i]->gone)
			report_gone(o, socks[i]);
	return g;
}

int main(int argc, char **argv)
{
	struct xb_sock *socks[XB_MAX_SOCKS] = { NULL };
	struct xdp_xsk *skel = NULL;
	int prog_fd = -1, map_fd = -1;
	unsigned int i, n = 0;
	struct xb_opts o;
	int err, status = 1;

	if (argc > 1 && !strcmp(argv[1], "txmd"))
		return xb_txmd_main(argc - 1, argv + 1);
	err = parse_args(argc, argv, &o);
	if (err) {
		usage(argv[0]);
		return 2;
	}
	libbpf_set_print(libbpf_print_quiet);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	/* TX-only sockets receive nothing: no program, no xskmap slot */
	if (!o.libxdp_prog && o.mode != XB_TXONLY) {
		prog_fd = attach_prog(&o, &skel);
		if (prog_fd < 0) {
			fprintf(stderr, "attach bpf/xdp_xsk to %s: %s\n",
				o.ifname, strerror(-prog_fd));
			return 1;
		}
		map_fd = bpf_map__fd(skel->maps.xsks_map);
	}

	for (n = 0; n < o.nqueues; n++) {
		socks[n] = xb_sock_create(&o, n);
		if (!socks[n])
			goto out;
		if (map_fd >= 0) {
			err = xsk_socket__update_xskmap(socks[n]->xsk, map_fd);
			if (err) {
				fprintf(stderr, "xskmap: %s\n", strerror(-err));
				n++;
				goto out;
			}
		}
	}
	fprintf(stderr, "xsk-bench: %s queue %u..%u, %s, %s\n", o.ifname,
		o.queue, o.queue + n - 1,
		xb_sock_zerocopy(socks[0]) ? "zero-copy" : "copy",
		o.mode == XB_TXONLY ? "no program" :
		o.libxdp_prog ? "libxdp program" : "bpf/xdp_xsk");
	status = run(&o, socks, n) ? XB_EXIT_GONE : 0;
out:
	for (i = 0; i < n; i++)
		xb_sock_destroy(socks[i]);
	if (skel)
		detach_prog(&o, skel, prog_fd);
	return status;
}
