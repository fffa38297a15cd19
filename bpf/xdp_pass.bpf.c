// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_PASS for every frame: the baseline cost of running a program, and a
 * harmless placeholder in a libxdp dispatcher.  Frags-safe: it never reads
 * the packet.
 */
#include "xdp_common.h"

IGX_XDP_COUNT_MAP(pass_cnt);

static __always_inline int xdp_pass_run(struct xdp_md *ctx)
{
	__u32 key = 0;

	xdp_count_add(bpf_map_lookup_elem(&pass_cnt, &key), ctx);
	return XDP_PASS;
}

IGX_XDP_PROGRAM(xdp_pass, XDP_DEFAULT_RUN_PRIO);

char LICENSE[] SEC("license") = "GPL";
