#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 1500 --tcg-thread multi
# AF_XDP on port A with tools/xsk-bench, port B (in-tree igb, netns peer) at
# the other end: numbered frames checked for order and payload by whichever
# side receives, exact counts, and reconfiguration of port A while sockets
# are bound and traffic flows (it works, or it is refused cleanly; never a
# hang).
#
# Modes: zc (XDP_ZEROCOPY, native) runs when port A's driver advertises
# xsk-zerocopy, else each zc case is skipped; copy (XDP_COPY) runs on native
# XDP when the driver advertises redirect, else on generic XDP.  Port B
# always uses copy mode on generic XDP (igb resets its link on a native
# attach).
#
#   tools/vm/vm.sh [--driver-a igb] -- $0
#   IGX_XSK_MODES="zc copy"   modes to run
#   IGX_XSK_N=1000            frames per sender and check
#   IGX_XSK_BASIC=1           RX and TX only (the smoke set)
#   IGX_ONLY=ERE              only the cases whose name matches (ktap.sh),
#                             e.g. "copy: driver removed"
#
# Numbered streams go in chunks that the receiving ring can hold, the next
# sent once the receiving driver counted the previous one: exact counts by
# construction, whatever the speed of the emulation.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

BPF=$IGX_ROOT/bpf
FEAT=$here/xdp_features.py
N=${IGX_XSK_N:-1000}
# frames in flight at most: fewer than a receive ring holds, because QEMU
# drops silently what a full ring cannot take (rings of RING set below)
RING=1024
CH=1000
MODES=${IGX_XSK_MODES:-zc copy}
OUT=${IGX_OUT:-/tmp}/xsk
mkdir -p "$OUT"
pids=()

# --- helpers -----------------------------------------------------------

P() { ip netns exec "$IGX_PEER_NS" "$@"; }
# the same as a plain command, so that a background job's pid is the tool's
PX=(ip netns exec "$IGX_PEER_NS")

field() { sed -nE "s/^summary:.* $1=([0-9]+).*/\\1/p" "$2" | tail -n1; }

# start OUT CMD...: run CMD in the background, wait until xsk-bench says
# its sockets are bound; the pid goes to $pid and the cleanup list
start() {
	local rc

	xb_start "$@"
	rc=$?
	pid=$xb_pid
	[ -z "$pid" ] || pids+=("$pid")
	return $rc
}

# exits PID TENTHS: whether PID ends within TENTHS tenths of a second
exits() {
	local i

	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	! kill -0 "$1" 2>/dev/null
}

# finish PID OUT [SEC]: wait for a process that stops on its own; a process
# still there after SEC seconds (default 120) has hung: fail
finish() {
	local pid=$1 out=$2 rc

	if ! exits "$pid" $((${3:-120} * 10)); then
		# R: spinning in user space; S or D: waiting in the kernel (wchan)
		echo "hung (state $(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)," \
			"wchan $(cat "/proc/$pid/wchan" 2>/dev/null)): $(head -n1 "$out")"
		# SIGTERM first: its summary tells frames never delivered
		# (missing) from frames it dropped (rx_dropped, fill_empty)
		kill "$pid"
		exits "$pid" 50 || kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		tail -n 3 "$out"
		return 1
	fi
	wait "$pid"
	rc=$?
	cat "$out"
	return $rc
}

# ethtool -S of IFACE into FILE ($3: command prefix, e.g. P)
snap() { # FILE IFACE [P]
	${3:-} ethtool -S "$2" >"$1"
}

# the counters of IFACE that moved since snap wrote FILE, on one line:
# where the frames a receiver never got went (XDP verdicts, queues, drops)
moved() { # FILE IFACE [P]
	${3:-} ethtool -S "$2" | awk -F': *' 'NR == FNR { v[$1] = $2; next }
		NF == 2 && $2 != v[$1] { k = $1; gsub(/^ +/, "", k); printf " %s+%d", k, $2 - v[$1] }
		END { print "" }' "$1" -
}

stop_all() {
	local p

	for p in ${pids[@]+"${pids[@]}"}; do
		kill "$p" 2>/dev/null
	done
	for p in ${pids[@]+"${pids[@]}"}; do
		wait "$p" 2>/dev/null
	done
	pids=()
	ip link set dev "$IGX_A" xdp off 2>/dev/null
	ip link set dev "$IGX_A" xdpgeneric off 2>/dev/null
	P ip link set dev "$IGX_B" xdpgeneric off 2>/dev/null
}

# total frames received so far by an xsk-bench printing per-second lines
rx_so_far() {
	tail -n1 "$1" | grep -oE ' rx=[0-9]+' | awk -F= '{ s += $2 } END { print s + 0 }'
}

# wait until the receiver writing OUT has taken MORE further frames
grows() {
	local out=$1 more=$2 base i

	base=$(rx_so_far "$out")
	for ((i = 0; i < 600; i++)); do
		[ $(($(rx_so_far "$out") - base)) -ge "$more" ] && return 0
		sleep 0.1
	done
	echo "receiver stalled at $(rx_so_far "$out") frames (from $base)"
	return 1
}

# wait until counter FN (stat_a/stat_b) rx_packets grew from BASE by COUNT
arrived() {
	local i

	for ((i = 0; i < 600; i++)); do
		[ $(($($1 rx_packets) - $2)) -ge "$3" ] && return 0
		sleep 0.1
	done
	echo "only $(($($1 rx_packets) - $2)) of $3 frames arrived"
	return 1
}

# COUNT numbered frames from the peer to port A as sender SENDER
send_to_a() {
	local n=$1 sender=$2 seq=0 c rx0

	: >"$OUT/tx.out"
	while [ $seq -lt "$n" ]; do
		c=$((n - seq < CH ? n - seq : CH))
		rx0=$(stat_a rx_packets)
		P "$XB" -i "$IGX_B" -t -S -x -c $c --seq $seq --sender "$sender" \
			-D "$A_MAC" >>"$OUT/tx.out" 2>&1 || { cat "$OUT/tx.out"; return 1; }
		arrived stat_a "$rx0" $c || return 1
		seq=$((seq + c))
	done
	echo "peer sent $(total tx "$OUT/tx.out") as sender $sender"
}

# COUNT numbered frames per socket from port A (MODE, SOCKETS, more
# xsk-bench options) to the peer
send_from_a() {
	local n=$1 mode=$2 socks=$3 opts=$4 seq=0 c rx0

	: >"$OUT/tx.out"
	while [ $seq -lt "$n" ]; do
		c=$((n - seq < CH / socks ? n - seq : CH / socks))
		rx0=$(stat_b rx_packets)
		# shellcheck disable=SC2046,SC2086
		"$XB" -i "$IGX_A" -t $(a_opts "$mode") $opts -x -Q "$socks" -c $c \
			--seq $seq -D "$B_MAC" >>"$OUT/tx.out" 2>&1 || { cat "$OUT/tx.out"; return 1; }
		arrived stat_b "$rx0" $((c * socks)) || return 1
		seq=$((seq + c))
	done
	grep -m1 '^xsk-bench:' "$OUT/tx.out"
	tail -n1 "$OUT/tx.out"
}

# FIELD summed over every summary line of OUT
total() {
	sed -nE "s/^summary:.* $1=([0-9]+).*/\\1/p" "$2" | awk '{ s += $1 } END { print s + 0 }'
}

# frames sent by zero-copy sockets, over every summary line of OUT (qN_tx of
# each queue whose qN_zc is 1)
zc_sent() {
	awk '/^summary:/ { delete tx; delete zc
		for (i = 1; i <= NF; i++)
			if (split($i, kv, "=") == 2) {
				if ($i ~ /^q[0-9]+_tx=/) tx[substr(kv[1], 1, length(kv[1]) - 3)] = kv[2]
				if ($i ~ /^q[0-9]+_zc=/) zc[substr(kv[1], 1, length(kv[1]) - 3)] = kv[2]
			}
		for (q in tx) if (zc[q] == 1) s += tx[q] }
		END { print s + 0 }' "$1"
}

# checks of a verifying receiver's summary: COUNT frames, none out of
# order, none damaged
intact() {
	expect "received" "$(field rx "$1")" "$2" &&
	expect "sequence errors" "$(field seq_errors "$1")" 0 &&
	expect "missing" "$(field missing "$1")" 0 &&
	expect "payload errors" "$(field payload_errors "$1")" 0
}

# mode options for port A's sockets
a_opts() {
	case $1 in
	zc) echo "-z" ;;
	copy) if grep -qw redirect <<<"$feats" || igx_unadvertised; then echo "-S"; else echo "-S -N"; fi ;;
	esac
}

# Before 6.3 no driver advertises xdp-features (xdp_features.py says so):
# native XDP and zero-copy are what igx implements on every kernel it
# builds for, so there the bind itself is the test
igx_unadvertised() {
	[ "$IGX_DRV" = igx ] && grep -q 'no netdev netlink family' <<<"$feats"
}

want_zc() { [ "$1" = zc ] && echo 1 || echo 0; }

# skip the case when MODE cannot run on port A's driver
gate() {
	[ "$1" = zc ] || return 0
	grep -qw xsk-zerocopy <<<"$feats" && return 0
	igx_unadvertised && return 0
	ktap_skip_reason="$IGX_DRV has no XSK zero-copy support yet ($feats)"
	echo "SKIP: $ktap_skip_reason"
	return "$KSFT_SKIP"
}

# --- cases ---------------------------------------------------------------

test_built() {
	[ -x "$XB" ] || { echo "$XB missing: make tools"; return 1; }
}

# port A receives N frames from the peer on every queue; MODE; extra opts;
# "down": the sockets are bound while port A is down, which comes up after
rx_case() {
	local mode=$1 opts=$2 down=${3:-} out=$OUT/rx.out nq rc=0

	gate "$mode" || return
	nq=$(channels "$IGX_A")
	[ -z "$down" ] || ip link set dev "$IGX_A" down
	# shellcheck disable=SC2046,SC2086
	start "$out" "$XB" -i "$IGX_A" -r $(a_opts "$mode") $opts -V -x -Q "$nq" \
		-c "$N" -d 300 || rc=1
	[ -z "$down" ] || ip link set dev "$IGX_A" up
	[ $rc -eq 0 ] || return 1
	wait_link "$IGX_A" 30 || rc=1
	[ $rc -eq 0 ] || { stop_all; return 1; }
	snap "$OUT/a.stats" "$IGX_A"
	send_to_a "$N" 0 && finish "$pid" "$out" 60 ||
		{ rc=1; echo "port A counters moved:$(moved "$OUT/a.stats" "$IGX_A")"; }
	stop_all
	[ $rc -eq 0 ] && intact "$out" "$N" &&
		expect "zero-copy" "$(field zc "$out")" "$(want_zc "$mode")"
}

# port A sends N frames (per socket, SOCKETS sockets) to the peer
tx_case() {
	local mode=$1 opts=$2 socks=${3:-1} out=$OUT/rx.out rc=0 x0

	gate "$mode" || return
	start "$out" "${PX[@]}" "$XB" -i "$IGX_B" -r -S -N -V -x \
		-Q "$(channels "$IGX_B" P)" -c $((N * socks)) -d 300 || return 1
	snap "$OUT/b.stats" "$IGX_B" P
	x0=$(qsum tx xsk_packets)
	send_from_a "$N" "$mode" "$socks" "$opts" && finish "$pid" "$out" 60 ||
		{ rc=1; echo "port B counters moved:$(moved "$OUT/b.stats" "$IGX_B" P)"; }
	stop_all
	# zero-copy frames complete a batch at a time: each one counted once
	[ $rc -eq 0 ] && intact "$out" $((N * socks)) &&
		expect "sent" "$(total tx "$OUT/tx.out")" $((N * socks)) &&
		expect "zero-copy" "$(field zc "$OUT/tx.out")" "$(want_zc "$mode")" &&
		expect "port A txN_xsk_packets" $(($(qsum tx xsk_packets) - x0)) \
			"$(zc_sent "$OUT/tx.out")"
}

# sockets on queues 0 and 1 of port A at once, each fed N frames by
# steering RSS to it in turn; COPYFROM: socket 1 in copy mode (beside zc)
two_queue_rx() {
	local mode=$1 copyfrom=${2:-} out=$OUT/rx.out rc=0 q extra=

	gate "$mode" || return
	[ "$(channels "$IGX_A")" -ge 2 ] || { skip "port A has one queue"; return; }
	[ -n "$copyfrom" ] && extra="--copy-from $copyfrom"
	# shellcheck disable=SC2046,SC2086
	start "$out" "$XB" -i "$IGX_A" -r $(a_opts "$mode") $extra -V -x -Q 2 \
		-c $((2 * N)) -d 300 || return 1
	wait_link "$IGX_A" 30 || return 1
	snap "$OUT/a.stats" "$IGX_A"
	for q in 0 1; do
		steer $q && send_to_a "$N" $q || { rc=1; break; }
	done
	[ $rc -eq 0 ] && { finish "$pid" "$out" 60 || rc=1; }
	[ $rc -eq 0 ] || echo "port A counters moved:$(moved "$OUT/a.stats" "$IGX_A")"
	ethtool -X "$IGX_A" default
	stop_all
	[ $rc -eq 0 ] || return 1
	intact "$out" $((2 * N)) &&
		expect "queue 0 received" "$(field q0_rx "$out")" "$N" &&
		expect "queue 1 received" "$(field q1_rx "$out")" "$N" &&
		expect "queue 0 zero-copy" "$(field q0_zc "$out")" "$(want_zc "$mode")" &&
		expect "queue 1 zero-copy" "$(field q1_zc "$out")" \
			"$([ -n "$copyfrom" ] && echo 0 || want_zc "$mode")"
}

# queue 0 zero-copy, queue 1 copy, same program, both ways
mixed() {
	gate zc || return
	two_queue_rx zc 1 || return 1
	tx_case zc "--copy-from 1" 2
}

# --- reconfiguration under traffic -------------------------------------
# l2fwd on every queue of port A (its sockets receive and send), the peer
# sending without pause; OP runs; then either OP failed cleanly or the
# sockets carry traffic again; afterwards a fresh socket works.

reconf() {
	local mode=$1 what=$2 fwd=$OUT/fwd.out tx=$OUT/tx.out rc=0 oprc frc want nq

	shift 2
	gate "$mode" || return
	nq=$(channels "$IGX_A")
	# shellcheck disable=SC2046
	start "$fwd" "$XB" -i "$IGX_A" -l $(a_opts "$mode") -Q "$nq" -d 600 || return 1
	wait_link "$IGX_A" 30 || { stop_all; return 1; }
	start "$tx" "${PX[@]}" "$XB" -i "$IGX_B" -t -S -x -D "$A_MAC" -d 600 || { stop_all; return 1; }
	grows "$fwd" 200 || { stop_all; return 1; }
	echo "before: $(tail -n1 "$fwd")"
	# the operation itself must come back, whatever it answers
	run_op "$@"
	oprc=$?
	IGX_A=$(ls "/sys/bus/pci/devices/$IGX_A_PCI/net" 2>/dev/null | head -n1)
	if [ $oprc -eq 124 ] || [ $oprc -eq 137 ]; then
		echo "$what: hung (killed after 120 s)"
		rc=1
	elif [ $oprc -eq 125 ]; then
		rc=1
	elif [ $oprc -ne 0 ]; then
		echo "$what: refused (status $oprc)"
	else
		echo "$what: done"
	fi
	if [ $rc -eq 0 ] && [ -n "$IGX_A" ]; then
		wait_link "$IGX_A" 30 || rc=1
		# refused or done, the bound sockets must still work
		[ $rc -eq 0 ] && { grows "$fwd" 200 || rc=1; }
		echo "after: $(tail -n1 "$fwd")"
	fi
	# every socket must let go within the time limit: at SIGTERM (status
	# 0), or, where the driver unregistered the device under them, with
	# xsk-bench's status for that (3), on its own or at SIGTERM; how the
	# forwarder ended is told only when it did not end so
	want=0
	[ "$1" = op_remove ] && want=3
	kill "${pids[@]}" 2>/dev/null
	finish "${pids[0]}" "$fwd" 60 >"$OUT/fwd.end"
	frc=$?
	if [ $frc -ne $want ]; then
		echo "forwarder: status $frc, expected $want; its last lines:"
		tail -n 4 "$OUT/fwd.end"
		rc=1
	fi
	stop_all
	return $rc
}

# OP...: a shell function with a deadline (timeout(1) cannot run one)
run_op() {
	local p i

	"$@" &
	p=$!
	for ((i = 0; i < 1200; i++)); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$p" 2>/dev/null; then
		kill -9 "$p"
		return 124
	fi
	wait "$p"
}

# one queue more and back: the bound sockets' queues stay (fewer than
# those would be refused by the core, not the driver)
op_channels() {
	local nq

	nq=$(channels "$IGX_A")
	ethtool -L "$IGX_A" combined $((nq + 1)) && ethtool -L "$IGX_A" combined "$nq"
}

op_rings() {
	ethtool -G "$IGX_A" rx 512 tx 512 && ethtool -G "$IGX_A" rx $RING tx $RING
}

op_mtu() {
	local rc=0

	ip link set dev "$IGX_A" mtu 1400 || rc=1
	ip link set dev "$IGX_A" mtu 1500 || rc=1
	# more than one buffer per frame: allowed to be refused (the program
	# is not a frags one), then nothing may have changed
	ip link set dev "$IGX_A" mtu 3000 && ip link set dev "$IGX_A" mtu 1500
	expect "MTU" "$(cat "/sys/class/net/$IGX_A/mtu")" 1500 >/dev/null && return $rc
}

# the sockets' program replaced by xdp_pass under traffic: the stack gets
# the frames; then the sockets' program (still held by xsk-bench) put back
op_prog() {
	local mode=$1 type=xdpdrv id rx0 i

	[ "$(a_opts "$mode")" = "-S -N" ] && type=xdpgeneric
	[ -f "$BPF/xdp_pass.o" ] || { echo "$BPF/xdp_pass.o missing (make bpf)"; return 125; }
	id=$(ip link show dev "$IGX_A" | grep -oE 'prog/xdp[a-z]* id [0-9]+' | awk '{ print $3 }')
	[ -n "$id" ] || { echo "no program on $IGX_A"; return 1; }
	rx0=$(stat_a rx_packets)
	ip -force link set dev "$IGX_A" "$type" obj "$BPF/xdp_pass.o" sec xdp ||
		return 1
	for ((i = 0; i < 600; i++)); do
		[ $(($(stat_a rx_packets) - rx0)) -ge 200 ] && break
		sleep 0.1
	done
	expect "frames to the stack under xdp_pass" \
		"$([ $(($(stat_a rx_packets) - rx0)) -ge 200 ] && echo 200+)" 200+ || return 1
	bpftool net attach "$type" id "$id" dev "$IGX_A" overwrite
}

op_link() {
	ip link set dev "$IGX_A" down && ip link set dev "$IGX_A" up
}

op_remove() {
	if [ "$IGX_DRV" = igx ]; then
		unload_igx
	else
		unbind_a
	fi
}

# after an operation: the port (bound again if needed) passes a fresh run
recovered() {
	if [ ! -e "/sys/class/net/$IGX_A" ] || [ -z "$IGX_A" ]; then
		bind_a "$IGX_DRV" || return 1
		prep_a
	fi
	rx_case "$1" ""
}

reconf_case() {
	local mode=$1 what=$2 rc=0

	shift 2
	gate "$mode" || return
	reconf "$mode" "$what" "$@" || rc=1
	echo "-- a new socket afterwards:"
	recovered "$mode" || rc=1
	return $rc
}

prep_a() {
	sysctl -qw "net.ipv6.conf.$IGX_A.disable_ipv6=1"
	ethtool -G "$IGX_A" rx $RING tx $RING
	ip link set dev "$IGX_A" up
	A_MAC=$(cat "/sys/class/net/$IGX_A/address")
	# once per probe: python starts slowly in an emulated guest
	feats=$("$FEAT" "$IGX_A" 2>&1)
	wait_link "$IGX_A" 30
}

# --- run -----------------------------------------------------------------

quiet_ports
peer ip link set "$IGX_B" up
# large rings: fewer chunks (each costs a process start); a driver that
# cannot keeps its rings and gets smaller chunks
if ! ethtool -G "$IGX_A" rx $RING tx $RING || ! P ethtool -G "$IGX_B" rx $RING tx $RING; then
	RING=256 CH=200
	ethtool -G "$IGX_A" rx $RING tx $RING
	P ethtool -G "$IGX_B" rx $RING tx $RING
fi
prep_a
wait_link "$IGX_B" 30
trap stop_all EXIT
echo "# port A $IGX_DRV $IGX_A: $feats, $(channels "$IGX_A") queues;" \
	"port B $IGX_B: $(channels "$IGX_B" P) queues"

nmodes=$(wc -w <<<"$MODES")
# IGX_XSK_BASIC=1 (the smoke set): only receive and transmit in each mode
ncases=14
[ "${IGX_XSK_BASIC:-0}" = 1 ] && ncases=2
ktap_plan $((1 + nmodes * ncases))
ktap_run "xsk-bench built" test_built
for m in $MODES; do
	t0=$(date +%s)
	ktap_run "$m: RX of $N numbered frames, in order, intact" rx_case "$m" ""
	ktap_run "$m: TX of $N numbered frames, checked by the peer" tx_case "$m" ""
	[ "$ncases" -gt 2 ] || { echo "# $m: $(($(date +%s) - t0)) s"; continue; }
	ktap_run "$m: RX and TX without need_wakeup" \
		eval 'rx_case '"$m"' -W && tx_case '"$m"' -W'
	ktap_run "$m: RX and TX with busy polling, batch 16" \
		eval 'rx_case '"$m"' "-B -b 16" && tx_case '"$m"' "-B -b 16"'
	ktap_run "$m: two queues, two sockets at once (RX, RSS steered)" two_queue_rx "$m"
	ktap_run "$m: two queues, two sockets at once (TX)" tx_case "$m" "" 2
	ktap_run "$m: sockets bound on a down port receive once it is up" rx_case "$m" "" down
	if [ "$m" = zc ]; then
		ktap_run "zc: zero-copy queue 0 beside copy-mode queue 1" mixed
	else
		ktap_run "copy: libxdp's default program" rx_case copy -L
	fi
	ktap_run "$m: ethtool -L under traffic" reconf_case "$m" "ethtool -L" op_channels
	ktap_run "$m: ethtool -G under traffic" reconf_case "$m" "ethtool -G" op_rings
	ktap_run "$m: MTU change under traffic" reconf_case "$m" "MTU change" op_mtu
	ktap_run "$m: XDP program replaced under traffic, and back" \
		reconf_case "$m" "XDP program replace" op_prog "$m"
	ktap_run "$m: link down/up under traffic" reconf_case "$m" "link down/up" op_link
	ktap_run "$m: driver removed with sockets bound" reconf_case "$m" "remove $IGX_DRV" op_remove
	echo "# $m: $(($(date +%s) - t0)) s"
done
ktap_finished
