#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MTU outside the advertised range is rejected and leaves the port as it was.
. "$(dirname "$0")/lib.sh"

mtu() { cat "/sys/class/net/$IGX_A/mtu"; }
range() { ip -d -j link show "$IGX_A" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$1'])"; }

reject() {
	local want=$1 before

	before=$(mtu)
	if ip link set "$IGX_A" mtu "$want"; then
		echo "mtu $want accepted"
		return 1
	fi
	[ "$(mtu)" = "$before" ] || { echo "mtu changed to $(mtu)"; return 1; }
	ping_ok "$B4"
}

test_range() {
	echo "min_mtu $(range min_mtu) max_mtu $(range max_mtu)"
	[ "$(range min_mtu)" -le 68 ] && [ "$(range max_mtu)" -ge 9000 ]
}
test_above() { reject $(($(range max_mtu) + 1)); }
test_below() { reject $(($(range min_mtu) - 1)); }

test_max() {
	local max

	max=$(range max_mtu)
	ip link set "$IGX_A" mtu "$max" && [ "$(mtu)" = "$max" ] && wait_link "$IGX_A" &&
		ip link set "$IGX_A" mtu 1500 && wait_link "$IGX_A" && ping_ok "$B4"
}

ktap_plan 4
setup_addrs
ktap_run "MTU range covers 68..9000" test_range
ktap_run "MTU above max rejected, port unchanged" test_above
ktap_run "MTU below min rejected, port unchanged" test_below
ktap_run "MTU max then 1500, port works" test_max
ktap_finished
