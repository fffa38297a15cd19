// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_DROP for every frame: measures the driver's cheapest verdict.
 * Frags-safe: it never reads the packet.
 */
#include "xdp_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdp_count);
} drop_cnt SEC(".maps");

static __always_inline int drop(struct xdp_md *ctx)
{
	__u32 key = 0;

	xdp_count_add(bpf_map_lookup_elem(&drop_cnt, &key), ctx);
	return XDP_DROP;
}

SEC("xdp")
int xdp_drop(struct xdp_md *ctx)
{
	return drop(ctx);
}

SEC("xdp.frags")
int xdp_drop_frags(struct xdp_md *ctx)
{
	return drop(ctx);
}

struct {
	__uint(priority, XDP_DEFAULT_RUN_PRIO);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(xdp_drop);

struct {
	__uint(priority, XDP_DEFAULT_RUN_PRIO);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(xdp_drop_frags);

char LICENSE[] SEC("license") = "GPL";
