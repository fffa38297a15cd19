/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One ring buffer record of xdp_meta.bpf.c: what the driver's RX metadata
 * kfuncs answered for a frame, plus its first bytes so the reader can name
 * the flow.  Errors are the kfuncs' negative errno (0 when the value is
 * valid): -EOPNOTSUPP when the driver lacks the hook or the program is not
 * device-bound, -ENODATA when this frame carries no such value.
 */
#ifndef IGX_XDP_META_H
#define IGX_XDP_META_H

#define XDP_META_HEAD	64

struct xdp_meta_rec {
	__u32 ifindex;
	__u32 rx_queue;
	__u32 len;		/* whole frame, all fragments */
	__u32 caplen;		/* bytes valid in head[] */
	__u32 hash;
	__u32 hash_type;	/* enum xdp_rss_hash_type */
	__s32 hash_err;
	__s32 vlan_err;
	__s32 ts_err;
	__u16 vlan_proto;	/* network byte order */
	__u16 vlan_tci;
	__u64 timestamp;
	__u8 head[XDP_META_HEAD];
};

#endif /* IGX_XDP_META_H */
