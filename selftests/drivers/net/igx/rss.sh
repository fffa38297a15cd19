#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RSS spreads many TCP flows over at least two RX queues.
. "$(dirname "$0")/lib.sh"

FLOWS=64

test_spread() {
	local q used i

	q=$(rxq_packets | wc -l)
	echo "$q rx queues"
	[ "$q" -ge 2 ] || { echo "need 2 RX queues (smp >= 2)"; return 1; }
	rxq_packets >/tmp/before
	# SYNs to closed ports: every flow a different 4-tuple, each answered by a RST
	peer python3 -c "
import socket
for p in range($FLOWS):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex(('$A4', 20000 + p))
    s.close()
"
	for ((i = 0; i < 50; i++)); do
		rxq_packets >/tmp/after
		[ "$(rxq_delta /tmp/before /tmp/after | awk '{ s += $2 } END { print s + 0 }')" -ge $FLOWS ] && break
		sleep 0.1
	done
	rxq_delta /tmp/before /tmp/after | sed 's/^/queue /'
	used=$(rxq_delta /tmp/before /tmp/after | awk '$2 > 0' | wc -l)
	[ "$used" -ge 2 ]
}

ktap_plan 1
setup_addrs && ping_ok "$B4"
ktap_run "$FLOWS TCP flows spread over >= 2 RX queues" test_spread
ktap_finished
