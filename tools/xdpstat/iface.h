/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_IFACE_H
#define XDPSTAT_IFACE_H

#include "names.h"
#include "rates.h"
#include "snapshot.h"
#include "source.h"
#include "xdpinfo.h"

#define Q_TOTAL (-2)
#define HIST 24		/* sparkline length, in intervals */

/* Everything xdpstat keeps about one monitored interface. */
struct iface {
	struct source src;
	const struct naming *nm;
	struct snapshot prev, cur;
	int have_prev;
	struct rates rates;
	struct xdpinfo xdp;
	int xdp_err;		/* -errno of the last XDP query */
	/* recent rx pps per queue, then the total and device rows; NAN = unknown */
	double hist[MAX_QUEUES + 2][HIST];
	int hist_len;
	int hist_pos;
};

/* The queues have their own counters (else only the device row counts). */
static inline int iface_per_queue(const struct iface *ifc)
{
	return ifc->rates.nq > 0;
}

/* Recent rx pps of row q (Q_DEV: device, Q_TOTAL: total), oldest first. */
int iface_history(const struct iface *ifc, int q, double *out);
void iface_push_history(struct iface *ifc);

#endif
