#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# netconsole on port A (netpoll) delivers kernel messages to the peer.
. "$(dirname "$0")/lib.sh"

test_netconsole() {
	local tag=igx-netconsole-$RANDOM pid i rc=1

	rm -f /tmp/nc.txt
	peer_bg socat -u UDP4-RECV:6666 OPEN:/tmp/nc.txt,creat,append
	pid=$!
	modprobe netconsole "netconsole=6665@$A4/$IGX_A,6666@$B4/$B_MAC" || { kill $pid; return 1; }
	# critical: below the console loglevel (3), so every console prints it
	for ((i = 0; i < 50; i++)); do
		echo "<2>$tag" >/dev/kmsg
		grep -q "$tag" /tmp/nc.txt 2>/dev/null && { rc=0; break; }
		sleep 0.2
	done
	rmmod netconsole
	kill $pid
	wait $pid 2>/dev/null
	echo "peer got: $(head -c 200 /tmp/nc.txt 2>/dev/null)"
	return $rc
}

ktap_plan 1
setup_addrs && ping_ok "$B4"
ktap_run "netconsole message reaches the peer" test_netconsole
ktap_finished
