#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: igx against the in-tree igb on the same emulated 82576.
#
# Four guest boots, each measuring every case for one driver on port A:
# icount (1 vCPU, one guest second = 1e9 instructions) for igx, then igb;
# then a plain real-time run (2 vCPUs) of a reduced set for each, as a
# secondary figure.  Results: a table on stdout, out/bench/results.{json,csv},
# the raw sample lines in out/bench/raw.txt and each boot's log beside them,
# the chart out/bench/bench.svg (gnuplot).
# See Documentation/bench.rst.
#
# Environment: BENCH_SECS (measured interval, guest seconds, default 2),
# BENCH_DRIVERS (default "igx igb"), BENCH_CASES, BENCH_RT_CASES,
# BENCH_SIZES, BENCH_RT=0 to skip the real-time run, BENCH_COALESCE
# (ethtool -C arguments applied to port A first, e.g. "adaptive-rx off
# rx-usecs 20"), BENCH_PERF (cases to profile with perf in the guest
# after they are measured, e.g. "stack pass"; the symbols go to
# out/bench/perf.txt), BENCH_OUT (default out/bench), BENCH_VM_TIMEOUT
# (wall seconds per boot, default 900: an icount guest runs as slowly as
# its one host thread, so a host loaded by other guests needs more).
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
out=${BENCH_OUT:-$root/out/bench}
export IGX_BENCH_COALESCE=${BENCH_COALESCE:-}
export IGX_BENCH_PERF=${BENCH_PERF:-}
export IGX_BENCH_PERF_FREQ=${BENCH_PERF_FREQ:-2000}
export IGX_BENCH_PERF_IP=${BENCH_PERF_IP:-}
secs=${BENCH_SECS:-2}
drivers=${BENCH_DRIVERS:-igx igb}
cases=${BENCH_CASES:-sender stack drop pass tx redirect xsk_rxdrop xsk_txonly xsk_l2fwd}
rt_cases=${BENCH_RT_CASES:-sender stack drop tx}
sizes=${BENCH_SIZES:-64 1500}
rt_sizes=${BENCH_RT_SIZES:-64}

make -s -C tools/bench || exit 1
# not part of `make all` yet; without it the AF_XDP cases report n/a
[ -f tools/xsk-bench/Makefile ] && { make -s -C tools/xsk-bench ||
	echo "bench: tools/xsk-bench did not build; AF_XDP cases will be n/a" >&2; }
mkdir -p "$out"
raw=$out/raw.txt
: >"$raw"
: >"$out/perf.txt"
: >"$out/stages.txt"
start=$(date +%s)

na_all() {	# MODE DRIVER CASES SIZES REASON
	local c s
	for c in $3; do
		for s in $4; do
			echo "BENCH $1 $2 $c $s na $5" >>"$raw"
		done
	done
}

run() {	# MODE DRIVER CASES SIZES
	local mode=$1 drv=$2 log=$out/$1-$2.log vmopts rc t0
	if [ "$mode" = icount ]; then
		vmopts=(--icount)
		pgt=kpktgend_0
	else
		# pktgen on the second vCPU, so the sender does not steal from
		# the receiver: each vCPU its own host thread
		vmopts=(--smp 2 --tcg-thread multi)
		pgt=kpktgend_1
	fi
	if [ "$drv" = igx ] && [ ! -f driver/igx.ko ]; then
		na_all "$mode" "$drv" "$3" "$4" "driver/igx.ko not built"
		return
	fi
	t0=$(date +%s)
	echo "bench: $mode $drv ..." >&2
	bash tools/vm/vm.sh "${vmopts[@]}" --driver-a "$drv" --timeout "${BENCH_VM_TIMEOUT:-900}" --out "$out/vm-$mode-$drv" -- \
		bash tools/bench/guest-bench.sh "$mode" "$drv" "$3" "$4" "$secs" 0.5 "$pgt" \
		>"$log" 2>&1
	rc=$?
	grep -E '^(BENCH|RXMEM) ' "$log" >>"$raw"
	grep -E '^PERF(RX|IP)? ' "$log" >>"$out/perf.txt"
	grep '^STAGES ' "$log" >>"$out/stages.txt"
	grep -q "^BENCH $mode $drv " "$log" ||
		na_all "$mode" "$drv" "$3" "$4" "VM run failed (status $rc, see $log)"
	echo "bench: $mode $drv done in $(($(date +%s) - t0)) s (status $rc)" >&2
}

for d in $drivers; do run icount "$d" "$cases" "$sizes"; done
if [ "${BENCH_RT:-1}" != 0 ]; then
	for d in $drivers; do run rt "$d" "$rt_cases" "$rt_sizes"; done
fi
echo "bench: total $(($(date +%s) - start)) s" >&2
python3 tools/bench/report.py "$raw" "$out"
# the same results as a chart: $out/bench.svg
python3 tools/bench/chart.py "$out"
