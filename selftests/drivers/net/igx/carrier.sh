#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 1800
# Who may change port A's carrier, and when (igx_netdev.c, igx_watchdog).
# - The watchdog tested the DOWN bit without rtnl, so igx_down could turn
#   the carrier off between that test and the watchdog's netif_carrier_on:
#   an admin-down port then showed LOWER_UP. Every carrier change igx makes
#   on a registered port now holds rtnl; the test reads rtnl_mutex's owner at
#   each netif_carrier_on/off on port A (bpftrace) and wants the caller to
#   be it: the rule itself, not the rare interleaving it prevents.
# - netif_carrier_off() ran after register_netdev(): a port opened in
#   between showed carrier before the watchdog had seen the link. The test
#   reads the NOCARRIER bit of the netdev as igx registers it.
# The in-tree igb (IGX_DRV=igb) does both the other way (igb_watchdog_task
# without rtnl, netif_carrier_off after register_netdev): those two cases
# are igx's rules, and SKIP there.
. "$(dirname "$0")/lib.sh"

OUT=${IGX_OUT:-/tmp}/carrier
mkdir -p "$OUT"
bt_pid=

# bt_start PROGRAM FUNC...: bpftrace running PROGRAM, one line per event
# in $OUT/bt, until bt_stop. Ready once `bpftool perf` lists a kprobe on
# every FUNC ("Attaching" is printed before they are attached). Killed, not
# interrupted: a background job of a script starts with SIGINT ignored, and
# nothing is left in maps to print.
bt_start() {
	local prog=$1 t0=$SECONDS f ok

	shift
	: >"$OUT/bt"
	bpftrace -B line -e "$prog" >"$OUT/bt" 2>&1 &
	bt_pid=$!
	while ((SECONDS - t0 < 300)); do
		ok=1
		for f in "$@"; do
			bpftool perf list 2>/dev/null | grep -qE "kprobe +func +$f +offset" || ok=
		done
		[ -n "$ok" ] && return 0
		kill -0 "$bt_pid" 2>/dev/null || { cat "$OUT/bt"; return 1; }
		sleep 0.2
	done
	echo "bpftrace's probes not attached after 300 s:"
	cat "$OUT/bt"
	bpftool perf list
	bt_stop
	return 1
}

bt_stop() {
	[ -n "$bt_pid" ] || return 0
	kill -KILL "$bt_pid"
	wait "$bt_pid" 2>/dev/null
	bt_pid=
}

igx_only() {
	[ "$IGX_DRV" = igx ] || skip "igx's rule; $IGX_DRV does it differently"
}

# __LINK_STATE_NOCARRIER is bit 2 of net_device.state (netdevice.h)
test_registered_without_carrier() {
	local seen

	igx_only || return
	# every registration, with the PCI device under it: port A's is ours
	bt_start 'kprobe:register_netdevice
		/((struct net_device *)arg0)->dev.parent != 0/
		{ printf("registered %s nocarrier=%d\n", str(((struct net_device *)arg0)->dev.parent->kobj.name),
			 (((struct net_device *)arg0)->state >> 2) & 1); }' register_netdevice ||
		return 1
	bind_a igx || { bt_stop; return 1; }
	bt_stop
	seen=$(grep -c "^registered $IGX_A_PCI " "$OUT/bt")
	[ "$seen" -eq 1 ] || { echo "saw $seen registrations on $IGX_A_PCI, wanted 1"; cat "$OUT/bt"; return 1; }
	grep -q "^registered $IGX_A_PCI nocarrier=1\$" "$OUT/bt" ||
		{ echo "port A was registered with its carrier on"; return 1; }
	echo "port A registered with NOCARRIER set"
}

wait_carrier() {
	local want=$1 i c

	for ((i = 0; i < 200; i++)); do
		read -r c 2>/dev/null <"/sys/class/net/$IGX_A/carrier" || c=
		[ "$c" = "$want" ] && return 0
		sleep 0.1
	done
	echo "carrier of $IGX_A is '$c', wanted $want"
	return 1
}

# every carrier change on port A, with whether its caller held rtnl
# (mutex.owner is the owning task with flag bits in the low three)
test_carrier_under_rtnl() {
	local i held unheld

	igx_only || return
	bt_start 'kprobe:netif_carrier_on, kprobe:netif_carrier_off
		/((struct net_device *)arg0)->name == "'"$IGX_A"'"/
		{
			$owner = *(uint64 *)kaddr("rtnl_mutex") & ~(uint64)7;
			if ($owner == (uint64)curtask) {
				printf("held %s\n", probe);
			} else {
				printf("unheld %s%s\n", probe, kstack(8));
			}
		}' netif_carrier_on netif_carrier_off || return 1
	# the watchdog turns the carrier on and off as the cable comes and goes
	for ((i = 0; i < 3; i++)); do
		cable a down || { bt_stop; return 1; }
		wait_carrier 0 || { cable a up; bt_stop; return 1; }
		cable a up
		wait_carrier 1 || { bt_stop; return 1; }
	done
	# and igx_down/igx_up with the watchdog running
	for ((i = 0; i < 3; i++)); do
		ip link set "$IGX_A" down && ip link set "$IGX_A" up || { bt_stop; return 1; }
		wait_carrier 1 || { bt_stop; return 1; }
	done
	bt_stop
	held=$(grep -c '^held ' "$OUT/bt")
	unheld=$(grep -c '^unheld ' "$OUT/bt")
	echo "carrier changes on $IGX_A: $held under rtnl, $unheld without"
	[ "$held" -ge 12 ] || { echo "expected at least 12 changes (6 off, 6 on)"; cat "$OUT/bt"; return 1; }
	[ "$unheld" -eq 0 ] || { cat "$OUT/bt"; return 1; }
}

# what a user sees: an admin-down port keeps no LOWER_UP while the
# watchdog runs on (three of its periods)
test_admin_down_stays_down() {
	ip link set "$IGX_A" down || return 1
	sleep 6
	if ip link show "$IGX_A" | grep -q 'LOWER_UP'; then
		ip link show "$IGX_A"
		ip link set "$IGX_A" up
		return 1
	fi
	ip link set "$IGX_A" up || return 1
	wait_carrier 1 && ping_ok "$B4"
}

ktap_plan 3
ktap_run "port A registered with its carrier off" test_registered_without_carrier
setup_addrs && ping_ok "$B4"
ktap_run "every carrier change on port A holds rtnl (cable x3, admin x3)" test_carrier_under_rtnl
ktap_run "admin-down port shows no LOWER_UP across three watchdog periods" test_admin_down_stays_down
ktap_finished
