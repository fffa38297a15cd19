// SPDX-License-Identifier: GPL-2.0
/*
 * xdpstat: live per-queue packet and XDP-verdict rates from the kernel's
 * ethtool counters.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exitcodes.h"
#include "output.h"

#define MAX_IFACES 16

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xdpstat [OPTIONS] IFACE...\n"
"       xdpstat [OPTIONS] --replay SNAPSHOT...\n"
"Live per-queue rx/tx packet and bit rates and XDP verdict rates, read from\n"
"the kernel's ethtool counters, with the attached XDP program and the\n"
"interface's xdp-features.\n"
"\n"
"Views (default: live table on a terminal, plain lines otherwise):\n"
"  -p, --plain          one line per queue per interval\n"
"  -j, --json           one JSON object per interface per interval\n"
"      --csv            CSV, one record per queue per interval\n"
"  -t, --table          live full-screen table even when not on a terminal\n"
"\n"
"Options:\n"
"  -i, --interval SEC   seconds between samples, fractions allowed (default 1)\n"
"  -c, --count N        stop after N intervals (default: run until Ctrl-C)\n"
"  -n, --naming NAME    counter naming to use instead of the driver's:\n"
"                       %s\n"
"  -r, --replay         arguments are recorded counter snapshots (files of\n"
"                       \"name value\" lines, e.g. saved `ethtool -S` output,\n"
"                       \"# time: SEC\" and \"# driver: NAME\" lines), one per\n"
"                       interval, instead of interfaces\n"
"  -h, --help           this text\n"
"  -V, --version        version\n"
"\n"
"In the views, '-' means the driver has no such counter and '?' (null in\n"
"JSON, empty in CSV) that the rate is unknown this interval: the first\n"
"sample, or a counter went backwards (device reset, queue count change).\n"
"\n"
"Exit status: %d success or interrupted, %d runtime error, %d usage error,\n"
"%d a monitored interface disappeared, %d permission denied.\n",
		naming_list(), EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_GONE,
		EXIT_PERM);
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleeps until monotonic time t; returns early on a stop signal. */
static void sleep_until(double t)
{
	struct timespec ts;

	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	while (!stop_requested &&
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static int report_read_error(const struct iface *ifc, int err)
{
	const char *name = ifc->src.ifname;

	if (err == -ENODEV) {
		fprintf(stderr, "xdpstat: %s: interface disappeared (device removed or driver unloaded)\n",
			name);
		return EXIT_GONE;
	}
	if (err == -EPERM || err == -EACCES) {
		fprintf(stderr, "xdpstat: %s: permission denied reading ethtool statistics (%s); run as root or with CAP_NET_ADMIN\n",
			name, strerror(-err));
		return EXIT_PERM;
	}
	fprintf(stderr, "xdpstat: %s: cannot read counters: %s\n", name,
		strerror(-err));
	return EXIT_ERROR;
}

static void query_xdp(struct iface *ifc, int warn)
{
	if (!ifc->src.ifindex)
		return;
	ifc->xdp_err = xdpinfo_query(ifc->src.ifindex, &ifc->xdp);
	if (!warn)
		return;
	if (ifc->xdp_err)
		fprintf(stderr, "xdpstat: %s: cannot query XDP state: %s\n",
			ifc->src.ifname, strerror(-ifc->xdp_err));
	else if (ifc->xdp.name_err == -EPERM || ifc->xdp.name_err == -EACCES)
		fprintf(stderr, "xdpstat: %s: XDP program %u: permission denied reading its name (needs CAP_SYS_ADMIN); showing its id only\n",
			ifc->src.ifname, ifc->xdp.prog_id);
}

static int sample(struct iface *ifc)
{
	int err;

	err = source_read(&ifc->src, &ifc->cur);
	if (err)
		return err;
	rates_compute(ifc->nm, ifc->have_prev ? &ifc->prev : NULL, &ifc->cur,
		      &ifc->rates);
	snapshot_copy(&ifc->prev, &ifc->cur);
	ifc->have_prev = 1;
	return 0;
}

struct opts {
	double interval;
	long count;
	const struct output_ops *out;
	const char *naming;
	int replay;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "plain", no_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'C' },
		{ "table", no_argument, NULL, 't' },
		{ "naming", required_argument, NULL, 'n' },
		{ "replay", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "i:c:pjtn:rhV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			errno = 0;
			o->interval = strtod(optarg, &end);
			if (errno || *end || end == optarg ||
			    !(o->interval >= 0.01 && o->interval <= 86400)) {
				fprintf(stderr, "xdpstat: bad interval '%s': seconds between 0.01 and 86400\n",
					optarg);
				return -1;
			}
			break;
		case 'c':
			errno = 0;
			o->count = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || o->count < 1) {
				fprintf(stderr, "xdpstat: bad count '%s': a positive number\n",
					optarg);
				return -1;
			}
			break;
		case 'p':
			o->out = &out_plain;
			break;
		case 'j':
			o->out = &out_json;
			break;
		case 'C':
			o->out = &out_csv;
			break;
		case 't':
			o->out = &out_table;
			break;
		case 'n':
			if (!naming_by_name(optarg)) {
				fprintf(stderr, "xdpstat: unknown naming '%s'; one of: %s\n",
					optarg, naming_list());
				return -1;
			}
			o->naming = optarg;
			break;
		case 'r':
			o->replay = 1;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		case 'V':
			printf("xdpstat 1.0\n");
			exit(EXIT_OK);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "xdpstat: no %s given\n",
			o->replay ? "snapshot file" : "interface");
		usage(stderr);
		return -1;
	}
	if (!o->replay && argc - optind > MAX_IFACES) {
		fprintf(stderr, "xdpstat: at most %d interfaces\n", MAX_IFACES);
		return -1;
	}
	if (!o->out)
		o->out = isatty(STDOUT_FILENO) ? &out_table : &out_plain;
	return 0;
}

static int open_ifaces(struct opts *o, int argc, char **argv,
		       struct iface **ifcs)
{
	int i, n = 0, err;

	for (i = 0; i < argc; i++) {
		ifcs[n] = calloc(1, sizeof(**ifcs));
		if (!ifcs[n])
			return -ENOMEM;
		if (o->replay)
			err = source_open_replay(&ifcs[n]->src, "replay", argv,
						 argc);
		else
			err = source_open_ethtool(&ifcs[n]->src, argv[i]);
		if (err) {
			fprintf(stderr, "xdpstat: %s: %s\n", argv[i],
				err == -ENODEV ? "no such interface" :
				err == -ENAMETOOLONG ? "interface name too long" :
				strerror(-err));
			return err;
		}
		ifcs[n]->nm = o->naming ? naming_by_name(o->naming) :
			      naming_for_driver(ifcs[n]->src.driver);
		n++;
		if (o->replay)
			break;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct opts o = { .interval = 1.0 };
	struct iface *ifcs[MAX_IFACES];
	struct sigaction sa;
	int n, i, err, rc = EXIT_OK;
	double next, wall;
	long seq = 0;

	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	n = open_ifaces(&o, argc - optind, argv + optind, ifcs);
	if (n < 0)
		return n == -EPERM || n == -EACCES ? EXIT_PERM : EXIT_ERROR;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < n; i++) {
		err = sample(ifcs[i]);
		if (err)
			return report_read_error(ifcs[i], err);
		query_xdp(ifcs[i], 1);
	}

	o.out->start(stdout);
	next = mono_now();
	while (!stop_requested && (!o.count || seq < o.count)) {
		if (!o.replay) {
			next += o.interval;
			sleep_until(next);
			if (stop_requested)
				break;
		}
		for (i = 0; i < n; i++) {
			err = sample(ifcs[i]);
			if (err == -ENODATA)
				goto out;	/* replay exhausted */
			if (err) {
				o.out->stop(stdout);
				rc = report_read_error(ifcs[i], err);
				goto done;
			}
			iface_push_history(ifcs[i]);
			query_xdp(ifcs[i], 0);
		}
		seq++;
		wall = wall_now();
		o.out->begin(stdout, wall, o.interval);
		for (i = 0; i < n; i++)
			o.out->iface(stdout, ifcs[i], wall, seq);
		o.out->end(stdout);
		if (ferror(stdout)) {
			rc = EXIT_ERROR;
			break;
		}
	}
out:
	o.out->stop(stdout);
done:
	for (i = 0; i < n; i++) {
		source_close(&ifcs[i]->src);
		snapshot_free(&ifcs[i]->prev);
		snapshot_free(&ifcs[i]->cur);
		free(ifcs[i]);
	}
	return rc;
}
