#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers for the igx XDP tests.

    xdp_util.py features IF
        the device's xdp-features and xdp-rx-metadata-features (netdev
        generic netlink family), e.g. "xdp: basic redirect ...  meta: hash"
    xdp_util.py send-encap IF DSTMAC COUNT
        COUNT frames of 14 + 14 + 60 bytes: an outer Ethernet header
        (ethertype 0x88b6) around a 0x88b5 test frame to DSTMAC, paced
        like frames.py
    xdp_util.py count IF READYFILE DONEFILE
        as frames.py count, printing "COUNT LEN[,LEN...]" (distinct frame
        lengths seen, link-layer header included)
    xdp_util.py toeplitz KEY SRC DST SPORT DPORT
        the RSS (Toeplitz) hash of an IPv4 TCP/UDP flow under KEY (hex bytes,
        colons allowed, as ethtool -x prints it), as 0x%08x
    xdp_util.py cycles IF PINNED_PROG_A PINNED_PROG_B COUNT
        COUNT times: attach A in native mode, replace it with B, detach,
        straight over rtnetlink from one process (fast on a slow guest)
"""
import ctypes
import os
import socket
import struct
import sys
import time

import frames
import xdp_features
from xdp_features import attr as nlattr

ETH_P = 0x88B5
ETH_P_OUTER = 0x88B6


def features(ifname):
    dev = xdp_features.dev_get(ifname)
    xdp = xdp_features.bits(dev, xdp_features.NETDEV_A_DEV_XDP_FEATURES)
    meta = xdp_features.bits(dev,
                             xdp_features.NETDEV_A_DEV_XDP_RX_METADATA_FEATURES)
    print("xdp: %s  meta: %s" %
          (" ".join(xdp_features.names(xdp, xdp_features.XDP_ACT)),
           " ".join(xdp_features.names(meta, xdp_features.RX_META))))


def send_encap(ifname, dst, count, every=16):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    src = s.getsockname()[4]
    dst = bytes.fromhex(dst.replace(":", ""))
    outer = dst + src + ETH_P_OUTER.to_bytes(2, "big")
    inner = dst + src + ETH_P.to_bytes(2, "big")
    for i in range(count):
        s.send(outer + inner + i.to_bytes(4, "big") + bytes(56))
        if (i + 1) % every == 0:
            time.sleep(0.001)
    print(count)


def count(ifname, ready, done):
    n, lens = frames.listen(ifname, ready, done)
    print(n, ",".join(str(x) for x in sorted(lens)) or "-")


NETLINK_ROUTE = 0
RTM_SETLINK = 19
NLM_F_REQUEST = 1
NLM_F_ACK = 4
IFLA_XDP = 43
IFLA_XDP_FD = 1
IFLA_XDP_FLAGS = 3
NLA_F_NESTED = 0x8000
XDP_FLAGS_UPDATE_IF_NOEXIST = 1
XDP_FLAGS_DRV_MODE = 4
SYS_BPF = 321
BPF_OBJ_GET = 7


def bpf_obj_get(path):
    libc = ctypes.CDLL(None, use_errno=True)
    cpath = ctypes.create_string_buffer(path.encode())
    attr = struct.pack("QII", ctypes.addressof(cpath), 0, 0) + bytes(104)
    buf = ctypes.create_string_buffer(attr, len(attr))
    fd = libc.syscall(SYS_BPF, BPF_OBJ_GET, buf, len(attr))
    if fd < 0:
        sys.exit("BPF_OBJ_GET %s: %s" % (path, os.strerror(ctypes.get_errno())))
    return fd


def set_xdp(sock, idx, fd, flags, seq):
    xdp = nlattr(IFLA_XDP_FD, struct.pack("i", fd)) + \
        nlattr(IFLA_XDP_FLAGS, struct.pack("I", flags))
    msg = struct.pack("BBHiII", 0, 0, 0, idx, 0, 0) + \
        nlattr(IFLA_XDP | NLA_F_NESTED, xdp)
    sock.send(struct.pack("IHHII", 16 + len(msg), RTM_SETLINK,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0) + msg)
    data = sock.recv(65536)
    err = struct.unpack_from("i", data, 16)[0]
    if err:
        sys.exit("cycle %d: setlink: %s" % (seq // 3, os.strerror(-err)))


def cycles(ifname, path_a, path_b, count):
    fa, fb = bpf_obj_get(path_a), bpf_obj_get(path_b)
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    s.bind((0, 0))
    idx = socket.if_nametoindex(ifname)
    for i in range(count):
        set_xdp(s, idx, fa, XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST,
                3 * i)
        set_xdp(s, idx, fb, XDP_FLAGS_DRV_MODE, 3 * i + 1)
        set_xdp(s, idx, -1, XDP_FLAGS_DRV_MODE, 3 * i + 2)
    print(count)


def toeplitz(key, src, dst, sport, dport):
    key = bytes.fromhex(key.replace(":", ""))
    data = socket.inet_aton(src) + socket.inet_aton(dst) + \
        struct.pack("!HH", int(sport), int(dport))
    k = int.from_bytes(key, "big")
    klen = len(key) * 8
    h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (k >> (klen - 32 - i)) & 0xFFFFFFFF
    print("0x%08x" % h)


if __name__ == "__main__":
    if sys.argv[1] == "toeplitz":
        toeplitz(*sys.argv[2:7])
    elif sys.argv[1] == "features":
        features(sys.argv[2])
    elif sys.argv[1] == "cycles":
        cycles(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif sys.argv[1] == "send-encap":
        send_encap(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        count(sys.argv[2], sys.argv[3], sys.argv[4])
