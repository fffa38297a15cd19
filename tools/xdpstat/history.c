// SPDX-License-Identifier: GPL-2.0
/* Recent rx rates per row, for the live view's sparklines. */
#include <math.h>

#include "iface.h"

static int slot(int q)
{
	return q == Q_DEV ? MAX_QUEUES : q == Q_TOTAL ? MAX_QUEUES + 1 : q;
}

static const struct row *row_of(const struct rates *r, int q)
{
	return q == Q_DEV ? &r->dev : q == Q_TOTAL ? &r->total : &r->q[q];
}

void iface_push_history(struct iface *ifc)
{
	const struct rates *r = &ifc->rates;
	const struct row *row;
	int q;

	for (q = Q_TOTAL; q < r->nq; q++) {
		row = row_of(r, q);
		ifc->hist[slot(q)][ifc->hist_pos] =
			row_known(row, F_RX_PACKETS) ?
			row->rate[F_RX_PACKETS] : NAN;
	}
	ifc->hist_pos = (ifc->hist_pos + 1) % HIST;
	if (ifc->hist_len < HIST)
		ifc->hist_len++;
}

int iface_history(const struct iface *ifc, int q, double *out)
{
	const double *h = ifc->hist[slot(q)];
	int i, start = (ifc->hist_pos - ifc->hist_len + HIST) % HIST;

	for (i = 0; i < ifc->hist_len; i++)
		out[i] = h[(start + i) % HIST];
	return ifc->hist_len;
}
