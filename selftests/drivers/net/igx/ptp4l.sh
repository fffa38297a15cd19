#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 1200
# linuxptp against igx's clock: ptp4l -2 -H with igx at both ends (port B
# bound to igx for this), each port once master and once slave: the slave's
# servo locks (s2), its first s2 offsets stay within IGX_PTP4L_BOUND ns
# (100 us) and so does its clock read directly against the master's (both
# PHCs are in this guest: PTP_SYS_OFFSET_EXTENDED through CLOCK_REALTIME,
# within the reads' windows). Measured in two runs (host load 27, 12):
# largest |offset| 5.5 and 50 us, 17.7 and 11.1 us; PHC A - PHC B -3.3
# and -0.5 us, 16.3 and -1.3 us (windows under 1 us).
#
# Why the bound was 1 s before: with ptp4l's clockcheck on, its
# "clock jumped" reports (15 in 20 s at host load 20-50) each reset the
# servo (SYNCHRONIZATION_FAULT, back to s0) and the offsets after a reset
# reached 3.6 ms. clockcheck compares the PHC with CLOCK_MONOTONIC read by
# ptp4l when it gets to the message; in a TCG guest that read lags by
# tens of ms under load: it measures the scheduler, not the clock, so it
# is off here (sanity_freq_limit 0). The stamps themselves are taken in
# the device model, both ports in one QEMU (hub): no guest latency in them.
#
# Then port A (hardware stamps) as slave of the in-tree igb on port B with
# software stamps (igb's own RX stamps stop after the first frame on this
# emulation: it never reads RXSATRH): the servo locks; no offset bound is
# asserted there: a software stamp is taken by the guest kernel, and its
# error is that kernel's latency (path delay 0.8-1.6 ms and offsets up to
# 657 us at host load 27; 26 ms in a run at load 12), which the host's
# load sets, not igx.
# phc2sys locks CLOCK_REALTIME to port A's clock.
#
# Not fixed: ptp4l's tx_timestamp_timeout (200 ms here) still expires at
# that load now and then (3 and 5 times in two runs; igx's own TX stamp
# timeout counter stayed 0: the stamp came, later), and ptp4l then faults
# its port for 16 s; the first SAMPLES s2 samples are judged.
. "$(dirname "$0")/lib.sh"

BOUND=${IGX_PTP4L_BOUND:-100000}	# ns
SAMPLES=10			# s2 offsets judged per run
CONF=/tmp/ptp4l.conf
# 4 Syncs a second: the servo has its samples sooner under TCG; each
# sample printed (summary_interval = logSyncInterval); a TX stamp may take
# longer than ptp4l's default 1 ms to come back from a TCG guest's NAPI
cat >$CONF <<EOF
[global]
logSyncInterval -2
logMinDelayReqInterval -2
logAnnounceInterval 0
announceReceiptTimeout 3
summary_interval -2
tx_timestamp_timeout 200
sanity_freq_limit 0
EOF

phc_of() { # IF [ns]: /dev/ptpN of IF
	local i

	i=$(${2:+peer} ethtool -T "$1" | awk '/PTP Hardware Clock:/ { print $4 }')
	[ -n "$i" ] && [ "$i" != none ] && echo "/dev/ptp$i"
}

# judge LOG [PHC_B]: wait (up to 240 s) for SAMPLES "master offset" lines
# in state s2 in LOG; prints them; fails unless every one is within BOUND
# (BOUND 0: not judged) and, with PHC_B, port A's and port B's clocks read
# now are within BOUND of each other (plus the reads' windows)
judge() {
	local log=$1 i n d w

	for ((i = 0; i < 2400; i++)); do
		n=$(grep -c 'master offset .* s2 ' "$log")
		[ "$n" -ge "$SAMPLES" ] && break
		sleep 0.1
	done
	grep 'master offset' "$log" | tail -n $((SAMPLES + 3))
	if [ -n "${2:-}" ]; then
		read -r d w <<<"$(python3 "$here/ptp_util.py" cmp "$PHC_A" "$2")"
		echo "PHC A - PHC B: $d ns, read within $w ns"
		# read again in the other order: a clock read that is wrong
		# (rather than clocks that are apart) shows as the two
		# disagreeing (a CI run read 146 us with the servo at -1.4 us)
		echo "PHC B - PHC A: $(python3 "$here/ptp_util.py" cmp "$2" "$PHC_A" | cut -d' ' -f1) ns, read right after"
	fi
	echo "servo resets: $(grep -c 'SYNCHRONIZATION_FAULT\|FAULT_DETECTED' "$log"), clockcheck reports: $(grep -c clockcheck "$log")"
	[ "$n" -ge "$SAMPLES" ] || { echo "servo did not lock: $n s2 samples"; tail -n 20 "$log"; return 1; }
	[ -z "${2:-}" ] || [ "${d#-}" -le $((BOUND + w)) ] || { echo "the clocks are further apart than $BOUND ns"; return 1; }
	[ "$BOUND" -gt 0 ] || { grep 'master offset .* s2 ' "$log" | head -n "$SAMPLES" |
		awk '{ for (i = 1; i < NF; i++) if ($i == "offset") o = $(i + 1); o = o < 0 ? -o : o; if (o > m) m = o }
			END { printf "largest |offset| of the first %d s2 samples: %d ns (not judged)\n", NR, m }'; return 0; }
	grep 'master offset .* s2 ' "$log" | head -n "$SAMPLES" |
		awk -v b="$BOUND" '{ for (i = 1; i < NF; i++) if ($i == "offset") o = $(i + 1);
			o = o < 0 ? -o : o; if (o > m) m = o; if (o > b) bad++ }
			END { printf "largest |offset| of the first %d s2 samples: %d ns (bound %d)\n", NR, m, b; exit bad > 0 }'
}

stop_ptp() {
	kill "$@" 2>/dev/null
	wait "$@" 2>/dev/null
}

# MASTER_SIDE: a or b; both ports on igx with hardware stamps
run_hw() {
	local m=$1 ma mb pa pb log=$IGX_OUT/ptp4l-master-$1.log rc

	ma= mb=-s
	[ "$m" = b ] && { ma=-s mb=; log=$IGX_OUT/ptp4l-master-b.log; }
	ptp4l -2 -H -i "$IGX_A" -f $CONF -m $ma >"$log.a" 2>&1 &
	pa=$!
	peer ptp4l -2 -H -i "$IGX_B" -f $CONF -m $mb >"$log.b" 2>&1 &
	pb=$!
	if [ "$m" = a ]; then judge "$log.b" "$PHC_B"; else judge "$log.a" "$PHC_B"; fi
	rc=$?
	stop_ptp $pa $pb
	grep -h 'timed out\|FAULT' "$log.a" "$log.b"
	echo "port A: $(ethtool -S "$IGX_A" | grep hwtstamp | tr -s ' \n' ' ')"
	echo "port B: $(peer ethtool -S "$IGX_B" | grep hwtstamp | tr -s ' \n' ' ')"
	return $rc
}

test_bind_b() {
	[ "$IGX_DRV" = igx ] || { skip "port A is not igx"; return; }
	bind_b igx || return 1
	peer ip link set "$IGX_B" up
	wait_link "$IGX_A" && wait_link "$IGX_B" || return 1
	PHC_B=$(phc_of "$IGX_B" ns) || return 1
	echo "port B: $(peer ethtool -i "$IGX_B" | head -n1), $PHC_B; port A: $PHC_A"
}

test_hw_a_master() {
	[ -n "${PHC_B:-}" ] || { skip "port B not on igx"; return; }
	run_hw a
}

test_hw_b_master() {
	[ -n "${PHC_B:-}" ] || { skip "port B not on igx"; return; }
	run_hw b
}

# port B back on igb, software stamps, master; port A igx hardware slave.
# The master's time is its CLOCK_REALTIME (UTC); PTP's timescale is TAI,
# so the slave's clock ends up currentUtcOffset (37 s) ahead of UTC.
test_sw_master() {
	local pa pb log=$IGX_OUT/ptp4l-sw.log rc off w

	bind_b igb || return 1
	peer ip link set "$IGX_B" up
	wait_link "$IGX_A" && wait_link "$IGX_B" || return 1
	peer ptp4l -2 -S -i "$IGX_B" -f $CONF -m >"$log.b" 2>&1 &
	pb=$!
	ptp4l -2 -H -i "$IGX_A" -f $CONF -m -s >"$log.a" 2>&1 &
	pa=$!
	BOUND=0 judge "$log.a"
	rc=$?
	read -r off w <<<"$(python3 "$here/ptp_util.py" sysoff "$PHC_A")"
	stop_ptp $pa $pb
	echo "port A's clock - CLOCK_REALTIME: $off ns (read within $w ns)"
	return $rc
}

# phc2sys steers CLOCK_REALTIME to port A's clock (-O 0: no UTC offset)
test_phc2sys() {
	local p log=$IGX_OUT/phc2sys.log i n=0

	phc_ctl "$PHC_A" set >/dev/null || return 1
	: >"$log"
	phc2sys -s "$PHC_A" -c CLOCK_REALTIME -O 0 -R 4 -m >"$log" 2>&1 &
	p=$!
	for ((i = 0; i < 1200; i++)); do
		n=$(grep -c 'offset .* s2 ' "$log")
		[ "$n" -ge "$SAMPLES" ] && break
		sleep 0.1
	done
	stop_ptp $p
	tail -n 5 "$log"
	[ "$n" -ge "$SAMPLES" ]
}

ktap_plan 5
quiet_ports
ports_up
PHC_A=$(phc_of "$IGX_A")
ktap_run "port B bound to igx, PHCs on both ports" test_bind_b
ktap_run "ptp4l -2 -H: port A master, port B slave locks (s2, |offset|, |PHC A - PHC B| < $BOUND ns)" test_hw_a_master
ktap_run "ptp4l -2 -H: port B master, port A slave locks (s2, |offset|, |PHC A - PHC B| < $BOUND ns)" test_hw_b_master
ktap_run "ptp4l: igb software-stamp master, port A hardware slave locks (s2)" test_sw_master
ktap_run "phc2sys locks CLOCK_REALTIME to port A's clock" test_phc2sys
ktap_finished
