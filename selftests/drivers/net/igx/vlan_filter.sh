#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VLAN filter (rx-vlan-filter, the VFTA): frames of a VLAN registered on
# port A arrive, frames of any other VLAN are dropped by the device before
# they reach the driver; promiscuous mode and rx-vlan-filter off let them
# through; a VID out of range is refused.
. "$(dirname "$0")/lib.sh"

N=64
REG=10		# VLAN with a device on port A
OTHER=20	# VLAN the peer sends on, never registered on port A

# port A's driver count of received frames (every frame the device gave it)
rx_a() { stat_a rx_packets; }

# MAC counter $1 of port A: hw_gprc (frames the device accepted), hw_tpr
# (every frame it received; on silicon also those its filters dropped);
# the in-tree igb has neither name
hwc() {
	[ "$IGX_DRV" = igx ] || { echo 0; return; }
	ethtool -S "$IGX_A" | awk -v n="hw_$1:" '$1 == n { print $2 }'
}

# the peer sends N frames on its VLAN $1 to port A's MAC
send_vlan() {
	peer python3 "$here/frames.py" send "$IGX_B.$1" "$A_MAC" "$N" >/dev/null
}

# frames of the peer's VLAN $1 that reached port A's driver: prints the
# deltas of the driver's count, hw_gprc and hw_tpr
delta_rx() {
	local r0 g0 t0 r1 g1 t1 i

	r0=$(rx_a) g0=$(hwc gprc) t0=$(hwc tpr)
	send_vlan "$1" || { echo -1; return; }
	# the driver's counter settles within a NAPI poll; wait until it stops
	r1=$(rx_a)
	for ((i = 0; i < 20; i++)); do
		sleep 0.1
		[ "$(rx_a)" = "$r1" ] && break
		r1=$(rx_a)
	done
	g1=$(hwc gprc) t1=$(hwc tpr)
	echo "VLAN $1: $((r1 - r0)) of $N frames reached the driver, hw_gprc +$((g1 - g0)), hw_tpr +$((t1 - t0))" >&2
	echo "$((r1 - r0)) $((g1 - g0)) $((t1 - t0))"
}

test_default_on() {
	ethtool -k "$IGX_A" | grep -x 'rx-vlan-filter: on'
}

test_registered() {
	local n

	n=$(count_frames "$IGX_A.$REG" send_vlan "$REG")
	echo "$n of $N frames of VLAN $REG received on $IGX_A.$REG"
	[ "$n" -eq "$N" ]
}

test_unregistered() {
	local d

	read -r -a d <<<"$(delta_rx "$OTHER")"
	[ "${d[0]}" -eq 0 ] && [ "${d[1]}" -eq 0 ]
}

# the device counts what its filters drop: every frame it receives is in
# TPR, only the accepted ones in GPRC (datasheet, Statistics); QEMU counts
# a frame in neither when its filter drops it (driver/igx_hw.c, top)
test_drop_counted() {
	local d

	[ "$IGX_DRV" = igx ] || { skip "the in-tree igb exports no hw_tpr"; return; }
	read -r -a d <<<"$(delta_rx "$OTHER")"
	[ "${d[0]}" -eq 0 ] || return 1
	if [ "${d[2]}" -eq 0 ]; then
		skip "the device counted none of the $N frames its VLAN filter dropped (hw_tpr +0, hw_gprc +${d[1]}): QEMU's filter drops before any counter"
		return
	fi
	[ $((d[2] - d[1])) -ge "$N" ]
}

test_promisc() {
	local d

	ip link set "$IGX_A" promisc on || return 1
	read -r -a d <<<"$(delta_rx "$OTHER")"
	ip link set "$IGX_A" promisc off
	[ "${d[0]}" -eq "$N" ] || return 1
	# and the filter is back once promiscuous mode ends
	read -r -a d <<<"$(delta_rx "$OTHER")"
	[ "${d[0]}" -eq 0 ]
}

test_filter_off() {
	local d

	ethtool -K "$IGX_A" rx-vlan-filter off || return 1
	read -r -a d <<<"$(delta_rx "$OTHER")"
	ethtool -K "$IGX_A" rx-vlan-filter on || return 1
	[ "${d[0]}" -eq "$N" ] || return 1
	read -r -a d <<<"$(delta_rx "$OTHER")"
	[ "${d[0]}" -eq 0 ]
}

test_bad_vid() {
	local d

	if ip link add link "$IGX_A" name "$IGX_A.bad" type vlan id 4095 2>/tmp/err; then
		ip link del "$IGX_A.bad"
		echo "VID 4095 accepted"
		return 1
	fi
	echo "VID 4095: $(cat /tmp/err)"
	# the registered VLAN still passes, the other is still dropped
	test_registered || return 1
	read -r -a d <<<"$(delta_rx "$OTHER")"
	[ "${d[0]}" -eq 0 ]
}

# VLAN membership outlives a close and reopen (rings rebuilt)
test_down_up() {
	ip link set "$IGX_A" down && ip link set "$IGX_A" up || return 1
	wait_link "$IGX_A" || return 1
	test_registered && test_unregistered
}

ktap_plan 8
# no IPv6 on any interface: only the test's frames are counted
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
peer sysctl -qw net.ipv6.conf.default.disable_ipv6=1
quiet_ports
ip link add link "$IGX_A" name "$IGX_A.$REG" type vlan id "$REG"
peer ip link add link "$IGX_B" name "$IGX_B.$REG" type vlan id "$REG"
peer ip link add link "$IGX_B" name "$IGX_B.$OTHER" type vlan id "$OTHER"
ip link set "$IGX_A" up && ip link set "$IGX_A.$REG" up
peer ip link set "$IGX_B" up
peer ip link set "$IGX_B.$REG" up
peer ip link set "$IGX_B.$OTHER" up
wait_link "$IGX_A" && wait_link "$IGX_B"
ktap_run "rx-vlan-filter on by default" test_default_on
ktap_run "frames of a registered VLAN received ($N of $N)" test_registered
ktap_run "frames of an unregistered VLAN dropped by the device (0 of $N)" test_unregistered
ktap_run "the device counts the dropped frames (hw_tpr - hw_gprc >= $N)" test_drop_counted
ktap_run "promiscuous mode passes every VLAN, the filter returns after" test_promisc
ktap_run "rx-vlan-filter off passes every VLAN, on drops again" test_filter_off
ktap_run "VID 4095 refused, filter unchanged" test_bad_vid
ktap_run "VLAN filter kept across down/up" test_down_up
ktap_finished
