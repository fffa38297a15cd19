# SPDX-License-Identifier: GPL-2.0
# Shared setup for the igx selftests; runs in the test guest (tools/vm/vm.sh)
# with port A bound to $IGX_DRV (igx, or igb to validate the tests).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/ktap.sh"
. "${IGX_ROOT:?run me in the test guest: tools/vm/vm.sh -- $0}/tools/vm/guest-lib.sh"

IGX_DRV=${IGX_DRV:-igx}
A4=192.0.2.1 B4=192.0.2.2
A6=fd00:1::1 B6=fd00:1::2
A_MAC=$(cat "/sys/class/net/$IGX_A/address" 2>/dev/null)
B_MAC=$(peer cat "/sys/class/net/$IGX_B/address" 2>/dev/null)

# addresses on both ports, both up, carrier on both
setup_addrs() {
	# IPv6 addresses survive admin down/up like the IPv4 ones
	sysctl -qw "net.ipv6.conf.$IGX_A.keep_addr_on_down=1"
	ip addr flush dev "$IGX_A"
	ip addr add "$A4/24" dev "$IGX_A"
	ip addr add "$A6/64" dev "$IGX_A" nodad
	ip link set "$IGX_A" up
	peer ip addr flush dev "$IGX_B"
	peer ip addr add "$B4/24" dev "$IGX_B"
	peer ip addr add "$B6/64" dev "$IGX_B" nodad
	peer ip link set "$IGX_B" up
	wait_link "$IGX_A" && wait_link "$IGX_B"
}

# no IPv6 (and so no router/neighbour solicitations) on the ports: tests
# that count frames must only see their own
quiet_ports() {
	sysctl -qw "net.ipv6.conf.$IGX_A.disable_ipv6=1"
	peer sysctl -qw "net.ipv6.conf.$IGX_B.disable_ipv6=1"
}

# port A and the peer's port up, with their links
ports_up() {
	ip link set "$IGX_A" up && peer ip link set "$IGX_B" up &&
		wait_link "$IGX_A" && wait_link "$IGX_B"
}

# three replies within 20 s: a fresh link may lose the first requests
# while it settles (-w makes -c count replies), and that is a wait, not a
# second try
ping_ok() {
	local out

	out=$(ping -q -i 0.2 -c 3 -w 20 "$@" 2>&1) && return 0
	echo "$out"
	return 1
}

stat_a() {
	cat "/sys/class/net/$IGX_A/statistics/$1"
}

stat_b() {
	peer cat "/sys/class/net/$IGX_B/statistics/$1"
}

# "QUEUE PACKETS" per RX queue of port A, from ethtool -S (igx: rxN_packets;
# the in-tree igb, used to validate the tests: rx_queue_N_packets)
rxq_packets() {
	ethtool -S "$IGX_A" | sed -nE 's/^ *rx_?(queue_)?([0-9]+)_packets: ([0-9]+)$/\2 \3/p'
}

# rxq_packets before ($1) and after ($2): "QUEUE DELTA" lines
rxq_delta() {
	join <(sort "$1") <(sort "$2") | awk '{ print $1, $3 - $2 }'
}

# send COUNT raw frames with ethertype 0x88b5 from interface IF to DSTMAC
#   sendframes IF DSTMAC COUNT   (run it in the netns owning IF)
sendframes() {
	python3 "$here/frames.py" send "$@"
}

# stage_bin DIR PROG...: PROGs with their libraries and ld.so copied into
# DIR (tmpfs), to run as "DIR/ld.so --library-path DIR DIR/PROG" where
# nothing may be read from the 9p root (under injected faults; after a
# system sleep, which virtio-9p does not survive)
stage_bin() {
	local dir=$1 prog path lib

	shift
	mkdir -p "$dir"
	for prog in "$@"; do
		path=$(command -v "$prog") || return 1
		cp -L "$path" "$dir/$prog" || return 1
		for lib in $(ldd "$path" | grep -oE '/[^ ]+'); do
			cp -L "$lib" "$dir/" || return 1
			case $lib in */ld-linux*) cp -L "$lib" "$dir/ld.so" ;; esac
		done
	done
}

# A system sleep's test (pm.sh, sriov_pm.sh) runs from the suspend on from
# tmpfs: the guest's root and result share are virtio-9p, which has no PM
# support and answers nothing after the first resume. pm_stage DIR PROG...
# puts PROGs with their libraries (stage_bin), busybox with its applets
# (DIR/bb), ktap.sh and pm_lib.sh into DIR; pm_lib.sh is the pm_ helpers
# below (POSIX sh, busybox runs them) after sourcing ktap.sh.
pm_stage() {
	local dir=$1

	stage_bin "$@" && mkdir -p "$dir/bb" && cp /bin/busybox "$here/ktap.sh" "$dir/" &&
		"$dir/busybox" --install -s "$dir/bb" &&
		{ echo 'KTAP_NO_HEADER=1 . "$BIN/ktap.sh"'; declare -f pm_sleep pm_wait pm_links pm_finished; } \
			>"$dir/pm_lib.sh" || { echo "cannot stage in $dir"; return 1; }
}

# pm_exec DIR SCRIPT [VAR=VALUE...]: SCRIPT (the caller wrote it into DIR;
# it sources "$BIN/pm_lib.sh") in place of the caller, with busybox sh,
# only DIR/bb in PATH, BIN=DIR and the VARs in its environment
pm_exec() {
	local dir=$1 script=$2

	shift 2
	# ld.so looks for /etc/ld.so.preload at every start, and 9p caches no
	# negative lookups: each would be a request to a server that no longer
	# answers. An empty /etc (tmpfs) answers it.
	mount -t tmpfs tmpfs /etc || return 1
	exec "$dir/bb/env" -i PATH="$dir/bb" BIN="$dir" "$@" "$dir/busybox" sh "$script"
}

# suspend to RAM (ACPI S3); the RTC alarm wakes the machine 5 s later
pm_sleep() {
	echo 0 >/sys/class/rtc/rtc0/wakealarm && echo +5 >/sys/class/rtc/rtc0/wakealarm &&
		echo mem >/sys/power/state
}

# pm_wait SECS CMD...: CMD every 0.5 s until it succeeds, SECS at most (a
# bound on a hang, never a verdict on time)
pm_wait() {
	local n=$(($1 * 2))

	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.5
		n=$((n - 1))
	done
	return 1
}

# pm_links IF PEER_IF: after a resume, the carrier of port A's IF and of
# the peer's PEER_IF, 30 s at most each; says which did not come. The
# wake-up resets port B as well, and its driver brings its link up on its
# own time: in a pm.sh run igb's "Link is Up" came 0.47 s after igx's, and
# the first of three pings, sent once port A had its carrier, went
# unanswered. (busybox ping -c 3 sends three requests and no more.) sysfs
# shows the init netns only: the peer's link is read through ip.
pm_links() {
	pm_wait 30 grep -qx 1 "/sys/class/net/$1/carrier" ||
		{ echo "# no carrier on $1 30 s after resume"; return 1; }
	pm_wait 30 sh -c "nsenter --net=/run/netns/peer ip -o link show $2 | grep -q LOWER_UP" ||
		{ echo "# no carrier on the peer's $2 30 s after resume"; return 1; }
}

# The end of a pm_exec script: the count, the kernel log and the status go
# to the console, which vm.sh reads when the result share holds no status
# (the guest's own teardown, with a debug kernel's kmemleak scan after
# rmmod, does not run), then an immediate reset, which ends QEMU as well
# (-no-reboot): busybox's poweroff and reboot look up paths on the 9p
# root first, and the ACPI power-off of sysrq o does nothing after an S3
# resume here.
pm_finished() {
	echo "# $ktap_n tests, $ktap_fail failed"
	echo "igx-vm: dmesg begin"
	dmesg
	echo "igx-vm: dmesg end"
	echo "igx-vm: status $((ktap_fail > 0))"
	sleep 1
	echo b >/proc/sysrq-trigger
}

# channels IF [PREFIX]: IF's combined channels (PREFIX: a command such as
# peer, to ask in another namespace)
channels() {
	${2:-} ethtool -l "$1" | awk '/^Current/ { c = 1 } c && /^Combined:/ { print $2; exit }'
}

# qsum PREFIX FIELD: the sum of port A's per-queue ethtool -S counters
# PREFIXn_FIELD (e.g. qsum rx xdp_tx)
qsum() {
	ethtool -S "$IGX_A" | awk -v re="^ *$1[0-9]+_$2:" '$0 ~ re { s += $2 } END { print s + 0 }'
}

# wait_ge WANT CMD...: wait up to 30 s for CMD's number to reach WANT;
# prints the last number read (the caller's assertion judges it)
wait_ge() {
	local want=$1 v i

	shift
	for ((i = 0; i < 300; i++)); do
		v=$("$@")
		[ "$v" -ge "$want" ] && break
		sleep 0.1
	done
	echo "$v"
}

# peer_send COUNT: COUNT raw frames from the peer to port A's MAC; prints
# how many the peer's port counted as sent once it counted them all
peer_send() {
	local n=$1 t0

	t0=$(stat_b tx_packets)
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$n" >/dev/null || return 1
	wait_ge "$n" eval 'echo $(($(stat_b tx_packets) - t0))'
}

# flood pings both ways until traffic_stop (pids in $tpids)
traffic_start() {
	peer_bg ping -q -f -w 600 "$A4" >/dev/null 2>&1
	tpids=$!
	ping -q -f -w 600 "$B4" >/dev/null 2>&1 &
	tpids="$tpids $!"
}

traffic_stop() {
	kill $tpids 2>/dev/null
	wait $tpids 2>/dev/null
}

# steer Q: every RSS flow to queue Q of port A (ethtool -X ... default
# undoes it)
steer() {
	local w=() q nq

	nq=$(channels "$IGX_A")
	for ((q = 0; q < nq; q++)); do
		[ "$q" = "$1" ] && w+=(1) || w+=(0)
	done
	ethtool -X "$IGX_A" weight "${w[@]}"
}

# pktgen_flood NS DEV CPU DSTMAC [SETTING...]: 60-byte frames (64 on the
# wire) to $A4 UDP port 9 from DEV in netns NS, sent by CPU's pktgen thread
# until pktgen_stop NS; SETTINGs are pktgen's, after these (e.g. 'count 64'
# ends the run by itself: wait $pktgen_pid). The sender's pid in $pktgen_pid.
pktgen_flood() {
	local ns=$1 dev=$2 cpu=$3 mac=$4

	shift 4
	modprobe pktgen || return 1
	ip netns exec "$ns" sh -c '
	pg() { echo "$2" > /proc/net/pktgen/$1; }
	dev=$1 cpu=$2
	shift 2
	pg kpktgend_$cpu rem_device_all
	pg kpktgend_$cpu "add_device $dev"
	for c in "$@"; do
		pg $dev "$c" || exit 1
	done' sh "$dev" "$cpu" 'count 0' 'clone_skb 0' 'pkt_size 60' "dst $A4" \
		"dst_mac $mac" 'udp_dst_min 9' 'udp_dst_max 9' "$@" || return 1
	ip netns exec "$ns" sh -c 'echo start > /proc/net/pktgen/pgctrl' &
	pktgen_pid=$!
}

pktgen_stop() {
	ip netns exec "$1" sh -c 'echo stop > /proc/net/pktgen/pgctrl' 2>/dev/null
}

# count_frames [-l] IF CMD...: the 0x88b5 frames arriving on IF while CMD
# runs ("COUNT", or with -l "COUNT LEN[,LEN...]"); -1 when the counter
# could not start
count_frames() {
	local tool=$here/frames.py r=/tmp/count_ready d=/tmp/count_done o=/tmp/count_out pid

	[ "$1" = -l ] && { tool=$here/xdp_util.py; shift; }
	rm -f $r $d
	python3 "$tool" count "$1" $r $d >$o &
	pid=$!
	shift
	if ! wait_until -p $pid test -e $r; then
		echo "the frame counter did not start" >&2
		kill $pid 2>/dev/null
		wait $pid
		echo -1
		return 1
	fi
	"$@" >/dev/null
	touch $d
	wait $pid
	cat $o
}

# port A and the peer on IPv4 only, up, with static neighbours (no ARP or
# IPv6 frames in the counts), bpffs mounted: the XDP tests' starting point
setup_xdp_ports() {
	quiet_ports
	ip addr flush dev "$IGX_A" && ip addr add "$A4/24" dev "$IGX_A"
	peer ip addr flush dev "$IGX_B" && peer ip addr add "$B4/24" dev "$IGX_B"
	ports_up
	ip neigh replace "$B4" lladdr "$B_MAC" dev "$IGX_A" nud permanent
	peer ip neigh replace "$A4" lladdr "$A_MAC" dev "$IGX_B" nud permanent
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
}

# stall_reset: a TX-timeout reset of port A (debugfs stall_txq, igx only):
# pings until the watchdog has reset the port, 120 at most
stall_reset() {
	local knob=/sys/kernel/debug/igx/$IGX_A_PCI/stall_txq n0 i

	n0=$(dmesg | grep -c "$IGX_A: port reset")
	echo 0 >"$knob" || return 1
	for ((i = 0; i < 120; i++)); do
		ping -q -c 1 -W 1 "$B4" >/dev/null
		[ "$(dmesg | grep -c "$IGX_A: port reset")" -gt "$n0" ] && return 0
	done
	echo "no reset in 120 pings"
	return 1
}

XB=$IGX_ROOT/tools/xsk-bench/xsk-bench

# xb_start OUT CMD...: CMD (an xsk-bench, maybe behind a netns prefix) in
# the background, its output in OUT, its pid in $xb_pid; returns once it
# says its sockets are bound. OUT is emptied here, not by the job's own
# redirection, which may come after the first look: an earlier run's line
# would pass for this one's and a sender would start before any socket is
# bound (CI, d0320e3)
xb_start() {
	local out=$1 i

	shift
	xb_pid=
	[ -x "$XB" ] || { echo "$XB not built (make tools)"; return 1; }
	: >"$out"
	"$@" >"$out" 2>&1 &
	xb_pid=$!
	for ((i = 0; i < 600; i++)); do
		grep -q '^xsk-bench:' "$out" && return 0
		kill -0 "$xb_pid" 2>/dev/null || { wait "$xb_pid"; echo "failed to start ($?): $*"; cat "$out"; return 1; }
		sleep 0.1
	done
	echo "not bound after 60 s: $*"
	cat "$out"
	kill "$xb_pid"
	wait "$xb_pid"
	return 1
}

# xb_stop PID [STATUS]: SIGTERM; the process must end within 10 s, not
# hang, and with STATUS if given (3: its device went away, xsk-bench(8))
xb_stop() {
	local i rc

	kill -0 "$1" 2>/dev/null && kill "$1"
	for ((i = 0; i < 50; i++)); do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1"
			rc=$?
			[ -z "${2:-}" ] || [ "$rc" -eq "$2" ] && return 0
			echo "xsk-bench $1 ended with status $rc, expected $2"
			return 1
		fi
		sleep 0.2
	done
	echo "xsk-bench $1 still there 10 s after SIGTERM"
	kill -9 "$1"
	wait "$1"
	return 1
}
