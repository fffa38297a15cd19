#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900 --tcg-thread multi
# AF_XDP TX metadata on port A, zero-copy, with `xsk-bench txmd` (a raw
# AF_XDP socket: Debian 12's libxdp cannot register tx_metadata_len):
# XDP_TXMD_FLAGS_TIMESTAMP gives each frame a stamp between two PHC reads
# around its send, increasing; XDP_TXMD_FLAGS_CHECKSUM gives frames whose
# UDP/IPv4 and TCP/IPv6 checksums the peer finds right (and the same
# frames without the request: wrong, so the peer's check can fail); bad
# registrations refused, bad or unregistered metadata ignored, a stamp
# request with TX stamps off not honoured.
. "$(dirname "$0")/lib.sh"

FEAT=$here/xdp_features.py
N=20

phc_dev() {
	local i

	i=$(ethtool -T "$IGX_A" | awk '/PTP Hardware Clock:/ { print $4 }')
	[ -n "$i" ] && [ "$i" != none ] && echo "/dev/ptp$i"
}

ETHTOOL=/usr/local/lib/igx/ethtool/ethtool	# 6.14: ts statistics
[ -x "$ETHTOOL" ] || ETHTOOL=ethtool

# ethtool -S field of port A
stat_s() { ethtool -S "$IGX_A" | awk -v k="$1:" '$1 == k { print $2 }'; }

# the standard time stamping statistics of port A (tx_pkts, tx_lost, ...)
stat_ts() { "$ETHTOOL" -I -T "$IGX_A" | awk -v k="$1:" '$1 == k { print $2 }'; }

test_features() {
	local f

	[ -x "$XB" ] || { echo "$XB missing: make tools"; return 1; }
	f=$("$FEAT" "$IGX_A") || return 1
	echo "$f"
	if ! grep -qw xsk-zerocopy <<<"$f"; then
		skip "$IGX_DRV: no XSK zero-copy ($f)"
		return
	fi
	grep -qw tx-timestamp <<<"$f" && grep -qw tx-checksum <<<"$f"
}

gate() {
	grep -qw tx-timestamp <<<"$("$FEAT" "$IGX_A")" && return 0
	skip "$IGX_DRV advertises no AF_XDP TX metadata"
	return "$KSFT_SKIP"
}

test_ts() {
	local out=$IGX_OUT/ts.out p0 p1 t0 t1 rc

	gate || return
	hwstamp_ctl -i "$IGX_A" -t 1 -r 0 >/dev/null || return 1
	p0=$(stat_ts tx_pkts) t0=$(stat_s tx_hwtstamp_timeouts)
	"$XB" txmd -i "$IGX_A" -m ts -n "$N" -p "$PHC" -d "$B_MAC" >"$out"
	rc=$?
	p1=$(stat_ts tx_pkts) t1=$(stat_s tx_hwtstamp_timeouts)
	head -n 3 "$out"
	tail -n 1 "$out"
	echo "ts stats tx_pkts +$((p1 - p0)), tx_hwtstamp_timeouts +$((t1 - t0))"
	[ "$rc" -eq 0 ] && [ $((p1 - p0)) -eq "$N" ] && [ "$t1" -eq "$t0" ]
}

# the peer counts our frames by checksum; MODE csum or nocsum on port A
csum_run() {
	local mode=$1 out=$IGX_OUT/check-$1.out pid

	peer "$XB" txmd -i "$IGX_B" -m check -n "$N" -t 60 >"$out" 2>&1 &
	pid=$!
	wait_until grep -q listening "$out"
	"$XB" txmd -i "$IGX_A" -m "$mode" -n "$N" -d "$B_MAC" >&2 || { wait $pid; return 1; }
	wait $pid
	tail -n 1 "$out"
}

test_csum() {
	local r

	gate || return
	r=$(csum_run csum) || return 1
	echo "$r"
	[ "$r" = "check: udp4 good $N bad 0 tcp6 good $N bad 0" ]
}

test_nocsum() {
	local r

	gate || return
	r=$(csum_run nocsum) || return 1
	echo "$r"
	[ "$r" = "check: udp4 good 0 bad $N tcp6 good 0 bad $N" ]
}

test_bad() {
	gate || return
	hwstamp_ctl -i "$IGX_A" -t 1 -r 0 >/dev/null || return 1
	"$XB" txmd -i "$IGX_A" -m bad -d "$B_MAC"
}

test_nostamp() {
	local p0 p1 s0 s1 rc

	gate || return
	hwstamp_ctl -i "$IGX_A" -t 0 -r 0 >/dev/null || return 1
	p0=$(stat_ts tx_pkts) s0=$(stat_s tx_hwtstamp_skipped)
	"$XB" txmd -i "$IGX_A" -m nostamp -d "$B_MAC"
	rc=$?
	p1=$(stat_ts tx_pkts) s1=$(stat_s tx_hwtstamp_skipped)
	echo "ts stats tx_pkts +$((p1 - p0)), tx_hwtstamp_skipped +$((s1 - s0))"
	[ "$rc" -eq 0 ] && [ "$p1" -eq "$p0" ]
}

# the port's one TX stamp wanted from two CPUs at once: skb stamps
# (ptp_util.py tx, CPU 0) and AF_XDP metadata stamps (CPU 1). Every
# request is answered once or counted skipped; no stamp reaches both
# owners; each AF_XDP stamp lies within its own frame's send
test_contend() {
	local sp xp s0 s1 p0 p1 l0 l1 nskb nxsk dup pid rc

	gate || return
	[ "$(nproc)" -ge 2 ] || { skip "one CPU in the guest"; return; }
	hwstamp_ctl -i "$IGX_A" -t 1 -r 0 >/dev/null || return 1
	sp=$IGX_OUT/contend-skb.out xp=$IGX_OUT/contend-xsk.out
	s0=$(stat_s tx_hwtstamp_skipped) l0=$(stat_s tx_hwtstamp_timeouts)
	p0=$(stat_ts tx_pkts)
	taskset -c 0 python3 "$here/ptp_util.py" tx "$IGX_A" "$B_MAC" "$N" 0 1 >"$sp" &
	pid=$!
	taskset -c 1 "$XB" txmd -i "$IGX_A" -m ts -s -n "$N" -p "$PHC" -d "$B_MAC" >"$xp"
	rc=$?
	wait $pid || rc=1
	s1=$(stat_s tx_hwtstamp_skipped) l1=$(stat_s tx_hwtstamp_timeouts)
	p1=$(stat_ts tx_pkts)
	nskb=$(awk 'NF == 2 && $1 != "sent"' "$sp" | wc -l)
	nxsk=$(awk '$1 == "stamp" && $4 != 6510615555426900570' "$xp" | wc -l)
	dup=$(sort <(awk 'NF == 2 && $1 != "sent" { print $2 }' "$sp") \
		<(awk '$1 == "stamp" { print $4 }' "$xp") | uniq -d | wc -l)
	tail -n 1 "$xp"
	echo "skb stamps $nskb, AF_XDP stamps $nxsk, skipped +$((s1 - s0)), timeouts +$((l1 - l0)), ts stats tx_pkts +$((p1 - p0)), stamps seen by both $dup"
	[ "$rc" -eq 0 ] && [ "$dup" -eq 0 ] && [ "$l1" -eq "$l0" ] &&
		[ $((nskb + nxsk)) -eq $((p1 - p0)) ] &&
		[ $((nskb + nxsk + s1 - s0)) -eq $((2 * N)) ]
}

# a stamp that can never come: an skb's request sits in a stalled TX
# queue until the TX-timeout reset drops it; that loss is counted once (the
# standard statistics' tx_lost), and the next AF_XDP frames get their
# stamps again
test_lost() {
	local knob=/sys/kernel/debug/igx/$IGX_A_PCI/stall_txq q n l0 l1

	gate || return
	[ "$IGX_DRV" = igx ] || { skip "stall_txq is igx's debugfs"; return; }
	hwstamp_ctl -i "$IGX_A" -t 1 -r 0 >/dev/null || return 1
	ip addr add "$A4/24" dev "$IGX_A" && peer ip addr add "$B4/24" dev "$IGX_B" || return 1
	n=$(channels "$IGX_A")
	for ((q = 0; q < n; q++)); do
		echo "$q" >"$knob" || return 1
	done
	l0=$(stat_ts tx_lost)
	python3 "$here/ptp_util.py" tx "$IGX_A" "$B_MAC" 1 0 0 >/dev/null || return 1
	stall_reset || return 1
	l1=$(stat_ts tx_lost)
	ip addr flush dev "$IGX_A" && peer ip addr flush dev "$IGX_B"
	echo "stamp request dropped by the reset: tx_lost +$((l1 - l0))"
	[ $((l1 - l0)) -eq 1 ] && test_ts
}

ktap_plan 8
quiet_ports
ports_up
PHC=$(phc_dev)
ktap_run "xsk-features: tx-timestamp tx-checksum with xsk-zerocopy" test_features
ktap_run "TX timestamp: $N of $N stamps between PHC reads, increasing" test_ts
ktap_run "TX checksum: $N UDP/IPv4 + $N TCP/IPv6 right at the peer" test_csum
ktap_run "no TX checksum request: the peer finds all $((2 * N)) wrong" test_nocsum
ktap_run "bad registrations refused, bad metadata ignored" test_bad
ktap_run "timestamp request with TX stamps off: sent, no stamp" test_nostamp
ktap_run "TX stamp from two CPUs (skb, AF_XDP): each to its owner, none twice" test_contend
ktap_run "TX stamp lost in a reset: counted once, then stamps again" test_lost
ktap_finished
