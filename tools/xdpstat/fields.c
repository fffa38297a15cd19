// SPDX-License-Identifier: GPL-2.0
#include "fields.h"

static const char *const names[NR_FIELDS] = {
	[F_RX_PACKETS] = "rx_packets",
	[F_RX_BYTES] = "rx_bytes",
	[F_TX_PACKETS] = "tx_packets",
	[F_TX_BYTES] = "tx_bytes",
	[F_XDP_PASS] = "xdp_pass",
	[F_XDP_DROP] = "xdp_drop",
	[F_XDP_TX] = "xdp_tx",
	[F_XDP_REDIRECT] = "xdp_redirect",
	[F_XDP_ABORTED] = "xdp_aborted",
	[F_XDP_XMIT] = "xdp_xmit",
	[F_XDP_PACKETS] = "xdp_packets",
	[F_ERRORS] = "errors",
	[F_DROPS] = "drops",
};

const char *field_name(enum xs_field f)
{
	return f < NR_FIELDS ? names[f] : "?";
}

int field_is_bytes(enum xs_field f)
{
	return f == F_RX_BYTES || f == F_TX_BYTES;
}
