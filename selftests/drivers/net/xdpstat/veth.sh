#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --driver-a none --timeout 900
# xdpstat against a veth pair (no igx needed): native and generic XDP drop,
# unprivileged use, the interface removed mid-run.
. "$(dirname "$0")/lib.sh"

VA=xsva0 VB=xsvb0
COUNT=${XS_VETH_COUNT:-50000}
GCOUNT=${XS_VETH_GCOUNT:-20000}

veth_up() {
	ip link del "$VA" 2>/dev/null
	ip link add "$VA" type veth peer name "$VB" || return 1
	sysctl -qw "net.ipv6.conf.$VA.disable_ipv6=1"
	sysctl -qw "net.ipv6.conf.$VB.disable_ipv6=1"
	ip link set "$VA" up && ip link set "$VB" up
}

# Native XDP on veth runs in veth's NAPI, which counts per queue:
# rx_queue_N_xdp_packets and rx_queue_N_xdp_drops.
test_native_drop() {
	local obj id

	need_xdpstat || return 1
	obj=$(drop_obj) || return 1
	veth_up || return 1
	ip link set dev "$VA" xdpdrv obj "$obj" sec xdp || return 1
	id=$(xdp_prog_id "$VA")
	pg_setup "" "$VB" "$(cat /sys/class/net/$VA/address)" "$COUNT" 0 || return 1

	ethtool -S "$VA" >"$XS_TMP/before"
	xs_start "$VA" || return 1
	pg_run "" || return 1
	xs_stop || return 1
	ethtool -S "$VA" >"$XS_TMP/after"

	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["mode"]')" = native ] ||
		{ echo "FAIL: mode is not native"; return 1; }
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["prog_id"]')" = "$id" ] ||
		{ echo "FAIL: prog id differs from iproute2's $id"; return 1; }
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["prog_name"]')" = xs_drop ] ||
		{ echo "FAIL: prog name is not xs_drop"; return 1; }
	python3 "$here/xs_check.py" "$XS_TMP/out.jsonl" queues xdp_drop_pps \
		'rx_queue_{q}_xdp_drops' "$XS_TMP/before" "$XS_TMP/after" \
		--min $((COUNT / 2)) || return 1
	python3 "$here/xs_check.py" "$XS_TMP/out.jsonl" queues rx_pps \
		'rx_queue_{q}_xdp_packets' "$XS_TMP/before" "$XS_TMP/after" \
		--min $((COUNT / 2))
}

# Generic XDP runs in the core, not in veth: only the device totals move.
# Frames come from a packet socket: pktgen's shared skbs crash generic XDP.
test_generic() {
	local obj id

	need_xdpstat || return 1
	obj=$(drop_obj) || return 1
	veth_up || return 1
	ip link set dev "$VA" xdpgeneric obj "$obj" sec xdp || return 1
	id=$(xdp_prog_id "$VA")

	devstats "$VA" >"$XS_TMP/before"
	xs_start "$VA" || return 1
	python3 "$here/xs_send.py" "$VB" "$(cat /sys/class/net/$VA/address)" \
		"$GCOUNT" || return 1
	xs_stop || return 1
	devstats "$VA" >"$XS_TMP/after"

	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["mode"]')" = generic ] ||
		{ echo "FAIL: mode is not generic"; return 1; }
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["prog_id"]')" = "$id" ] ||
		{ echo "FAIL: prog id differs from iproute2's $id"; return 1; }
	python3 "$here/xs_check.py" "$XS_TMP/out.jsonl" device rx_pps \
		rx_packets "$XS_TMP/before" "$XS_TMP/after" --min "$GCOUNT"
}

# Program names need CAP_SYS_ADMIN: say so, keep the id, keep running.
test_unprivileged() {
	local obj rc

	need_xdpstat || return 1
	obj=$(drop_obj) || return 1
	veth_up || return 1
	ip link set dev "$VA" xdpgeneric obj "$obj" sec xdp || return 1
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$XDPSTAT" --json -c 1 -i 0.1 "$VA" >"$XS_TMP/out.jsonl" 2>"$XS_TMP/err"
	rc=$?
	cat "$XS_TMP/err"
	[ "$rc" = 0 ] || { echo "FAIL: unprivileged xdpstat exited $rc"; return 1; }
	grep -q "permission denied" "$XS_TMP/err" ||
		{ echo "FAIL: no permission message"; return 1; }
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["prog_id"]')" = "$(xdp_prog_id "$VA")" ]
}

test_removed() {
	need_xdpstat || return 1
	veth_up || return 1
	xs_start "$VA" "$VB" || return 1
	ip link del "$VA" || return 1
	xs_gone
}

ktap_plan 4
ktap_run "veth native XDP drop: per-queue drop and rx rates match counters" test_native_drop
ktap_run "veth generic XDP: mode, prog id, device rx rate" test_generic
ktap_run "unprivileged: permission message, prog id still shown" test_unprivileged
ktap_run "veth deleted mid-run: exit status $EXIT_GONE" test_removed
ip link del "$VA" 2>/dev/null
ktap_finished
