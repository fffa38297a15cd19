# SPDX-License-Identifier: GPL-2.0
# Helpers for the fault tests (source after lib.sh): QEMU monitor commands,
# kernel-log polling, port snapshots.

# a human monitor (HMP) command on this guest's QEMU, through QMP
hmp() {
	host_qmp "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"$*\"}}"
}

# kernel log lines matching the extended regex $1
klog_count() {
	dmesg | grep -cE -- "$1"
}

# wait up to $3 seconds (default 60) until more than $2 kernel log lines
# match $1
klog_wait() {
	local i

	for ((i = 0; i < ${3:-60} * 5; i++)); do
		[ "$(klog_count "$1")" -gt "$2" ] && return 0
		sleep 0.2
	done
	echo "kernel log: no new '$1' after ${3:-60} s"
	return 1
}

# PCIe AER (pci_error.sh, sriov.sh): QEMU's 82576 model never reports
# errors itself; an error injected at the root port above port A is
# recovered through the drivers of every function below it
RECOVERED='AER: device recovery successful'
FAILED='AER: device recovery failed'

# inject an error (pcie_aer_inject_error ARGS) and wait for the kernel's
# account of the recovery: it must come, and say it succeeded
aer_error() {
	local ok0 bad0

	ok0=$(klog_count "$RECOVERED") bad0=$(klog_count "$FAILED")
	hmp pcie_aer_inject_error "$@" >/dev/null || { echo "QMP injection failed"; return 1; }
	klog_wait "$RECOVERED|$FAILED" $((ok0 + bad0)) 120 || return 1
	[ "$(klog_count "$FAILED")" -eq "$bad0" ] && return 0
	dmesg | tail -n 15
	echo "recovery failed"
	return 1
}

# the configuration of port A that no fault may change
a_config() {
	local f=/sys/class/net/$IGX_A

	echo "mtu $(cat "$f/mtu") address $(cat "$f/address") flags $(cat "$f/flags")"
	ethtool -g "$IGX_A" | sed -n '/^Current/,$p' | grep -E '^(RX|TX):'
	ethtool -l "$IGX_A" | sed -n '/^Current/,$p' | grep -E '^(Combined|RX|TX):'
	ethtool -c "$IGX_A" | grep -E '^(rx|tx)-usecs:'
	ethtool -k "$IGX_A" | grep -E '^(rx-checksumming|tx-checksumming|scatter-gather|tcp-segmentation-offload|rx-vlan-offload|tx-vlan-offload|generic-receive-offload):'
	echo "xdp $(xdp_id)"
}

# id of the XDP program attached to port A (any mode), or "none"
xdp_id() {
	ip link show dev "$IGX_A" | sed -nE 's|.*prog/xdp[a-z]* id ([0-9]+).*|\1|p' | grep . || echo none
}

# an ethtool -S counter of port A (0 when the driver has no such counter)
ethtool_stat() {
	ethtool -S "$IGX_A" 2>/dev/null | awk -v n="$1:" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }'
}

# compare two a_config outputs; prints the difference
same_config() {
	diff <(echo "$1") <(echo "$2") && return 0
	echo "configuration changed (< before, > after)"
	return 1
}

# wait up to $2 seconds until port A's stat $1 exceeds $3
stat_a_above() {
	local i

	for ((i = 0; i < ${2:-30} * 5; i++)); do
		[ "$(stat_a "$1")" -gt "$3" ] && return 0
		sleep 0.2
	done
	echo "$1 stayed at $(stat_a "$1") (not above $3)"
	return 1
}

# an XDP object for native attach tests, or nothing
xdp_obj() {
	local o=$IGX_ROOT/bpf/xdp_pass.o

	[ -f "$o" ] && echo "$o"
}

# --- an AF_XDP receiver on port A through a fault -------------------------


# xsk_start OUT: tools/xsk-bench receiving on every queue of port A, its own
# XDP program replacing any attached (zero-copy on igx; copy on igb, which
# has no zero-copy); its pid in $xsk_pid, per-second counts in OUT
xsk_start() {
	local mode=-z nq

	[ "$IGX_DRV" = igx ] || mode=-S
	nq=$(channels "$IGX_A")
	xb_start "$1" "$XB" -i "$IGX_A" -r "$mode" -f -Q "$nq" -d 900 || return 1
	xsk_pid=$xb_pid
	grep -m1 '^xsk-bench:' "$1"
}

# frames the receiver writing OUT has taken so far (its last per-second line)
xsk_rx() {
	grep '^rx_pps' "$1" | tail -n1 | grep -oE ' rx=[0-9]+' | awk -F= '{ s += $2 } END { print s + 0 }'
}

# xsk_grows OUT MORE SECS: the receiver takes MORE further frames in SECS
xsk_grows() {
	local base i

	base=$(xsk_rx "$1")
	for ((i = 0; i < $3 * 5; i++)); do
		[ $(($(xsk_rx "$1") - base)) -ge "$2" ] && { echo "XSK received $base -> $(xsk_rx "$1")"; return 0; }
		kill -0 "$xsk_pid" 2>/dev/null || { echo "xsk-bench ended"; return 1; }
		sleep 0.2
	done
	echo "XSK receiver stalled at $(xsk_rx "$1") frames (from $base)"
	return 1
}

# xsk_ended OUT: the receiver has exited; say how. An error it was told
# (a status from its own error path) is clean; a signal or a crash is not
xsk_ended() {
	local rc

	wait "$xsk_pid"
	rc=$?
	echo "xsk-bench ended with status $rc: $(grep -v '^rx_pps' "$1" | tail -n1)"
	[ "$rc" -gt 0 ] && [ "$rc" -lt 128 ]
}


# the peer knows port A's address without asking: with every queue's
# frames going to sockets, port A's stack answers no ARP
peer_neigh_fixed() {
	peer ip neigh replace "$A4" lladdr "$A_MAC" dev "$IGX_B" nud permanent
}

peer_neigh_auto() {
	peer ip neigh del "$A4" dev "$IGX_B" 2>/dev/null
	return 0
}
