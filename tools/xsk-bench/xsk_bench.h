/* SPDX-License-Identifier: GPL-2.0 */
/* xsk-bench: shared definitions of the AF_XDP benchmark and test tool. */
#ifndef XSK_BENCH_H
#define XSK_BENCH_H

#include <signal.h>
#include <stdbool.h>
#include <linux/if_xdp.h>
#include <xdp/xsk.h>

#define XB_MAX_SOCKS	16
#define XB_NUM_FRAMES	4096
#define XB_FRAME_SIZE	XSK_UMEM__DEFAULT_FRAME_SIZE
#define XB_MAGIC	0x58534b42	/* "XSKB": payload written by txonly */
/* exit status when a socket's device was unregistered under it */
#define XB_EXIT_GONE	3

/* set by SIGINT and SIGTERM; every loop that waits for room in a ring
 * checks it, so that a signal always ends the run
 */
extern volatile sig_atomic_t xb_stop;

enum xb_mode { XB_RXDROP, XB_TXONLY, XB_L2FWD };

struct xb_opts {
	const char *ifname;
	unsigned int ifindex;
	enum xb_mode mode;
	unsigned int queue;		/* first queue */
	unsigned int nqueues;		/* one socket per queue */
	__u16 bind_flags;		/* XDP_COPY / XDP_ZEROCOPY / ... */
	bool need_wakeup;
	bool busy_poll;
	bool multi_buffer;
	bool skb_mode;
	bool libxdp_prog;		/* libxdp's default program, not bpf/ */
	bool force;
	bool verify;
	bool quiet;
	unsigned int batch;
	unsigned int size;		/* txonly frame size */
	double duration;
	unsigned long long count;	/* per socket; 0 = no limit */
	unsigned int sender_base;	/* txonly: sender number of socket 0 */
	unsigned long long seq_base;	/* txonly: first sequence number */
	unsigned int copy_from;		/* sockets from this one on: XDP_COPY */
	unsigned int headroom;		/* UMEM frame headroom */
	unsigned int fail_nth;		/* test hook: fail this allocation of setup */
	/* test hooks: prove that rxdrop -V notices (0 = off, else seq + 1) */
	unsigned long long skip_seq, corrupt_seq;
	unsigned char dst_mac[6];
	unsigned char src_mac[6];
};

struct xb_sock {
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fill;
	struct xsk_ring_cons comp;
	struct xsk_ring_cons rx;
	struct xsk_ring_prod tx;
	void *area;
	unsigned int queue;
	unsigned int index;
	/* frames owned by us, not by a ring (txonly) */
	__u64 free[XB_NUM_FRAMES];
	unsigned int nfree;
	unsigned int outstanding;	/* sent, not completed */
	/* counters */
	unsigned long long rx_pkts, rx_bytes, tx_pkts, tx_bytes;
	unsigned long long tx_seq;
	unsigned long long seq_errors, missing, payload_errors;
	unsigned long long expect[XB_MAX_SOCKS];
	bool seen[XB_MAX_SOCKS];
	bool done;
	/* its device was unregistered: unbound for good (xb_sock_gone()) */
	bool gone;
	bool gone_in_tx_wait;	/* l2fwd was waiting for TX ring room then */
	/* multi-buffer reassembly state of the packet being received */
	bool in_pkt;
};

struct xb_sock *xb_sock_create(const struct xb_opts *o, unsigned int idx);
void xb_sock_destroy(struct xb_sock *s);
int xb_sock_stats(struct xb_sock *s, struct xdp_statistics *st);
bool xb_sock_zerocopy(struct xb_sock *s);
bool xb_sock_gone(struct xb_sock *s);

void xb_rxdrop(const struct xb_opts *o, struct xb_sock *s);
void xb_txonly(const struct xb_opts *o, struct xb_sock *s);
void xb_l2fwd(const struct xb_opts *o, struct xb_sock *s);
void xb_kick_rx(const struct xb_opts *o, struct xb_sock *s);
void xb_kick_tx(const struct xb_opts *o, struct xb_sock *s);

/* `xsk-bench txmd ...`: AF_XDP TX metadata, its own socket setup (txmd.c) */
int xb_txmd_main(int argc, char **argv);

/* payload layout of txonly frames, checked by rxdrop -V */
#define XB_HDR_LEN	42	/* Ethernet + IPv4 + UDP */
#define XB_PAYLOAD_HDR	16	/* magic, sender, seq */
void xb_fill_frame(const struct xb_opts *o, unsigned char *buf,
		   unsigned int len, unsigned int sender,
		   unsigned long long seq);

#endif /* XSK_BENCH_H */
