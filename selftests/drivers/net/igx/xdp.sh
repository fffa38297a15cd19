#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900
# Native XDP on port A, every verdict with exact accounting: the peer's own
# counters say how many frames it sent or received, port A's per-queue
# ethtool counters (rxN_xdp_*, txN_xdp_*) and netdev stats must agree.
. "$(dirname "$0")/lib.sh"

BPF=$IGX_ROOT/bpf
N=${IGX_XDP_N:-200}
MAPS=$IGX_ROOT/selftests/drivers/net/bpf/bpf_maps.py
UTIL=$here/xdp_util.py
FRAMES=$IGX_ROOT/selftests/drivers/net/bpf/bpf_frames.py
TRACE=/sys/kernel/tracing

detach() {
	ip link set dev "$IGX_A" xdp off 2>/dev/null
}

attach() { # OBJ [SEC]
	ip link set dev "$IGX_A" xdpdrv obj "$BPF/$1" sec "${2:-xdp}"
}

# counter snapshot helpers: d_FIELD after minus before
snap() {
	s_rx=$(stat_a rx_packets) s_brx=$(stat_b rx_packets)
	s_pass=$(qsum rx xdp_pass) s_drop=$(qsum rx xdp_drop)
	s_tx=$(qsum rx xdp_tx) s_redir=$(qsum rx xdp_redirect)
	s_abort=$(qsum rx xdp_aborted) s_xmit=$(qsum tx xdp_xmit)
	s_txp=$(qsum tx packets)
}

test_features() {
	local f

	# Linux before 6.3 has no netdev netlink family: nothing to read
	python3 "$here/xdp_features.py" "$IGX_A" >/dev/null 2>/tmp/xdp_feat.err
	if [ $? -eq 3 ]; then
		skip "$(cat /tmp/xdp_feat.err)"
		return
	fi
	f=$(python3 "$UTIL" features "$IGX_A") || return 1
	expect "features" "$f" "xdp: basic redirect ndo-xmit xsk-zerocopy rx-sg ndo-xmit-sg  meta: timestamp hash vlan-tag"
}

test_drop() {
	local sent got prog

	attach xdp_drop.o || return 1
	snap
	sent=$(peer_send "$N") || { detach; return 1; }
	got=$(wait_ge "$N" eval 'echo $(($(qsum rx xdp_drop) - s_drop))')
	prog=$(python3 "$MAPS" count xdp_drop drop_cnt 0 | cut -d' ' -f1)
	detach
	expect "peer sent" "$sent" "$N" &&
	expect "rxN_xdp_drop" "$got" "$N" &&
	expect "drop_cnt of the program" "$prog" "$N" &&
	expect "rx_packets (XDP drops count)" "$(($(stat_a rx_packets) - s_rx))" "$N" &&
	expect "rxN_xdp_pass" "$(($(qsum rx xdp_pass) - s_pass))" 0
}


test_pass() {
	local got

	attach xdp_pass.o || return 1
	snap
	got=$(count_frames -l "$IGX_A" peer_send "$N")
	detach
	expect "frames at the stack (count, length)" "$got" "$N 74" &&
	expect "rxN_xdp_pass" "$(($(qsum rx xdp_pass) - s_pass))" "$N"
}

# PASS after the program moved head (+14: outer header off), tail (-8) and
# prepended 8 bytes of metadata: the stack sees the inner 74 - 8 bytes
test_pass_adjust() {
	local got

	attach xdp_verdict.o || return 1
	python3 "$MAPS" set xdp_verdict verdict_cfg 00000000 \
		020000000e000000f8ffffff08000000 || { detach; return 1; }
	snap
	got=$(count_frames -l "$IGX_A" peer python3 "$UTIL" send-encap "$IGX_B" "$A_MAC" "$N")
	detach
	expect "inner frames at the stack (count, length)" "$got" "$N 66" &&
	expect "rxN_xdp_pass" "$(($(qsum rx xdp_pass) - s_pass))" "$N"
}

test_tx() {
	local sent back

	attach xdp_tx.o || return 1
	snap
	sent=$(peer_send "$N") || { detach; return 1; }
	back=$(wait_ge "$N" eval 'echo $(($(stat_b rx_packets) - s_brx))')
	detach
	expect "peer sent" "$sent" "$N" &&
	expect "reflected back to the peer" "$back" "$N" &&
	expect "rxN_xdp_tx" "$(($(qsum rx xdp_tx) - s_tx))" "$N" &&
	expect "txN_packets (XDP TX ring)" "$(($(qsum tx packets) - s_txp))" "$N" &&
	expect "rxN_xdp_tx_errors" "$(qsum rx xdp_tx_errors)" 0
}

# ABORTED, then an action number that does not exist: both count as
# aborted, each traced as xdp_exception
test_aborted() {
	local got ev

	echo 0 >$TRACE/tracing_on
	echo >$TRACE/trace
	echo 1 >$TRACE/events/xdp/xdp_exception/enable
	echo 1 >$TRACE/tracing_on
	attach xdp_verdict.o || return 1
	snap
	peer_send "$N" >/dev/null
	got=$(wait_ge "$N" eval 'echo $(($(qsum rx xdp_aborted) - s_abort))')
	python3 "$MAPS" set xdp_verdict verdict_cfg 00000000 \
		09000000000000000000000000000000
	peer_send "$N" >/dev/null
	got=$(wait_ge $((2 * N)) eval 'echo $(($(qsum rx xdp_aborted) - s_abort))')
	detach
	echo 0 >$TRACE/events/xdp/xdp_exception/enable
	ev=$(grep -c 'xdp_exception:' $TRACE/trace)
	expect "rxN_xdp_aborted" "$got" $((2 * N)) &&
	expect "xdp_exception events" "$ev" $((2 * N)) &&
	expect "rx_packets" "$(($(stat_a rx_packets) - s_rx))" $((2 * N)) &&
	dmesg | grep 'Illegal XDP return value 9'
}

set_devmap() { # PROG IFINDEX
	python3 "$MAPS" set "$1" tx_port 00000000 \
		"$(printf '%08x' "$2" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')"
}

# redirect into port A itself (devmap): out through ndo_xdp_xmit, counted
# by the peer in promiscuous mode (the frames still carry A's address)
test_redirect_self() {
	local sent got

	attach xdp_redirect.o || return 1
	set_devmap xdp_redirect "$(cat "/sys/class/net/$IGX_A/ifindex")" || { detach; return 1; }
	peer ip link set "$IGX_B" promisc on
	snap
	sent=$(peer_send "$N")
	got=$(wait_ge "$N" eval 'echo $(($(stat_b rx_packets) - s_brx))')
	detach
	peer ip link set "$IGX_B" promisc off
	expect "peer sent" "$sent" "$N" &&
	expect "back at the peer" "$got" "$N" &&
	expect "rxN_xdp_redirect" "$(($(qsum rx xdp_redirect) - s_redir))" "$N" &&
	expect "txN_xdp_xmit" "$(($(qsum tx xdp_xmit) - s_xmit))" "$N" &&
	expect "rxN_xdp_redirect_errors" "$(qsum rx xdp_redirect_errors)" 0 &&
	expect "txN_xdp_xmit_errors" "$(qsum tx xdp_xmit_errors)" 0
}

# a veth's XDP program redirects into port A (igx as ndo_xdp_xmit target)
test_redirect_from_veth() {
	local got rc

	ip netns add vxns
	ip link add vx0 type veth peer name vx1 netns vxns
	sysctl -qw net.ipv6.conf.vx0.disable_ipv6=1
	ip netns exec vxns sysctl -qw net.ipv6.conf.vx1.disable_ipv6=1
	ip link set vx0 up && ip -n vxns link set vx1 up
	ip link set dev vx0 xdpdrv obj "$BPF/xdp_redirect.o" sec xdp || return 1
	set_devmap xdp_redirect "$(cat "/sys/class/net/$IGX_A/ifindex")" || return 1
	snap
	ip netns exec vxns python3 "$here/frames.py" send vx1 "$B_MAC" "$N" >/dev/null
	got=$(wait_ge "$N" eval 'echo $(($(stat_b rx_packets) - s_brx))')
	expect "at the peer" "$got" "$N" &&
	expect "txN_xdp_xmit" "$(($(qsum tx xdp_xmit) - s_xmit))" "$N" &&
	expect "txN_xdp_xmit_errors" "$(qsum tx xdp_xmit_errors)" 0
	rc=$?
	ip link del vx0
	ip netns del vxns
	return $rc
}

# RX metadata kfuncs through bpf/xdp_meta_reader: the RSS hash is the
# Toeplitz hash of the flow under the port's key (the one the stack's skb
# hash comes from), typed L4 IPv4 UDP; the stripped VLAN tag of tagged
# frames, -ENODATA for untagged ones; no timestamp: -ENODATA on igx (only
# PTP frames under an RX filter have one, ptp.sh), -EOPNOTSUPP without the
# hook
test_meta() {
	local out=/tmp/xdp_meta.out m=20 key want pid rc=0 n ts=-95

	# the VLAN tag kfunc (6.8) is the newest the reader calls
	grep -qw bpf_xdp_metadata_rx_vlan_tag /proc/kallsyms ||
		{ skip "no bpf_xdp_metadata_rx_vlan_tag in Linux $(uname -r) (kallsyms): RX metadata kfuncs are 6.3, the VLAN tag 6.8"; return; }
	peer ip link add link "$IGX_B" name vb100 type vlan id 100
	peer sysctl -qw net.ipv6.conf.vb100.disable_ipv6=1
	# VLAN 100 through port A's VLAN filter (the device stays down)
	ip link add link "$IGX_A" name va100 type vlan id 100
	peer ip link set vb100 up
	key=$(ethtool -x "$IGX_A" | sed -n '/RSS hash key:/{n;p}')
	want=$(python3 "$UTIL" toeplitz "$key" "$B4" "$A4" 9 4000)
	"$BPF/xdp_meta_reader" -i "$IGX_A" -c $((2 * m)) -d 600 >$out 2>&1 &
	pid=$!
	wait_until xdp_attached "$IGX_A"
	peer python3 "$FRAMES" "$IGX_B" "$A_MAC" $m --v4 "$B4" "$A4" --dport 4000 >/dev/null
	peer python3 "$FRAMES" vb100 "$A_MAC" $m --v4 "$B4" "$A4" --dport 4000 >/dev/null
	wait $pid || rc=1
	peer ip link del vb100
	ip link del va100
	head -n 2 $out
	tail -n 2 $out
	echo "Toeplitz hash of udp $B4:9 > $A4:4000: $want"
	[ "$IGX_DRV" = igx ] && ts=-61
	n=$(grep -c "hash=$want hash_type=0x29(.*) hash_err=0 .*ts_err=$ts flow=udp" $out)
	expect "records with that hash, type L4 IPv4 UDP, no timestamp" "$n" $((2 * m)) || rc=1
	n=$(grep -c "vlan_proto=0x8100 vlan_tci=0x0064 vlan_err=0" $out)
	expect "records with VLAN 100" "$n" $m || rc=1
	n=$(grep -c "vlan_err=-61" $out)
	expect "records without a VLAN tag (-ENODATA)" "$n" $m || rc=1
	return $rc
}

ktap_plan 9
setup_xdp_ports
ktap_run "xdp-features exactly basic, redirect, ndo-xmit, xsk-zerocopy, rx-sg, ndo-xmit-sg; meta timestamp, hash, vlan" test_features
ktap_run "XDP_DROP: $N of $N dropped, counted in rx_packets" test_drop
ktap_run "XDP_PASS: $N of $N reach the stack" test_pass
ktap_run "XDP_PASS after head/tail/meta adjustment" test_pass_adjust
ktap_run "XDP_TX: $N of $N reflected to the peer" test_tx
ktap_run "XDP_ABORTED and an invalid action: counted and traced" test_aborted
ktap_run "XDP_REDIRECT into port A itself: $N of $N out" test_redirect_self
ktap_run "redirect from a veth into port A: $N of $N out" test_redirect_from_veth
ktap_run "RX metadata: Toeplitz RSS hash and type, VLAN tag, no timestamp" test_meta
ktap_finished
