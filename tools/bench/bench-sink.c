// SPDX-License-Identifier: GPL-2.0
/*
 * bench-sink: a UDP socket that reads and discards, for the stack-receive
 * case.  recvmmsg() in batches so the reader's own cost per datagram stays
 * small next to the driver's and the stack's.
 *
 *   bench-sink PORT
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define BATCH 64

int main(int argc, char **argv)
{
	static char bufs[BATCH][2048];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in sin;
	int fd, i, rcvbuf = 16 << 20;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("bench-sink: socket");
		return 1;
	}
	/* FORCE: past rmem_max, so that a NAPI round's worth of full-size
	 * frames fits whatever the driver's truesize; socket drops would make
	 * the receive cost depend on truesize instead of work.
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(atoi(argv[1]));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("bench-sink: bind");
		return 1;
	}
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;)
		if (recvmmsg(fd, msgs, BATCH, 0, NULL) < 0) {
			perror("bench-sink: recvmmsg");
			return 1;
		}
}
