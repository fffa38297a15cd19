// SPDX-License-Identifier: GPL-2.0
/*
 * JSON lines: one object per interface per interval. The schema is in
 * xdpstat.8 and Documentation/xdpstat.rst; keep them in step.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "output.h"

/* Public key of each rate; F_XDP_PACKETS is internal to pass derivation. */
static const struct {
	int field;
	const char *key;
	int mbit;
} rate_keys[] = {
	{ F_RX_PACKETS, "rx_pps", 0 },
	{ F_RX_BYTES, "rx_mbps", 1 },
	{ F_TX_PACKETS, "tx_pps", 0 },
	{ F_TX_BYTES, "tx_mbps", 1 },
	{ F_XDP_PASS, "xdp_pass_pps", 0 },
	{ F_XDP_DROP, "xdp_drop_pps", 0 },
	{ F_XDP_TX, "xdp_tx_pps", 0 },
	{ F_XDP_REDIRECT, "xdp_redirect_pps", 0 },
	{ F_XDP_ABORTED, "xdp_aborted_pps", 0 },
	{ F_XDP_XMIT, "xdp_xmit_pps", 0 },
	{ F_ERRORS, "errors_pps", 0 },
	{ F_DROPS, "drops_pps", 0 },
};

#define NR_KEYS (sizeof(rate_keys) / sizeof(rate_keys[0]))

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void json_row(FILE *f, const struct row *r)
{
	size_t i;
	int fld, first = 1;

	fprintf(f, "\"reset\":%s", r->reset ? "true" : "false");
	for (i = 0; i < NR_KEYS; i++) {
		fld = rate_keys[i].field;
		fprintf(f, ",\"%s\":", rate_keys[i].key);
		if (!row_known(r, fld))
			fputs("null", f);
		else if (rate_keys[i].mbit)
			fprintf(f, "%.6f", r->rate[fld] * 8 / 1e6);
		else
			fprintf(f, "%.3f", r->rate[fld]);
	}
	fputs(",\"counters\":{", f);
	for (fld = 0; fld < NR_FIELDS; fld++) {
		/* derived pass has no counter of its own */
		if (!(r->exists & FIELD_BIT(fld)) ||
		    (fld == F_XDP_PASS && (r->exists & FIELD_BIT(F_XDP_PACKETS))))
			continue;
		fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",",
			field_name(fld), r->abs[fld]);
		first = 0;
	}
	fputc('}', f);
}

static void json_xdp(FILE *f, const struct iface *ifc)
{
	const struct xdpinfo *x = &ifc->xdp;
	char feat[160];

	if (!x->valid) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"prog_id\":%u,\"prog_name\":", x->prog_id);
	if (x->prog_name[0])
		json_string(f, x->prog_name);
	else
		fputs("null", f);
	fprintf(f, ",\"mode\":\"%s\",\"features\":[%s]}",
		x->prog_id ? x->mode : "none",
		xdp_features_str(x->features, ",", 1, feat, sizeof(feat)));
}

static void json_iface(FILE *f, const struct iface *ifc, double wall,
		       long seq)
{
	const struct rates *r = &ifc->rates;
	int q, first = 1;

	fprintf(f, "{\"seq\":%ld,\"time\":%.3f,\"interval\":%.6f,\"ifname\":",
		seq, wall, r->dt);
	json_string(f, ifc->src.ifname);
	fprintf(f, ",\"ifindex\":%d,\"driver\":", ifc->src.ifindex);
	json_string(f, ifc->src.driver);
	fprintf(f, ",\"source\":\"%s\"", source_name(&ifc->src));
	fprintf(f, ",\"naming\":\"%s\",\"per_queue\":%s,\"relayout\":%s,\"xdp\":",
		naming_name(ifc->nm), iface_per_queue(ifc) ? "true" : "false",
		r->relayout ? "true" : "false");
	json_xdp(f, ifc);
	fputs(",\"queues\":[", f);
	for (q = 0; q < r->nq; q++) {
		if (!r->q[q].exists)
			continue;
		fprintf(f, "%s{\"queue\":%d,", first ? "" : ",", q);
		json_row(f, &r->q[q]);
		fputc('}', f);
		first = 0;
	}
	fputs("],\"total\":{", f);
	json_row(f, &r->total);
	fputs("},\"device\":{", f);
	json_row(f, &r->dev);
	fputs("}}\n", f);
}

/*
 * bpftool's --pretty: the same document, indented by four spaces, one
 * member per line. Works on the compact text, so both stay one schema.
 */
static void pretty(FILE *f, const char *s)
{
	int depth = 0, in_str = 0, i;
	char c;

	for (; (c = *s); s++) {
		if (in_str) {
			fputc(c, f);
			if (c == '\\' && s[1])
				fputc(*++s, f);
			else if (c == '"')
				in_str = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			fputc(c, f);
			break;
		case '{':
		case '[':
			fputc(c, f);
			/* empty containers stay on one line */
			if (s[1] == (c == '{' ? '}' : ']')) {
				fputc(*++s, f);
				break;
			}
			depth++;
			fputc('\n', f);
			for (i = 0; i < depth; i++)
				fputs("    ", f);
			break;
		case '}':
		case ']':
			depth--;
			fputc('\n', f);
			for (i = 0; i < depth; i++)
				fputs("    ", f);
			fputc(c, f);
			break;
		case ',':
			fputs(",\n", f);
			for (i = 0; i < depth; i++)
				fputs("    ", f);
			break;
		case ':':
			fputs(": ", f);
			break;
		default:
			fputc(c, f);
		}
	}
}

static void pretty_iface(FILE *f, const struct iface *ifc, double wall,
			 long seq)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	json_iface(m, ifc, wall, seq);
	fclose(m);
	pretty(f, buf);
	free(buf);
}

static void json_nop(FILE *f)
{
	(void)f;
}

static void json_begin(FILE *f, double wall, double interval)
{
	(void)f;
	(void)wall;
	(void)interval;
}

static void json_end(FILE *f)
{
	fflush(f);
}

const struct output_ops out_json = {
	.start = json_nop,
	.begin = json_begin,
	.iface = json_iface,
	.end = json_end,
	.stop = json_nop,
};

const struct output_ops out_json_pretty = {
	.start = json_nop,
	.begin = json_begin,
	.iface = pretty_iface,
	.end = json_end,
	.stop = json_nop,
};
