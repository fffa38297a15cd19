#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ethtool -i identifies the driver and the port; ethtool -S has per-queue counters.
. "$(dirname "$0")/lib.sh"

info() { ethtool -i "$IGX_A" | sed -n "s/^$1: //p"; }

test_driver() {
	local d

	d=$(info driver)
	echo "driver: $d"
	[ "$d" = "$IGX_DRV" ]
}

test_bus_info() {
	local b

	b=$(info bus-info)
	echo "bus-info: $b, expected $IGX_A_PCI"
	[ "$b" = "$IGX_A_PCI" ]
}

test_versions() {
	ethtool -i "$IGX_A"
	[ -n "$(info version)" ] && [ -n "$(info firmware-version)" ]
}

test_queue_counters() {
	local n

	ip link set "$IGX_A" up
	n=$(rxq_packets | wc -l)
	echo "$n rx queue counters"
	[ "$n" -ge 1 ]
}

ktap_plan 4
ktap_run "ethtool -i driver is $IGX_DRV" test_driver
ktap_run "ethtool -i bus-info is the PCI address" test_bus_info
ktap_run "ethtool -i versions reported" test_versions
ktap_run "ethtool -S per-queue rx counters" test_queue_counters
ktap_finished
