// SPDX-License-Identifier: GPL-2.0
/*
 * Rates from two snapshots. A counter that goes backwards is either a wrap
 * (32-bit counters exported as u64 by some drivers) or a reset (device
 * reset, queue reconfiguration, module reload); a reset makes the rates of
 * its row unknown for that interval instead of negative or absurd, and the
 * next interval starts from the new values.
 */
#include <string.h>

#include "rates.h"

#define WRAP32	(1ULL << 32)

int counter_delta(uint64_t prev, uint64_t cur, uint64_t *delta)
{
	uint64_t d;

	if (cur >= prev) {
		*delta = cur - prev;
		return 0;
	}
	/* A 32-bit counter that wrapped moved less than half its range. */
	if (prev < WRAP32) {
		d = WRAP32 - prev + cur;
		if (d < WRAP32 / 2) {
			*delta = d;
			return 0;
		}
		return -1;
	}
	/* Same for 64 bits; otherwise a reset. */
	d = cur - prev;		/* modulo 2^64 */
	if (d < (1ULL << 48)) {
		*delta = d;
		return 0;
	}
	return -1;
}

static struct row *row_of(struct rates *r, int queue)
{
	return queue == Q_DEV ? &r->dev : &r->q[queue];
}

static int too_fast(const struct row *row)
{
	int f;

	for (f = 0; f < NR_FIELDS; f++) {
		if (!(row->known & FIELD_BIT(f)))
			continue;
		if (row->rate[f] > (field_is_bytes(f) ? MAX_BPS : MAX_PPS))
			return 1;
	}
	return 0;
}

/* veth and virtio_net count frames seen by XDP but not the passed ones. */
static void derive_pass(struct row *row)
{
	static const enum xs_field verdicts[] = {
		F_XDP_DROP, F_XDP_TX, F_XDP_REDIRECT, F_XDP_ABORTED,
	};
	double pass;
	size_t i;

	if ((row->exists & FIELD_BIT(F_XDP_PASS)) ||
	    !(row->exists & FIELD_BIT(F_XDP_PACKETS)))
		return;
	row->exists |= FIELD_BIT(F_XDP_PASS);
	if (!row_known(row, F_XDP_PACKETS))
		return;
	pass = row->rate[F_XDP_PACKETS];
	for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (row_known(row, verdicts[i]))
			pass -= row->rate[verdicts[i]];
	row->rate[F_XDP_PASS] = pass > 0 ? pass : 0;
	row->known |= FIELD_BIT(F_XDP_PASS);
}

static void finish_row(struct row *row, double dt)
{
	int f;

	if (row->reset) {
		row->known = 0;
		memset(row->rate, 0, sizeof(row->rate));
		return;
	}
	for (f = 0; f < NR_FIELDS; f++)
		if (row->known & FIELD_BIT(f))
			row->rate[f] /= dt;
	if (too_fast(row)) {
		row->reset = 1;
		row->known = 0;
		memset(row->rate, 0, sizeof(row->rate));
		return;
	}
	derive_pass(row);
}

#define QSTATS_FIRST	(FIELD_BIT(F_RX_PACKETS) | FIELD_BIT(F_RX_BYTES) | \
			 FIELD_BIT(F_TX_PACKETS) | FIELD_BIT(F_TX_BYTES))

/*
 * Which fields each queue has from qstats and from the driver's own names,
 * so that no field counts the same frames twice (see names.h).
 */
static void field_sources(const struct naming *nm, const struct snapshot *s,
			  unsigned int *qs, unsigned int *drv)
{
	struct name_hit hits[MAX_HITS];
	int i, h, n;

	for (i = 0; i < s->n; i++) {
		n = naming_parse(nm, s->names[i], hits);
		for (h = 0; h < n; h++) {
			if (hits[h].queue == Q_DEV)
				continue;
			if (naming_is_qstats(s->names[i]))
				qs[hits[h].queue] |= FIELD_BIT(hits[h].field);
			else
				drv[hits[h].queue] |= FIELD_BIT(hits[h].field);
		}
	}
}

static int superseded(const char *name, const struct name_hit *hit,
		      const unsigned int *qs, const unsigned int *drv)
{
	unsigned int bit = FIELD_BIT(hit->field);

	if (hit->queue == Q_DEV)
		return 0;
	if (naming_is_qstats(name))
		return !(bit & QSTATS_FIRST) && (drv[hit->queue] & bit);
	return (bit & QSTATS_FIRST) && (qs[hit->queue] & bit);
}

void rates_compute(const struct naming *nm, const struct snapshot *prev,
		   const struct snapshot *cur, struct rates *out)
{
	unsigned int qs[MAX_QUEUES] = { 0 }, drv[MAX_QUEUES] = { 0 };
	struct name_hit hits[MAX_HITS];
	int i, h, n, q, f, compare;
	uint64_t d;
	struct row *row;

	memset(out, 0, sizeof(*out));
	out->first = !prev;
	out->relayout = prev && !snapshot_same_layout(prev, cur);
	out->dt = prev ? cur->t - prev->t : 0;
	compare = prev && !out->relayout && out->dt > 0;
	field_sources(nm, cur, qs, drv);

	for (i = 0; i < cur->n; i++) {
		n = naming_parse(nm, cur->names[i], hits);
		for (h = 0; h < n; h++) {
			if (superseded(cur->names[i], &hits[h], qs, drv))
				continue;
			q = hits[h].queue;
			f = hits[h].field;
			row = row_of(out, q);
			if (q >= out->nq)
				out->nq = q + 1;
			row->exists |= FIELD_BIT(f);
			row->abs[f] += cur->vals[i];
			if (hits[h].tx) {
				row->abs_tx[f] += cur->vals[i];
				row->exists_tx |= FIELD_BIT(f);
			} else {
				row->exists_rx |= FIELD_BIT(f);
			}
			if (!compare) {
				row->reset = !!prev;
				continue;
			}
			if (counter_delta(prev->vals[i], cur->vals[i], &d)) {
				row->reset = 1;
				continue;
			}
			row->rate[f] += (double)d;
			row->known |= FIELD_BIT(f);
		}
	}

	for (q = 0; q < out->nq; q++) {
		row = &out->q[q];
		finish_row(row, out->dt);
		out->total.exists |= row->exists;
		out->total.reset |= row->reset;
		for (f = 0; f < NR_FIELDS; f++) {
			out->total.abs[f] += row->abs[f];
			out->total.rate[f] += row->rate[f];
		}
		out->total.known |= row->known;
	}
	/* A partial sum would understate the total: all or nothing. */
	if (out->total.reset || !compare) {
		out->total.known = 0;
		memset(out->total.rate, 0, sizeof(out->total.rate));
	}
	finish_row(&out->dev, out->dt);
}
