// SPDX-License-Identifier: GPL-2.0
/*
 * xdpstat: live per-queue packet and XDP-verdict rates from the kernel's
 * per-queue counters, and a Prometheus exporter of the same counters.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "exitcodes.h"
#include "exporter.h"
#include "output.h"

#define MAX_IFACES 16

static volatile sig_atomic_t stop_requested, resized;
static int wake_fd[2] = { -1, -1 };	/* self-pipe: signals wake poll() */

static void on_signal(int sig)
{
	int saved = errno;
	ssize_t n;

	if (sig == SIGWINCH)
		resized = 1;
	else
		stop_requested = 1;
	n = write(wake_fd[1], "", 1);
	(void)n;
	errno = saved;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xdpstat [OPTIONS] IFACE...\n"
"       xdpstat [OPTIONS] --replay SNAPSHOT...\n"
"Live per-queue rx/tx packet and bit rates and XDP verdict rates, read from\n"
"the kernel's per-queue counters (netdev netlink qstats or ethtool), with the\n"
"attached XDP program and the interface's xdp-features; and a Prometheus\n"
"exporter of the same counters.\n"
"\n"
"Views (default: live table on a terminal, plain lines otherwise; none with\n"
"--listen or --textfile):\n"
"      --plain          one line per queue per interval\n"
"  -j, --json           one JSON object per interface per interval\n"
"  -p, --pretty         JSON, indented (implies --json)\n"
"      --csv            CSV, one record per queue per interval\n"
"  -t, --table          live full-screen table even when not on a terminal\n"
"                       (keys: q quits)\n"
"\n"
"Exporter:\n"
"  -l, --listen [ADDR:]PORT  serve Prometheus metrics at GET /metrics\n"
"                       (OpenMetrics when the scraper asks for it)\n"
"      --textfile PATH  write the metrics to PATH every interval, atomically\n"
"                       (node_exporter's textfile collector)\n"
"      --http-timeout SEC  longest an HTTP connection may live (default %g)\n"
"      --max-clients N  HTTP connections at once; more get 503 (default %d)\n"
"\n"
"Options:\n"
"  -i, --interval SEC   seconds between samples, fractions allowed (default 1)\n"
"  -c, --count N        stop after N intervals (default: run until Ctrl-C)\n"
"  -s, --source SRC     per-queue counters from: auto (default: qstats when\n"
"                       the driver has them, else ethtool), qstats, ethtool\n"
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
		HTTP_TIMEOUT, HTTP_MAX_CLIENTS, naming_list(), EXIT_OK,
		EXIT_ERROR, EXIT_USAGE, EXIT_GONE, EXIT_PERM);
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
	enum source_pref source;
	int replay;
	const char *listen;
	const char *textfile;
	struct http_limits http;
};

enum {
	OPT_CSV = 256, OPT_PLAIN, OPT_TEXTFILE, OPT_HTTP_TIMEOUT,
	OPT_MAX_CLIENTS,
};

static int parse_num(const char *what, const char *arg, double min,
		     double max, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (errno || *end || end == arg || !(*v >= min && *v <= max)) {
		fprintf(stderr, "xdpstat: bad %s '%s': between %g and %g\n",
			what, arg, min, max);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "plain", no_argument, NULL, OPT_PLAIN },
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "table", no_argument, NULL, 't' },
		{ "naming", required_argument, NULL, 'n' },
		{ "source", required_argument, NULL, 's' },
		{ "replay", no_argument, NULL, 'r' },
		{ "listen", required_argument, NULL, 'l' },
		{ "textfile", required_argument, NULL, OPT_TEXTFILE },
		{ "http-timeout", required_argument, NULL, OPT_HTTP_TIMEOUT },
		{ "max-clients", required_argument, NULL, OPT_MAX_CLIENTS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct output_ops *json = NULL;
	double v;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "i:c:jptn:s:rl:hV", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			if (parse_num("interval", optarg, 0.01, 86400,
				      &o->interval)) {
				fprintf(stderr, "xdpstat: the interval is in seconds\n");
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
		case OPT_PLAIN:
			o->out = &out_plain;
			break;
		case 'j':
			if (!json)
				json = &out_json;
			o->out = json;
			break;
		case 'p':
			/* bpftool's meaning: pretty-printed JSON */
			json = &out_json_pretty;
			o->out = json;
			break;
		case OPT_CSV:
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
		case 's':
			if (source_pref_parse(optarg, &o->source)) {
				fprintf(stderr, "xdpstat: unknown source '%s'; one of: auto qstats ethtool\n",
					optarg);
				return -1;
			}
			break;
		case 'r':
			o->replay = 1;
			break;
		case 'l':
			if (!http_spec_valid(optarg)) {
				fprintf(stderr, "xdpstat: bad listen address '%s': [ADDR:]PORT, e.g. 9100, 127.0.0.1:9100, [::1]:9100\n",
					optarg);
				return -1;
			}
			o->listen = optarg;
			break;
		case OPT_TEXTFILE:
			if (!*optarg) {
				fprintf(stderr, "xdpstat: empty --textfile path\n");
				return -1;
			}
			o->textfile = optarg;
			break;
		case OPT_HTTP_TIMEOUT:
			if (parse_num("HTTP timeout", optarg, 0.1, 3600,
				      &o->http.timeout))
				return -1;
			break;
		case OPT_MAX_CLIENTS:
			if (parse_num("client limit", optarg, 1, 1024, &v))
				return -1;
			o->http.max_clients = (int)v;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		case 'V':
			printf("xdpstat 1.1\n");
			exit(EXIT_OK);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (json && o->out == &out_json)
		o->out = json;	/* -j -p and -p -j alike */
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
	if (o->replay && o->source != SRC_AUTO) {
		fprintf(stderr, "xdpstat: --source applies to interfaces, not to --replay\n");
		return -1;
	}
	if (!o->out && !o->listen && !o->textfile)
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
			err = source_open(&ifcs[n]->src, argv[i], o->source);
		if (err) {
			fprintf(stderr, "xdpstat: %s: %s\n", argv[i],
				err == -ENODEV ? "no such interface" :
				err == -ENAMETOOLONG ? "interface name too long" :
				err == -EOPNOTSUPP ? "no qstats (netdev netlink) for this interface; try --source ethtool" :
				strerror(-err));
			free(ifcs[n]);
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

static int set_nonblock_pipe(int fd[2])
{
	if (pipe2(fd, O_NONBLOCK | O_CLOEXEC))
		return -errno;
	return 0;
}

static void drain_wake(void)
{
	char buf[64];

	while (read(wake_fd[0], buf, sizeof(buf)) > 0)
		;
}

/* The table view's keys: stdin in non-canonical mode, no echo. */
static struct termios saved_tty;
static int tty_keys;

static void keys_start(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty))
		return;
	t = saved_tty;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (!tcsetattr(STDIN_FILENO, TCSANOW, &t))
		tty_keys = 1;
}

static void keys_stop(void)
{
	if (tty_keys)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_keys = 0;
}

static void read_keys(void)
{
	char buf[32];
	ssize_t n, i;

	n = read(STDIN_FILENO, buf, sizeof(buf));
	for (i = 0; i < n; i++)
		if (buf[i] == 'q' || buf[i] == 'Q')
			stop_requested = 1;
}

struct loop {
	struct opts *o;
	struct iface **ifcs;
	int n;
	struct exporter exp;
	double wall;		/* of the last sample shown */
	long seq;
	int shown;		/* a frame is on screen (SIGWINCH redraws it) */
};

/* Returns 0, or -EPIPE/-errno when stdout failed. */
static int show(struct loop *l)
{
	const struct output_ops *out = l->o->out;
	int i;

	if (!out)
		return 0;
	errno = 0;
	out->begin(stdout, l->wall, l->o->interval);
	for (i = 0; i < l->n; i++)
		out->iface(stdout, l->ifcs[i], l->wall, l->seq);
	out->end(stdout);
	l->shown = 1;
	if (fflush(stdout) || ferror(stdout))
		return errno ? -errno : -EIO;
	return 0;
}


/*
 * Waits until monotonic time t, serving HTTP clients, keys and SIGWINCH
 * meanwhile; returns early on a stop request. Returns 0 or a stdout error.
 */
static int wait_until(struct loop *l, double t)
{
	struct pollfd pfd[2 + 1 + 1024];
	int n, nh, timeout, ms, err;
	double now;

	for (;;) {
		if (stop_requested)
			return 0;
		if (resized) {
			resized = 0;
			if (l->shown && l->o->out == &out_table) {
				err = show(l);
				if (err)
					return err;
			}
		}
		now = mono_now();
		if (now >= t)
			return 0;
		timeout = (int)((t - now) * 1000) + 1;
		n = 0;
		pfd[n++] = (struct pollfd){ .fd = wake_fd[0], .events = POLLIN };
		if (tty_keys)
			pfd[n++] = (struct pollfd){ .fd = STDIN_FILENO,
						    .events = POLLIN };
		nh = 0;
		if (l->exp.http) {
			nh = http_pollfds(l->exp.http, pfd + n,
					  (int)(sizeof(pfd) / sizeof(pfd[0])) - n);
			ms = http_timeout_ms(l->exp.http, now);
			if (ms >= 0 && ms < timeout)
				timeout = ms;
		}
		if (poll(pfd, (nfds_t)(n + nh), timeout) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pfd[0].revents)
			drain_wake();
		if (tty_keys && pfd[1].revents)
			read_keys();
		if (l->exp.http)
			http_service(l->exp.http, pfd + n, nh, mono_now());
	}
}

static int start_exporter(struct opts *o, struct exporter *x)
{
	char err[160];
	int rc;

	memset(x, 0, sizeof(*x));
	x->textfile = o->textfile;
	if (!o->listen)
		return 0;
	rc = http_listen(o->listen, &o->http, &x->http, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "xdpstat: %s\n", err);
		return rc;
	}
	/* port 0 takes a free port: say which (tests, ad-hoc use) */
	fprintf(stderr, "xdpstat: listening on %s\n", http_bound(x->http));
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = {
		.interval = 1.0,
		.http = { HTTP_TIMEOUT, HTTP_MAX_CLIENTS },
	};
	struct iface *ifcs[MAX_IFACES];
	struct loop l = { .o = &o, .ifcs = ifcs };
	int exporting, replay_done = 0, i, err, rc = EXIT_OK;
	struct sigaction sa;
	double next;

	setlocale(LC_CTYPE, "");
	if (parse_args(argc, argv, &o))
		return EXIT_USAGE;
	exporting = o.listen || o.textfile;
	l.n = open_ifaces(&o, argc - optind, argv + optind, ifcs);
	if (l.n < 0)
		return l.n == -EPERM || l.n == -EACCES ? EXIT_PERM : EXIT_ERROR;
	if (set_nonblock_pipe(wake_fd)) {
		perror("xdpstat: pipe");
		return EXIT_ERROR;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	/* a closed pipe or a vanished HTTP client shows as EPIPE instead */
	signal(SIGPIPE, SIG_IGN);

	for (i = 0; i < l.n; i++) {
		err = sample(ifcs[i]);
		if (err)
			return report_read_error(ifcs[i], err);
		query_xdp(ifcs[i], 1);
	}
	if (start_exporter(&o, &l.exp))
		return EXIT_ERROR;
	/* counters are valid from the first sample: publish them at once */
	l.wall = wall_now();
	if (exporting && exporter_publish(&l.exp, ifcs, l.n, l.wall) &&
	    o.textfile) {
		rc = EXIT_ERROR;
		goto done;
	}

	if (o.out == &out_table)
		keys_start();
	if (o.out)
		o.out->start(stdout);
	/* a screen at once, rates unknown until the first interval ends */
	if (o.out == &out_table) {
		err = show(&l);
		if (err)
			goto out_err;
	}
	next = mono_now();
	while (!stop_requested && (!o.count || l.seq < o.count)) {
		/* replays run flat out, but an exporter serves them in time */
		if (!o.replay || exporting) {
			next += o.interval;
			err = wait_until(&l, next);
			if (err)
				goto out_err;
			if (stop_requested)
				break;
		}
		if (replay_done)
			continue;
		err = 0;
		for (i = 0; i < l.n; i++) {
			err = sample(ifcs[i]);
			if (err == -ENODATA)
				break;	/* replay exhausted */
			if (err) {
				if (o.out)
					o.out->stop(stdout);
				keys_stop();
				rc = report_read_error(ifcs[i], err);
				goto done;
			}
			iface_push_history(ifcs[i]);
			query_xdp(ifcs[i], 0);
		}
		if (err == -ENODATA) {
			/* an exporter keeps serving the last snapshot */
			if (!exporting)
				break;
			replay_done = 1;
			continue;
		}
		l.seq++;
		l.wall = wall_now();
		err = show(&l);
		if (err)
			goto out_err;
		if (exporting)
			exporter_publish(&l.exp, ifcs, l.n, l.wall);
	}
	goto out;
out_err:
	/* `xdpstat ... | head`: the reader is done, so are we */
	if (err != -EPIPE) {
		fprintf(stderr, "xdpstat: writing output: %s\n", strerror(-err));
		rc = EXIT_ERROR;
	}
	keys_stop();
	goto done;
out:
	if (o.out)
		o.out->stop(stdout);
	keys_stop();
done:
	http_close(l.exp.http);
	for (i = 0; i < l.n; i++) {
		source_close(&ifcs[i]->src);
		snapshot_free(&ifcs[i]->prev);
		snapshot_free(&ifcs[i]->cur);
		free(ifcs[i]);
	}
	return rc;
}
