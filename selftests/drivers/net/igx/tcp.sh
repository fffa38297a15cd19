#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 32 MB over TCP each way, checksums compared.
. "$(dirname "$0")/lib.sh"

MB=32

listening() { # NS-PREFIX PORT
	local i

	for ((i = 0; i < 100; i++)); do
		$1 ss -Hltn "sport = :$2" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

transfer() { # "" or peer (receiver side), destination address, port
	local rx=$1 dst=$2 port=$3 tx= pid sum_tx sum_rx

	[ -n "$rx" ] || tx=peer
	rm -f /tmp/rx.bin
	$rx socat -u "TCP-LISTEN:$port,reuseaddr" OPEN:/tmp/rx.bin,creat,trunc &
	pid=$!
	listening "$rx" "$port" || { echo "no listener"; kill $pid; return 1; }
	$tx socat -u OPEN:/tmp/tx.bin "TCP:$dst:$port" || { echo "sender failed"; kill $pid; return 1; }
	wait $pid || { echo "receiver failed"; return 1; }
	sum_tx=$(sha256sum </tmp/tx.bin)
	sum_rx=$(sha256sum </tmp/rx.bin)
	echo "sent $(stat -c %s /tmp/tx.bin) received $(stat -c %s /tmp/rx.bin)"
	[ "$sum_tx" = "$sum_rx" ]
}

test_a_to_b() { transfer peer "$B4" 5001; }
test_b_to_a() { transfer "" "$A4" 5002; }

ktap_plan 2
setup_addrs && ping_ok "$B4"
head -c $((MB << 20)) /dev/urandom >/tmp/tx.bin
ktap_run "TCP $MB MB A->B, checksum matches" test_a_to_b
ktap_run "TCP $MB MB B->A, checksum matches" test_b_to_a
ktap_finished
