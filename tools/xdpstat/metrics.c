// SPDX-License-Identifier: GPL-2.0
/*
 * Prometheus metrics of the last sample: the text exposition format 0.0.4
 * and OpenMetrics 1.0.0. Counters are the drivers' own cumulative counters
 * (summed per field), not xdpstat's rates: Prometheus computes rates and
 * handles resets itself. Names and labels are documented in xdpstat.8.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "metrics.h"

struct family {
	const char *name;	/* without _total */
	const char *help;
	int field;
	int device;		/* from the device row, not the queues */
	const char *action;	/* XDP verdict label */
};

static const struct family counters[] = {
	{ "xdpstat_packets", "Packets per queue and direction (driver counters).",
	  -1, 0, NULL },
	{ "xdpstat_bytes", "Bytes per queue and direction (driver counters).",
	  -2, 0, NULL },
	{ "xdpstat_xdp_actions", "XDP program verdicts per receive queue.",
	  F_XDP_PASS, 0, "pass" },
	{ NULL, NULL, F_XDP_DROP, 0, "drop" },
	{ NULL, NULL, F_XDP_TX, 0, "tx" },
	{ NULL, NULL, F_XDP_REDIRECT, 0, "redirect" },
	{ NULL, NULL, F_XDP_ABORTED, 0, "aborted" },
	{ "xdpstat_xdp_xmit", "Frames sent by ndo_xdp_xmit (redirected here) per transmit queue.",
	  F_XDP_XMIT, 0, NULL },
	{ "xdpstat_errors", "Errors per queue and direction (the sum of the driver's error counters).",
	  F_ERRORS, 0, NULL },
	{ "xdpstat_drops", "Drops per queue and direction (the sum of the driver's drop counters).",
	  F_DROPS, 0, NULL },
	{ "xdpstat_device_packets", "Packets of the whole device (/sys/class/net/IF/statistics).",
	  -1, 1, NULL },
	{ "xdpstat_device_bytes", "Bytes of the whole device.", -2, 1, NULL },
	{ "xdpstat_device_errors", "Errors of the whole device.", F_ERRORS, 1,
	  NULL },
	{ "xdpstat_device_drops", "Drops of the whole device.", F_DROPS, 1,
	  NULL },
};

#define NR_COUNTERS (sizeof(counters) / sizeof(counters[0]))

/* Label values: backslash, double quote and newline escaped. */
static void label(FILE *f, const char *key, const char *v, int first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", key);
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(f, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
	fputc('"', f);
}

static void header(FILE *f, const char *name, const char *suffix,
		   const char *type, const char *help, int om)
{
	/* OpenMetrics names the family without the sample's suffix */
	if (om) {
		fprintf(f, "# TYPE %s %s\n# HELP %s %s\n", name, type, name, help);
		return;
	}
	fprintf(f, "# HELP %s%s %s\n# TYPE %s%s %s\n", name, suffix, help,
		name, suffix, strcmp(type, "info") ? type : "gauge");
}

static void sample(FILE *f, const char *name, const struct family *fam,
		   const char *ifname, int queue, const char *dir, uint64_t v)
{
	char q[12];

	fprintf(f, "%s_total{", name);
	label(f, "ifname", ifname, 1);
	if (!fam->device) {
		snprintf(q, sizeof(q), "%d", queue);
		label(f, "queue", q, 0);
	}
	label(f, "direction", dir, 0);
	if (fam->action)
		label(f, "action", fam->action, 0);
	fprintf(f, "} %" PRIu64 "\n", v);
}

/*
 * Pass derived from xdp_packets (veth, virtio_net) has no counter of its
 * own, and a counter that is not the driver's must not be exported.
 */
static int exported(const struct row *r, int field)
{
	if (!(r->exists & FIELD_BIT(field)))
		return 0;
	return !(field == F_XDP_PASS &&
		 (r->exists & FIELD_BIT(F_XDP_PACKETS)));
}

static void row_samples(FILE *f, const char *name, const struct family *fam,
			const char *ifname, int queue, const struct row *r)
{
	int fl = fam->field;

	if (fl == -1 || fl == -2) {
		int rxf = fl == -1 ? F_RX_PACKETS : F_RX_BYTES;
		int txf = fl == -1 ? F_TX_PACKETS : F_TX_BYTES;

		if (r->exists & FIELD_BIT(rxf))
			sample(f, name, fam, ifname, queue, "rx", r->abs[rxf]);
		if (r->exists & FIELD_BIT(txf))
			sample(f, name, fam, ifname, queue, "tx", r->abs[txf]);
		return;
	}
	if (!exported(r, fl))
		return;
	if (fam->action) {
		sample(f, name, fam, ifname, queue, "rx", r->abs[fl]);
		return;
	}
	if (fl == F_XDP_XMIT) {
		sample(f, name, fam, ifname, queue, "tx", r->abs[fl]);
		return;
	}
	if (r->exists_rx & FIELD_BIT(fl))
		sample(f, name, fam, ifname, queue, "rx", r->abs[fl] - r->abs_tx[fl]);
	if (r->exists_tx & FIELD_BIT(fl))
		sample(f, name, fam, ifname, queue, "tx", r->abs_tx[fl]);
}

static void info(FILE *f, struct iface *const *ifcs, int n, int om)
{
	const struct xdpinfo *x;
	int i;

	header(f, "xdpstat_interface", "_info", "info",
	       "Monitored interface: its driver, the counter naming and where the per-queue counters come from.",
	       om);
	for (i = 0; i < n; i++) {
		fputs("xdpstat_interface_info{", f);
		label(f, "ifname", ifcs[i]->src.ifname, 1);
		label(f, "driver", ifcs[i]->src.driver, 0);
		label(f, "naming", naming_name(ifcs[i]->nm), 0);
		label(f, "source", source_name(&ifcs[i]->src), 0);
		fputs("} 1\n", f);
	}
	header(f, "xdpstat_xdp_program_id", "", "gauge",
	       "Id of the attached XDP program (0: none), by attach mode.", om);
	for (i = 0; i < n; i++) {
		x = &ifcs[i]->xdp;
		if (!x->valid)
			continue;
		fputs("xdpstat_xdp_program_id{", f);
		label(f, "ifname", ifcs[i]->src.ifname, 1);
		label(f, "mode", x->prog_id ? x->mode : "none", 0);
		fprintf(f, "} %u\n", x->prog_id);
	}
}

void metrics_write(FILE *f, struct iface *const *ifcs, int n, double wall,
		   int om)
{
	const char *name = NULL;
	const struct rates *r;
	size_t k;
	int i, q;

	info(f, ifcs, n, om);
	header(f, "xdpstat_last_sample_timestamp_seconds", "", "gauge",
	       "Wall-clock time of the sample these counters come from.", om);
	fprintf(f, "xdpstat_last_sample_timestamp_seconds %.3f\n", wall);
	for (k = 0; k < NR_COUNTERS; k++) {
		if (counters[k].name) {
			name = counters[k].name;
			header(f, name, "_total", "counter", counters[k].help,
			       om);
		}
		for (i = 0; i < n; i++) {
			r = &ifcs[i]->rates;
			if (counters[k].device) {
				row_samples(f, name, &counters[k],
					    ifcs[i]->src.ifname, Q_DEV, &r->dev);
				continue;
			}
			for (q = 0; q < r->nq; q++)
				if (r->q[q].exists)
					row_samples(f, name, &counters[k],
						    ifcs[i]->src.ifname, q,
						    &r->q[q]);
		}
	}
	if (om)
		fputs("# EOF\n", f);
}
