// SPDX-License-Identifier: GPL-2.0
/* Plain line mode for logs: one line per row per interval. */
#include <stdio.h>

#include "output.h"

static void plain_nop(FILE *f)
{
	(void)f;
}

static void plain_begin(FILE *f, double wall, double interval)
{
	(void)f;
	(void)wall;
	(void)interval;
}

static void plain_iface(FILE *f, const struct iface *ifc, double wall,
			long seq)
{
	int rows[MAX_QUEUES + 2], n, i;
	char clock[16], b[12][16], label[8];
	const struct row *r;

	(void)seq;
	fmt_clock(wall, clock, sizeof(clock));
	n = iface_rows(ifc, rows, MAX_QUEUES + 2);
	for (i = 0; i < n; i++) {
		r = iface_row(ifc, rows[i]);
		if (rows[i] == Q_TOTAL)
			snprintf(label, sizeof(label), "all");
		else if (rows[i] == Q_DEV)
			snprintf(label, sizeof(label), "dev");
		else
			snprintf(label, sizeof(label), "q%d", rows[i]);
		fprintf(f, "%s %s %s rx %s pps %s Mbit/s tx %s pps %s Mbit/s xdp pass %s drop %s tx %s redirect %s aborted %s errors %s drops %s\n",
			clock, ifc->src.ifname, label,
			fmt_rate(r, F_RX_PACKETS, b[0], sizeof(b[0])),
			fmt_mbit(r, F_RX_BYTES, b[1], sizeof(b[1])),
			fmt_rate(r, F_TX_PACKETS, b[2], sizeof(b[2])),
			fmt_mbit(r, F_TX_BYTES, b[3], sizeof(b[3])),
			fmt_rate(r, F_XDP_PASS, b[4], sizeof(b[4])),
			fmt_rate(r, F_XDP_DROP, b[5], sizeof(b[5])),
			fmt_rate(r, F_XDP_TX, b[6], sizeof(b[6])),
			fmt_rate(r, F_XDP_REDIRECT, b[7], sizeof(b[7])),
			fmt_rate(r, F_XDP_ABORTED, b[8], sizeof(b[8])),
			fmt_rate(r, F_ERRORS, b[9], sizeof(b[9])),
			fmt_rate(r, F_DROPS, b[10], sizeof(b[10])));
	}
}

static void plain_end(FILE *f)
{
	fflush(f);
}

const struct output_ops out_plain = {
	.start = plain_nop,
	.begin = plain_begin,
	.iface = plain_iface,
	.end = plain_end,
	.stop = plain_nop,
};
