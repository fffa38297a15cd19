#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 1200
# linuxptp against igx's clock: ptp4l -2 -H with igx at both ends (port B
# bound to igx for this), each port once master and once slave, both
# clocks at their nominal rate first: the slave's servo locks (s2) and,
# from then until SAMPLES s2 samples and as many direct reads are in, its
# clock read directly against the master's (both PHCs are in this guest:
# PTP_SYS_OFFSET_EXTENDED through CLOCK_REALTIME, ptp_util.py track, every
# 0.25 s) stays within IGX_PTP4L_BOUND ns (100 us) plus the read's window.
#
# ptp4l's own offsets are printed, not judged: on this emulation a single
# sample can be off by what the host did (emulation differences, igx_hw.c:
# "IEEE 1588 stamps"). QEMU stamps a frame with the host's clock when its
# device model handles it, the master's TX stamp inside the TDT write, the
# slave's RX stamp when the same call reaches port B's filters; a host
# preemption in between goes into that one sample. Raw stamps logged by a
# debug build: one-way 7.5-9 us typically, single samples 52 us (host load
# 9) and 101 us (load 12) longer; the final CI of 2026-12-05 had a
# +509611 ns sample. The servo acts on such a sample and the slave's clock
# really moves: after the 509 us one ptp4l set -629 ppm for a quarter
# second and that CI read the clocks 146176 ns apart (direct reads every
# 0.1 s beside ptp4l agree with the clocks' next samples: a 28 us sample
# moved the clock 9 us, read 9.1 us). Both clocks count QEMU's one virtual
# clock, so they need no frequency correction: with max_frequency 5 ppm a
# wrong sample moves the slave 1.25 us until the next one (5 ppm for a
# quarter second), and so do the Syncs ptp4l 3.1.1 takes after its s1
# step when they were stamped before it (it has no step_window). Measured
# with it at host load 9-10: samples off by 23 and 35 us, the clocks read
# at most 2.8 us apart. -icount would take the host out of the stamps
# (both stamps of a frame equal), but its guests stalled for 5-9 s at
# times (no ptp4l timer fired) and 2 of 14 runs of a case failed: Syncs
# stamped before the s1 step, and a re-sync after an announce timeout
# (clocks read 38 and 150 us apart).
#
# Why the clockcheck is off (sanity_freq_limit 0): its "clock jumped"
# reports (15 in 20 s at host load 20-50) each reset the servo
# (SYNCHRONIZATION_FAULT, back to s0). It compares the PHC with
# CLOCK_MONOTONIC read by ptp4l when it gets to the message; in a TCG guest
# that read lags by tens of ms under load: it measures the scheduler, not
# the clock.
#
# Then port A (hardware stamps) as slave of the in-tree igb on port B with
# software stamps (igb's own RX stamps stop after the first frame on this
# emulation: it never reads RXSATRH): the servo locks; no offset bound is
# asserted there: a software stamp is taken by the guest kernel, and its
# error is that kernel's latency (path delay 0.8-1.6 ms and offsets up to
# 657 us at host load 27; 26 ms in a run at load 12), which the host's
# load sets, not igx. Its master is CLOCK_REALTIME, which runs 44 ppm off
# QEMU's virtual clock here: no max_frequency there.
# phc2sys locks CLOCK_REALTIME to port A's clock.
#
# Not fixed: ptp4l's tx_timestamp_timeout (200 ms here) still expires at
# host load 20-30 now and then (3 and 5 times in two runs; igx's own TX
# stamp timeout counter stayed 0: the stamp came, later), and ptp4l then
# faults its port for 16 s.
. "$(dirname "$0")/lib.sh"

BOUND=${IGX_PTP4L_BOUND:-100000}	# ns
SAMPLES=10			# s2 samples and direct reads per run
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
# in state s2 in LOG and, with PHC_B, as many reads of port A's clock
# against port B's taken from the first s2 line on; prints them; fails
# unless there are so many and every read is within BOUND (plus its window)
judge() {
	local log=$1 i n=0 r=0 t='' reads=$1.track

	: >"$reads"
	for ((i = 0; i < 2400; i++)); do
		n=$(grep -c 'master offset .* s2 ' "$log")
		if [ -n "${2:-}" ] && [ -z "$t" ] && [ "$n" -gt 0 ]; then
			python3 "$here/ptp_util.py" track "$PHC_A" "$2" >"$reads" &
			t=$!
		fi
		[ -z "$t" ] || r=$(grep -c . "$reads")
		[ "$n" -ge "$SAMPLES" ] && { [ -z "${2:-}" ] || [ "$r" -ge "$SAMPLES" ]; } && break
		sleep 0.1
	done
	[ -z "$t" ] || stop_ptp "$t"
	grep 'master offset' "$log" | grep -v ' s2 ' | tail -n 3
	grep 'master offset .* s2 ' "$log" | awk '{ print; for (i = 1; i < NF; i++) if ($i == "offset") o = $(i + 1);
		o = o < 0 ? -o : o; if (o > m) m = o }
		END { printf "largest |offset| ptp4l reported in %d s2 samples: %d ns (not judged)\n", NR, m }'
	echo "servo resets: $(grep -c 'SYNCHRONIZATION_FAULT\|FAULT_DETECTED' "$log"), clockcheck reports: $(grep -c clockcheck "$log")"
	[ "$n" -ge "$SAMPLES" ] || { echo "servo did not lock: $n s2 samples"; tail -n 20 "$log"; return 1; }
	[ -n "${2:-}" ] || return 0
	[ "$r" -ge "$SAMPLES" ] || { echo "only $r reads of the two clocks"; return 1; }
	# MONOTONIC_S A_MINUS_B_NS WINDOW_NS
	awk -v b="$BOUND" '{ d = $2 < 0 ? -$2 : $2; if (d > m) { m = d; w = $3 }
			if (d > b + $3) { print "at " $1 " s: PHC A - PHC B " $2 " ns (read within " $3 " ns)"; bad++ } }
		END { printf "largest |PHC A - PHC B| of %d reads: %d ns (read within %d ns; bound %d)\n", NR, m, w, b;
			exit (bad > 0) }' "$reads"
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
	# ptp4l starts from the frequency a clock has: the last case's
	phc_ctl "$PHC_A" freq 0 >/dev/null && phc_ctl "$PHC_B" freq 0 >/dev/null || return 1
	ptp4l -2 -H -i "$IGX_A" -f $CONF --max_frequency 5000 -m $ma >"$log.a" 2>&1 &
	pa=$!
	# peer_bg, not "peer ... &": killing that subshell left ptp4l running on
	# port B (the CI log of 2026-12-05: case 2's slave logged on through
	# cases 3 and 4)
	peer_bg ptp4l -2 -H -i "$IGX_B" -f $CONF --max_frequency 5000 -m $mb >"$log.b" 2>&1
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
	peer_bg ptp4l -2 -S -i "$IGX_B" -f $CONF -m >"$log.b" 2>&1
	pb=$!
	ptp4l -2 -H -i "$IGX_A" -f $CONF -m -s >"$log.a" 2>&1 &
	pa=$!
	judge "$log.a"
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
ktap_run "ptp4l -2 -H: port A master, port B slave locks (s2, |PHC A - PHC B| < $BOUND ns)" test_hw_a_master
ktap_run "ptp4l -2 -H: port B master, port A slave locks (s2, |PHC A - PHC B| < $BOUND ns)" test_hw_b_master
ktap_run "ptp4l: igb software-stamp master, port A hardware slave locks (s2)" test_sw_master
ktap_run "phc2sys locks CLOCK_REALTIME to port A's clock" test_phc2sys
ktap_finished
