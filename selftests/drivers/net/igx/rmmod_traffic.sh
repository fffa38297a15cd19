#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --tcg-thread multi
# Removing the driver while traffic flows both ways; the port works after a
# new probe.
. "$(dirname "$0")/lib.sh"

test_rmmod() {
	local rx0 i pids

	rx0=$(stat_a rx_packets)
	peer_bg ping -q -f -w 60 "$A4" >/dev/null 2>&1
	pids=$!
	ping -q -f -w 60 "$B4" >/dev/null 2>&1 &
	pids="$pids $!"
	# removal must happen with frames in flight
	for ((i = 0; i < 100; i++)); do
		[ $(($(stat_a rx_packets) - rx0)) -ge 200 ] && break
		sleep 0.1
	done
	echo "$(($(stat_a rx_packets) - rx0)) frames received before removal"
	if [ "$IGX_DRV" = igx ]; then
		unload_igx || { kill $pids; return 1; }
	else
		unbind_a || { kill $pids; return 1; }
	fi
	kill $pids 2>/dev/null
	wait $pids 2>/dev/null
	! ls "/sys/bus/pci/devices/$IGX_A_PCI/net" >/dev/null 2>&1
}

test_after() {
	bind_a "$IGX_DRV" && setup_addrs && ping_ok "$B4"
}

ktap_plan 2
setup_addrs && ping_ok "$B4"
ktap_run "remove $IGX_DRV while traffic flows" test_rmmod
ktap_run "port works after a new probe" test_after
ktap_finished
