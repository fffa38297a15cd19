/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by every igx XDP program: CO-RE types from the target kernel's
 * BTF, libbpf helpers and libxdp's run-config macro, so each program can sit
 * in a libxdp dispatcher as well as load on its own.
 */
#ifndef IGX_XDP_COMMON_H
#define IGX_XDP_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xdp/xdp_helpers.h>

/* vmlinux.h carries types, not the uapi macros */
#define ETH_ALEN	6
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88A8
#define IPPROTO_TCP_NR	6
#define IPPROTO_UDP_NR	17
#define IP_OFFSET_MASK	0x1FFF

/* One packet/byte pair, kept per CPU so the fast path never shares a line */
struct xdp_count {
	__u64 packets;
	__u64 bytes;
};

static __always_inline void xdp_count_add(struct xdp_count *c,
					  struct xdp_md *ctx)
{
	if (!c)
		return;
	c->packets++;
	/* all fragments, so a jumbo frame counts its real size */
	c->bytes += bpf_xdp_get_buff_len(ctx);
}

#endif /* IGX_XDP_COMMON_H */
