// SPDX-License-Identifier: GPL-2.0
/* XDP_DROP everything: the xdpstat tests' verdict source (no maps). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xs_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
