// SPDX-License-Identifier: GPL-2.0
/*
 * bench-sample: packet counter deltas over an interval of the guest clock.
 *
 *   bench-sample SECONDS IF_A IF_B NETNS_FILE [IRQ,IRQ,...]
 *
 * Prints "dt_ns a_rx a_tx b_rx b_tx udp_in udp_rcvbuf_err a_irqs net_rx":
 * the last two are the interrupts of the IRQs listed (port A's vectors) and the NET_RX softirqs,
 * which tell where a receive path's instructions go (per-packet interrupts).  IF_B lives in
 * the network namespace NETNS_FILE (e.g. /run/netns/peer).  Both counter
 * files are opened up front and re-read in place, so the two samples bracket
 * the sleep with a few system calls and no process start-up: under icount
 * every guest instruction is guest time, and a fork between "clock" and
 * "counter" would blur the interval.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct snap {
	unsigned long long ns;
	unsigned long long a_rx, a_tx, b_rx, b_tx, udp_in, udp_rcvbuf;
	unsigned long long a_irqs, net_rx;
};

static char buf[1 << 16];

static ssize_t slurp(int fd)
{
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n < 0) {
		perror("bench-sample: pread");
		exit(1);
	}
	buf[n] = 0;
	return n;
}

/* /proc/net/dev line: "  ifname: rx_bytes rx_packets ... (8) tx_bytes tx_packets" */
static void dev_counters(int fd, const char *ifname, unsigned long long *rx,
			 unsigned long long *tx)
{
	size_t len = strlen(ifname);
	char *line;

	slurp(fd);
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned long long v[16];

		while (*line == ' ')
			line++;
		if (strncmp(line, ifname, len) || line[len] != ':')
			continue;
		if (sscanf(line + len + 1,
			   "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			   &v[7], &v[8], &v[9]) != 10)
			break;
		*rx = v[1];
		*tx = v[9];
		return;
	}
	fprintf(stderr, "bench-sample: %s not in /proc/net/dev\n", ifname);
	exit(1);
}

/* /proc/net/snmp: a "Udp:" header line, then a "Udp:" value line. */
static void udp_counters(int fd, unsigned long long *in, unsigned long long *rcvbuf)
{
	char *hdr = NULL, *val = NULL, *line, *save = NULL;
	char *hs, *vs, *h, *v;

	*in = *rcvbuf = 0;
	slurp(fd);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "Udp: ", 5))
			continue;
		if (!hdr)
			hdr = line;
		else
			val = line;
	}
	if (!hdr || !val)
		return;
	h = strtok_r(hdr + 5, " ", &hs);
	v = strtok_r(val + 5, " ", &vs);
	while (h && v) {
		if (!strcmp(h, "InDatagrams"))
			*in = strtoull(v, NULL, 10);
		else if (!strcmp(h, "RcvbufErrors"))
			*rcvbuf = strtoull(v, NULL, 10);
		h = strtok_r(NULL, " ", &hs);
		v = strtok_r(NULL, " ", &vs);
	}
}

/* Sum of every CPU column on the lines whose label (before the colon) is one
 * of the comma-separated WHAT: IRQ numbers, or "NET_RX" in /proc/softirqs.
 */
static int listed(const char *label, size_t len, const char *what)
{
	const char *w = what;

	while (*w) {
		size_t n = strcspn(w, ",");

		if (n == len && !strncmp(w, label, len))
			return 1;
		w += n + (w[n] == ',');
	}
	return 0;
}

static unsigned long long irq_sum(int fd, const char *what)
{
	unsigned long long sum = 0;
	char *line, *save = NULL;

	slurp(fd);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = strchr(line, ':'), *end;

		if (!p)
			continue;
		while (*line == ' ')
			line++;
		if (!listed(line, p - line, what))
			continue;
		for (p++;; p = end) {
			unsigned long long v = strtoull(p, &end, 10);

			if (end == p)
				break;
			sum += v;
		}
	}
	return sum;
}

static int open_ro(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "bench-sample: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

static int fi, fs;
static const char *irqs = "";

static void take(struct snap *s, int fa, int fb, int fu, const char *a, const char *b)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->ns = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	dev_counters(fa, a, &s->a_rx, &s->a_tx);
	dev_counters(fb, b, &s->b_rx, &s->b_tx);
	udp_counters(fu, &s->udp_in, &s->udp_rcvbuf);
	s->a_irqs = irq_sum(fi, irqs);
	s->net_rx = irq_sum(fs, "NET_RX");
}

int main(int argc, char **argv)
{
	struct snap s0, s1;
	struct timespec req;
	int fa, fb, fu, ns;
	double secs;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: %s SECONDS IF_A IF_B NETNS_FILE [IRQ,...]\n", argv[0]);
		return 2;
	}
	if (argc == 6)
		irqs = argv[5];
	secs = atof(argv[1]);
	fa = open_ro("/proc/self/net/dev");
	fu = open_ro("/proc/self/net/snmp");
	fi = open_ro("/proc/interrupts");
	fs = open_ro("/proc/softirqs");
	ns = open_ro(argv[4]);
	if (setns(ns, CLONE_NEWNET)) {
		perror("bench-sample: setns");
		return 1;
	}
	/* Opened after setns: this file reads the peer's namespace. */
	fb = open_ro("/proc/self/net/dev");

	take(&s0, fa, fb, fu, argv[2], argv[3]);
	req.tv_sec = (time_t)secs;
	req.tv_nsec = (long)((secs - (double)req.tv_sec) * 1e9);
	while (nanosleep(&req, &req) && errno == EINTR)
		;
	take(&s1, fa, fb, fu, argv[2], argv[3]);

	printf("%llu %llu %llu %llu %llu %llu %llu %llu %llu\n", s1.ns - s0.ns,
	       s1.a_rx - s0.a_rx, s1.a_tx - s0.a_tx, s1.b_rx - s0.b_rx,
	       s1.b_tx - s0.b_tx, s1.udp_in - s0.udp_in,
	       s1.udp_rcvbuf - s0.udp_rcvbuf, s1.a_irqs - s0.a_irqs,
	       s1.net_rx - s0.net_rx);
	return 0;
}
