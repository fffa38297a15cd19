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
