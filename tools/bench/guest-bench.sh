#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test-bed guest (tools/vm/vm.sh): measures every bench case
# for whatever driver is bound to port A and prints one line per case:
#
#   BENCH <mode> <driver> <case> <size> ok <dt_ns> <a_rx> <a_tx> <b_rx> <b_tx>
#         <udp_in> <udp_rcvbuf_err> <a_irqs> <net_rx_softirqs>
#   BENCH <mode> <driver> <case> <size> na <reason>
#
# Traffic comes from pktgen on port B (netns "peer", in-tree igb), which also
# runs an XDP drop program for the whole run so that frames reflected by
# XDP_TX, XDP_REDIRECT or l2fwd cost the peer the same on every driver.
#
#   guest-bench.sh MODE DRIVER "CASES" "SIZES" SECS WARM PGTHREAD
#
# MODE and DRIVER are labels; SIZES are frame sizes on the wire, FCS
# included; SECS is the measured interval and WARM the traffic before it,
# both in guest seconds; PGTHREAD the pktgen thread (kpktgend_N).
set -u

B=tools/bench
MODE=${1:-icount}
DRV=${2:-unknown}
CASES=${3:-sender stack drop pass tx redirect xsk_rxdrop xsk_txonly xsk_l2fwd}
SIZES=${4:-64 1500}
SECS=${5:-2}
WARM=${6:-0.5}
PGT=${7:-kpktgend_0}
A=$IGX_A
PB=$IGX_B
NS=/run/netns/peer
IP_A=10.99.0.1
IP_B=10.99.0.2
UDP_PORT=9

cd "${IGX_ROOT:-.}" || exit 1

log() { echo "bench[$DRV/$MODE]: $*" >&2; }
peer() { ip netns exec peer "$@"; }
na() { echo "BENCH $MODE $DRV $1 $2 na $3"; }

wait_carrier() {	# IF [peer]
	local i c
	for i in $(seq 1 100); do
		if [ "${2:-}" = peer ]; then
			c=$(peer cat "/sys/class/net/$1/carrier" 2>/dev/null)
		else
			c=$(cat "/sys/class/net/$1/carrier" 2>/dev/null)
		fi
		[ "$c" = 1 ] && return 0
		sleep 0.1
	done
	log "no carrier on $1 after 10 s"
	return 1
}

# The bench's own minimal programs (tools/bench/xdp_bench.bpf.c), not bpf/'s:
# those count every frame in a map, which is work that is not the driver's.
xdp_obj() {	# ACTION -> path
	echo "$B/xdp_bench_$1.o"
}

XDP_ERR=
attach_a() {	# ACTION
	local obj
	obj=$(xdp_obj "$1")
	if ! XDP_ERR=$(ip -force link set dev "$A" xdpdrv obj "$obj" sec xdp 2>&1); then
		XDP_ERR=$(echo "$XDP_ERR" | grep -v '^$' | tail -n1 | tr -s ' \t' ' ')
		[ -n "$XDP_ERR" ] || XDP_ERR="attach failed"
		return 1
	fi
	log "XDP $1 on $A: $obj"
	wait_carrier "$A"
}

detach_a() {
	ip link set dev "$A" xdp off 2>/dev/null
	wait_carrier "$A"
}

# Point the redirect program's devmap slot 0 at port A itself.
fill_devmap() {
	local prog map idx
	prog=$(ip -j -d link show dev "$A" | jq -r '.[0].xdp.prog.id // empty')
	map=$(bpftool -j prog show id "$prog" 2>/dev/null | jq -r '.map_ids[]?' |
	      while read -r m; do
		bpftool -j map show id "$m" | jq -r 'select(.type == "devmap") | .id'
	      done | head -n1)
	[ -n "$map" ] || return 1
	idx=$(cat "/sys/class/net/$A/ifindex")
	bpftool map update id "$map" key 0 0 0 0 value \
		$((idx & 255)) $((idx >> 8 & 255)) $((idx >> 16 & 255)) $((idx >> 24 & 255))
}

# One shell in the peer for the whole configuration: every process start
# under TCG costs a noticeable fraction of a second.
pg_setup() {	# SIZE
	peer sh -c "
	pg() { echo \"\$2\" > /proc/net/pktgen/\$1; }
	pg $PGT rem_device_all
	pg $PGT 'add_device $PB'
	for c in 'count 0' 'clone_skb 100000' 'burst 32' 'delay 0' \\
		'pkt_size $(($1 - 4))' 'dst $IP_A' 'src_min $IP_B' 'src_max $IP_B' \\
		'dst_mac $MAC_A' 'udp_src_min $UDP_PORT' 'udp_src_max $UDP_PORT' \\
		'udp_dst_min $UDP_PORT' 'udp_dst_max $UDP_PORT'; do
		pg $PB \"\$c\"
	done"
}

# port A's MSI-X/MSI vectors, by number: names can repeat across netns
a_irqs() {
	local d=/sys/bus/pci/devices/$IGX_A_PCI
	if [ -d "$d/msi_irqs" ]; then
		ls "$d/msi_irqs" | paste -sd,
	else
		cat "$d/irq"
	fi
}

PG_PID=
pg_start() {
	peer sh -c 'echo start > /proc/net/pktgen/pgctrl' &
	PG_PID=$!
}

pg_stop() {
	[ -n "$PG_PID" ] || return 0
	peer sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait "$PG_PID" 2>/dev/null
	PG_PID=
}

# Every stage's counters, cumulative, one "key value" a line: port B's
# device counters (what pktgen sent), port A's ethtool -S (device, driver
# and per-queue counters) and /sys statistics, the backlog (softnet_stat:
# processed, dropped, time_squeeze, summed over CPUs), CPU 0's ksoftirqd,
# UDP (/proc/net/snmp: InDatagrams, RcvbufErrors, ...) and port A's
# interrupts per vector. A few process starts: read before
# pktgen starts and after it stopped, never in the measured interval.
stage_counters() {
	local d p s q r x rest
	peer grep -r . "/sys/class/net/$PB/statistics" |
		sed -E 's|.*/([a-z_0-9]+):|b.\1 |'
	grep -r . "/sys/class/net/$A/statistics" |
		sed -E 's|.*/([a-z_0-9]+):|a.\1 |'
	ethtool -S "$A" | awk -F: 'NF == 2 && $2 != "" { gsub(/[ \t]/, ""); print "a.S." $1, $2 }'
	p=0 d=0 s=0
	while read -r q r x rest; do
		p=$((p + 16#$q)) d=$((d + 16#$r)) s=$((s + 16#$x))
	done </proc/net/softnet_stat
	echo "softnet.processed $p"
	echo "softnet.dropped $d"
	echo "softnet.time_squeeze $s"
	# softirq work left to ksoftirqd waits behind pktgen's kthread (both
	# SCHED_OTHER) while the ring fills: its run time and switches
	read -r q r x </proc/"$(pgrep -x ksoftirqd/0)"/schedstat
	echo "ksoftirqd0.run_ns $q"
	echo "ksoftirqd0.timeslices $x"
	awk '/^Udp:/ { if (!h) { split($0, k); h = 1 }
		       else for (i = 2; i <= NF; i++) print "udp." k[i], $i }' /proc/net/snmp
	# port A's interrupts per vector, all CPUs, by /proc/interrupts' name
	# (the other vector has the port's bare name): which vector took them
	awk -v irqs=",$(a_irqs)," 'NR == 1 { n = NF; next }
		index(irqs, "," $1 + 0 ",") && $1 ~ /:$/ {
			s = 0; for (i = 2; i <= n + 1; i++) s += $i; print "irq." $NF, s }' \
		/proc/interrupts
}

# "STAGES mode driver case size lost=N key=delta ...": what every stage
# counted while pktgen ran (the counters that moved; lost is port B's
# tx_packets less port A's rx_packets), to find where frames were lost.
stages() {	# CASE SIZE BEFORE AFTER
	awk -v pfx="STAGES $MODE $DRV $1 $2" '
		NR == FNR { b[$1] = $2; next }
		{ d[$1] = $2 - b[$1]; if (d[$1]) o = o " " $1 "=" d[$1] }
		END { print pfx " lost=" d["b.tx_packets"] - d["a.rx_packets"] o }' \
		"$3" "$4"
}

# One measurement: pktgen traffic (unless told not to), warm-up, interval.
measure() {	# CASE SIZE [notraffic]
	local out try st=/tmp/stages-$1-$2
	for try in 1 2; do
		stage_counters >"$st.0"
		if [ "${3:-}" != notraffic ]; then
			pg_setup "$2"
			pg_start
		fi
		sleep "$WARM"
		out=$("$B/bench-sample" "$SECS" "$A" "$PB" "$NS" "$(a_irqs)")
		pg_stop
		# what was in flight reaches its end
		sleep 0.2
		stage_counters >"$st.1"
		# b_tx (5th field) is pktgen's output: none means it never started
		[ "${3:-}" = notraffic ] || [ "$(echo "$out" | cut -d' ' -f5)" != 0 ] && break
		log "$1 $2: pktgen sent nothing; $(peer tail -n2 "/proc/net/pktgen/$PB" | tr '\n' ' ')"
	done
	if [ -n "$out" ]; then
		echo "BENCH $MODE $DRV $1 $2 ok $out"
		stages "$1" "$2" "$st.0" "$st.1"
	else
		na "$1" "$2" "sampler failed"
	fi
}

# BENCH_PERF (bench.sh) arrives as IGX_BENCH_PERF: the cases to profile.
# After a profiled case's measurement, the same traffic again under
# perf record (cpu-clock on every CPU) at IGX_BENCH_PERF_FREQ samples per
# guest second (default 2000): under icount the guest clock is the
# instruction count, so a sample stands for 10^9/FREQ instructions and the
# samples say where the instructions go.  The symbol table goes to the
# console as "PERF mode driver case size share samples [k] symbol" lines,
# and "PERFRX mode driver case size freq frames" gives the frames port A
# received meanwhile: samples * 10^9 / freq / frames is a symbol's
# instructions per received frame.  bench.sh collects both.
profile() {	# CASE SIZE [notraffic]
	local data=/tmp/perf-$1-$2.data freq=${IGX_BENCH_PERF_FREQ:-2000} rx0 rx1
	local cnt=rx_packets
	case " ${IGX_BENCH_PERF:-} " in *" $1 "*) ;; *) return 0 ;; esac
	command -v perf >/dev/null || { log "no perf: $1 $2 not profiled"; return 0; }
	if [ "${3:-}" = notraffic ]; then
		# AF_XDP txonly: port A's own frames sent
		cnt=tx_packets
	else
		pg_setup "$2"
		pg_start
	fi
	sleep "$WARM"
	# the counter read inside perf's window: perf's start and its
	# post-processing take guest seconds, with the traffic running
	perf record -q -a -e cpu-clock -F "$freq" -o "$data" -- \
		sh -c "r=/sys/class/net/$A/statistics/$cnt
		read a < \$r; sleep $SECS; read b < \$r; echo \$a \$b" \
		>"$data.rx" 2>/dev/null
	read -r rx0 rx1 <"$data.rx"
	pg_stop
	perf report -i "$data" --stdio --no-children -n --sort sym \
		--percent-limit 0.02 2>/dev/null |
		grep -E '^ +[0-9.]+%' |
		sed "s/^/PERF $MODE $DRV $1 $2 /"
	echo "PERFRX $MODE $DRV $1 $2 $freq $((rx1 - rx0))"
	# IGX_BENCH_PERF_IP (BENCH_PERF_IP): a symbol regex; the samples of the
	# matching symbols per instruction, "PERFIP mode driver case size
	# symbol+offset samples", to be read against objdump of the object
	if [ -n "${IGX_BENCH_PERF_IP:-}" ]; then
		perf script -i "$data" -F ip,sym,symoff 2>/dev/null |
			awk -v re="^(${IGX_BENCH_PERF_IP})[+]" \
				'{ $1 = "" ; $0 = $2 } $0 ~ re { n[$0]++ }
				 END { for (k in n) print k, n[k] }' |
			sort | sed "s/^/PERFIP $MODE $DRV $1 $2 /"
	fi
	rm -f "$data" "$data.rx"
}

case_sender() {
	ip link set dev "$A" down
	for s in $SIZES; do measure sender "$s"; done
	ip link set dev "$A" up
	wait_carrier "$A"
}

# RX memory per queue at the ring size in use (issue 20): what a socket is
# charged per received frame (truesize less struct sk_buff: selftests'
# truesize.py) and the ring's worth of it.
# Printed as "RXMEM mode driver ring queues buf_bytes".
rx_mem() {
	local skb ring nq out buf
	skb=$(bpftool btf dump file /sys/kernel/btf/vmlinux format raw |
	      sed -nE "s/^\[[0-9]+\] STRUCT 'sk_buff' size=([0-9]+) .*/\1/p" | head -n1)
	ring=$(ethtool -g "$A" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')
	nq=$(ls -d /sys/class/net/"$A"/queues/rx-* | wc -l)
	# the peer's XDP drop program would drop port A's ARP reply
	peer ip neigh replace "$IP_A" lladdr "$MAC_A" dev "$PB" nud permanent
	out=$(python3 selftests/drivers/net/igx/truesize.py $((ring + 64)) 9999 "$IP_B" "$IP_A" "$A") ||
		{ log "rx_mem: $out"; return 0; }
	buf=$(($(echo "$out" | awk '{ print $8 }') - (skb + 63) / 64 * 64))
	echo "RXMEM $MODE $DRV $ring $nq $buf"
}

case_stack() {
	local sink
	# the stack case is the driver without XDP
	ip -d link show dev "$A" | grep -q 'prog/xdp' && detach_a
	# Real-time priority: the sink reads whenever a datagram is queued, so
	# pktgen only runs when the receive side has caught up and the socket
	# does not overflow.  Otherwise the scheduler decides how many frames
	# die cheaply at a full socket, and that, not the driver, sets the rate.
	chrt -f 50 "$B/bench-sink" "$UDP_PORT" &
	sink=$!
	for s in $SIZES; do measure stack "$s"; profile stack "$s"; done
	kill "$sink"
	wait "$sink" 2>/dev/null
	rx_mem
}

case_xdp() {	# ACTION
	local s
	if ! attach_a "$1"; then
		for s in $SIZES; do na "$1" "$s" "native XDP attach refused: $XDP_ERR"; done
		return
	fi
	if [ "$1" = redirect ] && ! fill_devmap; then
		for s in $SIZES; do na "$1" "$s" "devmap not found in the redirect program"; done
		return
	fi
	for s in $SIZES; do measure "$1" "$s"; profile "$1" "$s"; done
}

# AF_XDP through tools/xsk-bench: zero-copy on igx, copy mode on igb (6.12's
# igb has nothing better).  One socket per RX queue, so that wherever RSS
# puts pktgen's single flow a socket receives it.
case_xsk() {	# MODE (rxdrop|txonly|l2fwd)
	local s tool=tools/xsk-bench/xsk-bench mode=$1 flag nq pid out log=/tmp/xsk-bench.log
	local opt=(-r) traffic=
	case $mode in txonly) opt=(-t); traffic=notraffic ;; l2fwd) opt=(-l) ;; esac
	if [ "$DRV" = igb ]; then flag=-S; else flag=-z; fi
	nq=$(ls -d /sys/class/net/"$A"/queues/rx-* | wc -l)
	for s in $SIZES; do
		if [ ! -x "$tool" ]; then
			na "xsk_$mode" "$s" "tools/xsk-bench not built"
			continue
		fi
		[ "$mode" = txonly ] && opt=(-t -s $((s - 4)) -D "$MAC_B")
		# Receivers at real-time priority, as the UDP sink: frames the
		# socket drops for an empty fill ring are cheap and would set the
		# rate.  txonly never waits for pktgen, and must not starve the
		# sampler.
		if [ "$mode" = txonly ]; then
			"$tool" -i "$A" "${opt[@]}" "$flag" -Q "$nq" -x -f >"$log" 2>&1 &
		else
			chrt -f 50 "$tool" -i "$A" "${opt[@]}" "$flag" -Q "$nq" -x -f >"$log" 2>&1 &
		fi
		pid=$!
		# binding may reset the device (igb): let the link come back
		sleep 1
		wait_carrier "$A"
		if ! kill -0 "$pid" 2>/dev/null; then
			na "xsk_$mode" "$s" "xsk-bench $flag failed: $(grep -v '^$' "$log" | tail -n1)"
			continue
		fi
		out=$(measure "xsk_$mode" "$s" $traffic)
		profile "xsk_$mode" "$s" $traffic
		if ! kill -INT "$pid" 2>/dev/null; then
			na "xsk_$mode" "$s" "xsk-bench $flag ended early: $(grep -v '^$' "$log" | tail -n1)"
			continue
		fi
		wait "$pid"
		echo "$out"
		log "xsk_$mode $s: $(grep summary "$log")"
	done
}

# --- set-up --------------------------------------------------------------
modprobe pktgen || { log "no pktgen"; exit 1; }
ip link set dev "$A" up
ip addr add "$IP_A/24" dev "$A"
peer ip link set dev "$PB" up
peer ip addr add "$IP_B/24" dev "$PB"
MAC_A=$(cat "/sys/class/net/$A/address")
MAC_B=$(peer cat "/sys/class/net/$PB/address")
BOUND=$(basename "$(readlink "/sys/class/net/$A/device/driver")")
log "port A $A ($BOUND, $MAC_A), peer $PB; cases: $CASES; sizes: $SIZES; ${SECS}s intervals"
# BENCH_COALESCE (bench.sh) arrives as IGX_BENCH_COALESCE: ethtool -C
# arguments for port A, e.g. "adaptive-rx off rx-usecs 20"
if [ -n "${IGX_BENCH_COALESCE:-}" ]; then
	# shellcheck disable=SC2086
	ethtool -C "$A" $IGX_BENCH_COALESCE || log "ethtool -C $IGX_BENCH_COALESCE failed"
	log "coalescing on $A: $(ethtool -c "$A" | grep -E '^(Adaptive|rx-usecs:)' | tr -s '\n\t' '  ')"
fi
if ! peer ip link set dev "$PB" xdpdrv obj "$(xdp_obj drop)" sec xdp; then
	log "peer: XDP drop refused; reflected frames go to the peer's stack"
fi
wait_carrier "$PB" peer
wait_carrier "$A"

for c in $CASES; do
	case $c in
	sender) case_sender ;;
	stack) case_stack ;;
	drop|pass|tx|redirect) case_xdp "$c" ;;
	xsk_*)
		ip -d link show dev "$A" | grep -q 'prog/xdp' && detach_a
		case_xsk "${c#xsk_}" ;;
	*) log "unknown case $c" ;;
	esac
done
ip link set dev "$A" xdp off 2>/dev/null
exit 0
