#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every frame the peer sent at a moderate rate is accounted for by port A's
# rx counters (netdev stats and the sum of the per-queue ethtool counters).
. "$(dirname "$0")/lib.sh"

N=2000

rxq_sum() { rxq_packets | awk '{ s += $2 } END { print s + 0 }'; }

# poll until port A has counted everything, at most 10 s
settle() {
	local i

	for ((i = 0; i < 100; i++)); do
		[ $(($(stat_a rx_packets) - rx0)) -ge "$N" ] && [ $(($(rxq_sum) - q0)) -ge "$N" ] && return
		sleep 0.1
	done
}

test_account() {
	local rx0 q0 tx0 rx q tx

	rx0=$(stat_a rx_packets) q0=$(rxq_sum) tx0=$(stat_b tx_packets)
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$N" >/dev/null || return 1
	settle
	rx=$(($(stat_a rx_packets) - rx0)) q=$(($(rxq_sum) - q0)) tx=$(($(stat_b tx_packets) - tx0))
	echo "peer sent $tx, A rx_packets +$rx, per-queue sum +$q (expected $N)"
	[ "$tx" -eq "$N" ] && [ "$rx" -eq "$N" ] && [ "$q" -eq "$N" ]
}

test_bytes() {
	local b0 b

	b0=$(stat_a rx_bytes)
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" 100 >/dev/null || return 1
	for ((i = 0; i < 100; i++)); do
		b=$(($(stat_a rx_bytes) - b0))
		[ "$b" -ge 7400 ] && break
		sleep 0.1
	done
	# 100 frames of 14 + 60 bytes (no FCS)
	echo "rx_bytes +$b, expected 7400"
	[ "$b" -eq 7400 ]
}

ktap_plan 2
quiet_ports
ports_up
ktap_run "rx counters account for all $N frames sent" test_account
ktap_run "rx_bytes accounts for 100 frames of 74 bytes" test_bytes
ktap_finished
