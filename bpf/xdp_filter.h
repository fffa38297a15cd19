/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map layout of xdp_filter.bpf.c, shared with userspace readers.
 * Keys are what the frame carries: MAC and addresses in wire order, the
 * port in host order (the program converts) so bpftool input stays simple.
 */
#ifndef IGX_XDP_FILTER_H
#define IGX_XDP_FILTER_H

struct filter_mac {
	__u8 addr[6];
};

struct filter_ipv6 {
	__u8 addr[16];
};

/* Index into filter_cnt: why a frame got its verdict */
enum filter_reason {
	FILTER_PASS,		/* nothing matched */
	FILTER_DROP_MAC,	/* source MAC in deny_mac */
	FILTER_DROP_IPV4,	/* IPv4 source in deny_ipv4 */
	FILTER_DROP_IPV6,	/* IPv6 source in deny_ipv6 */
	FILTER_DROP_PORT,	/* TCP/UDP destination port in deny_port */
	FILTER_NR,
};

#endif /* IGX_XDP_FILTER_H */
