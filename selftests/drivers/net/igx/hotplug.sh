#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900 --tcg-thread multi
# Port A unplugged (QMP device_del) while traffic flows both ways, an XDP
# program is attached and AF_XDP sockets are bound on every queue: no oops,
# no hang, the driver lets go of everything, the sockets' owner can still
# close them;
# device_add brings a working port back. Then a device whose registers all
# read all ones (as after a surprise removal) must not hang the driver.
. "$(dirname "$0")/lib.sh"
. "$here/faults.sh"

A_DEV='{"driver": "igb", "id": "port-a", "netdev": "n0", "bus": "rp0", "mac": "52:54:00:49:58:0a"}'

# wait up to $2 seconds for port A's PCI function to be there ($1 = 1) or
# gone ($1 = 0)
wait_pci() {
	local i

	for ((i = 0; i < $2 * 5; i++)); do
		if [ -e "/sys/bus/pci/devices/$IGX_A_PCI" ]; then
			[ "$1" = 1 ] && return 0
		else
			[ "$1" = 0 ] && return 0
		fi
		sleep 0.2
	done
	echo "$IGX_A_PCI still $([ "$1" = 1 ] && echo absent || echo present) after $2 s"
	return 1
}

attach_xdp() {
	local obj

	obj=$(xdp_obj) || { echo "bpf/xdp_pass.o not built: no XDP program"; return 0; }
	ip link set dev "$IGX_A" xdpdrv obj "$obj" sec xdp.frags 2>/dev/null && { echo "native XDP attached"; return 0; }
	ip link set dev "$IGX_A" xdpgeneric obj "$obj" sec xdp && echo "generic XDP attached"
}

# unplug [xsk]: with "xsk", sockets on every queue take port A's frames
# (over the XDP program, which they replace) when it goes
unplug() {
	local a=$IGX_A rx0 rc out=${IGX_OUT:-/tmp}/xsk.out

	attach_xdp || return 1
	if [ "${1:-}" = xsk ]; then
		xsk_start "$out" || return 1
		peer_neigh_fixed
	fi
	traffic_start
	rx0=$(stat_a rx_packets)
	stat_a_above rx_packets 30 $((rx0 + 200)) &&
		{ [ -z "${1:-}" ] || xsk_grows "$out" 200 30; } &&
		host_qmp '{"execute": "device_del", "arguments": {"id": "port-a"}}' >/dev/null &&
		wait_pci 0 60
	rc=$?
	traffic_stop
	if [ -n "${1:-}" ]; then
		peer_neigh_auto
		# the sockets outlive the device: closing them must not hang,
		# and xsk-bench must have seen the device go
		xb_stop "$xsk_pid" "$([ "$rc" -eq 0 ] && echo 3)" || return 1
		echo "xsk-bench closed its sockets on the removed port: $(grep -m1 'went away' "$out")"
	fi
	[ "$rc" -eq 0 ] || return 1
	[ ! -e "/sys/class/net/$a" ] || { echo "netdev $a left behind"; return 1; }
	if [ "$IGX_DRV" = igx ]; then
		[ ! -e "/sys/kernel/debug/igx/$IGX_A_PCI" ] || { echo "debugfs directory left behind"; return 1; }
		echo "igx references: $(cat /sys/module/igx/refcnt)"
		[ "$(cat /sys/module/igx/refcnt)" = 0 ] || return 1
	fi
	IGX_A=
	# the rest of the system is fine: port B still answers in its netns
	peer ping -q -c 1 -W 2 "$B4" >/dev/null
}

plug() {
	host_qmp "{\"execute\": \"device_add\", \"arguments\": $A_DEV}" >/dev/null || return 1
	wait_pci 1 60 || return 1
	# a new PCI device has no driver_override: whichever driver matched
	# first took it; move it to the one under test
	bind_a "$IGX_DRV" || return 1
	echo "port A back as $IGX_A ($(a_driver))"
	setup_addrs && ping_ok "$B4" && ping_ok -6 "$B6"
}

test_unplug() { unplug xsk; }
test_plug() { plug; }

test_cycles() {
	local i

	for ((i = 1; i <= 2; i++)); do
		unplug >/dev/null || { echo "cycle $i: unplug"; unplug; return 1; }
		plug >/dev/null || { echo "cycle $i: plug"; return 1; }
	done
	[ "$IGX_DRV" != igx ] || [ -e "/sys/kernel/debug/igx/$IGX_A_PCI/stall_txq" ]
}

# QEMU cannot make a device read all ones (its unplugged or disabled MMIO
# reads as zero): debugfs fake_removal makes igx's registers read all ones,
# as a surprise-removed device's would, while traffic flows
test_dead() {
	local knob=/sys/kernel/debug/igx/$IGX_A_PCI/fake_removal n0 g0 g1 t0

	[ "$IGX_DRV" = igx ] || { skip "debugfs fake_removal is igx's"; return; }
	n0=$(klog_count 'device reads all ones')
	g0=$(ethtool_stat hw_gprc)
	traffic_start
	stat_a_above rx_packets 30 $(($(stat_a rx_packets) + 200)) || { traffic_stop; return 1; }
	echo 1 >"$knob" || { traffic_stop; return 1; }
	klog_wait 'device reads all ones' "$n0" 30 || { traffic_stop; return 1; }
	traffic_stop
	t0=$(date +%s)
	g1=$(timeout 120 ethtool -S "$IGX_A" | awk '$1 == "hw_gprc:" { print $2 }')
	[ -n "$g1" ] || { echo "ethtool -S hung or failed"; return 1; }
	# all ones must never be added to the counters
	echo "hw_gprc $g0 -> $g1"
	[ "$g1" -ge "$g0" ] && [ $((g1 - g0)) -lt 1000000 ] || { echo "bogus counter"; return 1; }
	timeout 120 ip link set "$IGX_A" down || { echo "ip link set down hung or failed"; return 1; }
	timeout 120 ip link set "$IGX_A" up || { echo "ip link set up hung"; return 1; }
	timeout 120 ip link set "$IGX_A" down || return 1
	echo "ethtool -S, down, up, down on the dead device: $(($(date +%s) - t0)) s"
	[ "$(klog_count 'device reads all ones')" -eq $((n0 + 1)) ] || { echo "logged more than once"; return 1; }
	# a fresh probe maps the device again
	bind_a igx && setup_addrs && ping_ok "$B4"
}

test_unload() {
	[ "$IGX_DRV" = igx ] || { skip "igx only"; return; }
	unload_igx && [ ! -d /sys/module/igx ] && bind_a igx && setup_addrs && ping_ok "$B4"
}

ktap_plan 5
setup_addrs && ping_ok "$B4"
ktap_run "device_del of port A under traffic with XDP attached and XSK sockets bound" test_unplug
ktap_run "device_add brings a working port back" test_plug
ktap_run "two more unplug/plug cycles" test_cycles
ktap_run "a device reading all ones does not hang the driver" test_dead
ktap_run "driver unloads and reloads afterwards" test_unload
ktap_finished
