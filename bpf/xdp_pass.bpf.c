// SPDX-License-Identifier: GPL-2.0
/*
 * XDP_PASS for every frame: the baseline cost of running a program, and a
 * harmless placeholder in a libxdp dispatcher.  Frags-safe: it never reads
 * the packet.
 */
#include "xdp_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdp_count);
} pass_cnt SEC(".maps");

static __always_inline int pass(struct xdp_md *ctx)
{
	__u32 key = 0;

	xdp_count_add(bpf_map_lookup_elem(&pass_cnt, &key), ctx);
	return XDP_PASS;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return pass(ctx);
}

SEC("xdp.frags")
int xdp_pass_frags(struct xdp_md *ctx)
{
	return pass(ctx);
}

struct {
	__uint(priority, XDP_DEFAULT_RUN_PRIO);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(xdp_pass);

struct {
	__uint(priority, XDP_DEFAULT_RUN_PRIO);
	__uint(XDP_PASS, 1);
} XDP_RUN_CONFIG(xdp_pass_frags);

char LICENSE[] SEC("license") = "GPL";
