// SPDX-License-Identifier: GPL-2.0
/* CSV: a header, then one record per row per interval; empty = unknown. */
#include <stdio.h>

#include "output.h"

static const int csv_fields[] = {
	F_RX_PACKETS, F_RX_BYTES, F_TX_PACKETS, F_TX_BYTES, F_XDP_PASS,
	F_XDP_DROP, F_XDP_TX, F_XDP_REDIRECT, F_XDP_ABORTED, F_XDP_XMIT,
	F_ERRORS, F_DROPS,
};

static void csv_start(FILE *f)
{
	fputs("time,seq,ifname,queue,interval,reset,rx_pps,rx_mbps,tx_pps,tx_mbps,"
	      "xdp_pass_pps,xdp_drop_pps,xdp_tx_pps,xdp_redirect_pps,"
	      "xdp_aborted_pps,xdp_xmit_pps,errors_pps,drops_pps,xdp_prog_id,xdp_mode\n",
	      f);
}

static void csv_iface(FILE *f, const struct iface *ifc, double wall, long seq)
{
	int rows[MAX_QUEUES + 2], n, i, fld;
	const struct row *r;
	size_t j;

	n = iface_rows(ifc, rows, MAX_QUEUES + 2);
	for (i = 0; i < n; i++) {
		r = iface_row(ifc, rows[i]);
		fprintf(f, "%.3f,%ld,%s,", wall, seq, ifc->src.ifname);
		if (rows[i] == Q_TOTAL)
			fputs("all", f);
		else if (rows[i] == Q_DEV)
			fputs("dev", f);
		else
			fprintf(f, "%d", rows[i]);
		fprintf(f, ",%.6f,%d", ifc->rates.dt, r->reset);
		for (j = 0; j < sizeof(csv_fields) / sizeof(csv_fields[0]); j++) {
			fld = csv_fields[j];
			fputc(',', f);
			if (!row_known(r, fld))
				continue;
			if (field_is_bytes(fld))
				fprintf(f, "%.6f", r->rate[fld] * 8 / 1e6);
			else
				fprintf(f, "%.3f", r->rate[fld]);
		}
		if (ifc->xdp.valid)
			fprintf(f, ",%u,%s\n", ifc->xdp.prog_id,
				ifc->xdp.prog_id ? ifc->xdp.mode : "none");
		else
			fputs(",,\n", f);
	}
}

static void csv_nop(FILE *f)
{
	(void)f;
}

static void csv_begin(FILE *f, double wall, double interval)
{
	(void)f;
	(void)wall;
	(void)interval;
}

static void csv_end(FILE *f)
{
	fflush(f);
}

const struct output_ops out_csv = {
	.start = csv_start,
	.begin = csv_begin,
	.iface = csv_iface,
	.end = csv_end,
	.stop = csv_nop,
};
