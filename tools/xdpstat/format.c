// SPDX-License-Identifier: GPL-2.0
/* Number, sparkline and header formatting shared by the views. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "output.h"

const struct row *iface_row(const struct iface *ifc, int q)
{
	if (q == Q_TOTAL)
		return &ifc->rates.total;
	if (q == Q_DEV)
		return &ifc->rates.dev;
	return &ifc->rates.q[q];
}

int iface_rows(const struct iface *ifc, int *rows, int max)
{
	const struct rates *r = &ifc->rates;
	int q, n = 0;

	for (q = 0; q < r->nq && n < max; q++)
		if (r->q[q].exists)
			rows[n++] = q;
	if (iface_per_queue(ifc) && n < max)
		rows[n++] = Q_TOTAL;
	if (r->dev.exists && n < max)
		rows[n++] = Q_DEV;
	return n;
}

static char *fmt_si(double v, char *buf, size_t len)
{
	if (v < 999.5)
		snprintf(buf, len, "%.0f", v);
	else if (v < 999.5e3)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 999.5e6)
		snprintf(buf, len, "%.1fM", v / 1e6);
	else
		snprintf(buf, len, "%.1fG", v / 1e9);
	return buf;
}

char *fmt_rate(const struct row *r, int f, char *buf, size_t len)
{
	if (!(r->exists & FIELD_BIT(f)))
		snprintf(buf, len, "-");
	else if (!row_known(r, f))
		snprintf(buf, len, "?");
	else
		fmt_si(r->rate[f], buf, len);
	return buf;
}

char *fmt_mbit(const struct row *r, int f, char *buf, size_t len)
{
	if (!(r->exists & FIELD_BIT(f)))
		snprintf(buf, len, "-");
	else if (!row_known(r, f))
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%.1f", r->rate[f] * 8 / 1e6);
	return buf;
}

/* At most five characters: 999, 1.23k, 12.3k, 123k, 1.23M, ... */
static char *fmt_si5(double v, char *buf, size_t len)
{
	static const char units[] = " kMGT";
	int u = 0;

	while (v >= 999.5 && u < 4) {
		v /= 1e3;
		u++;
	}
	if (!u)
		snprintf(buf, len, "%.0f", v);
	else if (v < 9.995)
		snprintf(buf, len, "%.2f%c", v, units[u]);
	else if (v < 99.95)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
	return buf;
}

char *fmt_rate5(const struct row *r, int f, char *buf, size_t len)
{
	if (!(r->exists & FIELD_BIT(f)) || !row_known(r, f))
		return fmt_rate(r, f, buf, len);
	return fmt_si5(r->rate[f], buf, len);
}

char *fmt_mbit5(const struct row *r, int f, char *buf, size_t len)
{
	double v;

	if (!(r->exists & FIELD_BIT(f)) || !row_known(r, f))
		return fmt_rate(r, f, buf, len);
	v = r->rate[f] * 8 / 1e6;
	if (v < 99.95)
		snprintf(buf, len, "%.1f", v);
	else
		fmt_si5(v, buf, len);
	return buf;
}

/* U+2581..U+2588, lower one eighth block to full block. */
static const char *const blocks[] = {
	"\u2581", "\u2582", "\u2583", "\u2584",
	"\u2585", "\u2586", "\u2587", "\u2588",
};

/* The same eight levels where the terminal cannot show the blocks. */
static const char *const ascii_blocks[] = {
	"_", ".", "-", ":", "=", "+", "*", "#",
};

char *fmt_spark(const struct iface *ifc, int q, int width, int ascii,
		char *buf, size_t len)
{
	const char *const *set = ascii ? ascii_blocks : blocks;
	double h[HIST], max = 0;
	size_t off = 0;
	int n, i, level, first;

	buf[0] = '\0';
	n = iface_history(ifc, q, h);
	first = n > width ? n - width : 0;
	for (i = first; i < n; i++)
		if (!isnan(h[i]) && h[i] > max)
			max = h[i];
	for (i = first; i < n && off + 4 < len; i++) {
		if (isnan(h[i])) {
			buf[off++] = ' ';
			continue;
		}
		level = max > 0 ? (int)(h[i] / max * 7 + 0.5) : 0;
		off += snprintf(buf + off, len - off, "%s", set[level]);
	}
	buf[off] = '\0';
	return buf;
}

char *fmt_clock(double wall, char *buf, size_t len)
{
	time_t t = (time_t)wall;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
	return buf;
}

char *fmt_xdp(const struct iface *ifc, char *buf, size_t len)
{
	const struct xdpinfo *x = &ifc->xdp;
	char feat[128], name[64];

	if (!ifc->src.ifindex) {
		snprintf(buf, len, "XDP: n/a (recorded snapshots)");
		return buf;
	}
	if (!x->valid) {
		snprintf(buf, len, "XDP: unknown (%s)",
			 ifc->xdp_err ? strerror(-ifc->xdp_err) : "no query");
		return buf;
	}
	xdp_features_str(x->features, ",", 0, feat, sizeof(feat));
	if (!x->prog_id) {
		snprintf(buf, len, "XDP: none  features: %s",
			 feat[0] ? feat : "none");
		return buf;
	}
	if (x->prog_name[0])
		snprintf(name, sizeof(name), "%s", x->prog_name);
	else if (x->name_err == -EPERM || x->name_err == -EACCES)
		snprintf(name, sizeof(name), "(name: need root)");
	else
		snprintf(name, sizeof(name), "(no name)");
	snprintf(buf, len, "XDP: prog %u %s %s  features: %s", x->prog_id, name,
		 x->mode, feat[0] ? feat : "none");
	return buf;
}
