#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Malformed and edge-case frames, sent raw and checked byte for byte.

    malformed.py send IF DSTMAC DSTIP SET COUNT
        COUNT frames of every kind in SET (see KINDS) from IF to DSTMAC;
        IPv4 kinds are addressed to DSTIP
    malformed.py recv IF SRCMAC DSTMAC DSTIP SET COUNT READYFILE DONEFILE
        captures every frame from SRCMAC on IF until DONEFILE exists and IF
        has been quiet for a second; creates READYFILE once listening.
        Prints one line per kind, "KIND RECEIVED", then "unexpected N" and
        "socket_drops N". A received frame counts for a kind only when it is
        byte for byte the frame sent (a VLAN tag the NIC stripped is put
        back from the packet metadata), followed by nothing but the zero
        padding up to the 60-byte minimum.

Frames are deterministic functions of (kind, index), so both sides build
the same ones.
"""
import os
import socket
import struct
import sys
import time

from frames import csum

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_STATISTICS = 6
TP_STATUS_VLAN_VALID = 1 << 4
TP_STATUS_VLAN_TPID_VALID = 1 << 6
ETH_ZLEN = 60
MARK = b"IGXFAULT"


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def payload(kind, i, n):
    head = MARK + kind.encode()[:16].ljust(16, b".") + struct.pack("!I", i)
    body = bytes((i + k) & 0xFF for k in range(max(0, n - len(head))))
    return (head + body)[:n]


def ipv4(src, dst, proto, l4, bad_hdr=False, tot_len=None):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tot_len or 20 + len(l4),
                      0x1234, 0x4000, 64, proto, 0, src, dst)
    c = csum(hdr)
    if bad_hdr:
        c ^= 0x5555
    return hdr[:10] + struct.pack("!H", c) + hdr[12:] + l4


def udp(src, dst, data, bad=False, zero=False):
    u = struct.pack("!HHHH", 40000, 9, 8 + len(data), 0) + data
    c = csum(src + dst + struct.pack("!BBH", 0, 17, len(u)) + u) or 0xFFFF
    if zero:
        c = 0
    elif bad:
        c ^= 0x5555
    return u[:6] + struct.pack("!H", c) + u[8:]


def tcp(src, dst, data, bad=False):
    t = struct.pack("!HHIIBBHHH", 40000, 9, 1, 0, 5 << 4, 0x02, 8192, 0,
                    0) + data
    c = csum(src + dst + struct.pack("!BBH", 0, 6, len(t)) + t)
    if bad:
        c ^= 0x5555
    return t[:16] + struct.pack("!H", c) + t[18:]


SRC_IP = socket.inet_aton("192.0.2.2")


def frame(kind, i, dst, src, dstip):
    """The frame of KIND number I (starting with the Ethernet header)."""
    eth = dst + src
    dip = socket.inet_aton(dstip)

    def l2(ethertype, body):
        return eth + struct.pack("!H", ethertype) + body

    def vlan(tpid, tci, inner_type, body):
        return struct.pack("!HH", tpid, tci) + struct.pack("!H", inner_type) + body

    data = payload(kind, i, 64)
    if kind == "runt":
        # header and 4 bytes: the receiver pads it to the minimum
        return l2(0x88B5, struct.pack("!I", i))
    if kind == "min":
        return l2(0x88B5, payload(kind, i, ETH_ZLEN - 14))
    if kind == "mtu":
        return l2(0x88B5, payload(kind, i, 1500))
    if kind == "over":
        return l2(0x88B5, payload(kind, i, 1501))
    if kind == "vlan_mtu":
        return eth + vlan(0x8100, 100, 0x88B5, payload(kind, i, 1500))
    if kind == "vlan_over":
        return eth + vlan(0x8100, 100, 0x88B5, payload(kind, i, 1501))
    if kind == "ip_badhdr":
        return l2(0x0800, ipv4(SRC_IP, dip, 17, udp(SRC_IP, dip, data), bad_hdr=True))
    if kind == "ip_trunc":
        # the IPv4 header claims more bytes than the frame holds
        return l2(0x0800, ipv4(SRC_IP, dip, 17, udp(SRC_IP, dip, data), tot_len=1400))
    if kind == "udp_bad":
        return l2(0x0800, ipv4(SRC_IP, dip, 17, udp(SRC_IP, dip, data, bad=True)))
    if kind == "udp_good":
        return l2(0x0800, ipv4(SRC_IP, dip, 17, udp(SRC_IP, dip, data)))
    if kind == "udp_zero":
        return l2(0x0800, ipv4(SRC_IP, dip, 17, udp(SRC_IP, dip, data, zero=True)))
    if kind == "tcp_bad":
        return l2(0x0800, ipv4(SRC_IP, dip, 6, tcp(SRC_IP, dip, data, bad=True)))
    if kind == "vlan":
        return eth + vlan(0x8100, 0x2000 | 100, 0x88B5, data)
    if kind == "vlan_prio":
        return eth + vlan(0x8100, 0xA000, 0x88B5, data)
    if kind == "vlan_4095":
        return eth + vlan(0x8100, 0x0FFF, 0x88B5, data)
    if kind == "vlan_runt":
        # tagged, 20 bytes: the receiver pads it to the minimum
        return eth + vlan(0x8100, 100, 0x88B5, struct.pack("!H", i))
    if kind == "qinq":
        return eth + vlan(0x88A8, 200, 0x8100, struct.pack("!HH", 100, 0x88B5) + data)
    if kind == "vlan_vlan":
        return eth + vlan(0x8100, 200, 0x8100, struct.pack("!HH", 100, 0x88B5) + data)
    if kind == "ethertype_unknown":
        return l2(0x6666, data)
    if kind == "ethertype_len":
        # 802.3 length field instead of an EtherType
        return l2(len(data), data)
    if kind.startswith("jumbo"):
        return l2(0x88B5, payload(kind, i, int(kind[5:]) - 14))
    raise SystemExit("unknown kind " + kind)


def send(ifname, dst, dstip, kinds, count):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    src = s.getsockname()[4]
    n = 0
    for kind in kinds:
        for i in range(count):
            f = frame(kind, i, mac(dst), src, dstip)
            s.send(f)
            n += 1
            # a moderate rate: the receiver must not run out of buffers
            if n % (2 if len(f) > 2000 else 8) == 0:
                time.sleep(0.002)
    print(n)


def unstrip(data, anc):
    for level, typ, val in anc:
        if level != SOL_PACKET or typ != PACKET_AUXDATA:
            continue
        (status, _len, _snaplen, _mac, _net, tci, tpid) = struct.unpack(
            "IIIHHHH", val[:20])
        if status & TP_STATUS_VLAN_VALID:
            if not status & TP_STATUS_VLAN_TPID_VALID:
                tpid = 0x8100
            return data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
    return data


def recv(ifname, srcmac, dst, dstip, kinds, count, ready, done):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((ifname, ETH_P_ALL))
    s.settimeout(1.0)
    src = mac(srcmac)
    want = {}
    for kind in kinds:
        for i in range(count):
            want[frame(kind, i, mac(dst), src, dstip)] = kind
    got = {k: 0 for k in kinds}
    unexpected = []
    open(ready, "w").close()
    while True:
        try:
            data, anc, _flags, addr = s.recvmsg(65536, socket.CMSG_SPACE(64))
        except socket.timeout:
            if os.path.exists(done):
                break
            continue
        if addr[2] == socket.PACKET_OUTGOING or data[6:12] != src:
            continue
        if data[12:14] == b"\x08\x06":
            continue  # ARP: the peer's stack, not this test
        f = unstrip(data, anc)
        kind = want.get(f)
        if kind is None:
            # the only change allowed: zero padding to the minimum length
            for cand, k in want.items():
                if len(f) <= ETH_ZLEN and len(cand) < len(f) and \
                        f[:len(cand)] == cand and not f[len(cand):].strip(b"\0"):
                    kind = k
                    break
        if kind is None:
            unexpected.append(f)
        else:
            got[kind] += 1
    stats = s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
    _packets, drops = struct.unpack("II", stats)
    for kind in kinds:
        print(kind, got[kind])
    print("unexpected", len(unexpected))
    for f in unexpected[:5]:
        sys.stderr.write("unexpected frame (%d bytes): %s\n" % (len(f), f[:80].hex()))
    print("socket_drops", drops)


if __name__ == "__main__":
    a = sys.argv
    if a[1] == "send":
        send(a[2], a[3], a[4], a[5].split(","), int(a[6]))
    else:
        recv(a[2], a[3], a[4], a[5], a[6].split(","), int(a[7]), a[8], a[9])
