#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A joined IPv4 multicast group is received (the driver programs its
# multicast filter); leaving the group and joining another works too.
. "$(dirname "$0")/lib.sh"

# datagrams sent by the peer to GROUP:PORT that the socket on A got
mc_receive() {
	local group=$1 port=$2 pid i

	rm -f /tmp/mc.txt
	socat -u "UDP4-RECV:$port,ip-add-membership=$group:$IGX_A" OPEN:/tmp/mc.txt,creat &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		ss -Hlun "sport = :$port" | grep -q . && break
		sleep 0.1
	done
	for ((i = 0; i < 20; i++)); do
		echo "hello $group" | peer socat -u - "UDP4-DATAGRAM:$group:$port,ip-multicast-if=$B4"
		grep -q "hello $group" /tmp/mc.txt 2>/dev/null && break
		sleep 0.2
	done
	kill $pid
	wait $pid 2>/dev/null
	grep -q "hello $group" /tmp/mc.txt 2>/dev/null
}

test_group() { mc_receive 239.1.2.3 5003; }
test_second_group() { mc_receive 239.7.8.9 5004; }

test_allmulti() {
	local before after

	ip link set "$IGX_A" allmulticast on || return 1
	mc_receive 239.3.3.3 5005 || return 1
	ip link set "$IGX_A" allmulticast off
}

ktap_plan 3
setup_addrs && ping_ok "$B4"
ktap_run "joined multicast group 239.1.2.3 received" test_group
ktap_run "another group joined after leaving the first" test_second_group
ktap_run "multicast received with allmulticast on" test_allmulti
ktap_finished
