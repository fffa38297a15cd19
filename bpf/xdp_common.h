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

/* @name: a per-CPU struct xdp_count for the frames a program handles */
#define IGX_XDP_COUNT_MAP(name)						\
	struct {							\
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);		\
		__uint(max_entries, 1);					\
		__type(key, __u32);					\
		__type(value, struct xdp_count);			\
	} name SEC(".maps")

/*
 * Program @name runs @name_run(ctx) in section "xdp", and @name_frags runs
 * it in "xdp.frags" for multi-buffer frames.  Both carry libxdp's run
 * config (@prio, chain on XDP_PASS), so they can sit in a dispatcher as
 * well as load on their own.
 */
#define IGX_XDP_PROGRAM(name, prio)					\
	SEC("xdp") int name(struct xdp_md *ctx)				\
	{								\
		return name##_run(ctx);					\
	}								\
	SEC("xdp.frags") int name##_frags(struct xdp_md *ctx)		\
	{								\
		return name##_run(ctx);					\
	}								\
	struct name##_run_config {					\
		__uint(priority, prio);					\
		__uint(XDP_PASS, 1);					\
	};								\
	struct name##_run_config _##name SEC(".xdp_run_config");	\
	struct name##_run_config _##name##_frags SEC(".xdp_run_config")

#endif /* IGX_XDP_COMMON_H */
