#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a received frame costs a socket: N small UDP datagrams from the
peer into a socket that reads none until they are all in, then the
socket's receive memory (SO_MEMINFO's rmem_alloc, the sum of the skbs'
truesize) per datagram queued.

    truesize.py N PORT SRC DST IF   (port A's namespace; SRC: the peer's
                                     address; IF: port A)

Prints "sent N datagrams G rmem R per_datagram P", P over the G that
reached the socket (a frame lost on the way moves G, not P); exit 1 if none
did (the caller judges P).
"""
import socket
import struct
import subprocess
import sys
import time

SO_MEMINFO = 55
SO_RCVBUFFORCE = 33


def rx_packets(ifname):
    with open(f"/sys/class/net/{ifname}/statistics/rx_packets") as f:
        return int(f.read())


def rmem(s):
    return struct.unpack("9I", s.getsockopt(socket.SOL_SOCKET, SO_MEMINFO, 36))[0]


def main():
    n, port, src, dst, ifname = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3],
                                 sys.argv[4], sys.argv[5])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # far more than N frames of any size: nothing is condensed or dropped
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
    s.bind((dst, port))
    p0 = rx_packets(ifname)
    # one flow (source port = PORT too) in every run: RSS puts it on the
    # same RX ring each time, whose buffers the caller's runs follow
    send = ("import socket\n"
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            f"s.bind(('{src}', {port}))\n"
            f"for i in range({n}): s.sendto(b'x' * 18, ('{dst}', {port}))\n")
    subprocess.run(["ip", "netns", "exec", "peer", "python3", "-c", send],
                   check=True)
    # the port has counted them (at most 30 s), and the last NAPI round
    # has handed them to the socket: its memory stops moving
    for _ in range(300):
        if rx_packets(ifname) - p0 >= n:
            break
        time.sleep(0.1)
    last, still = -1, 0
    for _ in range(50):
        r = rmem(s)
        still = still + 1 if r == last else 0
        if still == 3:
            break
        last = r
        time.sleep(0.1)
    s.setblocking(False)
    got = 0
    while True:
        try:
            s.recv(64)
        except BlockingIOError:
            break
        got += 1
    print(f"sent {n} datagrams {got} rmem {r} per_datagram {r // max(got, 1)}")
    return 0 if got else 1


if __name__ == "__main__":
    sys.exit(main())
