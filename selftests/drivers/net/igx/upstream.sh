#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 1500 --tcg-thread multi
# The kernel's own drivers/net selftests (Linux 6.12) against port A, in one
# boot: one TAP line per upstream test case, named "SUITE: CASE".  The suites
# come from tools/ksft-prep.sh (run it on the host first).  Upstream SKIP stays SKIP;
# XFAIL (the device lacks the feature, e.g. FEC) becomes SKIP with its reason.
#
#   IGX_UPSTREAM_DIR   where ksft-prep.sh put them (default /usr/local/lib/igx)
#   IGX_UPSTREAM_ONLY  space-separated suites to run (default all)
#   IGX_UPSTREAM_KSFT  the tools/testing/selftests of another kernel's tree
#                      (make check KERNEL=6.1|sid: the tree of the kernel
#                      under test); a suite that tree does not have is
#                      skipped, saying so
. "$(dirname "$0")/lib.sh"

UP=${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}
KSFT=${IGX_UPSTREAM_KSFT:-$UP/ksft/tools/testing/selftests}
SUITES="ping.py stats.py queues.py hw/csum.py hw/rss_ctx.py hw/pp_alloc_fail.py
	hw/loopback.sh hw/ethtool_rmon.sh"
SUITES=${IGX_UPSTREAM_ONLY:-$SUITES}

# tap ok|fail|skip NAME [REASON]
tap() {
	case $1 in
	ok) ktap_result 0 "$2" ;;
	skip) ktap_result "$KSFT_SKIP" "$2" "${3:-}" ;;
	*) ktap_result 1 "$2" "${3:-}" ;;
	esac
}

# KTAP of a python suite ("ok 3 stats.check_fec # XFAIL reason") to ours
map_ktap() { # SUITE LOG
	local suite=$1 log=$2 seen=0 line res name dir
	local re='^(not )?ok [0-9]+ ([^#]*[^ #])?( # (.*))?$'

	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		res=ok
		[ -n "${BASH_REMATCH[1]}" ] && res=fail
		name=${BASH_REMATCH[2]:-$suite}
		name=${name#"${suite%.py}".}
		dir=${BASH_REMATCH[4]}
		case $res:$dir in
		ok:SKIP*) tap skip "$suite: $name" "${dir#SKIP}" ;;
		ok:XFAIL*) tap skip "$suite: $name" "XFAIL:${dir#XFAIL}" ;;
		ok:*) tap ok "$suite: $name" ;;
		*) tap fail "$suite: $name" "$dir" ;;
		esac
		seen=$((seen + 1))
	done <"$log"
	echo "$seen"
}

# forwarding-lib output ("TEST: loopback   [ OK ]") to ours
map_forwarding() { # SUITE LOG RC
	local suite=$1 log=$2 rc=$3 seen=0 line name res
	local re='^TEST: (.*[^ ]) +\[ *([A-Z]+) *\]$'

	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		name=${BASH_REMATCH[1]} res=${BASH_REMATCH[2]}
		case $res in
		OK) tap ok "$suite: $name" ;;
		SKIP) tap skip "$suite: $name" "upstream SKIP" ;;
		XFAIL) tap skip "$suite: $name" "XFAIL: $name" ;;
		*) tap fail "$suite: $name" ;;
		esac
		seen=$((seen + 1))
	done <"$log"
	if [ "$seen" -eq 0 ] && [ "$rc" -eq "$KSFT_SKIP" ]; then
		tap skip "$suite" "$(grep -m1 SKIP "$log")"
		seen=1
	fi
	echo "$seen"
}

py_suite() { # SUITE LOG: run a python suite, KTAP into /tmp/upstream.tap
	(cd "$KSFT/drivers/net/$(dirname "$1")" &&
	 timeout 600 python3 -u -B "$here/upstream_env.py" "$(basename "$1")") 2>&1 |
		tee "$2" | sed 's/^/# /'
	rc=${PIPESTATUS[0]}
	seen=$(map_ktap "$(basename "$1")" "$2" | tee /tmp/upstream.tap | tail -n1)
}

# what both ends of the cable counted during a suite, for a failure's
# account: the peer's MAC sent (igb's tx_packets in ethtool -S is GPTC),
# port A's MAC received (igx: hw_gprc; igb: rx_packets, GPRC); the
# forwarding-lib suites have port B in this namespace
cable_counts() {
	local key=hw_gprc b=peer p a

	[ "$IGX_DRV" = igb ] && key=rx_packets
	[ ! -e "/sys/class/net/$IGX_B" ] || b=
	p=$($b ethtool -S "$IGX_B" | awk '$1 == "tx_packets:" { print $2; exit }')
	a=$(ethtool -S "$IGX_A" | awk -v k="$key:" '$1 == k { print $2; exit }')
	echo "${p:-0} ${a:-0}"
}

run_suite() { # SUITE (path under drivers/net)
	local suite=$1 log=/tmp/upstream.log rc seen c0 p0 a0 p1 a1

	echo "# ---- $suite ($(date +%T))"
	c0=$(cable_counts)
	case $suite in
	*.py)
		py_suite "$suite" "$log"
		head -n -1 /tmp/upstream.tap
		;;
	*.sh)
		# forwarding-lib tests: both ports in this namespace
		(cd "$KSFT/drivers/net/$(dirname "$suite")" &&
		 timeout 1200 bash "./$(basename "$suite")" "$IGX_A" "$IGX_B") 2>&1 |
			tee "$log" | sed 's/^/# /'
		rc=${PIPESTATUS[0]}
		seen=$(map_forwarding "$(basename "$suite")" "$log" "$rc" | tee /tmp/upstream.tap | tail -n1)
		head -n -1 /tmp/upstream.tap
		;;
	esac
	read -r p0 a0 <<<"$c0"
	read -r p1 a1 <<<"$(cable_counts)"
	echo "# $suite: the peer's MAC sent $((${p1:-0} - ${p0:-0})) frames, port A's received $((${a1:-0} - ${a0:-0}))"
	# counters were bumped in a subshell of the pipeline: recount
	ktap_n=$((ktap_n + seen))
	ktap_fail=$((ktap_fail + $(grep -c '^not ok' /tmp/upstream.tap)))
	if [ "$seen" -eq 0 ]; then
		tap fail "$(basename "$suite"): reported no test case (exit status $rc)"
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne "$KSFT_SKIP" ] &&
	     ! grep -q '^not ok' /tmp/upstream.tap; then
		tap fail "$(basename "$suite"): exit status $rc"
	fi
}

if [ ! -d "$KSFT/drivers/net" ] || [ ! -x "$UP/ethtool/ethtool" ]; then
	tap fail "upstream selftests present" "run tools/ksft-prep.sh (make deps)"
	echo "1..$ktap_n"
	exit 1
fi
export PATH=$UP/ethtool:$PATH

setup_addrs
peer ip link set lo up
# hw/csum.py's receiver counts 100 frames on a packet socket for which it
# asks a 4 MiB buffer (SO_RCVBUF, "to queue large cfg_num_pkt"); rmem_max
# (208 KiB by default) silently caps that to 416 KiB.  igx gives every frame
# a page (the XDP layout: truesize 4352 bytes; igb's half page, 2048), so
# the capped buffer holds 97 of them, and a receiver that
# is scheduled late in an emulated guest loses the rest of the burst: port A
# counted 100 every time, the socket 98-99 in 4 of 30 bursts; with the
# buffer it asked for, 0 of 30.  Let its request through.
sysctl -qw net.core.rmem_max=4194304
# That receiver used to listen for a fixed window that started before the
# sender was spawned; tools/ksft-prep.sh makes it stop at its count instead
# (the window became a bound on failure only).
kasan=
grep -q ' kasan_report$' /proc/kallsyms && kasan=1
# The peer sends the burst through a raw socket; the suites test the device,
# not neighbour resolution (whose queue holds about 200 KB while it
# resolves): both sides get permanent entries.
ip neigh replace "$B4" lladdr "$B_MAC" nud permanent dev "$IGX_A"
ip neigh replace "$B6" lladdr "$B_MAC" nud permanent dev "$IGX_A"
peer ip neigh replace "$A4" lladdr "$A_MAC" nud permanent dev "$IGX_B"
peer ip neigh replace "$A6" lladdr "$A_MAC" nud permanent dev "$IGX_B"
export NETIF=$IGX_A REMOTE_TYPE=netns REMOTE_ARGS=$IGX_PEER_NS
export LOCAL_V4=$A4 REMOTE_V4=$B4 LOCAL_V6=$A6 REMOTE_V6=$B6 REMOTE_IFNAME=$IGX_B
ping_ok "$B4" >/dev/null && ping_ok "$B6" >/dev/null ||
	echo "# warning: the peer does not answer pings yet"

# Linux 6.1's tree has drivers/net tests for some devices (dsa, netdevsim,
# ...) but none of the python suites, which came later
absent=
for s in $SUITES; do
	[ -e "$KSFT/drivers/net/$s" ] && continue
	tap skip "$(basename "$s")" "the selftests of the tree of Linux $(uname -r) ($KSFT) have no drivers/net/$s"
	absent+=" $s "
done

for s in $SUITES; do
	[ "${s##*.}" = py ] || continue
	[[ $absent != *" $s "* ]] || continue
	# rss_ctx.py steers traffic over at least 3 queues; the guest's
	# 2 vCPUs give 2 by default, the device has 8
	if [ "$s" = hw/rss_ctx.py ]; then
		q=$(ethtool -l "$IGX_A" | sed -n '/^Current/,$p' | sed -nE 's/^Combined:[[:space:]]+//p')
		ethtool -L "$IGX_A" combined 4 && wait_link "$IGX_A" >/dev/null
		run_suite "$s"
		ethtool -L "$IGX_A" combined "$q" && wait_link "$IGX_A" >/dev/null
		continue
	fi
	# it measures 15000 pps of iperf3 before it looks for fault
	# injection: without the latter, skip it up front (what it would
	# say), rather than fail it whenever the emulation is slower
	if [ "$s" = hw/pp_alloc_fail.py ] && [ ! -d /sys/kernel/debug/fail_function ]; then
		tap skip "pp_alloc_fail.py: test_pp_alloc" \
			"Kernel built without function error injection (or DebugFS)"
		continue
	fi
	# ... and a KASAN guest under TCG passes about 260 pps: the debug
	# kernel cannot meet that precondition, DEBUG_KERNEL=fault can
	if [ "$s" = hw/pp_alloc_fail.py ] && [ -n "$kasan" ]; then
		tap skip "pp_alloc_fail.py: test_pp_alloc" \
			"needs 15000 pps of iperf3; a KASAN guest under TCG passes about 260 (runs on make check DEBUG_KERNEL=fault)"
		continue
	fi
	run_suite "$s"
done

sh_suites=
for s in $SUITES; do
	[ "${s##*.}" = sh ] && [[ $absent != *" $s "* ]] && sh_suites+=" $s"
done
if [ -n "$sh_suites" ]; then
	# the forwarding-lib tests want both ports here, without addresses
	# under a name of its own: both ports are eth0 in their namespaces.
	# The move leaves port B down: without the "up" the carrier wait
	# could only give up (131 s on stock, half an hour on the debug kernel)
	peer ip link set "$IGX_B" netns 1 name igxpeer || tap fail "port B into this namespace"
	IGX_B=igxpeer
	ip addr flush dev "$IGX_A"
	ip addr flush dev "$IGX_B"
	ip link set "$IGX_B" up
	wait_link "$IGX_B" 30 >/dev/null
	for s in $sh_suites; do
		run_suite "$s"
	done
fi

echo "1..$ktap_n"
echo "# $ktap_n tests, $ktap_fail failed"
[ "$ktap_fail" -eq 0 ]
