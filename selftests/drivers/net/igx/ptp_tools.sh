#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 600
# The kernel's own PTP tools against port A (built from the 6.12 tree by
# tools/ptp/build-ptp-tools.sh): testptp on its clock (capabilities as
# the driver advertises them in sysfs, get/set/shift, frequency up to
# max_adj and not beyond, system offset, features it lacks refused),
# hwtstamp_config (each advertised configuration set and read back,
# the others refused or widened to an advertised one, the port unchanged)
# and timestamping (hardware TX stamps of PTPv2 Syncs over UDP).
. "$(dirname "$0")/lib.sh"
. "$here/ptp_lib.sh"

UTIL=$here/ptp_util.py
T=$PTP_BIN/testptp
OUT=${IGX_OUT:-/tmp}

if [ ! -x "$PTP_BIN/timestamping" ]; then
	ktap_plan 1
	ktap_run "kernel PTP tools" bash -c "echo '$PTP_BIN missing: bash tools/ptp/build-ptp-tools.sh'; exit 1"
	ktap_finished
fi

# cap NAME: a number from testptp -c ("  62499999 maximum frequency ...")
cap() {
	awk -v k="$1" 'index($0, k) { print $1; exit }' "$OUT/caps.out"
}

sysfs() {
	cat "/sys/class/ptp/${PHC#/dev/}/$1"
}

test_caps() {
	local name file rc=0

	"$T" -d "$PHC" -c >"$OUT/caps.out" || return 1
	cat "$OUT/caps.out"
	while IFS='|' read -r name file; do
		echo "$name: testptp $(cap "$name"), sysfs $file $(sysfs "$file")"
		[ -n "$(cap "$name")" ] && [ "$(cap "$name")" = "$(sysfs "$file")" ] || rc=1
	done <<-EOF2
	maximum frequency|max_adjustment
	programmable alarms|n_alarms
	external time|n_external_timestamps
	periodic signals|n_periodic_outputs
	pulse per second|pps_available
	programmable pins|n_programmable_pins
	EOF2
	[ "$IGX_DRV" = igx ] || return $rc
	# igx: the clock's ops (igx_ptp.c) are adjfine/adjtime/gettimex64/settime64
	echo "igx: max_adj 62499999, no alarms, pins, PPS, cross timestamps, phase adjustment"
	[ "$(cap 'maximum frequency')" = 62499999 ] && [ "$(cap 'programmable alarms')" = 0 ] &&
		[ "$(cap 'external time')" = 0 ] && [ "$(cap 'periodic signals')" = 0 ] &&
		[ "$(cap 'pulse per second')" = 0 ] && [ "$(cap 'programmable pins')" = 0 ] &&
		[ "$(cap 'cross timestamping')" = 0 ] && [ "$(cap 'adjust_phase')" = 0 ] && return $rc
	return 1
}

test_set_shift() {
	local s

	"$T" -d "$PHC" -T 1000000000 | grep -qx 'set time okay' || return 1
	s=$(phc_sec "$PHC")
	echo "-T 1000000000, -g: $s"
	[ "$s" -ge 1000000000 ] && [ "$s" -lt 1000000100 ] || return 1
	"$T" -d "$PHC" -t 100 | grep -qx 'time shift okay' || return 1
	s=$(phc_sec "$PHC")
	echo "-t 100, -g: $s"
	[ "$s" -ge 1000000100 ] && [ "$s" -lt 1000000200 ] || return 1
	"$T" -d "$PHC" -t -200 | grep -qx 'time shift okay' || return 1
	s=$(phc_sec "$PHC")
	echo "-t -200, -g: $s"
	[ "$s" -ge 999999900 ] && [ "$s" -lt 1000000000 ]
}

# -s: PHC from CLOCK_REALTIME; -k (PTP_SYS_OFFSET) and -x
# (PTP_SYS_OFFSET_EXTENDED) then find them within 1 s (not a timing bound:
# a clock set 1 s or more wrong); -S sets CLOCK_REALTIME from the PHC
test_sys_offset() {
	local o

	"$T" -d "$PHC" -s | grep -qx 'set time okay' || return 1
	o=$(phc_rt_off "$PHC")
	echo "-s, then -k 1: realtime - phc $o ns"
	[ -n "$o" ] && [ "${o#-}" -lt 1000000000 ] || return 1
	"$T" -d "$PHC" -x 3 >"$OUT/x.out" || return 1
	grep -q 'extended timestamp request returned 3 samples' "$OUT/x.out" || { cat "$OUT/x.out"; return 1; }
	"$T" -d "$PHC" -S | grep -qx 'set time okay' || return 1
	o=$(phc_rt_off "$PHC")
	echo "-S, then -k 1: realtime - phc $o ns"
	[ -n "$o" ] && [ "${o#-}" -lt 1000000000 ]
}

# -f: max_adj taken, max_adj + 1 refused with the offset left as it was
test_freq() {
	local max f out

	max=$(sysfs max_adjustment)
	"$T" -d "$PHC" -f 1000 | grep -qx 'frequency adjustment okay' || return 1
	"$T" -d "$PHC" -f "$max" | grep -qx 'frequency adjustment okay' || return 1
	"$T" -d "$PHC" -f "-$max" | grep -qx 'frequency adjustment okay' || return 1
	out=$("$T" -d "$PHC" -f $((max + 1)) 2>&1)
	f=$(python3 "$UTIL" freq "$PHC")
	echo "-f $((max + 1)): $out; offset now $f ppb"
	"$T" -d "$PHC" -f 0 >/dev/null
	[ "$out" = "clock_adjtime: Numerical result out of range" ] && [ "$f" = "-$max" ]
}

# what testptp -c says the clock lacks is refused, and so is a negative
# time, the clock not moved.  (A time beyond what a ktime holds, ptp.sh's
# case, testptp cannot ask for: -T parses its seconds with atoi(), and
# 9300000000 became 710065408, which was set.)
test_refused() {
	local out s0 s1 feat args want rc=0

	s0=$(phc_sec "$PHC")
	out=$("$T" -d "$PHC" -T -1 2>&1)
	s1=$(phc_sec "$PHC")
	echo "-T -1: $out; clock $s0 -> $s1"
	[ "$out" = "clock_settime: Invalid argument" ] && [ "$s1" -ge "$s0" ] &&
		[ $((s1 - s0)) -lt 100 ] || rc=1
	# a feature the clock does not advertise is refused, as testptp words it
	while IFS='|' read -r feat args want; do
		[ "$(cap "$feat")" = 0 ] || continue
		# shellcheck disable=SC2086 # the arguments are words
		out=$("$T" -d "$PHC" $args 2>&1 </dev/null | head -n1)
		echo "$args ($feat 0): $out"
		[[ $out == "$want"* ]] || rc=1
	done <<-'EOF'
	adjust_phase|-o 1000|clock_adjtime: Operation not supported
	cross timestamping|-X|PTP_SYS_OFFSET_PRECISE: Operation not supported
	periodic signals|-p 1000000000|PTP_PEROUT_REQUEST: Invalid argument
	external time|-e 1|PTP_EXTTS_REQUEST: Invalid argument
	pulse per second|-P 1|PTP_ENABLE_PPS: Operation not supported
	EOF
	return $rc
}

# hwtstamp_config's name for ethtool -T's: PTP_V2_L2_EVENT: ptpv2-l2-event
ts_name() {
	tr 'A-Z_' 'a-z-' <<<"$1" | sed 's/^ptp-/ptp/'
}

test_hwtstamp_set() {
	local f got adv rc=0

	adv=$(ethtool -T "$IGX_A")
	for f in NONE PTP_V2_L2_EVENT PTP_V2_L2_SYNC PTP_V2_L2_DELAY_REQ; do
		grep -qw -- "$(ts_name "$f")" <<<"$adv" || continue
		"$PTP_BIN/hwtstamp_config" "$IGX_A" ON "$f" >/dev/null || { rc=1; continue; }
		got=$(hw_cfg "$IGX_A")
		echo "set ON $f, get: $got"
		[ "$got" = "ON $f" ] || rc=1
	done
	"$PTP_BIN/hwtstamp_config" "$IGX_A" OFF NONE >/dev/null || return 1
	got=$(hw_cfg "$IGX_A")
	echo "set OFF NONE, get: $got"
	[ "$got" = "OFF NONE" ] && [ $rc -eq 0 ]
}

# filters ethtool -T does not list and one-step TX: refused with the port's
# configuration unchanged, or (the kernel's rule) widened to one it lists;
# igx widens nothing
test_hwtstamp_refused() {
	local f t c0 got adv out rc=0

	adv=$(ethtool -T "$IGX_A")
	"$PTP_BIN/hwtstamp_config" "$IGX_A" ON PTP_V2_L2_SYNC >/dev/null || return 1
	for f in ALL SOME PTP_V1_L4_EVENT PTP_V2_L4_EVENT PTP_V2_L4_SYNC PTP_V2_EVENT PTP_V2_SYNC \
		PTP_V2_DELAY_REQ ONESTEP; do
		t=ON
		[ $f = ONESTEP ] && { t=ONESTEP_SYNC f=PTP_V2_L2_SYNC; }
		grep -qw -- "$(ts_name "$f")" <<<"$adv" && [ $t = ON ] && continue
		c0=$(hw_cfg "$IGX_A")
		if out=$("$PTP_BIN/hwtstamp_config" "$IGX_A" $t $f 2>&1); then
			got=$(hw_cfg "$IGX_A")
			echo "$t $f: taken as $got"
			[ "$IGX_DRV" != igx ] && [ "${got% *}" = "$t" ] &&
				grep -qw -- "$(ts_name "${got#* }")" <<<"$adv" || rc=1
			"$PTP_BIN/hwtstamp_config" "$IGX_A" ON PTP_V2_L2_SYNC >/dev/null
		else
			got=$(hw_cfg "$IGX_A")
			echo "$t $f: $out; still $got"
			[ "$got" = "$c0" ] || rc=1
		fi
	done
	return $rc
}

# the kernel's timestamping: N Syncs, N hardware TX stamps, each between
# two readings of the clock
test_timestamping_tx() {
	local n=3 r s0 s1 bad

	s0=$(phc_sec "$PHC")
	read -r -a r <<<"$(tx_hw_stamps "$IGX_A" $n "$OUT/timestamping.out")"
	s1=$(phc_sec "$PHC")
	grep -E 'SIOCSHWTSTAMP|HW raw' "$OUT/timestamping.out"
	bad=$(awk -v a="$s0" -v b="$s1" '/HW raw/ { split($NF, t, "."); if (t[1] + 0 < a || t[1] + 0 > b) n++ } END { print n + 0 }' "$OUT/timestamping.out")
	echo "sent ${r[0]}, ${r[1]} with a hardware stamp, $bad outside [$s0, $s1] s"
	[ "${r[0]}" -eq $n ] && [ "${r[1]}" -eq $n ] && [ "$bad" -eq 0 ]
}

# timestamping with RX hardware stamps asks for PTPv2 over UDP (Sync),
# which the 82576 under QEMU never stamps and igx does not list
test_timestamping_rx() {
	local out c0 c1

	"$PTP_BIN/hwtstamp_config" "$IGX_A" ON PTP_V2_L2_EVENT >/dev/null || return 1
	if ethtool -T "$IGX_A" | grep -qw ptpv2-l4-sync; then
		skip "$IGX_DRV lists ptpv2-l4-sync"
		return
	fi
	c0=$(hw_cfg "$IGX_A")
	out=$(IGX_TS_SENDS=1 "$PTP_BIN/timestamping" "$IGX_A" SOF_TIMESTAMPING_RX_HARDWARE \
		SOF_TIMESTAMPING_RAW_HARDWARE PTPV2 2>&1)
	c1=$(hw_cfg "$IGX_A")
	echo "$out" | grep SIOCSHWTSTAMP
	echo "config $c0 -> $c1"
	if grep -q 'requested, got' <<<"$out"; then
		[ "$IGX_DRV" != igx ] && [ "$c1" != "$c0" ]
		return
	fi
	grep -q '^SIOCSHWTSTAMP: Numerical result out of range' <<<"$out" && [ "$c1" = "$c0" ]
}

ktap_plan 9
setup_addrs || exit 1
PHC=$(phc_of "$IGX_A") || { echo "no PHC on $IGX_A"; exit 1; }
ktap_run "testptp -c: capabilities as the driver advertises them (sysfs)" test_caps
ktap_run "testptp -T/-t/-g: set, shift forward and back" test_set_shift
ktap_run "testptp -s/-k/-x/-S: system offsets after setting either clock from the other" test_sys_offset
ktap_run "testptp -f: max_adj taken both ways, beyond refused and unchanged" test_freq
ktap_run "testptp: a negative time and features the clock lacks refused" test_refused
ktap_run "hwtstamp_config: advertised configurations set and read back" test_hwtstamp_set
ktap_run "hwtstamp_config: unlisted filters and one-step refused, port unchanged" test_hwtstamp_refused
ktap_run "timestamping: hardware TX stamps of PTPv2 Syncs over UDP" test_timestamping_tx
ktap_run "timestamping: RX hardware stamps of PTP over UDP refused, port unchanged" test_timestamping_rx
ktap_finished
