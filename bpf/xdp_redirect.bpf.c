// SPDX-License-Identifier: GPL-2.0
/*
 * Redirect every frame to the device in slot 0 of the devmap tx_port.
 * While the slot is empty frames go to the stack rather than vanish, so a
 * half-configured setup still answers ping.
 *
 * Frags-safe: the frame is not read; the target device must accept
 * multi-buffer frames (NETDEV_XDP_ACT_NDO_XMIT_SG) for the frags variant.
 */
#include "xdp_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

IGX_XDP_COUNT_MAP(redirect_cnt);

static __always_inline int xdp_redirect_run(struct xdp_md *ctx)
{
	__u32 key = 0;
	long act;

	act = bpf_redirect_map(&tx_port, 0, XDP_PASS);
	if (act == XDP_REDIRECT)
		xdp_count_add(bpf_map_lookup_elem(&redirect_cnt, &key), ctx);
	return act;
}

IGX_XDP_PROGRAM(xdp_redirect, XDP_DEFAULT_RUN_PRIO);

char LICENSE[] SEC("license") = "GPL";
