// SPDX-License-Identifier: GPL-2.0
/*
 * Counter-name parsing for every supported driver naming, fed by recorded
 * snapshots in snapshots/ (run from the tests directory).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "rates.h"
#include "snapshot.h"
#include "tap.h"

static struct rates r;

/* Loads a snapshot and aggregates it with its driver's naming. */
static const char *load(const char *file)
{
	static char driver[32];
	struct snapshot s = { 0 };
	char path[128];
	int err;

	snprintf(path, sizeof(path), "snapshots/%s", file);
	driver[0] = '\0';
	err = snapshot_load(path, &s, driver, sizeof(driver));
	ok(!err && s.n > 0, "%s: loaded %d counters", file, s.n);
	rates_compute(naming_for_driver(driver), NULL, &s, &r);
	snapshot_free(&s);
	return naming_name(naming_for_driver(driver));
}

#define ABS(qn, f) (r.q[qn].abs[f])

static int hits(const char *naming, const char *name, int *q, int *f)
{
	struct name_hit h[MAX_HITS];
	int n = naming_parse(naming_by_name(naming), name, h);

	if (n > 0) {
		*q = h[0].queue;
		*f = h[0].field;
	}
	return n;
}

static void test_single_names(void)
{
	int q = -9, f = -1;

	ok(hits("igx", "rx12_xdp_tx", &q, &f) == 1 && q == 12 && f == F_XDP_TX,
	   "igx rx12_xdp_tx is queue 12 XDP_TX");
	ok(hits("igx", "rx_queue_0_packets", &q, &f) == 0,
	   "igx ignores igb-style names");
	ok(hits("igx", "rx_packets", &q, &f) == 0,
	   "device-wide rx_packets is not a queue counter");
	ok(hits("igx", "rx0_xsk_fill_empty", &q, &f) == 0,
	   "unknown suffix is ignored");
	ok(hits("igx", "rx256_packets", &q, &f) == 0,
	   "queue numbers beyond the limit are refused");
	ok(hits("igx", "rx-1_packets", &q, &f) == 0 &&
	   hits("igx", "rx_packets_1", &q, &f) == 0,
	   "malformed queue numbers are refused");
	ok(hits("mlx5", "rx3_xdp_tx_xmit", &q, &f) == 1 && q == 3 &&
	   f == F_XDP_TX, "mlx5 rx3_xdp_tx_xmit is XDP_TX");
	ok(hits("mlx5", "rx_xdp_drop", &q, &f) == 0,
	   "mlx5 device-wide rx_xdp_drop is not a queue counter");
	ok(hits("mlx5", "ptp_rq0_packets", &q, &f) == 0 &&
	   hits("mlx5", "rx0_xsk_xdp_drop", &q, &f) == 0,
	   "mlx5 ptp and xsk queues are not counted twice");
	ok(hits("virtio_net", "rx0_hw_drops", &q, &f) == 0,
	   "virtio_net device (hw_) stats are not counted twice");
	ok(hits("virtio_net", "rx_queue_1_xdp_drops", &q, &f) == 1 && q == 1 &&
	   f == F_XDP_DROP, "virtio_net old names are understood");
	ok(hits("i40e", "tx-7.bytes", &q, &f) == 1 && q == 7 &&
	   f == F_TX_BYTES, "i40e tx-7.bytes");
	ok(hits("igb", "tx_queue_3_restart", &q, &f) == 0,
	   "igb restart is not a rate column");
	ok(hits("veth", "rx_queue_0_xdp_packets", &q, &f) == 2,
	   "veth xdp_packets is both rx packets and XDP input");
	ok(hits("generic", "dev.rx_dropped", &q, &f) == 1 && q == Q_DEV &&
	   f == F_DROPS, "dev.* names are device totals");
	ok(!strcmp(naming_name(naming_for_driver("mlx5_core")), "mlx5") &&
	   !strcmp(naming_name(naming_for_driver("igc")), "igb") &&
	   !strcmp(naming_name(naming_for_driver("ice")), "ixgbe") &&
	   !strcmp(naming_name(naming_for_driver("nosuch")), "generic"),
	   "drivers map to their naming, unknown ones to generic");
}

static void test_igx(void)
{
	ok(!strcmp(load("igx.txt"), "igx"), "igx snapshot uses igx naming");
	ok(r.nq == 2, "igx: 2 queues (got %d)", r.nq);
	ok(ABS(0, F_RX_PACKETS) == 1000 && ABS(1, F_RX_PACKETS) == 2500,
	   "igx: per-queue rx packets");
	ok(ABS(0, F_XDP_PASS) == 100 && ABS(0, F_XDP_DROP) == 800 &&
	   ABS(0, F_XDP_TX) == 50 && ABS(0, F_XDP_REDIRECT) == 40 &&
	   ABS(0, F_XDP_ABORTED) == 10, "igx: every XDP verdict of queue 0");
	ok(ABS(0, F_ERRORS) == 1 + 2 + 4 + 5 + 6 + 8,
	   "igx: errors sum alloc, csum, xdp tx/redirect, timeouts, xmit errors (got %llu)",
	   (unsigned long long)ABS(0, F_ERRORS));
	ok(ABS(0, F_DROPS) == 3, "igx: drops");
	ok(ABS(0, F_TX_PACKETS) == 30 && ABS(1, F_TX_BYTES) == 1008 &&
	   ABS(0, F_XDP_XMIT) == 7, "igx: tx side");
	ok(r.total.abs[F_RX_PACKETS] == 3500,
	   "igx: total is the sum of queues, device-wide names not added");
	ok(r.dev.abs[F_RX_PACKETS] == 3500 && r.dev.abs[F_TX_BYTES] == 3528,
	   "igx: device totals row");
}

static void test_igb(void)
{
	ok(!strcmp(load("igb.txt"), "igb"), "igb snapshot uses igb naming");
	ok(r.nq == 2 && ABS(0, F_RX_PACKETS) == 100 &&
	   ABS(1, F_RX_BYTES) == 12800 && ABS(0, F_TX_PACKETS) == 15 &&
	   ABS(1, F_TX_BYTES) == 320, "igb: packets and bytes per queue");
	ok(ABS(0, F_ERRORS) == 5 && ABS(0, F_DROPS) == 1,
	   "igb: csum_err + alloc_failed are errors, drops are drops");
	ok(!(r.q[0].exists & FIELD_BIT(F_XDP_DROP)),
	   "igb: no XDP verdict counters claimed");
}

static void test_intel(void)
{
	ok(!strcmp(load("ixgbe.txt"), "ixgbe"), "ixgbe naming");
	ok(r.nq == 2 && ABS(1, F_RX_PACKETS) == 40 && ABS(0, F_TX_BYTES) == 448,
	   "ixgbe: per-queue counters");
	ok(!strcmp(load("ice.txt"), "ixgbe"), "ice uses the ixgbe naming");
	ok(r.nq == 3 && !r.q[1].exists && ABS(2, F_RX_PACKETS) == 5,
	   "ice: queue numbers with a gap");
	ok(!strcmp(load("i40e.txt"), "i40e"), "i40e naming");
	ok(r.nq == 2 && ABS(0, F_RX_PACKETS) == 50 && ABS(1, F_TX_PACKETS) == 3 &&
	   r.total.abs[F_RX_BYTES] == 5760, "i40e: rx-N./tx-N. counters");
}

static void test_mlx5(void)
{
	ok(!strcmp(load("mlx5.txt"), "mlx5"), "mlx5 naming");
	ok(r.nq == 1 && ABS(0, F_RX_PACKETS) == 1000 &&
	   ABS(0, F_XDP_DROP) == 600 && ABS(0, F_XDP_REDIRECT) == 100 &&
	   ABS(0, F_XDP_TX) == 200, "mlx5: XDP verdicts of rq 0");
	ok(ABS(0, F_ERRORS) == 1 + 2 + 4 + 6 && ABS(0, F_DROPS) == 3 + 5,
	   "mlx5: errors and drops");
	ok(ABS(0, F_XDP_XMIT) == 60 && ABS(0, F_TX_PACKETS) == 50,
	   "mlx5: tx and xdp xmit");
}

static void test_virtio(void)
{
	ok(!strcmp(load("virtio_net.txt"), "virtio_net"), "virtio_net naming");
	ok(r.nq == 1 && ABS(0, F_RX_PACKETS) == 500 &&
	   ABS(0, F_XDP_DROP) == 400 && ABS(0, F_XDP_TX) == 20 &&
	   ABS(0, F_XDP_REDIRECT) == 30 && ABS(0, F_XDP_PACKETS) == 500,
	   "virtio_net: rxN_ counters, hw_ ignored");
	ok(ABS(0, F_DROPS) == 1 && ABS(0, F_ERRORS) == 2,
	   "virtio_net: drops and tx errors");
	ok(r.q[0].exists & FIELD_BIT(F_XDP_PASS),
	   "virtio_net: pass is derived from xdp_packets");
	load("virtio_net-old.txt");
	ok(r.nq == 1 && ABS(0, F_RX_PACKETS) == 80 && ABS(0, F_XDP_DROP) == 80,
	   "virtio_net: rx_queue_N_ counters");
}

static void test_veth(void)
{
	ok(!strcmp(load("veth.txt"), "veth"), "veth naming");
	ok(r.nq == 1 && ABS(0, F_RX_PACKETS) == 1000 &&
	   ABS(0, F_RX_BYTES) == 64000 && ABS(0, F_XDP_DROP) == 600 &&
	   ABS(0, F_XDP_TX) == 200 && ABS(0, F_XDP_REDIRECT) == 100,
	   "veth: rx_queue_N_xdp_* counters");
	ok(!(r.q[0].exists & FIELD_BIT(F_TX_PACKETS)),
	   "veth: no per-queue tx packets claimed");
	ok(r.dev.abs[F_RX_PACKETS] == 1000, "veth: device totals");
}

/* Real `ethtool -S` dumps from the test VM, with sysfs totals. */
static void test_recorded(void)
{
	const unsigned int xdp = FIELD_BIT(F_XDP_PASS) | FIELD_BIT(F_XDP_DROP) |
		FIELD_BIT(F_XDP_TX) | FIELD_BIT(F_XDP_REDIRECT) |
		FIELD_BIT(F_XDP_ABORTED);

	load("igx-vm.txt");
	ok(r.nq == 8 && (r.q[7].exists & xdp) == xdp,
	   "igx (VM): 8 queues, every XDP verdict counted");
	ok(r.total.abs[F_RX_PACKETS] == 18236 &&
	   r.total.abs[F_RX_PACKETS] == r.dev.abs[F_RX_PACKETS],
	   "igx (VM): queues add up to the device total");
	load("igb-vm.txt");
	ok(r.nq == 2 && r.total.abs[F_RX_PACKETS] == 19568 &&
	   r.total.abs[F_RX_PACKETS] == r.dev.abs[F_RX_PACKETS],
	   "igb (VM): 2 queues adding up to the device total");
	load("veth-vm.txt");
	ok(r.nq == 1 && r.q[0].abs[F_XDP_DROP] == 3000 &&
	   r.total.abs[F_RX_PACKETS] == r.dev.abs[F_RX_PACKETS],
	   "veth (VM): native XDP drops per queue, rx adds up to the device total");
}

static void test_fallback(void)
{
	ok(!strcmp(load("dummy.txt"), "generic"), "unknown driver: generic naming");
	ok(r.nq == 0 && r.dev.abs[F_TX_PACKETS] == 200,
	   "no per-queue counters: device totals only");
}

int main(void)
{
	test_single_names();
	test_igx();
	test_igb();
	test_intel();
	test_mlx5();
	test_virtio();
	test_veth();
	test_recorded();
	test_fallback();
	return tap_done("test_names");
}
