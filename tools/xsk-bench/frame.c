// SPDX-License-Identifier: GPL-2.0
/*
 * xsk-bench: the frames txonly sends.  IPv4/UDP so RSS can spread senders
 * over queues (source port = 1000 + sender), and a payload that rxdrop -V
 * can check: magic, sender, sequence number, then bytes derived from both.
 */
#include <string.h>
#include <arpa/inet.h>

#include "xsk_bench.h"

static __u16 ip_csum(const unsigned char *p, unsigned int len)
{
	__u32 sum = 0;
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

void xb_fill_frame(const struct xb_opts *o, unsigned char *buf,
		   unsigned int len, unsigned int sender,
		   unsigned long long seq)
{
	unsigned int l3 = len - 14, l4 = l3 - 20, i;
	unsigned char *ip = buf + 14, *udp = ip + 20, *pl = udp + 8;
	__u32 v32;
	__u16 v16;

	memcpy(buf, o->dst_mac, 6);
	memcpy(buf + 6, o->src_mac, 6);
	buf[12] = 0x08;
	buf[13] = 0x00;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	v16 = htons(l3);
	memcpy(ip + 2, &v16, 2);
	ip[8] = 64;
	ip[9] = 17;
	/* 198.18.0.0/15 is for benchmarks (RFC 2544) */
	memcpy(ip + 12, (unsigned char []){ 198, 18, 0, 1 + sender }, 4);
	memcpy(ip + 16, (unsigned char []){ 198, 18, 1, 1 }, 4);
	v16 = ip_csum(ip, 20);
	memcpy(ip + 10, &v16, 2);

	v16 = htons(1000 + sender);
	memcpy(udp, &v16, 2);
	v16 = htons(9);
	memcpy(udp + 2, &v16, 2);
	v16 = htons(l4);
	memcpy(udp + 4, &v16, 2);
	memset(udp + 6, 0, 2);

	v32 = htonl(XB_MAGIC);
	memcpy(pl, &v32, 4);
	v32 = htonl(sender);
	memcpy(pl + 4, &v32, 4);
	v32 = htonl(seq >> 32);
	memcpy(pl + 8, &v32, 4);
	v32 = htonl(seq & 0xffffffff);
	memcpy(pl + 12, &v32, 4);
	for (i = XB_PAYLOAD_HDR; XB_HDR_LEN + i < len; i++)
		pl[i] = (seq + i) & 0xff;
}
