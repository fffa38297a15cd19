// SPDX-License-Identifier: GPL-2.0
/*
 * Fallback XDP programs for the bench, built once per action
 * (-DBENCH_DROP, _PASS, _TX, _REDIRECT).  bench.sh prefers bpf/'s programs
 * when they exist; these only keep the bench usable without them.  They do
 * the least work each action allows, so that what is measured is the driver.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

#if defined(BENCH_TX) || defined(BENCH_REDIRECT)
/* The peer drops what comes back; addressing it to the peer keeps the
 * reflected frame off any other port on the hub.
 */
static __always_inline int swap_mac(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	unsigned char tmp[ETH_ALEN];

	if ((void *)(eth + 1) > end)
		return -1;
	__builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
	return 0;
}
#endif

#ifdef BENCH_REDIRECT
/* Slot 0 holds port A's own ifindex, set by the bench after attach. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bench_devmap SEC(".maps");
#endif

SEC("xdp")
int xdp_bench(struct xdp_md *ctx)
{
#if defined(BENCH_DROP)
	return XDP_DROP;
#elif defined(BENCH_PASS)
	return XDP_PASS;
#elif defined(BENCH_TX)
	return swap_mac(ctx) ? XDP_DROP : XDP_TX;
#elif defined(BENCH_REDIRECT)
	if (swap_mac(ctx))
		return XDP_DROP;
	return bpf_redirect_map(&bench_devmap, 0, XDP_DROP);
#else
#error "define one of BENCH_DROP, BENCH_PASS, BENCH_TX, BENCH_REDIRECT"
#endif
}

char _license[] SEC("license") = "GPL";
