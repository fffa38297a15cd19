#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --tcg-thread multi
# A hung TX queue trips the stack's TX watchdog; igx counts the timeout
# (txN_timeouts, tx_timeouts: as many as the stack's own per-queue count),
# resets the port within seconds and traffic resumes. The hang comes from
# debugfs igx/<pci>/stall_txq, which stops one hardware TX queue the way a
# hung DMA engine would.
. "$(dirname "$0")/lib.sh"
. "$here/faults.sh"

knob=/sys/kernel/debug/igx/$IGX_A_PCI/stall_txq

# the stack's count of watchdog timeouts on TX queue $1
stack_timeouts() {
	cat "/sys/class/net/$IGX_A/queues/tx-$1/tx_timeout"
}

# "QUEUE PACKETS" per TX queue of port A
txq_packets() {
	ethtool -S "$IGX_A" | sed -nE 's/^ *tx([0-9]+)_packets: ([0-9]+)$/\1 \2/p'
}

# the TX queue that traffic sent from CPU $1 takes (XPS maps CPUs to
# queues), found by its counter
txq_of_cpu() {
	local a b

	a=$(mktemp) b=$(mktemp)
	txq_packets >"$a"
	taskset -c "$1" ping -q -c 20 -i 0.05 "$B4" >/dev/null
	txq_packets >"$b"
	join "$a" "$b" | awk '$3 - $2 >= 20 { print $1; exit }'
	rm -f "$a" "$b"
}

test_knob() {
	local n

	[ "$IGX_DRV" = igx ] || { skip "debugfs stall_txq is igx's"; return; }
	[ -e "$knob" ] || { echo "no $knob"; return 1; }
	n=$(ethtool -l "$IGX_A" | sed -n '/^Current/,$p' | awk '/^Combined:/ { print $2 }')
	! echo "$n" >"$knob" 2>/dev/null || { echo "queue $n (of $n) accepted"; return 1; }
	! echo bogus >"$knob" 2>/dev/null || { echo "'bogus' accepted"; return 1; }
	ip link set "$IGX_A" down
	if echo 0 >"$knob" 2>/dev/null; then
		echo "stall accepted on a down port"
		ip link set "$IGX_A" up
		return 1
	fi
	ip link set "$IGX_A" up && wait_link "$IGX_A" 30 && ping_ok "$B4"
}

# hang the TX queue that CPU $1's traffic takes; the port must recover
hang() {
	local cpu=$1 q n0 s0 t0 rs0 rx0 tx0 pid i start other0 other1

	[ "$IGX_DRV" = igx ] || { skip "debugfs stall_txq is igx's"; return; }
	q=$(txq_of_cpu "$cpu")
	[ -n "$q" ] || { echo "no TX queue took CPU $cpu's traffic"; return 1; }
	echo "CPU $cpu sends on TX queue $q"
	n0=$(ethtool_stat "tx${q}_timeouts") t0=$(ethtool_stat tx_timeouts)
	s0=$(stack_timeouts "$q") rs0=$(ethtool_stat resets)
	other0=$(ethtool -S "$IGX_A" | grep -E "^ *tx[0-9]+_timeouts:" | grep -v " tx${q}_timeouts:")
	rx0=$(stat_a rx_packets) tx0=$(stat_a tx_packets)

	echo "$q" >"$knob" || return 1
	start=$(date +%s)
	# keep the queue busy until the watchdog fires and the reset is done
	taskset -c "$cpu" ping -q -i 0.1 -w 300 "$B4" >/dev/null 2>&1 &
	pid=$!
	for ((i = 0; i < 600; i++)); do
		[ "$(ethtool_stat resets)" -gt "$rs0" ] && break
		sleep 0.2
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$(ethtool_stat resets)" -gt "$rs0" ] || { echo "no reset within 120 s"; return 1; }
	wait_link "$IGX_A" 30 || return 1
	ping_ok "$B4" || return 1
	echo "hang to working port: $(($(date +%s) - start)) s"

	echo "tx${q}_timeouts +$(($(ethtool_stat "tx${q}_timeouts") - n0))," \
	     "tx_timeouts +$(($(ethtool_stat tx_timeouts) - t0))," \
	     "stack tx-$q/tx_timeout +$(($(stack_timeouts "$q") - s0))," \
	     "resets +$(($(ethtool_stat resets) - rs0))"
	[ $(($(stack_timeouts "$q") - s0)) -ge 1 ] || { echo "the stack saw no timeout"; return 1; }
	[ $(($(ethtool_stat "tx${q}_timeouts") - n0)) -eq $(($(stack_timeouts "$q") - s0)) ] ||
		{ echo "tx${q}_timeouts differs from the stack's count"; return 1; }
	[ $(($(ethtool_stat tx_timeouts) - t0)) -eq $(($(stack_timeouts "$q") - s0)) ] ||
		{ echo "tx_timeouts differs from the stack's count"; return 1; }
	[ $(($(ethtool_stat resets) - rs0)) -eq 1 ] || { echo "expected exactly one reset"; return 1; }
	other1=$(ethtool -S "$IGX_A" | grep -E "^ *tx[0-9]+_timeouts:" | grep -v " tx${q}_timeouts:")
	[ "$other0" = "$other1" ] || { echo "other queues counted timeouts"; return 1; }
	[ "$(stat_a rx_packets)" -ge "$rx0" ] && [ "$(stat_a tx_packets)" -ge "$tx0" ] ||
		{ echo "counters went backwards over the reset"; return 1; }
}

test_hang0() { hang 0; }
test_hang1() {
	[ "$(nproc)" -ge 2 ] || { skip "one CPU"; return; }
	hang 1
}

test_logged_once() {
	[ "$IGX_DRV" = igx ] || { skip "igx only"; return; }
	# one reset per hang, and one line for it
	echo "$(klog_count 'hung \(hw head') reset lines, $(ethtool_stat resets) resets"
	[ "$(klog_count 'hung \(hw head')" -eq "$(ethtool_stat resets)" ]
}

ktap_plan 4
setup_addrs && ping_ok "$B4"
ktap_run "stall_txq rejects a bad queue and a down port" test_knob
ktap_run "hung TX queue of CPU 0: timeout counted, reset, traffic resumes" test_hang0
ktap_run "hung TX queue of CPU 1: timeout counted, reset, traffic resumes" test_hang1
ktap_run "one log line per reset" test_logged_once
ktap_finished
