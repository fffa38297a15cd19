#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --driver-a none --timeout 900
# The bpf/ XDP programs, loaded with ip and with xdp-loader, each checked
# with exact packet counts: drop drops, pass passes, tx reflects, redirect
# redirects, filter drops what its maps say, meta reads RX metadata.
#
#   xdp_progs.sh          on a veth pair (device under test "xdpdut" in the
#                         root netns, its peer in netns xdp-peer)
#   xdp_progs.sh port-a   on port A of the test bed ($IGX_A), peer port B
#
# The suite runs only the port-a mode (xdp_progs_port_a.sh): the same cases
# with the same counts, so the programs are checked there too, on igx.  The
# veth mode, the programs on the kernel's own veth XDP, tells a program's
# fault from the driver's when port-a fails; it is not executable, so run.sh
# leaves it out (it took 164 s of a guest in each CI run):
#   tools/vm/vm.sh --driver-a none -- bash selftests/drivers/net/bpf/xdp_progs.sh
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${IGX_ROOT:?run me in the test guest: tools/vm/vm.sh -- $0}
. "$here/../igx/ktap.sh"

BPF=$root/bpf
N=${XDP_PROGS_N:-200}
DPORT_TX=4242		# reflected/redirected frames, counted at the far end
mode=${1:-veth}

maps() { python3 "$here/bpf_maps.py" "$@"; }
P() { ip netns exec "$PNS" "$@"; }

if [ "$mode" = port-a ]; then
	. "$root/tools/vm/guest-lib.sh"
	DUT=$IGX_A PEER=$IGX_B PNS=${IGX_PEER_NS:-peer}
else
	DUT=xdpdut PEER=xdppeer PNS=xdp-peer
	ip netns add "$PNS"
	ip link add "$DUT" type veth peer name "$PEER" netns "$PNS"
fi
# egress pair for redirect: eg stays with the DUT, egp is counted
ip netns add xdp-egress
ip link add xdpeg type veth peer name xdpegp netns xdp-egress

for d in "$DUT" xdpeg; do
	sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1"
	ip link set "$d" up
done
P sysctl -qw "net.ipv6.conf.$PEER.disable_ipv6=1"
P ip link set "$PEER" up
ip netns exec xdp-egress sysctl -qw net.ipv6.conf.xdpegp.disable_ipv6=1
ip -n xdp-egress link set xdpegp up
ip addr add 198.51.100.1/24 dev "$DUT"
P ip addr add 198.51.100.2/24 dev "$PEER"
DUT_MAC=$(cat "/sys/class/net/$DUT/address")
PEER_MAC=$(P cat "/sys/class/net/$PEER/address")
# no ARP: counted frames must be the test's own
ip neigh replace 198.51.100.2 lladdr "$PEER_MAC" dev "$DUT" nud permanent
P ip neigh replace 198.51.100.1 lladdr "$DUT_MAC" dev "$PEER" nud permanent
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf

send() { P python3 "$here/bpf_frames.py" "$PEER" "$DUT_MAC" "$@" >/dev/null; }
noports() { awk '/^Udp:/ { if (h) print $3; h = 1 }' /proc/net/snmp; }
detach() {
	ip link set dev "$DUT" xdp off 2>/dev/null
	xdp-loader unload "$DUT" --all 2>/dev/null
	return 0
}
# Frames with destination port DPORT_TX arriving at the far end IF in NS
# are counted (and dropped) by an xdp_filter there, which also gives a veth
# the NAPI that XDP_TX and redirect into its peer need.  Prints the id of
# the counter map for far_count.
far_counter() {
	# frags variant: a non-frags program on a veth caps its peer's MTU
	ip -n "$2" link set dev "$1" xdp obj "$BPF/xdp_filter.o" sec xdp.frags || return 1
	maps set xdp_filter_frags deny_port "$(printf '%04x' $DPORT_TX | sed 's/\(..\)\(..\)/\2\1/')" 01 &&
	maps id xdp_filter_frags filter_cnt
}
far_count() { maps count-id "$1" 4 | cut -d' ' -f1; }
wait_carriers() {
	local i

	for ((i = 0; i < 100; i++)); do
		[ "$(P cat "/sys/class/net/$PEER/carrier" 2>/dev/null)" = 1 ] &&
			[ "$(cat "/sys/class/net/$DUT/carrier" 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
	done
	echo "no carrier on $PEER/$DUT"
	return 1
}
peer_counter() {
	local i

	PEER_MAP=$(far_counter "$PEER" "$PNS") || return 1
	echo "peer counter map $PEER_MAP"
	# the in-tree igb on port B resets itself on every XDP attach
	for ((i = 0; i < 100; i++)); do
		[ "$(P cat "/sys/class/net/$PEER/carrier" 2>/dev/null)" = 1 ] &&
			[ "$(cat "/sys/class/net/$DUT/carrier" 2>/dev/null)" = 1 ] && return 0
		sleep 0.1
	done
	echo "no carrier on $PEER/$DUT after attaching the counter"
	return 1
}

test_built() {
	local o

	for o in pass drop tx redirect filter meta xsk; do
		[ -f "$BPF/xdp_$o.o" ] || { echo "$BPF/xdp_$o.o missing: make -C bpf"; return 1; }
	done
	[ -x "$BPF/xdp_meta_reader" ] || { echo "xdp_meta_reader missing"; return 1; }
}

# load_one PROG: both sections, with ip and with xdp-loader
load_one() {
	local s id

	[ -z "${XDP_PROGS_QUICK:-}" ] || { skip "XDP_PROGS_QUICK set"; return; }
	for s in xdp xdp.frags; do
		ip link set dev "$DUT" xdp obj "$BPF/xdp_$1.o" sec "$s" || return 1
		id=$(ip -j link show "$DUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["xdp"]["prog"]["id"])')
		echo "ip: $1 $s attached as prog $id"
		detach
		xdp-loader load -s "$s" "$DUT" "$BPF/xdp_$1.o" || return 1
		xdp-loader status "$DUT" | grep -q "xdp_$1" || { xdp-loader status "$DUT"; return 1; }
		echo "xdp-loader: $1 $s in the dispatcher"
		detach
	done
}

test_meta_needs_binding() {
	local out

	out=$(ip link set dev "$DUT" xdp obj "$BPF/xdp_meta.o" sec xdp 2>&1) && {
		detach
		echo "ip loaded xdp_meta without device binding"
		return 1
	}
	echo "$out" | grep "device-bound"
}

test_multi() {
	xdp-loader load "$DUT" "$BPF/xdp_filter.o" "$BPF/xdp_tx.o" \
		"$BPF/xdp_xsk.o" "$BPF/xdp_pass.o" || return 1
	xdp-loader status "$DUT"
	local n

	n=$(xdp-loader status "$DUT" | grep -c '=>')
	expect "programs in the dispatcher" "$n" 4 || { detach; return 1; }
	# filter (priority 10) drops port 7777, the rest reaches tx and returns
	maps set xdp_filter deny_port 611e 01
	local before

	before=$(far_count "$PEER_MAP")
	send "$N" --dport 7777
	send "$N" --dport $DPORT_TX
	expect "filter port drops" "$(maps count xdp_filter filter_cnt 4 | cut -d' ' -f1)" "$N" &&
	expect "tx reflected" "$(maps count xdp_tx tx_cnt 0 | cut -d' ' -f1)" "$N" &&
	expect "back at the peer" "$(($(far_count "$PEER_MAP") - before))" "$N"
	local rc=$?

	detach
	return $rc
}

test_drop() {
	local np=$(noports)

	ip link set dev "$DUT" xdp obj "$BPF/xdp_drop.o" sec xdp || return 1
	send "$N"
	expect "dropped by xdp_drop" "$(maps count xdp_drop drop_cnt 0 | cut -d' ' -f1)" "$N" &&
	expect "reached UDP" "$(($(noports) - np))" 0
	local rc=$?

	detach
	return $rc
}

test_pass() {
	local np=$(noports)

	ip link set dev "$DUT" xdp obj "$BPF/xdp_pass.o" sec xdp || return 1
	send "$N"
	expect "passed by xdp_pass" "$(maps count xdp_pass pass_cnt 0 | cut -d' ' -f1)" "$N" &&
	expect "reached UDP (NoPorts)" "$(($(noports) - np))" "$N"
	local rc=$?

	detach
	return $rc
}

test_tx() {
	local before

	ip link set dev "$DUT" xdp obj "$BPF/xdp_tx.o" sec xdp || return 1
	before=$(far_count "$PEER_MAP")
	send "$N" --dport $DPORT_TX
	expect "reflected by xdp_tx" "$(maps count xdp_tx tx_cnt 0 | cut -d' ' -f1)" "$N" &&
	expect "back at the peer" "$(($(far_count "$PEER_MAP") - before))" "$N"
	local rc=$?

	detach
	return $rc
}

test_redirect() {
	local ifx before rc eg

	ifx=$(cat /sys/class/net/xdpeg/ifindex)
	eg=$(far_counter xdpegp xdp-egress) || return 1
	before=$(far_count "$eg")
	ip link set dev "$DUT" xdp obj "$BPF/xdp_redirect.o" sec xdp || return 1
	maps set xdp_redirect tx_port 00000000 "$(printf '%08x' "$ifx" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')"
	send "$N" --dport $DPORT_TX
	expect "redirected by xdp_redirect" "$(maps count xdp_redirect redirect_cnt 0 | cut -d' ' -f1)" "$N" &&
	expect "out of xdpeg" "$(($(far_count "$eg") - before))" "$N"
	rc=$?
	detach
	ip -n xdp-egress link set dev xdpegp xdp off
	return $rc
}

test_filter() {
	local i want rc=0

	xdp-loader load "$DUT" "$BPF/xdp_filter.o" || return 1
	maps set xdp_filter deny_mac 020000000066 01
	maps set xdp_filter deny_ipv4 c6336442 01
	maps set xdp_filter deny_ipv6 fd000066000000000000000000000066 01
	maps set xdp_filter deny_port 611e 01
	send "$N"
	send "$N" --src-mac 02:00:00:00:00:66
	send "$N" --v4 198.51.100.66 198.51.100.1
	send "$N" --v6 fd00:66::66 fd00:66::1
	send "$N" --dport 7777
	for i in 0 1 2 3 4; do
		want=$N
		expect "filter_cnt[$i]" "$(maps count xdp_filter filter_cnt $i | cut -d' ' -f1)" "$want" || rc=1
	done
	detach
	return $rc
}

test_frags() {
	local rc

	ip link set dev "$DUT" mtu 9000 || { skip "$DUT takes no MTU 9000"; return; }
	# the in-tree igb on port B refuses jumbo MTU while it has an XDP
	# program (the far-end counter, not needed here), and resets itself
	[ "$mode" = port-a ] && P ip link set dev "$PEER" xdp off
	P ip link set dev "$PEER" mtu 9000 || return 1
	wait_carriers || return 1
	if ip link set dev "$DUT" xdp obj "$BPF/xdp_drop.o" sec xdp; then
		echo "non-frags program accepted at MTU 9000"
		rc=1
	else
		ip link set dev "$DUT" xdp obj "$BPF/xdp_drop.o" sec xdp.frags || return 1
		send "$N" --size 8000
		expect "jumbo frames dropped" "$(maps count xdp_drop_frags drop_cnt 0)" "$N $((N * 8000))"
		rc=$?
	fi
	detach
	ip link set dev "$DUT" mtu 1500
	P ip link set dev "$PEER" mtu 1500
	wait_carriers
	return $rc
}

test_meta() {
	local out=/tmp/xdp_meta.out rc

	"$BPF/xdp_meta_reader" -i "$DUT" -q -c "$N" -d 120 >"$out" 2>&1 &
	wait_until xdp_attached "$DUT"
	send "$N"
	wait $!
	rc=$?
	cat "$out"
	[ $rc -eq 0 ] || return 1
	expect "records" "$(sed -nE 's/.*records=([0-9]+).*/\1/p' "$out")" "$N" &&
	expect "with an RX hash" "$(sed -nE 's/.*hash_ok=([0-9]+).*/\1/p' "$out")" "$N"
}

ktap_plan 17
ktap_run "objects built" test_built
ktap_run "far-end counter on the peer" peer_counter
for p in pass drop tx redirect filter xsk; do
	ktap_run "$p loads with ip and xdp-loader (xdp, xdp.frags)" load_one "$p"
done
ktap_run "ip refuses xdp_meta without device binding" test_meta_needs_binding
ktap_run "drop: $N of $N dropped, none reach UDP" test_drop
ktap_run "pass: $N of $N reach UDP" test_pass
ktap_run "tx: $N of $N reflected to the peer" test_tx
ktap_run "redirect: $N of $N out of a veth via devmap" test_redirect
ktap_run "filter: MAC, IPv4, IPv6, port each drop $N, $N pass" test_filter
ktap_run "xdp-loader: filter, tx, xsk, pass in one dispatcher" test_multi
ktap_run "frags: MTU 9000 refuses xdp, drops jumbo with xdp.frags" test_frags
ktap_run "meta: xdp_meta_reader reports an RX hash for $N of $N" test_meta
ktap_finished
