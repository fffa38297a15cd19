#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Each standard counter means what the kernel's definition says: after N MAC
# control frames sent through the stack, N TSO super-frames, N pause frames
# and N minimum-size frames from the peer, a counter is exactly N (or the
# hardware's part of it is documented as never moving under the emulation,
# driver/igx_hw.c), never another number; fields igx cannot count are absent.
. "$(dirname "$0")/lib.sh"

UP=${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}
[ -x "$UP/ethtool/ethtool" ] && PATH=$UP/ethtool:$PATH
A=$IGX_A N=1000

# STAT of GROUP ("eth-ctrl MACControlFramesTransmitted", "rmon rx-pktsNtoM 0");
# "absent" when the driver leaves it unset
grp() {
	ethtool --json -S "$A" --groups "$1" |
		python3 -c "import json, sys
g = json.load(sys.stdin)[0].get('$1', {})
v = g.get('$2', 'absent') if '${3:-}' == '' else g['$2'][int('${3:-0}')]['val']
print(v)"
}

pause_rx() { ethtool --json -I -a "$A" | python3 -c "import json, sys; print(json.load(sys.stdin)[0]['statistics']['rx_pause_frames'])"; }

# send COUNT frames DST ETHERTYPE PAYLOAD_LEN from IF (frame = 14 + payload)
send_raw() { # IF DST ETHERTYPE PAYLOAD_LEN COUNT
	python3 - "$@" <<'PY'
import socket, sys, time
ifname, dst, etype, plen, count = sys.argv[1], sys.argv[2], int(sys.argv[3], 0), int(sys.argv[4]), int(sys.argv[5])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
src = s.getsockname()[4]
# a PAUSE opcode (1) and quanta 0: the receiver resumes at once
frame = bytes.fromhex(dst.replace(":", "")) + src + etype.to_bytes(2, "big") + \
	(b"\x00\x01\x00\x00" if etype == 0x8808 else b"")
frame += bytes(14 + plen - len(frame))
for i in range(count):
	s.send(frame)
	if i % 16 == 15:
		time.sleep(0.001)
PY
}

# CMD's value once it has grown by at least TARGET from BASE (60 s bound)
settle() { # BASE TARGET CMD...
	local base=$1 target=$2 i v

	shift 2
	for ((i = 0; i < 300; i++)); do
		v=$("$@")
		[ $((v - base)) -ge "$target" ] && break
		sleep 0.2
	done
	echo $((v - base))
}

test_mac_ctrl_tx() {
	local c0 f0 c f

	c0=$(grp eth-ctrl MACControlFramesTransmitted) f0=$(grp eth-mac FramesTransmittedOK)
	send_raw "$A" 01:80:c2:00:00:01 0x8808 46 "$N" || return 1
	f=$(settle "$f0" "$N" grp eth-mac FramesTransmittedOK)
	c=$(($(grp eth-ctrl MACControlFramesTransmitted) - c0))
	echo "sent $N MAC control frames: MACControlFramesTransmitted +$c, FramesTransmittedOK +$f"
	[ "$c" -eq "$N" ]
}

# the peer's pause frames: silicon consumes and counts them; the emulation
# never counts them (driver/igx_hw.c), so 0 is a documented skip, not a pass
test_pause_rx() {
	local c0 p0 t0 c p t

	c0=$(grp eth-ctrl MACControlFramesReceived) p0=$(pause_rx) t0=$(stat_b tx_packets)
	peer bash -c "$(declare -f send_raw); send_raw $IGX_B 01:80:c2:00:00:01 0x8808 46 $N" || return 1
	sleep 1
	c=$(($(grp eth-ctrl MACControlFramesReceived) - c0)) p=$(($(pause_rx) - p0))
	t=$(($(stat_b tx_packets) - t0))
	echo "peer sent $t pause frames: MACControlFramesReceived +$c, rx_pause_frames +$p"
	[ "$t" -eq "$N" ] || return 1
	if [ "$c" -eq 0 ] && [ "$p" -eq 0 ] && [ "$IGX_DRV" = igx ]; then
		skip "emulation: XONRXC/XOFFRXC/FCRUC stay 0 after $N pause frames (driver/igx_hw.c)"
		return
	fi
	[ "$c" -eq "$N" ] && [ "$p" -eq "$N" ]
}

# 100-byte frames, 104 on the wire: the 65..127 bucket with or without the
# FCS, so this holds on silicon and under the emulation alike
test_rmon_rx_65_127() {
	local h0 h

	h0=$(grp rmon rx-pktsNtoM 1)
	peer bash -c "$(declare -f send_raw); send_raw $IGX_B $A_MAC 0x88b5 86 $N" || return 1
	h=$(settle "$h0" "$N" grp rmon rx-pktsNtoM 1)
	echo "peer sent $N frames of 104 bytes: rx 65..127 +$h"
	[ "$h" -eq "$N" ]
}

# 60-byte frames, 64 on the wire: silicon counts them in the 64 bucket; the
# emulation sizes them without the FCS it strips and counts them nowhere
test_rmon_rx_64() {
	local h0 g0 h g

	h0=$(grp rmon rx-pktsNtoM 0) g0=$(grp eth-mac FramesReceivedOK)
	peer bash -c "$(declare -f send_raw); send_raw $IGX_B $A_MAC 0x88b5 46 $N" || return 1
	g=$(settle "$g0" "$N" grp eth-mac FramesReceivedOK)
	h=$(($(grp rmon rx-pktsNtoM 0) - h0))
	echo "peer sent $N frames of 64 bytes: FramesReceivedOK +$g, rx 64 +$h"
	[ "$g" -eq "$N" ] || return 1
	if [ "$h" -eq 0 ] && [ "$IGX_DRV" = igx ]; then
		skip "emulation: RX buckets without the stripped FCS, 64-byte frames in none (driver/igx_hw.c)"
		return
	fi
	[ "$h" -eq "$N" ]
}

# qstats of port A: "tx-packets tx-bytes gso-packets gso-bytes wire-packets wire-bytes"
qstats_tx() {
	python3 - "$UP/ksft" "$(cat "/sys/class/net/$A/ifindex")" <<'PY'
import sys
sys.path.append(sys.argv[1] + "/tools/net")
from ynl.lib import YnlFamily
nf = YnlFamily(sys.argv[1] + "/Documentation/netlink/specs/netdev.yaml", schema="")
d = nf.qstats_get({"ifindex": int(sys.argv[2])}, dump=True)[0]
print(*[d.get(k, "absent") for k in ("tx-packets", "tx-bytes", "tx-hw-gso-packets",
      "tx-hw-gso-bytes", "tx-hw-gso-wire-packets", "tx-hw-gso-wire-bytes")])
PY
}

# TCP from port A; a packet socket on A sees the frames the driver is handed
# (after any software segmentation) with their virtio-net header: each
# super-frame's segment size tells how many segments and wire bytes the
# device makes of it, so the GSO counters are checked frame by frame. Frames
# outside the test's stream (ARP, a late ACK) are never GSO: they cannot move
# the expectation, however the snapshots fall around them.
test_tso() {
	local q0 q1 tap rc=0

	ethtool -k "$A" | grep -q 'tcp-segmentation-offload: on' || { echo "TSO off"; return 1; }
	peer bash -c "socat -u TCP-LISTEN:5001,reuseaddr OPEN:/dev/null &"
	sleep 1
	python3 - "$A" "$IGX_OUT/tap.ready" "$IGX_OUT/tap.done" >"$IGX_OUT/tap.out" <<'PY' &
import os, socket, struct, sys
SOL_PACKET, PACKET_VNET_HDR = 263, 15
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)
s.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
s.bind((sys.argv[1], 3))
s.settimeout(0.5)
open(sys.argv[2], "w").close()
gso = gso_bytes = wire = wire_bytes = 0
while True:
	try:
		data, addr = s.recvfrom(65536 + 10)
	except socket.timeout:
		if os.path.exists(sys.argv[3]):
			break
		continue
	if addr[2] != socket.PACKET_OUTGOING:
		continue
	_, gso_type, _, gso_size = struct.unpack_from("<BBHH", data)
	if not gso_type & 0x7f:
		continue
	f = data[10:]
	etype = struct.unpack_from("!H", f, 12)[0]
	l4 = 14 + ((f[14] & 0xf) * 4 if etype == 0x0800 else 40)
	hdr = l4 + (f[l4 + 12] >> 4) * 4
	segs = -(-(len(f) - hdr) // gso_size)
	gso += 1
	gso_bytes += len(f)
	wire += segs
	wire_bytes += len(f) + (segs - 1) * hdr
print(gso, gso_bytes, wire, wire_bytes)
PY
	tap=$!
	while [ ! -e "$IGX_OUT/tap.ready" ]; do sleep 0.1; done
	q0=$(qstats_tx)
	head -c $((N * 8192)) /dev/zero | socat -u - "TCP:$B4:5001" || rc=1
	sleep 2
	q1=$(qstats_tx)
	touch "$IGX_OUT/tap.done"
	wait $tap
	echo "tap (super-frames, their bytes, their segments, segment bytes): $(cat "$IGX_OUT/tap.out")"
	echo "qstats before: $q0"
	echo "qstats after:  $q1"
	[ $rc -eq 0 ] || return 1
	python3 - "$q0" "$q1" "$(cat "$IGX_OUT/tap.out")" <<'PY'
import sys
q0, q1 = [list(map(int, a.split())) for a in sys.argv[1:3]]
gso, gso_bytes, wire, wire_bytes = map(int, sys.argv[3].split())
d = [b - a for a, b in zip(q0, q1)]
want = [("tx-hw-gso-packets", d[2], gso), ("tx-hw-gso-bytes", d[3], gso_bytes),
        ("tx-hw-gso-wire-packets", d[4], wire),
        ("tx-hw-gso-wire-bytes", d[5], wire_bytes)]
bad = 0
for name, got, exp in want:
    print(f"{name}: +{got}, expected {exp}")
    bad |= got != exp
# the segments are packets too: tx-packets grew by at least as many
print(f"tx-packets: +{d[0]}, of them {wire} segments")
sys.exit(bad or gso == 0 or d[0] < wire)
PY
}

test_unset_fields() {
	local v

	v=$(grp eth-mac InRangeLengthErrors)
	echo "eth-mac InRangeLengthErrors: $v"
	[ "$v" = absent ]
}

ktap_plan 6
quiet_ports
setup_addrs
IGX_OUT=${IGX_OUT:-/tmp}
ktap_run "eth-ctrl MACControlFramesTransmitted counts $N MAC control frames sent" test_mac_ctrl_tx
ktap_run "eth-ctrl/pause RX count the peer's $N pause frames" test_pause_rx
ktap_run "rmon rx 65..127 counts $N frames of 104 bytes" test_rmon_rx_65_127
ktap_run "rmon rx 64 counts $N frames of 64 bytes" test_rmon_rx_64
ktap_run "TX GSO qstats count the TSO super-frames and their segments" test_tso
ktap_run "eth-mac fields igx cannot count are absent" test_unset_fields
ktap_finished
