// SPDX-License-Identifier: GPL-2.0
/*
 * RX metadata reader: asks the driver for the RX hash with its type, the
 * VLAN tag it stripped and the RX timestamp, and sends the answers with the
 * frame's first bytes to userspace through a ring buffer.  Every frame
 * passes on.
 *
 * The kernel accepts metadata kfuncs only in a program loaded bound to the
 * device (BPF_F_XDP_DEV_BOUND_ONLY with its ifindex), which neither ip nor
 * libxdp can ask for: xdp_meta_reader loads and attaches it.  The verifier
 * refuses other loaders with "metadata kfuncs require device-bound program".
 *
 * Frags-safe: the head is copied with bpf_xdp_load_bytes().
 */
#include "xdp_common.h"
#include "xdp_meta.h"

extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash,
				    enum xdp_rss_hash_type *rss_type) __ksym;
extern int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx,
					__be16 *vlan_proto,
					__u16 *vlan_tci) __ksym;
extern int bpf_xdp_metadata_rx_timestamp(const struct xdp_md *ctx,
					 __u64 *timestamp) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} meta_rb SEC(".maps");

/* frames seen / records lost because the ring was full */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct xdp_count);
} meta_cnt SEC(".maps");

/*
 * Copy the frame's first bytes, in constant sizes only: a clamped variable
 * length reaches the helper in a register whose bounds the verifier never
 * saw checked.  The steps keep the ports of short IPv4 and IPv6 frames.
 */
static __always_inline __u32 copy_head(struct xdp_md *ctx, __u8 *head,
				       __u32 len)
{
	if (len >= XDP_META_HEAD)
		return bpf_xdp_load_bytes(ctx, 0, head, XDP_META_HEAD) ?
		       0 : XDP_META_HEAD;
	if (len >= 58)
		return bpf_xdp_load_bytes(ctx, 0, head, 58) ? 0 : 58;
	if (len >= 38)
		return bpf_xdp_load_bytes(ctx, 0, head, 38) ? 0 : 38;
	if (len >= 14)
		return bpf_xdp_load_bytes(ctx, 0, head, 14) ? 0 : 14;
	return 0;
}

static __always_inline int xdp_meta_run(struct xdp_md *ctx)
{
	enum xdp_rss_hash_type type = 0;
	struct xdp_meta_rec *rec;
	__be16 vlan_proto = 0;
	__u16 vlan_tci = 0;
	__u32 hash = 0;
	__u64 ts = 0;
	__u32 key = 0;

	xdp_count_add(bpf_map_lookup_elem(&meta_cnt, &key), ctx);

	rec = bpf_ringbuf_reserve(&meta_rb, sizeof(*rec), 0);
	if (!rec) {
		key = 1;
		xdp_count_add(bpf_map_lookup_elem(&meta_cnt, &key), ctx);
		return XDP_PASS;
	}

	/* kfunc results land on the stack: the verifier knows its bounds */
	rec->hash_err = bpf_xdp_metadata_rx_hash(ctx, &hash, &type);
	rec->vlan_err = bpf_xdp_metadata_rx_vlan_tag(ctx, &vlan_proto,
						     &vlan_tci);
	rec->ts_err = bpf_xdp_metadata_rx_timestamp(ctx, &ts);
	rec->hash = hash;
	rec->hash_type = type;
	rec->vlan_proto = vlan_proto;
	rec->vlan_tci = vlan_tci;
	rec->timestamp = ts;

	rec->ifindex = ctx->ingress_ifindex;
	rec->rx_queue = ctx->rx_queue_index;
	rec->len = bpf_xdp_get_buff_len(ctx);

	rec->caplen = copy_head(ctx, rec->head, rec->len);

	bpf_ringbuf_submit(rec, 0);
	return XDP_PASS;
}

/* first in a dispatcher, so it sees frames before anyone drops them */
IGX_XDP_PROGRAM(xdp_meta, 5);

char LICENSE[] SEC("license") = "GPL";
