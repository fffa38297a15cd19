// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_DROP for every frame: measures the driver's cheapest verdict.
 * Frags-safe: it never reads the packet.
 */
#include "xdp_common.h"

IGX_XDP_COUNT_MAP(drop_cnt);

static __always_inline int xdp_drop_run(struct xdp_md *ctx)
{
	__u32 key = 0;

	xdp_count_add(bpf_map_lookup_elem(&drop_cnt, &key), ctx);
	return XDP_DROP;
}

IGX_XDP_PROGRAM(xdp_drop, XDP_DEFAULT_RUN_PRIO);

char LICENSE[] SEC("license") = "GPL";
