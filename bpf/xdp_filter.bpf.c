// SPDX-License-Identifier: GPL-2.0
/*
 * L2/L3/L4 deny filter.  A frame is dropped when its source MAC, its IPv4
 * or IPv6 source address, or its TCP/UDP destination port is a key of the
 * matching map; everything else passes (and so reaches the next program
 * in a libxdp dispatcher).  Up to two VLAN tags are skipped.  Verdicts are
 * counted per reason in a per-CPU array.
 *
 * Frags-safe: headers are read with bpf_xdp_load_bytes(), which follows
 * the fragments, never with direct packet access.
 */
#include "xdp_common.h"
#include "xdp_filter.h"

#define DENY_ENTRIES	1024

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DENY_ENTRIES);
	__type(key, struct filter_mac);
	__type(value, __u8);
} deny_mac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DENY_ENTRIES);
	__type(key, __be32);
	__type(value, __u8);
} deny_ipv4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DENY_ENTRIES);
	__type(key, struct filter_ipv6);
	__type(value, __u8);
} deny_ipv6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, DENY_ENTRIES);
	__type(key, __u16);
	__type(value, __u8);
} deny_port SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FILTER_NR);
	__type(key, __u32);
	__type(value, struct xdp_count);
} filter_cnt SEC(".maps");

static __always_inline int verdict(struct xdp_md *ctx, __u32 reason)
{
	xdp_count_add(bpf_map_lookup_elem(&filter_cnt, &reason), ctx);
	return reason == FILTER_PASS ? XDP_PASS : XDP_DROP;
}

static __always_inline int port_denied(struct xdp_md *ctx, __u32 off)
{
	__be16 ports[2];
	__u16 dport;

	if (bpf_xdp_load_bytes(ctx, off, ports, sizeof(ports)))
		return 0;
	dport = bpf_ntohs(ports[1]);
	return !!bpf_map_lookup_elem(&deny_port, &dport);
}

static __always_inline int xdp_filter_run(struct xdp_md *ctx)
{
	struct ipv6hdr ip6;
	struct ethhdr eth;
	struct iphdr ip;
	__u32 off = sizeof(eth);
	__be16 proto;
	__u8 ihl;
	int i;

	if (bpf_xdp_load_bytes(ctx, 0, &eth, sizeof(eth)))
		return verdict(ctx, FILTER_PASS);
	if (bpf_map_lookup_elem(&deny_mac, eth.h_source))
		return verdict(ctx, FILTER_DROP_MAC);

	proto = eth.h_proto;
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlan_hdr vh;

		if (proto != bpf_htons(ETH_P_8021Q) &&
		    proto != bpf_htons(ETH_P_8021AD))
			break;
		if (bpf_xdp_load_bytes(ctx, off, &vh, sizeof(vh)))
			return verdict(ctx, FILTER_PASS);
		proto = vh.h_vlan_encapsulated_proto;
		off += sizeof(vh);
	}

	if (proto == bpf_htons(ETH_P_IP)) {
		if (bpf_xdp_load_bytes(ctx, off, &ip, sizeof(ip)))
			return verdict(ctx, FILTER_PASS);
		if (bpf_map_lookup_elem(&deny_ipv4, &ip.saddr))
			return verdict(ctx, FILTER_DROP_IPV4);
		/* later fragments carry no ports */
		if (ip.frag_off & bpf_htons(IP_OFFSET_MASK))
			return verdict(ctx, FILTER_PASS);
		if (ip.protocol != IPPROTO_TCP_NR &&
		    ip.protocol != IPPROTO_UDP_NR)
			return verdict(ctx, FILTER_PASS);
		/* the bitfield is read by hand: ip is a local copy */
		ihl = *(__u8 *)&ip & 0x0f;
		if (ihl < 5)
			return verdict(ctx, FILTER_PASS);
		off += ihl * 4;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		if (bpf_xdp_load_bytes(ctx, off, &ip6, sizeof(ip6)))
			return verdict(ctx, FILTER_PASS);
		if (bpf_map_lookup_elem(&deny_ipv6, &ip6.saddr))
			return verdict(ctx, FILTER_DROP_IPV6);
		/* extension headers are not walked: no port to match */
		if (ip6.nexthdr != IPPROTO_TCP_NR &&
		    ip6.nexthdr != IPPROTO_UDP_NR)
			return verdict(ctx, FILTER_PASS);
		off += sizeof(ip6);
	} else {
		return verdict(ctx, FILTER_PASS);
	}

	if (port_denied(ctx, off))
		return verdict(ctx, FILTER_DROP_PORT);
	return verdict(ctx, FILTER_PASS);
}

/* ahead of the default priority: deny before anyone else sees the frame */
IGX_XDP_PROGRAM(xdp_filter, 10);

char LICENSE[] SEC("license") = "GPL";
