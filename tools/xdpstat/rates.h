/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_RATES_H
#define XDPSTAT_RATES_H

#include <stdint.h>

#include "fields.h"
#include "names.h"
#include "snapshot.h"

/* Highest believable rates per queue; above them a jump is a glitch. */
#define MAX_PPS		1e9	/* > 400 Gbit/s of minimum-size frames */
#define MAX_BPS		2e11	/* bytes per second, 1.6 Tbit/s */

/* One row: a queue, the sum of all queues, or the device totals. */
struct row {
	unsigned int exists;	/* fields the driver counts (FIELD_BIT) */
	unsigned int known;	/* fields with a rate this interval */
	int reset;		/* a counter went backwards: rates unknown */
	double rate[NR_FIELDS];	/* per second; bytes fields in bytes/s */
	uint64_t abs[NR_FIELDS]; /* cumulative sums of the raw counters */
	/* the transmit side's share of abs, and which side has counters
	 * (errors and drops sum both sides: the exporter splits them)
	 */
	uint64_t abs_tx[NR_FIELDS];
	unsigned int exists_rx, exists_tx;
};

struct rates {
	double dt;		/* seconds between the two snapshots */
	int nq;			/* highest queue number seen + 1 */
	int first;		/* no previous snapshot: nothing known yet */
	int relayout;		/* the counter set changed (queue count) */
	struct row q[MAX_QUEUES];
	struct row total;	/* sum of the queues */
	struct row dev;		/* device totals, for drivers without queues */
};

/*
 * Difference of one counter between two readings. Returns 0 and the delta,
 * or -1 when the counter went backwards in a way that is not a wrap of a
 * 32-bit or 64-bit counter (a reset: the delta is unknown).
 */
int counter_delta(uint64_t prev, uint64_t cur, uint64_t *delta);

/* prev may be NULL (first reading). */
void rates_compute(const struct naming *nm, const struct snapshot *prev,
		   const struct snapshot *cur, struct rates *out);

/* Whether the row has a rate for f this interval. */
static inline int row_known(const struct row *r, enum xs_field f)
{
	return !!(r->known & FIELD_BIT(f));
}

#endif
