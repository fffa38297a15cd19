#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900 --tcg-thread multi
# Two CPUs on one XDP TX ring (the rules at struct igx_ring, igx.h): port A
# has one queue pair and a 64-entry TX ring; a zero-copy socket is bound on
# queue 0 and an XDP_TX program sends every frame the peer floods in straight
# back out of the socket's own UMEM chunks (queue 0's NAPI, on CPU 0), while
# a veth's program on CPU 1 redirects a second flood into port A
# (ndo_xdp_xmit, which picks the same ring and finds it full). A chunk given
# back to the pool from CPU 1 corrupted the pool's free list (kernel BUG at
# lib/list_debug.c in two of five boots, in 30 s). Then the socket is unbound
# and bound again under the redirect flood (the queue restart's order).
#
# Asserts: no pool chunk is freed from inside ndo_xdp_xmit (xp_free's call
# stacks, from bpftrace: the rule itself, not the rare corruption it
# prevents), both producers carried traffic the whole time, the socket binds
# and receives exactly what the peer sends afterwards, a socket's TX batches
# beside the redirect complete and count each frame once, and (run.sh) the
# kernel log holds no report.
#   IGX_CONTEXTS_SECS=60   seconds of the two floods
. "$(dirname "$0")/lib.sh"

BPF=$IGX_ROOT/bpf
MAPS=$IGX_ROOT/selftests/drivers/net/bpf/bpf_maps.py
SECS=${IGX_CONTEXTS_SECS:-60}
OUT=${IGX_OUT:-/tmp}/contexts
mkdir -p "$OUT"
xb_pid= bt_pid=

# rx0_start: a zero-copy receiver on queue 0 (its own program replaces any)
rx0_start() {
	xb_start "$OUT/xb" "$XB" -i "$IGX_A" -r -z -f -q 0 -Q 1 -d 600
}

# xp_free's callers, counted by call stack until trace_stop
trace_start() {
	local i

	: >"$OUT/xp_free"
	bpftrace -e 'kprobe:xp_free { @[kstack(8)] = count(); }' >"$OUT/xp_free" 2>&1 &
	bt_pid=$!
	for ((i = 0; i < 600; i++)); do
		grep -q '^Attaching' "$OUT/xp_free" && return 0
		kill -0 "$bt_pid" 2>/dev/null || { cat "$OUT/xp_free"; return 1; }
		sleep 0.1
	done
	echo "bpftrace not attached after 60 s"
	return 1
}

trace_stop() {
	kill -INT "$bt_pid"
	wait "$bt_pid"
}

# after trace_stop: prints "FREES_IN_NDO_XDP_XMIT ALL_FREES"
trace_counts() {
	awk '/^@\[/ { s = "" } { s = s $0 }
	     /^\]: [0-9]+$/ { all += $2; if (s ~ /igx_xdp_xmit/) bad += $2 }
	     END { print bad + 0, all + 0 }' "$OUT/xp_free"
}

xb_stop() {
	[ -n "$xb_pid" ] || return 0
	kill "$xb_pid" 2>/dev/null
	wait "$xb_pid"
	xb_pid=
}

# every vector of port A on CPU 0: its NAPI runs there, pktgen's veth on 1
pin_irqs() {
	local irq

	for irq in $(awk -v d="$IGX_A" '$NF ~ d { sub(":", "", $1); print $1 }' /proc/interrupts); do
		echo 0 >"/proc/irq/$irq/smp_affinity_list" || return 1
	done
}

setup() {
	quiet_ports
	ethtool -L "$IGX_A" combined 1 || return 1
	ethtool -G "$IGX_A" tx 64 || return 1
	setup_addrs || return 1
	pin_irqs || return 1
	ip netns add vxns
	ip link add vx0 type veth peer name vx1 netns vxns
	ip link set vx0 up && ip -n vxns link set vx1 up || return 1
	ip link set dev vx0 xdpdrv obj "$BPF/xdp_redirect.o" sec xdp || return 1
	python3 "$MAPS" set xdp_redirect tx_port 00000000 \
		"$(printf '%08x' "$(cat "/sys/class/net/$IGX_A/ifindex")" |
			sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')"
}

test_two_producers() {
	local tx0 xmit0 tx1 xmit1 full0 t rc=0 frees

	rx0_start || return 1
	trace_start || return 1
	# the socket stays bound; the program now bounces every frame
	ip -force link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_tx.o" sec xdp || return 1
	tx0=$(qsum rx xdp_tx) xmit0=$(qsum tx xdp_xmit) full0=$(qsum tx xdp_xmit_errors)
	pktgen_flood "$IGX_PEER_NS" "$IGX_B" 0 "$A_MAC" || return 1
	pktgen_flood vxns vx1 1 "$B_MAC" || return 1
	for ((t = 10; t <= SECS; t += 10)); do
		sleep 10
		tx1=$(qsum rx xdp_tx) xmit1=$(qsum tx xdp_xmit)
		echo "${t} s: XDP_TX from UMEM chunks +$((tx1 - tx0)), ndo_xdp_xmit +$((xmit1 - xmit0))"
		# both producers must still be running, every ten seconds
		[ "$tx1" -gt "$tx0" ] && [ "$xmit1" -gt "$xmit0" ] || { echo "a producer stalled"; rc=1; break; }
		tx0=$tx1 xmit0=$xmit1
	done
	pktgen_stop "$IGX_PEER_NS"
	echo "ndo_xdp_xmit found the ring full $(($(qsum tx xdp_xmit_errors) - full0)) times"
	xb_stop
	trace_stop
	frees=($(trace_counts))
	echo "pool chunks freed: ${frees[1]}, of them inside ndo_xdp_xmit: ${frees[0]}"
	[ "${frees[1]}" -gt 0 ] || { echo "no chunk freed at all: the trace saw nothing"; rc=1; }
	[ "${frees[0]}" -eq 0 ] || rc=1
	return $rc
}

# a zero-copy socket's TX batches (queue 0's NAPI, CPU 0) on the ring that
# ndo_xdp_xmit from CPU 1 keeps full and reclaims: every frame the socket
# sent completes exactly once, counted once, whichever CPU reclaimed it
test_socket_tx() {
	local n=20000 x0 xmit0 xmit1 sent got

	x0=$(qsum tx xsk_packets) xmit0=$(qsum tx xdp_xmit)
	"$XB" -i "$IGX_A" -t -z -q 0 -c "$n" -D "$B_MAC" -x >"$OUT/txonly" 2>&1 ||
		{ cat "$OUT/txonly"; return 1; }
	xmit1=$(qsum tx xdp_xmit)
	sent=$(sed -nE 's/^summary:.* tx=([0-9]+) .*/\1/p' "$OUT/txonly")
	got=$(($(qsum tx xsk_packets) - x0))
	echo "socket sent ${sent:-0} of $n, txN_xsk_packets +$got, ndo_xdp_xmit +$((xmit1 - xmit0)) meanwhile"
	[ "$((xmit1 - xmit0))" -gt 0 ] || { echo "ndo_xdp_xmit did not run beside the socket"; return 1; }
	expect "frames the socket sent" "${sent:-0}" "$n" &&
		expect "txN_xsk_packets" "$got" "$n"
}

# bind and unbind under the redirect flood: the restart hands chunks back
# while ndo_xdp_xmit works the same ring; then exactly N frames arrive
test_rebind() {
	local i n=500 got

	for ((i = 0; i < 5; i++)); do
		rx0_start || return 1
		xb_stop
	done
	pktgen_stop vxns
	rx0_start || return 1
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$n" >/dev/null || return 1
	for ((i = 0; i < 300; i++)); do
		got=$(grep '^rx_pps' "$OUT/xb" | tail -n1 | grep -oE ' rx=[0-9]+' | cut -d= -f2)
		[ "${got:-0}" -ge "$n" ] && break
		sleep 0.1
	done
	xb_stop
	[ "${got:-0}" -eq "$n" ] || { echo "socket received ${got:-0} of $n after the rebinds"; return 1; }
	echo "socket received $got of $n after 5 rebinds under ndo_xdp_xmit"
}

ktap_plan 4
ktap_run "setup: one queue pair, TX ring 64, veth redirecting into port A" setup
ktap_run "zero-copy XDP_TX (CPU 0) and ndo_xdp_xmit (CPU 1) on one XDP TX ring for ${SECS} s" test_two_producers
ktap_run "zero-copy socket TX (CPU 0) beside ndo_xdp_xmit (CPU 1) on one ring: each frame completed and counted once" test_socket_tx
ktap_run "XSK rebind 5 times under ndo_xdp_xmit, then every frame reaches the socket" test_rebind
pktgen_stop vxns
pktgen_stop "$IGX_PEER_NS"
ip link del vx0 2>/dev/null
ip netns del vxns 2>/dev/null
ktap_finished
