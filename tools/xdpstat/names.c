// SPDX-License-Identifier: GPL-2.0
/*
 * Per-queue ethtool counter names of the drivers xdpstat understands.
 * Names were taken from the drivers' get_strings() in Linux 6.12.
 */
#include <stdlib.h>
#include <string.h>

#include "names.h"

enum side { RX, TX };

/* Queue-number prefixes; a scheme accepts any combination. */
#define P_RXN	0x1	/* rx3_packets, tx3_bytes (igx, mlx5, virtio_net >= 6.10) */
#define P_QUEUE	0x2	/* rx_queue_3_packets (igb, ixgbe, ice, veth, old virtio_net) */
#define P_DASH	0x4	/* rx-3.packets (i40e) */

struct suffix {
	enum side side;
	const char *suffix;
	enum xs_field field;
};

struct naming {
	const char *name;
	const char *drivers[6];
	unsigned int prefixes;
	const struct suffix *suffixes;
};

#define END { RX, NULL, 0 }

static const struct suffix igx_suffixes[] = {
	{ RX, "packets", F_RX_PACKETS },
	{ RX, "bytes", F_RX_BYTES },
	{ RX, "drops", F_DROPS },
	{ RX, "alloc_fail", F_ERRORS },
	{ RX, "csum_err", F_ERRORS },
	{ RX, "xdp_pass", F_XDP_PASS },
	{ RX, "xdp_drop", F_XDP_DROP },
	{ RX, "xdp_tx", F_XDP_TX },
	{ RX, "xdp_redirect", F_XDP_REDIRECT },
	{ RX, "xdp_aborted", F_XDP_ABORTED },
	{ RX, "xdp_tx_errors", F_ERRORS },
	{ RX, "xdp_redirect_errors", F_ERRORS },
	{ TX, "packets", F_TX_PACKETS },
	{ TX, "bytes", F_TX_BYTES },
	{ TX, "timeouts", F_ERRORS },
	{ TX, "xdp_xmit", F_XDP_XMIT },
	{ TX, "xdp_xmit_errors", F_ERRORS },
	END
};

static const struct suffix igb_suffixes[] = {
	{ RX, "packets", F_RX_PACKETS },
	{ RX, "bytes", F_RX_BYTES },
	{ RX, "drops", F_DROPS },
	{ RX, "csum_err", F_ERRORS },
	{ RX, "alloc_failed", F_ERRORS },
	{ TX, "packets", F_TX_PACKETS },
	{ TX, "bytes", F_TX_BYTES },
	END
};

/* ixgbe, ice, i40e: packets and bytes only, no per-queue XDP verdicts. */
static const struct suffix intel_suffixes[] = {
	{ RX, "packets", F_RX_PACKETS },
	{ RX, "bytes", F_RX_BYTES },
	{ TX, "packets", F_TX_PACKETS },
	{ TX, "bytes", F_TX_BYTES },
	END
};

static const struct suffix mlx5_suffixes[] = {
	{ RX, "packets", F_RX_PACKETS },
	{ RX, "bytes", F_RX_BYTES },
	{ RX, "xdp_drop", F_XDP_DROP },
	{ RX, "xdp_redirect", F_XDP_REDIRECT },
	/* the XDP_TX verdicts of rq N leave on its own xdpsq */
	{ RX, "xdp_tx_xmit", F_XDP_TX },
	{ RX, "xdp_tx_err", F_ERRORS },
	{ RX, "wqe_err", F_ERRORS },
	{ RX, "buff_alloc_err", F_ERRORS },
	{ RX, "oversize_pkts_sw_drop", F_DROPS },
	{ TX, "packets", F_TX_PACKETS },
	{ TX, "bytes", F_TX_BYTES },
	{ TX, "dropped", F_DROPS },
	{ TX, "xdp_xmit", F_XDP_XMIT },
	{ TX, "xdp_err", F_ERRORS },
	END
};

static const struct suffix virtio_suffixes[] = {
	{ RX, "packets", F_RX_PACKETS },
	{ RX, "bytes", F_RX_BYTES },
	{ RX, "drops", F_DROPS },
	{ RX, "xdp_packets", F_XDP_PACKETS },
	{ RX, "xdp_tx", F_XDP_TX },
	{ RX, "xdp_redirects", F_XDP_REDIRECT },
	{ RX, "xdp_drops", F_XDP_DROP },
	{ TX, "packets", F_TX_PACKETS },
	{ TX, "bytes", F_TX_BYTES },
	/* sq xdp_tx counts frames sent by ndo_xdp_xmit and XDP_TX alike */
	{ TX, "xdp_tx", F_XDP_XMIT },
	{ TX, "xdp_tx_drops", F_ERRORS },
	{ TX, "tx_timeouts", F_ERRORS },
	END
};

/*
 * veth counts per queue only on its NAPI path (XDP or GRO enabled); every
 * frame there goes through xdp_packets, with or without a program.
 */
static const struct suffix veth_suffixes[] = {
	{ RX, "xdp_packets", F_RX_PACKETS },
	{ RX, "xdp_packets", F_XDP_PACKETS },
	{ RX, "xdp_bytes", F_RX_BYTES },
	{ RX, "drops", F_DROPS },
	{ RX, "xdp_redirect", F_XDP_REDIRECT },
	{ RX, "xdp_drops", F_XDP_DROP },
	{ RX, "xdp_tx", F_XDP_TX },
	{ RX, "xdp_tx_errors", F_ERRORS },
	{ TX, "xdp_xmit", F_XDP_XMIT },
	{ TX, "xdp_xmit_errors", F_ERRORS },
	END
};

/* Unknown drivers: the names most drivers share. */
static const struct suffix generic_suffixes[] = {
	{ RX, "packets", F_RX_PACKETS },
	{ RX, "bytes", F_RX_BYTES },
	{ RX, "drops", F_DROPS },
	{ RX, "xdp_pass", F_XDP_PASS },
	{ RX, "xdp_drop", F_XDP_DROP },
	{ RX, "xdp_drops", F_XDP_DROP },
	{ RX, "xdp_tx", F_XDP_TX },
	{ RX, "xdp_redirect", F_XDP_REDIRECT },
	{ RX, "xdp_redirects", F_XDP_REDIRECT },
	{ RX, "xdp_aborted", F_XDP_ABORTED },
	{ TX, "packets", F_TX_PACKETS },
	{ TX, "bytes", F_TX_BYTES },
	{ TX, "xdp_xmit", F_XDP_XMIT },
	END
};

static const struct naming namings[] = {
	{ "igx", { "igx" }, P_RXN, igx_suffixes },
	{ "igb", { "igb", "igc" }, P_QUEUE, igb_suffixes },
	{ "ixgbe", { "ixgbe", "ice", "ixgbevf" }, P_QUEUE, intel_suffixes },
	{ "i40e", { "i40e", "iavf" }, P_DASH, intel_suffixes },
	{ "mlx5", { "mlx5_core" }, P_RXN, mlx5_suffixes },
	{ "virtio_net", { "virtio_net" }, P_RXN | P_QUEUE, virtio_suffixes },
	{ "veth", { "veth" }, P_QUEUE, veth_suffixes },
	{ "generic", { NULL }, P_RXN | P_QUEUE | P_DASH, generic_suffixes },
};

#define NR_NAMINGS (sizeof(namings) / sizeof(namings[0]))
#define GENERIC (&namings[NR_NAMINGS - 1])

const struct naming *naming_for_driver(const char *driver)
{
	size_t i, j;

	for (i = 0; driver && i < NR_NAMINGS; i++)
		for (j = 0; j < 6 && namings[i].drivers[j]; j++)
			if (!strcmp(namings[i].drivers[j], driver))
				return &namings[i];
	return GENERIC;
}

const struct naming *naming_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < NR_NAMINGS; i++)
		if (!strcmp(namings[i].name, name))
			return &namings[i];
	return NULL;
}

const char *naming_name(const struct naming *nm)
{
	return nm->name;
}

const char *naming_list(void)
{
	return "igx igb ixgbe i40e mlx5 virtio_net veth generic";
}

/* Reads a queue number; refuses signs, empty and absurd values. */
static const char *parse_queue(const char *s, int *queue)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		if (v >= MAX_QUEUES)
			return NULL;
	}
	*queue = (int)v;
	return s;
}

/* Strips a queue prefix; returns the suffix or NULL. */
static const char *strip_prefix(unsigned int prefixes, const char *name,
				enum side *side, int *queue)
{
	const char *p;

	if (!strncmp(name, "rx", 2))
		*side = RX;
	else if (!strncmp(name, "tx", 2))
		*side = TX;
	else
		return NULL;
	name += 2;

	if ((prefixes & P_RXN) && (p = parse_queue(name, queue)) && *p == '_')
		return p + 1;
	if ((prefixes & P_QUEUE) && !strncmp(name, "_queue_", 7) &&
	    (p = parse_queue(name + 7, queue)) && *p == '_')
		return p + 1;
	if ((prefixes & P_DASH) && *name == '-' &&
	    (p = parse_queue(name + 1, queue)) && *p == '.')
		return p + 1;
	return NULL;
}

static const struct {
	const char *name;
	enum xs_field field;
	enum side side;
} dev_names[] = {
	{ "dev.rx_packets", F_RX_PACKETS, RX },
	{ "dev.rx_bytes", F_RX_BYTES, RX },
	{ "dev.tx_packets", F_TX_PACKETS, TX },
	{ "dev.tx_bytes", F_TX_BYTES, TX },
	{ "dev.rx_errors", F_ERRORS, RX },
	{ "dev.tx_errors", F_ERRORS, TX },
	{ "dev.rx_dropped", F_DROPS, RX },
	{ "dev.tx_dropped", F_DROPS, TX },
};

/* netdev qstats (src_qstats.c): "qstats.rx3.hw-drops", any driver */
static const struct suffix qstat_suffixes[] = {
	{ RX, "packets", F_RX_PACKETS },
	{ RX, "bytes", F_RX_BYTES },
	{ RX, "alloc-fail", F_ERRORS },
	{ RX, "csum-bad", F_ERRORS },
	{ RX, "hw-drops", F_DROPS },
	{ RX, "hw-drop-overruns", F_DROPS },
	{ RX, "hw-drop-ratelimits", F_DROPS },
	{ TX, "packets", F_TX_PACKETS },
	{ TX, "bytes", F_TX_BYTES },
	{ TX, "hw-drops", F_DROPS },
	{ TX, "hw-drop-errors", F_ERRORS },
	{ TX, "hw-drop-ratelimits", F_DROPS },
	END
};

int naming_is_qstats(const char *name)
{
	return !strncmp(name, "qstats.", 7);
}

static int parse_qstat(const char *name, struct name_hit *hit)
{
	const struct suffix *s;
	enum side side;
	const char *p;
	int queue;

	name += 7;
	if (!strncmp(name, "rx", 2))
		side = RX;
	else if (!strncmp(name, "tx", 2))
		side = TX;
	else
		return 0;
	p = parse_queue(name + 2, &queue);
	if (!p || *p != '.')
		return 0;
	for (s = qstat_suffixes; s->suffix; s++) {
		if (s->side == side && !strcmp(s->suffix, p + 1)) {
			hit->queue = queue;
			hit->field = s->field;
			hit->tx = side == TX;
			return 1;
		}
	}
	return 0;
}

int naming_parse(const struct naming *nm, const char *name,
		 struct name_hit hits[MAX_HITS])
{
	const struct suffix *s;
	const char *suffix;
	enum side side;
	int queue, n = 0;
	size_t i;

	if (naming_is_qstats(name))
		return parse_qstat(name, &hits[0]);

	if (!strncmp(name, "dev.", 4)) {
		for (i = 0; i < sizeof(dev_names) / sizeof(dev_names[0]); i++) {
			if (!strcmp(name, dev_names[i].name)) {
				hits[0].queue = Q_DEV;
				hits[0].field = dev_names[i].field;
				hits[0].tx = dev_names[i].side == TX;
				return 1;
			}
		}
		return 0;
	}

	suffix = strip_prefix(nm->prefixes, name, &side, &queue);
	if (!suffix)
		return 0;
	for (s = nm->suffixes; s->suffix && n < MAX_HITS; s++) {
		if (s->side == side && !strcmp(s->suffix, suffix)) {
			hits[n].queue = queue;
			hits[n].field = s->field;
			hits[n].tx = side == TX;
			n++;
		}
	}
	return n;
}
