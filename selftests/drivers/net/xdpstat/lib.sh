# SPDX-License-Identifier: GPL-2.0
# Shared setup for the xdpstat selftests; runs in the test guest
# (tools/vm/vm.sh). Source it from a test script.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${IGX_ROOT:?run me in the test guest: tools/vm/vm.sh -- $0}"

# the suite's shared KTAP helper; a minimal stand-in if it is not there
ktap=
for f in "$IGX_ROOT/selftests/lib/ktap.sh" "$IGX_ROOT/selftests/ktap.sh" \
	 "$here/../igx/ktap.sh"; do
	[ -f "$f" ] && { ktap=$f; break; }
done
if [ -n "$ktap" ]; then
	. "$ktap"
else
	KSFT_SKIP=4 ktap_n=0 ktap_fail=0 ktap_skip_reason=
	echo "TAP version 13"
	ktap_plan() { echo "1..$1"; }
	ktap_run() {
		local name=$1 rc

		shift
		ktap_n=$((ktap_n + 1))
		ktap_skip_reason=
		"$@" > >(sed -u 's/^/# /') 2>&1
		rc=$?
		wait $! 2>/dev/null
		case $rc in
		0) echo "ok $ktap_n $name" ;;
		"$KSFT_SKIP") echo "ok $ktap_n $name # SKIP $ktap_skip_reason" ;;
		*) echo "not ok $ktap_n $name"; ktap_fail=$((ktap_fail + 1)) ;;
		esac
	}
	skip() { ktap_skip_reason=$*; echo "SKIP: $*"; return "$KSFT_SKIP"; }
	ktap_finished() {
		echo "# $ktap_n tests, $ktap_fail failed"
		[ "$ktap_fail" -eq 0 ]
		exit
	}
fi
. "$IGX_ROOT/tools/vm/guest-lib.sh"

XDPSTAT=${XDPSTAT:-$IGX_ROOT/tools/xdpstat/xdpstat}
XS_TMP=$(mktemp -d /tmp/xdpstat-test.XXXXXX)
EXIT_GONE=3	# xdpstat.8: a monitored interface disappeared

need_xdpstat() {
	[ -x "$XDPSTAT" ] && return 0
	echo "FAIL: $XDPSTAT not built (make tools)"
	return 1
}

# XDP_DROP object, compiled here so the tests do not depend on bpf/
drop_obj() {
	local o=$XS_TMP/xs_drop.o

	[ -f "$o" ] || clang -O2 -g -target bpf \
		-idirafter "/usr/include/$(gcc -print-multiarch)" \
		-c "$here/xs_drop.c" -o "$o" || return 1
	echo "$o"
}

# pgset [NS] FILE CMD: one pktgen command in netns NS ("" = ours)
pgset() {
	local ns=$1 file=$2

	shift 2
	if [ -n "$ns" ]; then
		ip netns exec "$ns" sh -c "echo '$*' > /proc/net/pktgen/$file"
	else
		echo "$*" >"/proc/net/pktgen/$file"
	fi
}

# pg_setup NS DEV DSTMAC COUNT CLONE: 60-byte UDP frames to DSTMAC from
# 200 source addresses (so RSS spreads them over the RX queues)
pg_setup() {
	local ns=$1 dev=$2 mac=$3 count=$4 clone=$5

	modprobe pktgen || return 1
	pgset "$ns" kpktgend_0 rem_device_all
	pgset "$ns" kpktgend_0 "add_device $dev" || return 1
	pgset "$ns" "$dev" "pkt_size 60"
	pgset "$ns" "$dev" "clone_skb $clone"
	pgset "$ns" "$dev" "count $count"
	pgset "$ns" "$dev" "delay 0"
	pgset "$ns" "$dev" "dst_mac $mac"
	pgset "$ns" "$dev" "dst 192.0.2.1"
	pgset "$ns" "$dev" "src_min 198.51.100.1"
	pgset "$ns" "$dev" "src_max 198.51.100.200"
	pgset "$ns" "$dev" "flag IPSRC_RND"
	pgset "$ns" "$dev" "udp_dst_min 9"
	pgset "$ns" "$dev" "udp_dst_max 9"
}

# pg_run NS: sends COUNT frames; returns when pktgen is done
pg_run() {
	pgset "$1" pgctrl start
}

# wait_lines FILE N: until FILE has N lines, or xdpstat ($XS_PID) ended
wait_lines() {
	local i

	for ((i = 0; i < 600; i++)); do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		kill -0 "$XS_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	echo "FAIL: xdpstat printed fewer than $2 lines in 60 s"
	return 1
}

# xs_start IF...: xdpstat --json in the background, once its baseline
# sample is taken (first line printed); output in $XS_TMP/out.jsonl
xs_start() {
	: >"$XS_TMP/out.jsonl"
	"$XDPSTAT" --json -i 0.5 "$@" >"$XS_TMP/out.jsonl" 2>"$XS_TMP/err" &
	XS_PID=$!
	wait_lines "$XS_TMP/out.jsonl" 1
}

# xs_stop: two more samples (the last one after all traffic), then Ctrl-C
xs_stop() {
	local n rc

	n=$(wc -l <"$XS_TMP/out.jsonl")
	wait_lines "$XS_TMP/out.jsonl" $((n + 2))
	kill -INT "$XS_PID"
	wait "$XS_PID"
	rc=$?
	cat "$XS_TMP/err"
	[ "$rc" = 0 ] || echo "FAIL: xdpstat exited $rc after SIGINT"
	return "$rc"
}

# ports A and B up, IPv6 off (no stray frames in the counts)
ports_up() {
	sysctl -qw "net.ipv6.conf.$IGX_A.disable_ipv6=1"
	peer sysctl -qw "net.ipv6.conf.$IGX_B.disable_ipv6=1"
	ip link set "$IGX_A" up && peer ip link set "$IGX_B" up || return 1
	wait_link "$IGX_A" && wait_link "$IGX_B"
}

# sysfs statistics of IF as "name value" lines
devstats() {
	local f

	for f in /sys/class/net/"$1"/statistics/*; do
		echo "${f##*/} $(cat "$f")"
	done
}

# jq-less JSON probe: xs_json FILE PYTHON-EXPR (o = last object); prints it
xs_json() {
	python3 -c 'import json,sys
o = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
print(eval(sys.argv[2]))' "$@"
}

# "prog id" of IF's attached XDP program, from iproute2
# xs_gone: the xdpstat started by xs_start ends, its interface removed,
# with EXIT_GONE and a message saying so
xs_gone() {
	local rc

	wait "$XS_PID"
	rc=$?
	cat "$XS_TMP/err"
	[ "$rc" = "$EXIT_GONE" ] ||
		{ echo "FAIL: exit status $rc, expected $EXIT_GONE"; return 1; }
	grep -q "interface disappeared" "$XS_TMP/err" ||
		{ echo "FAIL: no clear message"; return 1; }
}

xdp_prog_id() {
	ip -j -d link show dev "$1" | python3 -c 'import json,sys
l = json.load(sys.stdin)[0]
print(l.get("xdp", {}).get("prog", {}).get("id", 0))'
}

cleanup_xs() {
	[ -n "${XS_PID:-}" ] && kill "$XS_PID" 2>/dev/null
	rm -rf "$XS_TMP"
}
trap cleanup_xs EXIT
