// SPDX-License-Identifier: GPL-2.0
/* Live full-screen table, redrawn every interval (stdout is a terminal). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "output.h"

#define MIN_SPARK 8

static int columns(FILE *f)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	if (!ioctl(fileno(f), TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	if (env && atoi(env) > 0)
		return atoi(env);
	return 132;	/* not a terminal: --table into a file or pipe */
}

static void table_start(FILE *f)
{
	/* alternate screen, hidden cursor: the shell's screen comes back */
	fputs("\033[?1049h\033[?25l", f);
}

static void table_stop(FILE *f)
{
	fputs("\033[?25h\033[?1049l", f);
	fflush(f);
}

static void table_begin(FILE *f, double wall, double interval)
{
	char clock[16];

	fputs("\033[H\033[2J", f);
	fprintf(f, "xdpstat  %s  every %.2gs  (- not counted by driver, ? unknown this interval; Ctrl-C quits)\n",
		fmt_clock(wall, clock, sizeof(clock)), interval);
}

static const char *row_label(int q, char *buf, size_t len)
{
	if (q == Q_TOTAL)
		return "all";
	if (q == Q_DEV)
		return "dev";
	snprintf(buf, len, "%d", q);
	return buf;
}

static void table_iface(FILE *f, const struct iface *ifc, double wall,
			long seq)
{
	static const int verdicts[] = {
		F_XDP_PASS, F_XDP_DROP, F_XDP_TX, F_XDP_REDIRECT, F_XDP_ABORTED,
		F_ERRORS, F_DROPS,
	};
	int rows[MAX_QUEUES + 2], n, i, j, spark;
	char b[8][16], xdp[256], sp[HIST * 4 + 1], label[8];
	const struct row *r;

	(void)wall;
	(void)seq;
	spark = columns(f) - 99;
	if (spark > HIST)
		spark = HIST;
	fprintf(f, "\n%s  driver %s  names %s%s\n%s\n", ifc->src.ifname,
		ifc->src.driver, naming_name(ifc->nm),
		iface_per_queue(ifc) ? "" : "  (no per-queue counters: device totals)",
		fmt_xdp(ifc, xdp, sizeof(xdp)));
	fprintf(f, "%5s %8s %8s %8s %8s %7s %7s %7s %7s %7s %7s %7s%s\n",
		"queue", "rx pps", "rx Mb/s", "tx pps", "tx Mb/s", "pass",
		"drop", "xdp tx", "redir", "abort", "errors", "drops",
		spark >= MIN_SPARK ? "  rx pps history" : "");
	n = iface_rows(ifc, rows, MAX_QUEUES + 2);
	for (i = 0; i < n; i++) {
		r = iface_row(ifc, rows[i]);
		fprintf(f, "%5s %8s %8s %8s %8s",
			row_label(rows[i], label, sizeof(label)),
			fmt_rate(r, F_RX_PACKETS, b[0], sizeof(b[0])),
			fmt_mbit(r, F_RX_BYTES, b[1], sizeof(b[1])),
			fmt_rate(r, F_TX_PACKETS, b[2], sizeof(b[2])),
			fmt_mbit(r, F_TX_BYTES, b[3], sizeof(b[3])));
		for (j = 0; j < 7; j++)
			fprintf(f, " %7s", fmt_rate(r, verdicts[j], b[4],
						    sizeof(b[4])));
		if (spark >= MIN_SPARK)
			fprintf(f, "  %s", fmt_spark(ifc, rows[i], spark, sp,
						      sizeof(sp)));
		fputc('\n', f);
	}
}

static void table_end(FILE *f)
{
	fflush(f);
}

const struct output_ops out_table = {
	.start = table_start,
	.begin = table_begin,
	.iface = table_iface,
	.end = table_end,
	.stop = table_stop,
};
