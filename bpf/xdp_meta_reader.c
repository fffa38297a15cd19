// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_meta_reader: attach xdp_meta bound to one device and print the RX
 * metadata the driver reports for each frame.
 *
 *   xdp_meta_reader -i IFNAME [-F] [-f] [-q] [-c COUNT] [-d SECONDS]
 *
 * The RX metadata kfuncs only reach the driver from a program loaded with
 * the device's ifindex and BPF_F_XDP_DEV_BOUND_ONLY, attached in native
 * mode; that is why this is a tool rather than an object for ip/xdp-loader.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "libbpf_quiet.h"
#include "xdp_meta.h"
#include "xdp_meta.skel.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct count {
	__u64 packets;
	__u64 bytes;
};

/* polled after a library call each round, so no volatile needed */
static int stop;
static unsigned long long records, hash_ok, vlan_ok, ts_ok, limit;
static int quiet;

static void on_signal(int sig)
{
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* enum xdp_rss_hash_type is a bit set; name each bit */
static void hash_type_str(__u32 t, char *buf, size_t len)
{
	static const char * const names[] = {
		"ipv4", "ipv6", "dynhdr", "l4", "tcp", "udp", "sctp",
		"ipsec", "icmp",
	};
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(t & (1U << i)))
			continue;
		n += snprintf(buf + n, len - n, "%s%s", n ? "," : "", names[i]);
		if (n >= len)
			return;
	}
	if (!n)
		snprintf(buf, len, "l2");
}

/* flow=PROTO:SRC[:PORT]>DST[:PORT] from the copied head, if it parses */
static void flow_str(const struct xdp_meta_rec *r, char *buf, size_t len)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const __u8 *p = r->head;
	unsigned int off = 12, l4 = 0, proto = 0;
	unsigned int et;
	int fam = 0;

	snprintf(buf, len, "-");
	if (r->caplen < 14)
		return;
	et = p[off] << 8 | p[off + 1];
	while ((et == 0x8100 || et == 0x88a8) && off + 6 <= r->caplen) {
		off += 4;
		et = p[off] << 8 | p[off + 1];
	}
	off += 2;
	if (et == 0x0800 && off + 20 <= r->caplen) {
		fam = AF_INET;
		proto = p[off + 9];
		inet_ntop(AF_INET, p + off + 12, src, sizeof(src));
		inet_ntop(AF_INET, p + off + 16, dst, sizeof(dst));
		l4 = off + (p[off] & 0x0f) * 4;
	} else if (et == 0x86dd && off + 40 <= r->caplen) {
		fam = AF_INET6;
		proto = p[off + 6];
		inet_ntop(AF_INET6, p + off + 8, src, sizeof(src));
		inet_ntop(AF_INET6, p + off + 24, dst, sizeof(dst));
		l4 = off + 40;
	}
	if (!fam) {
		snprintf(buf, len, "ethertype-0x%04x", et);
		return;
	}
	if ((proto == 6 || proto == 17) && l4 + 4 <= r->caplen)
		snprintf(buf, len, "%s:%s:%u>%s:%u", proto == 6 ? "tcp" : "udp",
			 src, p[l4] << 8 | p[l4 + 1],
			 dst, p[l4 + 2] << 8 | p[l4 + 3]);
	else
		snprintf(buf, len, "ip%u:%s>%s", proto, src, dst);
}

static int on_record(void *ctx, void *data, size_t size)
{
	const struct xdp_meta_rec *r = data;
	char type[64], flow[128];

	if (size < sizeof(*r))
		return 0;
	records++;
	if (!r->hash_err)
		hash_ok++;
	if (!r->vlan_err)
		vlan_ok++;
	if (!r->ts_err)
		ts_ok++;
	if (!quiet) {
		hash_type_str(r->hash_type, type, sizeof(type));
		flow_str(r, flow, sizeof(flow));
		printf("rxq=%u len=%u ", r->rx_queue, r->len);
		printf("hash=0x%08x hash_type=0x%x(%s) hash_err=%d ",
		       r->hash, r->hash_type, type, r->hash_err);
		printf("vlan_proto=0x%04x vlan_tci=0x%04x vlan_err=%d ",
		       ntohs(r->vlan_proto), r->vlan_tci, r->vlan_err);
		printf("ts=%llu ts_err=%d flow=%s\n",
		       (unsigned long long)r->timestamp, r->ts_err, flow);
		fflush(stdout);
	}
	if (limit && records >= limit)
		stop = 1;
	return 0;
}

static int sum_count(int fd, __u32 key, struct count *out)
{
	int ncpu = libbpf_num_possible_cpus();
	struct count *v;
	int i, err;

	memset(out, 0, sizeof(*out));
	if (ncpu < 1)
		return ncpu;
	v = calloc(ncpu, sizeof(*v));
	if (!v)
		return -ENOMEM;
	err = bpf_map_lookup_elem(fd, &key, v);
	for (i = 0; !err && i < ncpu; i++) {
		out->packets += v[i].packets;
		out->bytes += v[i].bytes;
	}
	free(v);
	return err;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"Usage: %s -i IFNAME [-F] [-f] [-q] [-c COUNT] [-d SECONDS]\n"
		"  -i IFNAME   device to attach to (native XDP, device-bound)\n"
		"  -F          load the xdp.frags variant (multi-buffer frames)\n"
		"  -f          replace a program already attached\n"
		"  -q          no line per frame, only the summary\n"
		"  -c COUNT    stop after COUNT records\n"
		"  -d SECONDS  stop after SECONDS\n", prog);
}

int main(int argc, char **argv)
{
	struct bpf_program *prog, *unused;
	struct count seen, lost;
	unsigned int ifindex = 0;
	struct ring_buffer *rb = NULL;
	struct xdp_meta *skel;
	double duration = 0, start;
	int frags = 0, force = 0;
	int opt, err, prog_fd;
	__u32 xdp_flags;

	while ((opt = getopt(argc, argv, "i:Ffqc:d:h")) != -1) {
		switch (opt) {
		case 'i':
			ifindex = if_nametoindex(optarg);
			if (!ifindex) {
				fprintf(stderr, "%s: no such device\n", optarg);
				return 1;
			}
			break;
		case 'F':
			frags = 1;
			break;
		case 'f':
			force = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'c':
			limit = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			duration = atof(optarg);
			break;
		default:
			usage(argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}
	if (!ifindex) {
		usage(argv[0]);
		return 1;
	}

	libbpf_set_print(libbpf_print_quiet);
	skel = xdp_meta__open();
	if (!skel) {
		fprintf(stderr, "open skeleton: %s\n", strerror(errno));
		return 1;
	}
	prog = frags ? skel->progs.xdp_meta_frags : skel->progs.xdp_meta;
	unused = frags ? skel->progs.xdp_meta : skel->progs.xdp_meta_frags;
	bpf_program__set_autoload(unused, false);
	/* bound, not offloaded: the kfuncs resolve to this driver's hooks */
	bpf_program__set_ifindex(prog, ifindex);
	bpf_program__set_flags(prog, bpf_program__flags(prog) |
			       BPF_F_XDP_DEV_BOUND_ONLY);

	err = xdp_meta__load(skel);
	if (err) {
		fprintf(stderr, "load: %s\n", strerror(-err));
		goto out;
	}
	prog_fd = bpf_program__fd(prog);
	xdp_flags = XDP_FLAGS_DRV_MODE;
	if (!force)
		xdp_flags |= XDP_FLAGS_UPDATE_IF_NOEXIST;
	err = bpf_xdp_attach(ifindex, prog_fd, xdp_flags, NULL);
	if (err) {
		fprintf(stderr, "attach (native): %s\n", strerror(-err));
		goto out;
	}

	rb = ring_buffer__new(bpf_map__fd(skel->maps.meta_rb), on_record,
			      NULL, NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "ring buffer: %s\n", strerror(errno));
		goto detach;
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	start = now();
	while (!stop) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "poll: %s\n", strerror(-err));
			break;
		}
		err = 0;
		if (duration > 0 && now() - start >= duration)
			break;
	}
	/* records already in the ring belong to this run */
	ring_buffer__consume(rb);

	sum_count(bpf_map__fd(skel->maps.meta_cnt), 0, &seen);
	sum_count(bpf_map__fd(skel->maps.meta_cnt), 1, &lost);
	printf("summary: frames=%llu records=%llu lost=%llu hash_ok=%llu vlan_ok=%llu ts_ok=%llu\n",
	       (unsigned long long)seen.packets, records,
	       (unsigned long long)lost.packets, hash_ok, vlan_ok, ts_ok);

detach:
	{
		LIBBPF_OPTS(bpf_xdp_attach_opts, opts, .old_prog_fd = prog_fd);

		/* only our own program: never tear down someone else's */
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE,
			       &opts);
	}
out:
	ring_buffer__free(rb);
	xdp_meta__destroy(skel);
	return err ? 1 : 0;
}
