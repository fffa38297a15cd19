/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_FIELDS_H
#define XDPSTAT_FIELDS_H

/*
 * What one per-queue counter means once its driver-specific name is
 * understood. Several driver counters may feed one field (errors, drops):
 * their deltas are summed, never their raw values, so that each counter's
 * own wrap is handled on its own.
 */
enum xs_field {
	F_RX_PACKETS,
	F_RX_BYTES,
	F_TX_PACKETS,
	F_TX_BYTES,
	F_XDP_PASS,
	F_XDP_DROP,
	F_XDP_TX,
	F_XDP_REDIRECT,
	F_XDP_ABORTED,
	F_XDP_XMIT,
	/* Frames seen by the XDP program; pass is derived from it when the
	 * driver has no pass counter of its own (veth, virtio_net).
	 */
	F_XDP_PACKETS,
	F_ERRORS,
	F_DROPS,
	NR_FIELDS
};

#define FIELD_BIT(f)	(1u << (f))

/* Row index of the device-wide totals (sysfs statistics), not a queue. */
#define Q_DEV		(-1)
#define MAX_QUEUES	256

const char *field_name(enum xs_field f);
/* Rates of F_*_BYTES are shown in Mbit/s, the rest in events per second. */
int field_is_bytes(enum xs_field f);

#endif
