#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The peer's side of xdp_hw_metadata.sh.

    hwmeta.py pingpong PHC DST COUNT SPORT
        COUNT UDP datagrams from SPORT to DST:9091, one at a time, each
        waiting up to 60 s for the AF_XDP reply of the kernel's
        xdp_hw_metadata (the same payload back from DST:9091), then one
        datagram to DST:9092 (its skb endpoint). PHC (/dev/ptpN) is read
        before each send and after each reply; prints one line a datagram:
        "N T0 T1 reply", "N T0 T1 other" (something else came back) or
        "N T0 T1 none" (nothing did: a reply the stack finds a bad UDP
        checksum in is dropped, as a lost one)
"""
import os
import socket
import sys
import time


def fd_clock(fd):
    """clockid of a dynamic POSIX clock (FD_TO_CLOCKID)"""
    return ((~fd) << 3) | 3


def pingpong(phc, dst, count, sport):
    fd = os.open(phc, os.O_RDONLY)
    clk = fd_clock(fd)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("", sport))
    s.settimeout(60)
    for i in range(count):
        msg = b"igx xdp_hw_metadata %d" % i
        t0 = time.clock_gettime_ns(clk)
        s.sendto(msg, (dst, 9091))
        got = "none"
        try:
            data, addr = s.recvfrom(2048)
            got = "reply" if data == msg and addr == (dst, 9091) else "other"
        except socket.timeout:
            pass
        t1 = time.clock_gettime_ns(clk)
        print(i, t0, t1, got, flush=True)
    s.sendto(b"igx xdp_hw_metadata skb", (dst, 9092))


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "pingpong":
        pingpong(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
