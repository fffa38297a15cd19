#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Layer-2 PTPv2 frames and hardware timestamps for ptp.sh.

    ptp_util.py phc DEV
        "PHC_NS BOOT_NS": the clock DEV (/dev/ptpN) and CLOCK_BOOTTIME, read
        one right after the other
    ptp_util.py rate DEV SECS
        the PHC's elapsed time over SECS of CLOCK_REALTIME, as a ratio; each
        end is the PTP_SYS_OFFSET_EXTENDED sample read in the shortest
        window (a vCPU stalled between two reads would skew it)
    ptp_util.py freq DEV [PPB]
        clock_adjtime(ADJ_FREQUENCY); exits 1 with the error when refused;
        without PPB prints the frequency offset now set, in ppb
    ptp_util.py settime DEV SECONDS
        clock_settime; exits 1 with the error when refused
    ptp_util.py rx IF READY DONE
        receives PTP frames (ethertype 0x88f7) on IF until DONE exists and
        IF is quiet, after creating READY; prints one line per frame:
        "MSGTYPE SEQ HWSTAMP_NS" (0 when the frame carried no stamp)
    ptp_util.py tx IF DST COUNT MSGTYPE [WAIT]
        sends COUNT PTPv2 frames of MSGTYPE (0 Sync, 1 Delay_Req) to DST with
        hardware TX stamps asked for; WAIT (default 1): wait for each stamp
        before the next frame, 0: send them all at once. Prints
        "SEQ HWSTAMP_NS" per stamp that came back within 2 s (of the last
        frame when not waiting), and "sent COUNT"
    ptp_util.py pace IF DST COUNT MSGTYPE [ACKS]
        sends COUNT frames, 50 ms apart, or with ACKS (the receiver's
        output) each once the receiver has the one before (the device
        latches one RX stamp at a time: the receiver's driver must have
        read one before the next arrives)
    ptp_util.py sysoff DEV
        "PHC_MINUS_REALTIME_NS WINDOW_NS", from PTP_SYS_OFFSET_EXTENDED
    ptp_util.py cmp DEV_A DEV_B
        "A_MINUS_B_NS WINDOW_NS": the two clocks compared through
        CLOCK_REALTIME (each the PTP_SYS_OFFSET_EXTENDED sample read in the
        shortest window); WINDOW_NS, the two windows' sum, bounds the error
    ptp_util.py track DEV_A DEV_B
        cmp every 0.25 s until killed, a line each:
        "MONOTONIC_S A_MINUS_B_NS WINDOW_NS"
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

ETH_P_1588 = 0x88F7
SO_TIMESTAMPING = 37
SCM_TIMESTAMPING = 37
TX_HARDWARE, RX_HARDWARE, RAW_HARDWARE = 1 << 0, 1 << 2, 1 << 6
OPT_TSONLY = 1 << 11
CLOCK_BOOTTIME = 7


def fd_clock(fd):
    """clockid of a dynamic POSIX clock (FD_TO_CLOCKID)"""
    return ((~fd) << 3) | 3


def phc(dev):
    fd = os.open(dev, os.O_RDONLY)
    t = time.clock_gettime_ns(fd_clock(fd))
    b = time.clock_gettime_ns(CLOCK_BOOTTIME)
    os.close(fd)
    print(t, b)


PTP_MAX_SAMPLES = 25
# _IOWR('=', 9, struct ptp_sys_offset_extended)
PTP_SYS_OFFSET_EXTENDED = (3 << 30) | ((16 + PTP_MAX_SAMPLES * 48) << 16) | \
    (ord("=") << 8) | 9


def sys_sample(fd, n=10):
    """(phc_ns, sys_ns, window_ns) of the sample read in the narrowest
    window; sys_ns is the middle of the system reads around the PHC read"""
    import fcntl
    buf = bytearray(struct.pack("I", n) + bytes(12 + PTP_MAX_SAMPLES * 48))
    fcntl.ioctl(fd, PTP_SYS_OFFSET_EXTENDED, buf)
    best = None
    for i in range(n):
        t = [struct.unpack_from("qI", buf, 16 + (3 * i + j) * 16)
             for j in range(3)]
        pre, phc, post = [s * 1000000000 + ns for s, ns in t]
        if best is None or post - pre < best[2]:
            best = (phc, (pre + post) // 2, post - pre)
    return best


def sys_offset(fd, n=10):
    """(phc_ns, sys_ns) of the narrowest sample"""
    phc, sys_ns, _ = sys_sample(fd, n)
    return phc, sys_ns


def sys_offset_win(fd, n=10):
    """(phc_ns - sys_ns, window_ns) of the narrowest sample"""
    phc, sys_ns, win = sys_sample(fd, n)
    return phc - sys_ns, win


def cmp(dev_a, dev_b):
    fa, fb = os.open(dev_a, os.O_RDONLY), os.open(dev_b, os.O_RDONLY)
    oa, wa = sys_offset_win(fa)
    ob, wb = sys_offset_win(fb)
    os.close(fa)
    os.close(fb)
    print(oa - ob, wa + wb)


def track(dev_a, dev_b):
    """Reading A then B a moment apart (under a millisecond, measured up
    to 23 ms with a vCPU preempted) gives the same difference as B then A
    within 45 ns: the reads through CLOCK_REALTIME carry no order error;
    two cmp processes a second apart differ by what the clocks moved."""
    fa, fb = os.open(dev_a, os.O_RDONLY), os.open(dev_b, os.O_RDONLY)
    while True:
        oa, wa = sys_offset_win(fa)
        ob, wb = sys_offset_win(fb)
        print("%.3f %d %d" % (time.monotonic(), oa - ob, wa + wb), flush=True)
        time.sleep(0.25)


def rate(dev, secs):
    fd = os.open(dev, os.O_RDONLY)
    p0, s0 = sys_offset(fd)
    time.sleep(secs)
    p1, s1 = sys_offset(fd)
    os.close(fd)
    print("%.6f" % ((p1 - p0) / (s1 - s0)))


class Timex(ctypes.Structure):
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long),
                ("freq", ctypes.c_long), ("rest", ctypes.c_char * 200)]


def freq(dev, ppb=None):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(dev, os.O_RDWR)
    if ppb is None:
        tx = Timex(modes=0)
        libc.clock_adjtime(fd_clock(fd), ctypes.byref(tx))
        print(round(tx.freq * 1000 / 65536))
        return
    tx = Timex(modes=0x0002, freq=int(ppb * 65536 / 1000))  # ADJ_FREQUENCY
    if libc.clock_adjtime(fd_clock(fd), ctypes.byref(tx)) < 0:
        print("freq %d ppb: %s" % (ppb, os.strerror(ctypes.get_errno())))
        sys.exit(1)
    print("freq %d ppb: ok" % ppb)


class Timespec(ctypes.Structure):
    _fields_ = [("sec", ctypes.c_long), ("nsec", ctypes.c_long)]


def settime(dev, secs):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(dev, os.O_RDWR)
    ts = Timespec(secs, 0)
    if libc.clock_settime(fd_clock(fd), ctypes.byref(ts)) < 0:
        print("settime %d s: %s" % (secs, os.strerror(ctypes.get_errno())))
        sys.exit(1)
    print("settime %d s: ok" % secs)


def frame(src, dst, msgtype, seq):
    """a 44-byte PTPv2 header of MSGTYPE (transportSpecific 0)"""
    hdr = struct.pack("!BBHBBHq4s8sHHBb", msgtype, 2, 44, 0, 0, 0, 0,
                      bytes(4), src + b"\xff\xfe", 1, seq, 0, 0)
    hdr += bytes(10)  # originTimestamp
    return dst + src + ETH_P_1588.to_bytes(2, "big") + hdr


def hw_stamp(ancdata):
    for level, typ, data in ancdata:
        if level == socket.SOL_SOCKET and typ == SCM_TIMESTAMPING:
            ts = struct.unpack("qqqqqq", data[:48])
            return ts[4] * 1000000000 + ts[5]
    return 0


def rx(ifname, ready, done):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_1588))
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPING,
                 RX_HARDWARE | RAW_HARDWARE)
    s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33),
                 4 << 20)
    s.bind((ifname, ETH_P_1588))
    s.settimeout(0.5)
    open(ready, "w").close()
    while True:
        try:
            data, anc, _, _ = s.recvmsg(2048, 1024)
        except socket.timeout:
            if os.path.exists(done):
                break
            continue
        msg = data[14] & 0x0F
        seq = struct.unpack("!H", data[14 + 30:14 + 32])[0]
        print(msg, seq, hw_stamp(anc), flush=True)


def tx_socket(ifname, stamps):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    if stamps:
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPING,
                     TX_HARDWARE | RAW_HARDWARE | OPT_TSONLY)
    s.bind((ifname, 0))
    return s, s.getsockname()[4]


def errqueue_stamp(s, timeout):
    p = select.poll()
    p.register(s, select.POLLERR)
    if not p.poll(timeout * 1000):
        return None
    _, anc, _, _ = s.recvmsg(2048, 1024, socket.MSG_ERRQUEUE)
    return hw_stamp(anc)


def tx(ifname, dst, count, msgtype, wait=1):
    s, src = tx_socket(ifname, True)
    dst = bytes.fromhex(dst.replace(":", ""))
    got = 0
    for seq in range(count):
        s.send(frame(src, dst, msgtype, seq))
        if wait:
            t = errqueue_stamp(s, 2)
            if t is not None:
                print(seq, t)
                got += 1
    if not wait:
        while True:
            t = errqueue_stamp(s, 2)
            if t is None:
                break
            print("-", t)
    print("sent", count)


def lines(path):
    """frames in a receiver's output: rx's "MSG SEQ STAMP" lines or
    xdp_meta_reader's "rxq=" records (not libbpf's messages)"""
    try:
        with open(path) as f:
            return sum(1 for ln in f if ln[:1].isdigit() or
                       ln.startswith("rxq="))
    except FileNotFoundError:
        return 0


def pace(ifname, dst, count, msgtype, acks=None):
    """One frame at a time.  With ACKS (the receiver's output, a line per
    frame) frame k+1 leaves only once the receiver has frame k: the port
    has one RX stamp latch, and a frame that arrives before the driver read
    the previous stamp is not stamped (fixed 50 ms gaps lost one frame in
    20 at host load 15-20).  A frame that never shows is waited for 10 s,
    then the next one goes: the receiver's count tells."""
    s, src = tx_socket(ifname, False)
    dst = bytes.fromhex(dst.replace(":", ""))
    for seq in range(count):
        s.send(frame(src, dst, msgtype, seq))
        if acks is None:
            time.sleep(0.05)
            continue
        end = time.monotonic() + 10
        while lines(acks) <= seq and time.monotonic() < end:
            time.sleep(0.005)
    print(count)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "phc":
        phc(args[0])
    elif cmd == "rate":
        rate(args[0], float(args[1]))
    elif cmd == "freq":
        freq(args[0], int(args[1]) if len(args) > 1 else None)
    elif cmd == "settime":
        settime(args[0], int(args[1]))
    elif cmd == "rx":
        rx(*args)
    elif cmd == "tx":
        tx(args[0], args[1], int(args[2]), int(args[3]),
           int(args[4]) if len(args) > 4 else 1)
    elif cmd == "sysoff":
        fd = os.open(args[0], os.O_RDONLY)
        print(*sys_offset_win(fd))
        os.close(fd)
    elif cmd == "cmp":
        cmp(args[0], args[1])
    elif cmd == "track":
        track(args[0], args[1])
    elif cmd == "pace":
        pace(args[0], args[1], int(args[2]), int(args[3]),
             args[4] if len(args) > 4 else None)
