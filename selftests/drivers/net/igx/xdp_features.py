#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print what an interface advertises for XDP, from the netdev generic
netlink family (what `ynl --family netdev --do dev-get` shows; Debian 12's
iproute2 cannot), so tests can tell "driver lacks the feature" (skip) from
"driver claims it and it broke" (fail).

  xdp_features.py IFNAME        e.g. "xdp-features basic redirect xsk-zerocopy
                                 xdp-zc-max-segs 1 xsk-features tx-timestamp"
  xdp_features.py IFNAME FEAT   exit 0 if FEAT is advertised, 1 if not
Exit status 3: the kernel has no netdev family, so nothing is advertised.
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2

NETDEV_CMD_DEV_GET = 1
NETDEV_A_DEV_IFINDEX = 1
NETDEV_A_DEV_XDP_FEATURES = 3
NETDEV_A_DEV_XDP_ZC_MAX_SEGS = 4
NETDEV_A_DEV_XDP_RX_METADATA_FEATURES = 5
NETDEV_A_DEV_XSK_FEATURES = 6

XDP_ACT = ["basic", "redirect", "ndo-xmit", "xsk-zerocopy", "hw-offload",
           "rx-sg", "ndo-xmit-sg"]
XSK_TX = ["tx-timestamp", "tx-checksum", "tx-launch-time-fifo"]
RX_META = ["timestamp", "hash", "vlan-tag"]


def attr(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def attrs(buf):
    out = {}
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("=HH", buf)
        if alen < 4:
            break
        out[atype & 0x3fff] = buf[4:alen]
        buf = buf[(alen + 3) & ~3:]
    return out


def request(sock, family, cmd, payload):
    msg = struct.pack("=BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("=IHHII", 16 + len(msg), family, NLM_F_REQUEST,
                          1, os.getpid()) + msg)
    data = sock.recv(65536)
    mlen, mtype = struct.unpack_from("=IH", data)
    if mtype == NLMSG_ERROR:
        err = struct.unpack_from("=i", data, 16)[0]
        raise OSError(-err, os.strerror(-err))
    return attrs(data[20:mlen])


class NoFamily(Exception):
    pass


def dev_get(ifname):
    """The netdev family's dev-get attributes of IFNAME, by number."""
    ifindex = socket.if_nametoindex(ifname)
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                       NETLINK_GENERIC) as sock:
        sock.bind((0, 0))
        try:
            fam = request(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                          attr(CTRL_ATTR_FAMILY_NAME, b"netdev\0"))
        except FileNotFoundError:
            raise NoFamily("no netdev netlink family: this kernel "
                           "advertises no xdp-features (before 6.3)")
        family = struct.unpack("=H", fam[CTRL_ATTR_FAMILY_ID][:2])[0]
        return request(sock, family, NETDEV_CMD_DEV_GET,
                       attr(NETDEV_A_DEV_IFINDEX, struct.pack("=I", ifindex)))


def bits(dev, atype):
    """Attribute ATYPE of DEV as a 64-bit mask, 0 when absent."""
    return struct.unpack("=Q", dev.get(atype, bytes(8))[:8])[0]


def names(mask, table):
    return [n for i, n in enumerate(table) if mask & (1 << i)]


def query(ifname):
    dev = dev_get(ifname)
    feats = names(bits(dev, NETDEV_A_DEV_XDP_FEATURES), XDP_ACT)
    feats += names(bits(dev, NETDEV_A_DEV_XSK_FEATURES), XSK_TX)
    segs = dev.get(NETDEV_A_DEV_XDP_ZC_MAX_SEGS)
    return feats, struct.unpack("=I", segs[:4])[0] if segs else 0


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    try:
        feats, segs = query(sys.argv[1])
    except NoFamily as e:
        sys.stderr.write(f"xdp_features: {e}\n")
        sys.exit(3)
    except (OSError, KeyError, struct.error) as e:
        sys.stderr.write(f"xdp_features: {sys.argv[1]}: {e}\n")
        sys.exit(2)
    if len(sys.argv) == 3:
        sys.exit(0 if sys.argv[2] in feats else 1)
    xdp = [f for f in feats if f not in XSK_TX]
    xsk = [f for f in feats if f in XSK_TX]
    print("xdp-features", " ".join(xdp) or "none", "xdp-zc-max-segs", segs,
          "xsk-features", " ".join(xsk) or "none")


if __name__ == "__main__":
    main()
