#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IPv4 and IPv6 ping both ways; full-size and 9000-byte jumbo frames with DF.
. "$(dirname "$0")/lib.sh"

test_v4_a_to_b() { ping_ok "$B4"; }
test_v4_b_to_a() { peer ping -q -i 0.2 -c 3 -W 2 "$A4"; }
test_v6_a_to_b() { ping_ok -6 "$B6"; }
test_v6_b_to_a() { peer ping -q -6 -i 0.2 -c 3 -W 2 "$A6"; }

# 1472 + 8 + 20 = 1500 bytes of IP: the whole standard MTU, not fragmented
test_full_size() {
	ping -q -M do -s 1472 -i 0.2 -c 3 -W 2 "$B4" && peer ping -q -M do -s 1472 -i 0.2 -c 3 -W 2 "$A4" &&
		ping -q -6 -M do -s 1452 -i 0.2 -c 3 -W 2 "$B6"
}

test_jumbo() {
	ip link set "$IGX_A" mtu 9000 || return 1
	peer ip link set "$IGX_B" mtu 9000 || return 1
	wait_link "$IGX_A" && wait_link "$IGX_B" || return 1
	[ "$(cat "/sys/class/net/$IGX_A/mtu")" = 9000 ] || return 1
	ping_ok -M do -s 8972 "$B4" && peer ping -q -M do -s 8972 -i 0.2 -c 3 -W 2 "$A4" &&
		ping -q -6 -M do -s 8952 -i 0.2 -c 3 -W 2 "$B6"
}

ktap_plan 6
setup_addrs
ktap_run "ipv4 A->B" test_v4_a_to_b
ktap_run "ipv4 B->A" test_v4_b_to_a
ktap_run "ipv6 A->B" test_v6_a_to_b
ktap_run "ipv6 B->A" test_v6_b_to_a
ktap_run "1500-byte packets with DF both ways" test_full_size
ktap_run "9000 MTU jumbo packets with DF both ways" test_jumbo
ktap_finished
