// SPDX-License-Identifier: GPL-2.0
/*
 * Driver test program: returns the verdict held in the map verdict_cfg
 * (default 0, XDP_ABORTED; any number, so invalid actions too) after
 * optionally moving the frame's head, tail and metadata start, so a test
 * can check how the driver handles each verdict and adjusted buffers.
 * Frags-safe: it touches the frame only through the adjust helpers and
 * the metadata area.
 */
#include "xdp_common.h"

struct verdict_cfg {
	__u32 action;	/* returned as is */
	__s32 head;	/* bpf_xdp_adjust_head() delta, 0 = none */
	__s32 tail;	/* bpf_xdp_adjust_tail() delta, 0 = none */
	__u32 meta;	/* bytes of metadata to prepend (multiple of 4) */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct verdict_cfg);
} verdict_cfg SEC(".maps");

IGX_XDP_COUNT_MAP(verdict_cnt);

static __always_inline int xdp_verdict_run(struct xdp_md *ctx)
{
	struct verdict_cfg *cfg;
	__u32 key = 0;

	cfg = bpf_map_lookup_elem(&verdict_cfg, &key);
	if (!cfg)
		return XDP_ABORTED;
	if (cfg->meta && cfg->meta <= 32) {
		void *data, *meta;

		if (bpf_xdp_adjust_meta(ctx, -(int)cfg->meta))
			return XDP_ABORTED;
		data = (void *)(long)ctx->data;
		meta = (void *)(long)ctx->data_meta;
		if (meta + 4 > data)
			return XDP_ABORTED;
		*(__u32 *)meta = 0x1d9c0de;
	}
	if (cfg->head && bpf_xdp_adjust_head(ctx, cfg->head))
		return XDP_ABORTED;
	if (cfg->tail && bpf_xdp_adjust_tail(ctx, cfg->tail))
		return XDP_ABORTED;
	xdp_count_add(bpf_map_lookup_elem(&verdict_cnt, &key), ctx);
	return cfg->action;
}

IGX_XDP_PROGRAM(xdp_verdict, XDP_DEFAULT_RUN_PRIO);

char LICENSE[] SEC("license") = "GPL";
