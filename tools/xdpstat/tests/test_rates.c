// SPDX-License-Identifier: GPL-2.0
/* Rate computation, wrap and reset handling, fed by recorded snapshots. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "names.h"
#include "rates.h"
#include "snapshot.h"
#include "tap.h"

static struct rates r;

static void load(const char *file, struct snapshot *s)
{
	char path[128];

	snprintf(path, sizeof(path), "snapshots/%s", file);
	if (snapshot_load(path, s, NULL, 0))
		ok(0, "cannot load %s", path);
}

static void pair(const char *naming, const char *a, const char *b)
{
	struct snapshot s0 = { 0 }, s1 = { 0 };

	load(a, &s0);
	load(b, &s1);
	rates_compute(naming_by_name(naming), &s0, &s1, &r);
	snapshot_free(&s0);
	snapshot_free(&s1);
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-6 * (fabs(b) + 1);
}

static void test_delta(void)
{
	uint64_t d = 0;

	ok(!counter_delta(10, 25, &d) && d == 15, "plain increase");
	ok(!counter_delta(7, 7, &d) && d == 0, "no change");
	ok(!counter_delta(0xffffff00ULL, 0x100, &d) && d == 0x200,
	   "32-bit wrap gives the small forward delta");
	ok(counter_delta(1000000, 10, &d) == -1,
	   "backwards by a lot: reset, not a wrap");
	ok(counter_delta(100, 50, &d) == -1,
	   "backwards slightly: reset (a wrap would be ~4G packets)");
	ok(!counter_delta(UINT64_MAX - 4, 5, &d) && d == 10, "64-bit wrap");
	ok(counter_delta(1ULL << 40, 3, &d) == -1,
	   "64-bit counter going back to near zero: reset");
}

static void test_steady(void)
{
	pair("igx", "rate-t0.txt", "rate-t1.txt");
	ok(near(r.dt, 2.0) && !r.first && !r.relayout, "dt is 2 s");
	ok(row_known(&r.q[0], F_RX_PACKETS) &&
	   near(r.q[0].rate[F_RX_PACKETS], 10000), "q0 rx 10000 pps (got %f)",
	   r.q[0].rate[F_RX_PACKETS]);
	ok(near(r.q[0].rate[F_RX_BYTES], 640000), "q0 rx 640000 B/s");
	ok(near(r.q[0].rate[F_XDP_DROP], 2000) &&
	   near(r.q[1].rate[F_XDP_DROP], 2000), "xdp drop 2000/s per queue");
	ok(near(r.q[0].rate[F_ERRORS], (296 + 200 + 4) / 2.0),
	   "errors: one counter wrapped at 32 bits, summed per counter (got %f)",
	   r.q[0].rate[F_ERRORS]);
	ok(near(r.total.rate[F_RX_PACKETS], 12000) &&
	   row_known(&r.total, F_RX_PACKETS), "total rx is the sum: 12000 pps");
	ok(near(r.dev.rate[F_RX_PACKETS], 12000), "device row 12000 pps");
	ok(!r.q[0].reset && !r.total.reset, "no reset flagged");
	ok(r.q[0].rate[F_TX_PACKETS] == 0 && row_known(&r.q[0], F_TX_PACKETS),
	   "idle tx: known zero");
}

static void test_reset(void)
{
	pair("igx", "rate-t1.txt", "rate-t2.txt");
	ok(near(r.q[0].rate[F_RX_PACKETS], 10000) && !r.q[0].reset,
	   "q0 unaffected by q1's reset");
	ok(r.q[1].reset && !r.q[1].known, "q1 went backwards: reset, no rates");
	ok(r.total.reset && !row_known(&r.total, F_RX_PACKETS),
	   "total unknown rather than understated");
	ok(r.q[1].rate[F_RX_PACKETS] >= 0 && r.total.rate[F_RX_PACKETS] >= 0,
	   "nothing negative");
	pair("igx", "rate-t2.txt", "rate-t2.txt");
	ok(!row_known(&r.q[0], F_RX_PACKETS), "zero interval: unknown");
}

static void test_relayout(void)
{
	pair("igx", "rate-t2.txt", "rate-t3.txt");
	ok(r.relayout && r.nq == 3, "queue count change detected");
	ok(!r.q[0].known && !r.q[2].known && !r.total.known,
	   "queue count change: every rate unknown for the interval");
	ok(r.q[2].abs[F_RX_PACKETS] == 5, "new queue's counters are read");
}

static void test_absurd(void)
{
	pair("igx", "rate-t0.txt", "rate-absurd.txt");
	ok(r.q[0].reset && !row_known(&r.q[0], F_RX_PACKETS),
	   "a 2^41 packet jump in 1 s is treated as a reset");
	ok(row_known(&r.q[1], F_RX_PACKETS), "other queues keep their rates");
}

static void test_first(void)
{
	struct snapshot s = { 0 };

	load("rate-t0.txt", &s);
	rates_compute(naming_by_name("igx"), NULL, &s, &r);
	snapshot_free(&s);
	ok(r.first && !r.q[0].known && !r.q[0].reset,
	   "first sample: no rates, not a reset");
}

static void test_derived_pass(void)
{
	pair("veth", "veth-t0.txt", "veth-t1.txt");
	ok(near(r.q[0].rate[F_RX_PACKETS], 1000), "veth rx 1000 pps");
	ok(row_known(&r.q[0], F_XDP_PASS) &&
	   near(r.q[0].rate[F_XDP_PASS], 500),
	   "veth pass derived: 1000 - 400 drop - 100 tx = 500 (got %f)",
	   r.q[0].rate[F_XDP_PASS]);
	ok(near(r.total.rate[F_XDP_PASS], 500), "derived pass in the total");
}

static void test_qstats(void)
{
	pair("igx", "qstats-t0.txt", "qstats-t1.txt");
	ok(near(r.q[0].rate[F_RX_PACKETS], 1000) &&
	   near(r.q[0].rate[F_RX_BYTES], 64000) &&
	   near(r.q[0].rate[F_TX_PACKETS], 100),
	   "qstats' packets and bytes win over the driver's names (got %f)",
	   r.q[0].rate[F_RX_PACKETS]);
	ok(near(r.q[0].rate[F_ERRORS], 7) && near(r.q[0].rate[F_DROPS], 3),
	   "errors and drops from the driver's names where it has them (got %f, %f)",
	   r.q[0].rate[F_ERRORS], r.q[0].rate[F_DROPS]);
	ok(near(r.q[0].rate[F_XDP_DROP], 400),
	   "XDP verdicts, which qstats lack, from ethtool");
	ok(near(r.q[1].rate[F_RX_PACKETS], 2000) &&
	   near(r.q[1].rate[F_DROPS], 11),
	   "a queue only qstats knows: its packets and drops");
	ok(r.q[0].abs[F_RX_PACKETS] == 1000 &&
	   r.q[0].abs_tx[F_TX_PACKETS] == 100,
	   "cumulative counters follow the same choice");
}

int main(void)
{
	test_delta();
	test_steady();
	test_reset();
	test_relayout();
	test_absurd();
	test_first();
	test_derived_pass();
	test_qstats();
	return tap_done("test_rates");
}
