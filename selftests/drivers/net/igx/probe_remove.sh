#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Probe and remove port A's driver 10 times; the port works afterwards.
. "$(dirname "$0")/lib.sh"

# igx: the module goes away completely; the in-tree igb also drives port B,
# so for it (validating the test) only the device is unbound
remove_a() {
	if [ "$IGX_DRV" = igx ]; then
		unload_igx && [ ! -d /sys/module/igx ]
	else
		unbind_a
	fi
}

test_cycles() {
	local i

	for ((i = 1; i <= 10; i++)); do
		remove_a || { echo "cycle $i: remove failed"; return 1; }
		if ls "/sys/bus/pci/devices/$IGX_A_PCI/net" >/dev/null 2>&1; then
			echo "cycle $i: netdev left after remove"
			return 1
		fi
		bind_a "$IGX_DRV" || { echo "cycle $i: probe failed"; return 1; }
		ip link set "$IGX_A" up || return 1
	done
	echo "10 cycles, port A is $IGX_A"
}

test_works_after() {
	setup_addrs && ping_ok "$B4"
}

ktap_plan 2
ktap_run "probe/remove $IGX_DRV 10 times" test_cycles
ktap_run "port works after the cycles" test_works_after
ktap_finished
