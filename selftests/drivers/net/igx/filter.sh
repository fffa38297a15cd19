#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unicast filtering: frames to a foreign MAC are dropped unless the port is
# promiscuous; frames to the port's own MAC always arrive.
. "$(dirname "$0")/lib.sh"

FOREIGN=52:54:00:de:ad:01
N=64

# frames that reached port A's stack when the peer sends N to MAC $1
received() {
	local n

	n=$(count_frames "$IGX_A" peer python3 "$here/frames.py" send "$IGX_B" "$1" "$N")
	echo "$n of $N frames to $1 received (promisc $(promisc))" >&2
	echo "$n"
}

promisc() { [ $(($(cat "/sys/class/net/$IGX_A/flags") & 0x100)) -ne 0 ] && echo on || echo off; }

test_own() { [ "$(received "$A_MAC")" -eq "$N" ]; }
test_foreign() { [ "$(received "$FOREIGN")" -eq 0 ]; }

test_promisc() {
	local n

	ip link set "$IGX_A" promisc on || return 1
	n=$(received "$FOREIGN")
	ip link set "$IGX_A" promisc off
	[ "$n" -eq "$N" ]
}

ktap_plan 4
quiet_ports
ports_up
ktap_run "frames to own MAC received" test_own
ktap_run "frames to a foreign MAC dropped" test_foreign
ktap_run "frames to a foreign MAC received in promiscuous mode" test_promisc
ktap_run "foreign MAC dropped again after promiscuous off" test_foreign
ktap_finished
