#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900
# The Linux 6.12 tree's XDP feature checker, xdp_features (what
# tools/testing/selftests/bpf/test_xdp_features.sh runs on a veth pair),
# with port A as the device under test: for each action the DUT runs the
# action's program on port A and echoes, the tester counts what comes back,
# and reports the action DETECTED or not, ADVERTISED (xdp-features) or not.
# Each line passes when the action is advertised and detected, is skipped
# when neither, and fails when the two disagree.
#
# The tester attaches its program in native mode; on port B (igb) that
# resets the link, which the tester's 1 s control timeout does not survive.
# So the tester sits on a veth in the peer namespace, bridged to port B.
#
#   tools/vm/vm.sh [--driver-a igb] -- $0
. "$(dirname "$0")/lib.sh"

XF=${IGX_XDP_FEATURES:-$IGX_ROOT/tools/xsk/build/xdp_features}
OUT=${IGX_OUT:-/tmp}/xdp_features
mkdir -p "$OUT"
# the tester's end, in the peer namespace
T=xft

tester_setup() {
	peer ip addr flush dev "$IGX_B"
	peer ip link add br0 type bridge
	peer ip link add "$T" type veth peer name xfb
	peer ip link set "$IGX_B" master br0
	peer ip link set xfb master br0
	# as test_xdp_features.sh does for its veth: GRO for native XDP on
	# veth, no checksum offload (the tester's frames reach a real wire)
	peer ethtool -K "$T" gro on tx-checksumming off >/dev/null
	peer ethtool -K xfb gro on tx-checksumming off >/dev/null
	peer ip addr add "$B4/24" dev "$T"
	peer ip addr add "$B6/64" dev "$T" nodad
	for i in "$IGX_B" xfb br0 "$T"; do
		peer ip link set "$i" up
	done
	wait_link "$IGX_A" && ping_ok -I "$IGX_A" "$B4" && ping_ok -6 -I "$IGX_A" "$B6"
}

# dut_ready PID: the DUT listens on its control port (12345)
dut_listening() {
	ss -tlnH 'sport = :12345' | grep -q .
}

dut_ready() {
	wait_until -p "$1" dut_listening
}

# feature ACTION DUT_ADDR TESTER_ADDR
feature() {
	local f=$1 d=$2 t=$3 dut rc line det adv i

	"$XF" -f "$f" -D "$d" -T "$t" "$IGX_A" >"$OUT/$f.dut" 2>&1 &
	dut=$!
	if ! dut_ready "$dut"; then
		kill "$dut" 2>/dev/null
		echo "the DUT did not start listening"
		cat "$OUT/$f.dut"
		return 1
	fi
	peer "$XF" -t -f "$f" -D "$d" -C "$d" -T "$t" "$T" >"$OUT/$f.tester" 2>&1
	rc=$?
	for ((i = 0; i < 100; i++)); do
		kill -0 "$dut" 2>/dev/null || break
		sleep 0.1
	done
	kill "$dut" 2>/dev/null
	wait "$dut" 2>/dev/null
	# no program may be left on port A, whatever happened
	ip link set dev "$IGX_A" xdp off
	line=$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/$f.tester" | grep "^Feature $f:")
	echo "tester (status $rc): ${line:-no verdict}"
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		sed 's/^/tester: /' "$OUT/$f.tester"
		sed 's/^/dut: /' "$OUT/$f.dut"
		return 1
	fi
	det=0 adv=0
	grep -q '\[DETECTED\]' <<<"$line" && det=1
	grep -q '\[ADVERTISED\]' <<<"$line" && adv=1
	case $det$adv in
	11) return 0 ;;
	00) skip "$IGX_DRV does not advertise $f, and it was not detected" ;;
	*) echo "detected and advertised disagree"; return 1 ;;
	esac
}

setup_addrs
tester_setup
trap 'peer ip link del br0 2>/dev/null; peer ip link del "$T" 2>/dev/null' EXIT
ktap_plan 7
ktap_run "xdp_features built" bash -c "[ -x '$XF' ] || { echo '$XF missing: make tools'; exit 1; }"
ktap_run "XDP_PASS" feature XDP_PASS "$A6" "$B6"
ktap_run "XDP_DROP" feature XDP_DROP "::ffff:$A4" "::ffff:$B4"
ktap_run "XDP_ABORTED" feature XDP_ABORTED "$A6" "$B6"
ktap_run "XDP_TX" feature XDP_TX "::ffff:$A4" "::ffff:$B4"
ktap_run "XDP_REDIRECT" feature XDP_REDIRECT "$A6" "$B6"
ktap_run "XDP_NDO_XMIT" feature XDP_NDO_XMIT "::ffff:$A4" "::ffff:$B4"
ktap_finished
