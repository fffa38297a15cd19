#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --driver-a none --timeout 900
# tools/xsk-bench in copy mode on a veth pair: txonly on the peer sends
# numbered frames, rxdrop -V on the device under test checks that every
# one arrives once, in order, with its payload intact; l2fwd returns frames.
#
# Runs in the test guest: tools/vm/vm.sh --driver-a none -- $0
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${IGX_ROOT:?run me in the test guest: tools/vm/vm.sh -- $0}
. "$here/../igx/ktap.sh"

XB=$root/tools/xsk-bench/xsk-bench
BPF=$root/bpf
N=2000
DUT=xskdut PEER=xskpeer PNS=xsk-peer

P() { ip netns exec "$PNS" "$@"; }
ip netns add "$PNS"
ip link add "$DUT" numtxqueues 2 numrxqueues 2 type veth peer name "$PEER" \
	numtxqueues 2 numrxqueues 2 netns "$PNS"
sysctl -qw "net.ipv6.conf.$DUT.disable_ipv6=1"
P sysctl -qw "net.ipv6.conf.$PEER.disable_ipv6=1"
ip link set "$DUT" up
P ip link set "$PEER" up
DUT_MAC=$(cat "/sys/class/net/$DUT/address")
PEER_MAC=$(P cat "/sys/class/net/$PEER/address")
# a program on the peer gives its veth the NAPI that frames sent back need
P ip link set dev "$PEER" xdp obj "$BPF/xdp_pass.o" sec xdp.frags

field() { sed -nE "s/^summary:.* $1=([0-9]+).*/\\1/p" "$2"; }

# launch OUT CMD...: CMD in the background (its pid in $pid) until its
# sockets are bound.  OUT is emptied here, not by the job's own
# redirection, which may come after the first look: an earlier run's line
# there would pass for this one's, and the peer would send too early.
launch() {
	local out=$1 i

	shift
	: >"$out"
	"$@" >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < 300; i++)); do
		grep -q '^xsk-bench:' "$out" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "not ready: $*"
	cat "$out"
	kill "$pid" 2>/dev/null
	return 1
}

# rx_vs_tx "RXOPTS" "TXOPTS" COUNT_PER_TX_SOCKET TX_SOCKETS
rx_vs_tx() {
	local rxo=$1 txo=$2 n=$3 socks=$4 out=/tmp/xb_rx.out pid rc=0

	# shellcheck disable=SC2086
	launch "$out" "$XB" -i "$DUT" -r -S -V -x -c $((n * socks)) -d 300 $rxo || return 1
	# shellcheck disable=SC2086
	P "$XB" -i "$PEER" -t -S -x -c "$n" -Q "$socks" -D "$DUT_MAC" $txo \
		>/tmp/xb_tx.out 2>&1 || { cat /tmp/xb_tx.out; kill "$pid"; return 1; }
	wait "$pid" || rc=1
	cat /tmp/xb_tx.out "$out"
	[ $rc -eq 0 ] || return 1
	expect "sent" "$(field tx /tmp/xb_tx.out)" $((n * socks)) &&
	expect "received" "$(field rx "$out")" $((n * socks)) &&
	expect "sequence errors" "$(field seq_errors "$out")" 0 &&
	expect "payload errors" "$(field payload_errors "$out")" 0
}

test_built() {
	[ -x "$XB" ] || { echo "$XB missing: make -C tools/xsk-bench"; return 1; }
}

test_l2fwd() {
	local out=/tmp/xb_fwd.out pid

	# the stack's raw frames may leave the peer on either queue
	launch "$out" "$XB" -i "$DUT" -l -S -x -Q 2 -c 100 -d 300 || return 1
	P python3 "$here/bpf_frames.py" "$PEER" "$DUT_MAC" 100 >/dev/null
	wait "$pid" || { cat "$out"; return 1; }
	cat "$out"
	expect "forwarded" "$(field tx "$out")" 100
}

mb_test() {
	local rc

	ip link set "$DUT" mtu 9000 && P ip link set "$PEER" mtu 9000 || return 1
	rx_vs_tx "-M" "-M -s 8000" 200 1
	rc=$?
	ip link set "$DUT" mtu 1500
	P ip link set "$PEER" mtu 1500
	return $rc
}

# the checks themselves: a skipped number and a damaged payload are seen
test_verify_catches() {
	local out=/tmp/xb_rx.out pid

	launch "$out" "$XB" -i "$DUT" -r -S -V -x -c 199 -d 300 || return 1
	P "$XB" -i "$PEER" -t -S -x -c 200 -D "$DUT_MAC" --skip-seq 50 \
		--corrupt-seq 100 >/tmp/xb_tx.out 2>&1 || { kill "$pid"; return 1; }
	wait "$pid" || return 1
	cat "$out"
	expect "received" "$(field rx "$out")" 199 &&
	expect "sequence errors" "$(field seq_errors "$out")" 1 &&
	expect "missing" "$(field missing "$out")" 1 &&
	expect "payload errors" "$(field payload_errors "$out")" 1
}

ktap_plan 9
ktap_run "xsk-bench built" test_built
ktap_run "copy rxdrop: $N numbered frames from txonly, in order, intact" \
	rx_vs_tx "" "" $N 1
ktap_run "copy rxdrop without need_wakeup" rx_vs_tx "-W" "-W" $N 1
ktap_run "copy rxdrop with busy poll, batch 16" rx_vs_tx "-B -b 16" "-b 16" $N 1
ktap_run "copy rxdrop with libxdp's default program" rx_vs_tx "-L" "" $N 1
ktap_run "two queues, two sockets each side" rx_vs_tx "-Q 2" "" $N 2
ktap_run "rxdrop -V reports a skipped and a damaged frame" test_verify_catches
ktap_run "l2fwd returns 100 of 100" test_l2fwd
ktap_run "multi-buffer: 8000-byte frames at MTU 9000" mb_test
ktap_finished
