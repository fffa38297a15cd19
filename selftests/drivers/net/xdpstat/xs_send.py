#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""xs_send.py IF DSTMAC COUNT: send COUNT 60-byte frames out of IF.

Used instead of pktgen where pktgen's shared skbs are not allowed (generic
XDP expands the skb head and BUG()s on a shared skb)."""
import socket
import sys

ifname, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
src = open("/sys/class/net/%s/address" % ifname).read().strip()
frame = (bytes.fromhex(dst.replace(":", "")) + bytes.fromhex(src.replace(":", "")) +
         b"\x88\xb5" + bytes(46))
sent = 0
while sent < count:
    try:
        s.send(frame)
        sent += 1
    except BlockingIOError:
        pass
    except OSError as e:
        if e.errno != 105:	# ENOBUFS: the queue is full, retry
            raise
