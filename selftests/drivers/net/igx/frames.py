#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw test frames (ethertype 0x88b5, IEEE local experimental).

    frames.py send IF DSTMAC COUNT [PAUSE_EVERY]
        COUNT frames to DSTMAC, a 1 ms pause after every PAUSE_EVERY frames
        (default 16) to keep the rate moderate; FRAMES_SRC=MAC in the
        environment sends them from that source address instead of IF's
    frames.py count IF READYFILE DONEFILE
        counts 0x88b5 frames arriving on IF (any destination MAC) until
        DONEFILE exists and IF is quiet; creates READYFILE once listening;
        prints the count
    frames.py drain IF [LIMIT]
        IF's cable cleared of frames sent before now: sends IF a marker
        frame and reads what IF receives until the marker is back (a
        cable is first in, first out); prints how many frames came before
        it. Fails when the marker is not back within LIMIT seconds (120)
"""
import os
import socket
import struct
import sys
import time

ETH_P = 0x88B5
ETH_P_ALL = 0x0003


def csum(data):
    """The Internet checksum (RFC 1071) of DATA, as IPv4, UDP and TCP use."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def send(ifname, dst, count, every=16):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    src = s.getsockname()[4]
    if os.environ.get("FRAMES_SRC"):
        src = bytes.fromhex(os.environ["FRAMES_SRC"].replace(":", ""))
    hdr = bytes.fromhex(dst.replace(":", "")) + src + ETH_P.to_bytes(2, "big")
    for i in range(count):
        s.send(hdr + i.to_bytes(4, "big") + bytes(56))
        if (i + 1) % every == 0:
            time.sleep(0.001)
    print(count)


def listen(ifname, ready, done):
    """(count, set of lengths) of the 0x88b5 frames seen, as "count" runs."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P))
    # the default receive buffer holds only ~50 page-sized frames: a reader
    # descheduled on a loaded machine would lose the rest (CI lost 16 of 200)
    # (Python 3.11 has no name for SO_RCVBUFFORCE: 33 on Linux)
    s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33),
                 16 << 20)
    s.bind((ifname, ETH_P))
    s.settimeout(0.5)
    open(ready, "w").close()
    n = 0
    lens = set()
    while True:
        try:
            lens.add(len(s.recv(16384)))
            n += 1
        except socket.timeout:
            if os.path.exists(done):
                break
    return n, lens


def drain(ifname, limit=120.0):
    """Frames IF received before its own marker came back."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33),
                 16 << 20)
    s.bind((ifname, ETH_P_ALL))
    mac = s.getsockname()[4]
    token = b"igx-drain" + os.urandom(8)
    s.send(mac + mac + ETH_P.to_bytes(2, "big") + token + bytes(43))
    end = time.monotonic() + limit
    n = 0
    while True:
        s.settimeout(max(0.1, end - time.monotonic()))
        try:
            data, addr = s.recvfrom(65536)
        except socket.timeout:
            sys.exit(f"{ifname}: marker not back after {limit:.0f} s "
                     f"({n} frames received)")
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        if token in data:
            return n
        n += 1


if __name__ == "__main__":
    if sys.argv[1] == "drain":
        print(drain(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 120.0))
    elif sys.argv[1] == "send":
        send(sys.argv[2], sys.argv[3], int(sys.argv[4]),
             int(sys.argv[5]) if len(sys.argv) > 5 else 16)
    else:
        print(listen(sys.argv[2], sys.argv[3], sys.argv[4])[0])
