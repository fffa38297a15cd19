#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send COUNT crafted UDP frames from a raw socket, for the bpf/ tests.

    bpf_frames.py IF DSTMAC COUNT [--src-mac MAC] [--v4 SRC DST | --v6 SRC DST]
                  [--dport PORT] [--size BYTES]

Each payload starts with a 32-bit sequence number.  Prints COUNT when done.
"""
import argparse
import errno
import ipaddress
import os
import socket
import struct
import sys
import time

# the frame helpers of the igx tests (Internet checksum)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "igx"))
from frames import csum  # noqa: E402


def frame(a, src_mac, seq):
    udp_len = max(8 + 4, a.size - 14 - (40 if a.v6 else 20))
    payload = struct.pack("!I", seq) + bytes(udp_len - 12)
    udp = struct.pack("!HHHH", 9, a.dport, udp_len, 0) + payload
    if a.v6:
        src, dst = (ipaddress.IPv6Address(x).packed for x in a.v6)
        l3 = struct.pack("!IHBB", 6 << 28, udp_len, 17, 64) + src + dst
        etype = 0x86DD
    else:
        src, dst = (ipaddress.IPv4Address(x).packed for x in a.v4)
        l3 = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, seq & 0xFFFF,
                         0, 64, 17, 0, src, dst)
        l3 = l3[:10] + struct.pack("!H", csum(l3)) + l3[12:]
        etype = 0x0800
    dst_mac = bytes.fromhex(a.dstmac.replace(":", ""))
    return dst_mac + src_mac + struct.pack("!H", etype) + l3 + udp


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ifname")
    p.add_argument("dstmac")
    p.add_argument("count", type=int)
    p.add_argument("--src-mac")
    p.add_argument("--v4", nargs=2, default=["198.51.100.2", "198.51.100.1"])
    p.add_argument("--v6", nargs=2)
    p.add_argument("--dport", type=int, default=9)
    p.add_argument("--size", type=int, default=64)
    a = p.parse_args()

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.ifname, 0))
    src_mac = s.getsockname()[4]
    if a.src_mac:
        src_mac = bytes.fromhex(a.src_mac.replace(":", ""))
    for seq in range(a.count):
        f = frame(a, src_mac, seq)
        while True:
            try:
                s.send(f)
                break
            except OSError as e:
                # a full qdisc is back-pressure, not loss: try again
                if e.errno != errno.ENOBUFS:
                    raise
                time.sleep(0.001)
        if seq % 16 == 15:
            time.sleep(0.001)
    print(a.count)


if __name__ == "__main__":
    main()
