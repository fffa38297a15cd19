// SPDX-License-Identifier: GPL-2.0
/*
 * AF_XDP steering: a frame arriving on RX queue N goes to the XSK socket in
 * slot N of xsks_map; queues without a socket hand their frames to the
 * stack.  Counts per CPU what was steered.
 *
 * Frags-safe: the frame is not read.  Load the frags variant for sockets
 * bound with XDP_USE_SG, so multi-buffer frames reach them whole.
 */
#include "xdp_common.h"

#define XSK_MAX_QUEUES	64

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XSK_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsks_map SEC(".maps");

IGX_XDP_COUNT_MAP(xsk_cnt);

static __always_inline int xdp_xsk_run(struct xdp_md *ctx)
{
	__u32 qid = ctx->rx_queue_index;
	__u32 key = 0;
	long act;

	act = bpf_redirect_map(&xsks_map, qid, XDP_PASS);
	if (act == XDP_REDIRECT)
		xdp_count_add(bpf_map_lookup_elem(&xsk_cnt, &key), ctx);
	return act;
}

IGX_XDP_PROGRAM(xdp_xsk, XDP_DEFAULT_RUN_PRIO);

char LICENSE[] SEC("license") = "GPL";
