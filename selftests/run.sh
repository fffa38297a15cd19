#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The igx test suite: the host-side unit tests, then every executable test
# program under drivers/net/*/ in its own boot of the QEMU test bed, TAP
# aggregated.  Ends with "N passed, N failed".
#
# A program's "# vm: ARGS" line gives its tools/vm/vm.sh options (topology,
# port A's driver, timeout); the default is the port pair with igx.
#
# drivers/net/igx/ is a kselftest directory: its Makefile's TEST_PROGS are
# its programs (make run_tests and run_kselftest.sh run them all in one
# guest).  This suite takes the same list but boots a guest per program,
# and runs the program there directly, not through the kselftest runner:
# programs need different guests (their "# vm:" line), one that crashes or
# hangs its guest must not take the rest with it, each boot's kernel log is
# checked on its own, and the runner would nest each program's TAP one
# level down.  A file there that the Makefile names in neither TEST_PROGS
# nor TEST_FILES fails the suite, so that no program is left out of either
# way of running it.
#
#   IGX_DRV=igx|igb  driver of port A (igb validates the tests themselves)
#   IGX_RESULTS=DIR  where logs go (default: a new directory in /tmp)
#   IGX_VM_ARGS=...  extra tools/vm/vm.sh options (e.g. --kernel ... --modules ...)
#   IGX_JOBS=N       guests booted at once (default 2: most of a test is
#                    waiting, and the suite must fit CI's 90 minutes)
#   run.sh [TEST...] only these programs (e.g. ping.sh or bpf/xsk_bench.sh)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
base=selftests/drivers/net
export IGX_DRV=${IGX_DRV:-igx}
results=${IGX_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/igx-check.XXXXXX")}
mkdir -p "$results"
# a reused IGX_RESULTS: the markers this run waits for must be its own (a
# leftover ping.rc was read at once as "test 1 never reported")
rm -f "$results"/*.rc "$results/host.done"
start=$(date +%s)
pass=0 fail=0 skipped=0
failures=()

# the programs of kselftest directory $1 (its Makefile's TEST_PROGS) into
# progs; what the Makefile and the directory disagree on into problems
problems=()
kselftest_progs() { # DIR
	local d=$1 lists f n kind

	progs=()
	if ! lists=$(make -s --no-print-directory -C "$d" list_tests 2>&1); then
		problems+=("$d/Makefile: make list_tests failed: $lists")
		return
	fi
	for n in $(sed -n 's/^prog //p' <<<"$lists"); do
		progs+=("$d/$n")
		[ -e "$d/$n" ] || problems+=("$d/Makefile: TEST_PROGS names $n, which does not exist")
		[ ! -e "$d/$n" ] || [ -x "$d/$n" ] || problems+=("$d/$n is in TEST_PROGS but not executable: chmod +x it")
	done
	for f in "$d"/*; do
		n=${f##*/}
		[ -f "$f" ] || continue
		case $n in Makefile|config|settings) continue ;; esac
		grep -qxF -e "prog $n" -e "file $n" <<<"$lists" && continue
		kind=TEST_FILES
		[ ! -x "$f" ] || [ "${n%.sh}" = "$n" ] || kind=TEST_PROGS
		problems+=("$f is in neither TEST_PROGS nor TEST_FILES: add the line \"	$n \\\" to $kind in $d/Makefile")
	done
}

all=()
for d in "$base"/*/; do
	d=${d%/}
	if [ -f "$d/Makefile" ]; then
		kselftest_progs "$d"
		all+=("${progs[@]}")
	else
		for t in "$d"/*.sh; do
			[ -x "$t" ] && all+=("$t")
		done
	fi
done
tests=()
if [ $# -gt 0 ]; then
	for t in "$@"; do
		case $t in
		*/*) tests+=("$base/$t") ;;
		*) tests+=("$base/igx/$t") ;;
		esac
	done
else
	tests=("${all[@]}")
fi
echo "igx selftests: port A driver $IGX_DRV, ${#tests[@]} programs, logs in $results"
if [ "$IGX_DRV" = igx ] && [ ! -f "${IGX_KO:-driver/igx.ko}" ]; then
	echo "warning: ${IGX_KO:-driver/igx.ko} not built (make driver); its tests will fail"
fi

result() { # ok|fail|skip NAME
	case $1 in
	ok) pass=$((pass + 1)); echo "PASS $2" ;;
	skip) skipped=$((skipped + 1)); echo "SKIP $2" ;;
	*) fail=$((fail + 1)); failures+=("$2"); echo "FAIL $2" ;;
	esac
}

# TAP lines of LOG into results, named NAME: ...
count_tap() { # NAME LOG
	local line

	seen=0
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		"not ok "*) seen=$((seen + 1)); result fail "$1: $(sed -E 's/^not ok [0-9]+ (- )?//' <<<"$line")" ;;
		"ok "*"# SKIP"*) seen=$((seen + 1)); result skip "$1: $(sed -E 's/^ok [0-9]+ (- )?//' <<<"$line")" ;;
		"ok "*) seen=$((seen + 1)); result ok "$1: $(sed -E 's/^ok [0-9]+ (- )?//' <<<"$line")" ;;
		esac
	done <"$2"
}

# each failed test's own output (its diagnostics precede its result line):
# the log's tail shows only whichever test ran last
failed_output() { # LOG
	awk '{ sub(/\r$/, "") }
		/^(not )?ok [0-9]+/ {
			if (/^not ok/) {
				print "---- output of " $0
				for (i = (n > 40 ? n - 40 : 0); i < n; i++)
					print buf[i]
			}
			n = 0
			next
		}
		{ buf[n++] = $0 }' "$1"
}

for p in "${problems[@]}"; do
	result fail "kselftest lists: $p"
done

# Host-side tests (no VM), only for the whole suite: they run beside the
# first guests (deb.sh's DKMS build is a minute of compiling that would
# otherwise leave both guest slots idle); a program with a "# needs:
# host-tests" line (binding_boot.sh uses deb.sh's packages) is not booted
# before they end.  Their results are counted first.
host_tests() {
	make -s -C tools/xdpstat test >"$results/xdpstat-unit.log" 2>&1
	echo $? >"$results/xdpstat-unit.rc"
	# the packages and install targets (selftests/host/deb.sh)
	bash selftests/host/deb.sh >"$results/deb.log" 2>&1
	echo $? >"$results/deb.rc"
	: >"$results/host.done"
}
host_results() {
	local n rc

	while [ ! -f "$results/host.done" ]; do
		sleep 1
	done
	for n in xdpstat-unit deb; do
		rc=$(cat "$results/$n.rc")
		count_tap "$n" "$results/$n.log"
		if [ "$rc" -ne 0 ] || [ "$seen" -eq 0 ]; then
			case $n in
			deb) result fail "deb: selftests/host/deb.sh status $rc" ;;
			*) result fail "xdpstat-unit: make -C tools/xdpstat test status $rc" ;;
			esac
			tail -n 30 "$results/$n.log"
		fi
	done
	grep -E '^# (make deb|DKMS build for).* took' "$results/deb.log"
}
if [ $# -eq 0 ]; then
	host_tests &
else
	: >"$results/host.done"
fi

testname() { # TEST: igx/ping.sh is "ping", bpf/xsk_bench.sh "bpf/xsk_bench"
	local n=${1#"$base"/}

	n=${n%.sh}
	echo "${n#igx/}"
}

logname() { # TEST: base name of its log and result directory
	local n

	n=$(testname "$1")
	echo "${n//\//-}"
}

# the kernel's own reports in a log: warnings, bugs, oopses, leaks
# (and kmemleak turning itself off, after which its silence proves nothing)
reports='WARNING:|BUG:|Oops|general protection|Call Trace|KASAN|UBSAN|suspected memory leak|unreferenced object|Kernel memory leak detector disabled|possible circular|DMAR: \[DMA|INFO: task .* blocked'

# A guest ended by the emulator, not by what it ran: prints why, or nothing.
# It fails its program like any other end (the suite gives no second
# chance); this only names the cause in the summary.  Both are races in
# QEMU 10.0's multi-threaded TCG, and each has a signature no driver bug
# leaves:
# - QEMU aborts in iotlb_to_section: a vCPU's TLB entry from before a
#   memory-map change (PCI BARs at boot, device_del) looked up in the new
#   map;
# - the guest's first report is an oops on int3 whose Code: line no longer
#   has the int3 (cc) before RIP: a vCPU ran text that another one had
#   already finished patching (a jump label through text_poke_bp; Red Hat
#   bz 2216496). An int3 that was really left there still shows cc.
emulator_fault() { # LOG
	if grep -q '^qemu-system-x86_64: .*iotlb_to_section: Assertion' "$1"; then
		echo "QEMU aborted on its iotlb_to_section assertion"
	elif reports=$reports awk '
		!r && $0 ~ ENVIRON["reports"] { r = 1; t = /Oops: int3:/; next }
		t && /Code: / {
			for (i = 1; i < NF; i++)
				if ($(i + 1) ~ /^</) {
					if ($i != "cc")
						print "stale"
					break
				}
			exit
		}' "$1" | grep -q stale; then
		echo "the guest ran text another vCPU had finished patching (oops on a vanished int3)"
	fi
}

boot() { # TEST LOGNAME VMARGS: the test's guest, its output in LOGNAME.log
	# shellcheck disable=SC2086
	tools/vm/vm.sh --driver-a "$IGX_DRV" --out "$results/$2" --timeout 600 \
		$3 ${IGX_VM_ARGS:-} -- "$1" >"$results/$2.log" 2>&1
}

# one boot per program; IGX_JOBS of them at a time (each VM takes its own
# vCPUs: more jobs than host cores only adds load)
run_one() { # TEST
	local t=$1 l vmargs t0 rc

	l=$(logname "$t")
	vmargs=$(sed -nE 's/^# vm: //p' "$t" | head -n1)
	t0=$(date +%s)
	boot "$t" "$l" "$vmargs"
	rc=$?
	why=
	if [ "$rc" -eq 125 ] && [ ! -f "$results/$l/.vm/started" ]; then
		why="the guest never reached the test"
	elif [ "$rc" -ne 0 ]; then
		why=$(emulator_fault "$results/$l.log")
	fi
	[ -z "$why" ] || echo "$l: $why" >>"$results/testbed"
	echo "# ${l}: $(($(date +%s) - t0)) s" >>"$results/times"
	echo "$rc" >"$results/$l.rc"
}

# Longest first (selftests/times, seconds from a whole run; 60 for a program
# not listed there): the last programs to start are then short ones, and both
# guests stay busy to the end instead of one running xsk.sh alone.
mapfile -t tests < <(for t in "${tests[@]}"; do
	echo "$(awk -v n="$(logname "$t")" '$1 == n { s = $2 } END { print s + 0 ? s : 60 }' \
		selftests/times 2>/dev/null) $t"
done | sort -s -k1,1nr | cut -d' ' -f2-)

jobs_max=${IGX_JOBS:-2}
(
	for t in "${tests[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
			wait -n
		done
		if grep -q '^# needs: host-tests' "$t"; then
			while [ ! -f "$results/host.done" ]; do
				sleep 1
			done
		fi
		run_one "$t" &
	done
	wait
) &
runner=$!

[ $# -gt 0 ] || host_results
for t in "${tests[@]}"; do
	l=$(logname "$t")
	name=$(testname "$t")
	log=$results/$l.log
	while [ ! -f "$results/$l.rc" ]; do
		sleep 1
	done
	rc=$(cat "$results/$l.rc")
	planned=$(sed -nE 's/^1\.\.([0-9]+)\r?$/\1/p' "$log" | head -n1)
	fail0=$fail
	count_tap "$name" "$log"
	[ "$fail" -eq "$fail0" ] || failed_output "$log"
	# a crash, a timeout or a broken guest loses the rest of the plan
	for ((i = seen; i < ${planned:-1}; i++)); do
		result fail "$name: test $((i + 1)) never reported (vm.sh status $rc)"
	done
	if [ "$rc" -ne 0 ] && [ "$fail" -eq "$fail0" ]; then
		result fail "$name: vm.sh status $rc"
	fi
	if [ "$rc" -ne 0 ]; then
		# Most telling first: a CI report may keep only the start. The
		# test bed's own account (vm.sh, hang.py) without the local
		# APICs, the output of the test that never finished, a hung
		# guest's answer to hang.py's NMI (the CPU it stopped and the
		# tasks running or blocked, panic_print=1), the output's end,
		# and last the APICs' timer and interrupt state.
		grep -E '^(vm|hang): ' "$log" | grep -vE '^vm: IGX_OUT=|^hang: vCPU [0-9]+ lapic'
		[ ! -s "$results/$l/ktap.out" ] || { echo "---- unfinished test:"; tail -n 30 "$results/$l/ktap.out"; }
		awk '/Kernel panic - not syncing: NMI/ { p = 1 } /Kernel Offset/ { p = 0 }
			/ task:/ { p = / state:[RD] / } p' "$log" | head -n 120
		echo "---- $log (tail)"
		tail -n 30 "$log"
		grep -E '^hang: vCPU [0-9]+ lapic (LVTT|Timer|ISR|IRR)' "$log"
		echo "----"
	fi
done
wait "$runner"

# The kernel log of a boot.  Where the test injected allocation failures
# (alloc_fail.sh leaves faults-injected in its output), without what those
# failures make the kernel itself report (fault-reports.awk says what and why).
# On a KCSAN kernel, without the data races outside igx (kcsan-reports.awk).
klog() {
	if [ -e "$(dirname "$(dirname "$1")")/faults-injected" ]; then
		awk -f selftests/fault-reports.awk "$1"
	elif grep -q 'kcsan: enabled' "$1"; then
		awk -f selftests/kcsan-reports.awk "$1"
	else
		cat "$1"
	fi
}

# a log that no longer starts at boot wrapped, and may have lost a report
# (tools/vm/vm.sh sizes the ring for the longest test)
from_boot() { # LOG
	grep -q '\] Linux version ' "$1"
}

# the kernel log of every boot, after its tests: no warnings, bugs, oopses
bad=$(for f in "$results"/*/.vm/dmesg; do
	[ -f "$f" ] || continue
	from_boot "$f" || { echo "$f"; continue; }
	# not grep -q: with pipefail, a grep that stops at the first match
	# fails the pipeline once klog, still writing a log over the pipe's
	# 64 KiB, gets SIGPIPE, and the report went unseen
	klog "$f" | grep -E "$reports" >/dev/null &&
		echo "$f"
done)
if [ -n "$bad" ]; then
	result fail "dmesg free of WARN/BUG/oops after the suite"
	for f in $bad; do
		echo "---- $f"
		from_boot "$f" || echo "the kernel log wrapped: it no longer starts at boot"
		klog "$f" | grep -E -B2 -A20 "$reports" | head -n 60
	done
else
	result ok "dmesg free of WARN/BUG/oops after the suite"
fi

sort -t: -k2 -n "$results/times" 2>/dev/null | tail -n 5
# failures of the test bed itself (they failed their programs above)
sed 's/^/# test bed: /' "$results/testbed" 2>/dev/null
echo "wall time: $(($(date +%s) - start)) s, $skipped skipped, logs in $results"
# each failure counted, again beside the count: where only the end of the
# log is kept, its last lines still name every one
for f in ${failures[@]+"${failures[@]}"}; do
	echo "failed: $f"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
