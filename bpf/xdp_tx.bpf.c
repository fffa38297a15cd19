// SPDX-License-Identifier: GPL-2.0
/*
 * MAC-swap reflector: every unicast frame goes back out of the port it came
 * in on with source and destination MAC exchanged.  Group-addressed frames
 * (ARP, neighbour discovery) go to the stack instead, because a swapped
 * broadcast would carry a multicast source address.
 *
 * Frags-safe: only the Ethernet header is touched, and the driver always
 * places it in the first buffer.
 */
#include "xdp_common.h"

IGX_XDP_COUNT_MAP(tx_cnt);

static __always_inline int xdp_tx_run(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	__u8 mac[ETH_ALEN];
	__u32 key = 0;

	if ((void *)(eth + 1) > data_end)
		return XDP_PASS;
	if (eth->h_dest[0] & 1)
		return XDP_PASS;

	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);

	xdp_count_add(bpf_map_lookup_elem(&tx_cnt, &key), ctx);
	return XDP_TX;
}

IGX_XDP_PROGRAM(xdp_tx, XDP_DEFAULT_RUN_PRIO);

char LICENSE[] SEC("license") = "GPL";
