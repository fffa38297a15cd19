#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 1800 --append acpi=noirq --append slab_nomerge
# Allocation failures (failslab and fail_page_alloc through
# /proc/self/fail-nth, which counts slab and page allocations alike: the
# descriptor rings' DMA memory and the page_pool's pages are page
# allocations): for each configuration
# path of port A (probe, open, ring resize, channel change, XDP attach,
# zero-copy XSK socket setup)
# the Nth allocation of the request fails, for
# N = 1, 2, ... until the request makes no more: each time the request
# fails cleanly or succeeds, the port keeps (or after a failed open, can
# return to) its working configuration and passes traffic.  Leaks show in
# the kmemleak scan after the run (tools/vm/guest-init.sh) and WARNs in
# the kernel log, both checked by selftests/run.sh.
#
# The guest boots with acpi=noirq: probe's pci_enable_device() evaluates the
# slot's ACPI _PRT for its INTx routing, and ACPICA does not survive an
# allocation failure there ("AE_NO_MEMORY, Could not update object
# reference count", then objects freed while in use: a GPF in the next _PRT
# evaluation, at unbind, or corrupted memory elsewhere).  That is the
# kernel's ACPI interpreter, not the driver, which uses MSI-X anyway.
#
# Needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS: any of the
# kernels tools/vm/debug-kernel.sh builds (make check DEBUG_KERNEL=1, fault
# or leak; leak, with kmemleak and without KASAN, is the one for the whole
# sweep); elsewhere every case is skipped.
#
#   IGX_ALLOC_MAX=600       give up on a request still failing after this many
#   IGX_ALLOC_FROM=1        start at this N (to reproduce one failure)
#   IGX_ALLOC_CASES="open rings channels xdp xsk probe"   the cases to run
. "$(dirname "$0")/lib.sh"

FS=/sys/kernel/debug/failslab
MAX=${IGX_ALLOC_MAX:-600}
FROM=${IGX_ALLOC_FROM:-1}
PIN=/sys/fs/bpf/igx_alloc_fail_pass
OUT=${IGX_OUT:-/tmp}/alloc_fail
mkdir -p "$OUT"

PAGE_FS=/sys/kernel/debug/fail_page_alloc
FAULTS=("$FS")
[ ! -d "$PAGE_FS" ] || FAULTS+=("$PAGE_FS")

# injected VAR: the faults left to inject, into VAR.  times counts down on
# every injected failure (logged or not: an allocation that may fail
# quietly, __GFP_NOWARN, leaves no log line).  This and the other checks
# run for every N, and a process started in a TCG guest is slow: with
# builtins where they do, a KASAN-kernel request took 8 s instead of 27.
injected() {
	local -n sum=$1
	local f v

	sum=0
	for f in "${FAULTS[@]}"; do
		read -r v <"$f/times"
		sum=$((sum + v))
	done
}

# fault_since INJ0: a fault was injected since injected() gave INJ0
fault_since() {
	local now

	injected now
	[ "$now" -lt "$1" ]
}

# kmemleak (the debug and leak kernels) allocates its own metadata beside
# every object it tracks, in the same task and from its own caches:
# fail-nth counted those too, so that a sweep there ran about twice the
# fault kernel's N, and each of the extra faults failed kmemleak (which
# falls back to its emergency pool) instead of the request.  failslab's
# cache filter fails only the caches marked failslab: all but kmemleak's.
# A merged cache refuses the mark, hence slab_nomerge in the "vm:" line.
# Caches created later are not marked; nothing under test creates one.
filter_caches() {
	local c n=0

	for c in /sys/kernel/slab/*; do
		[ ! -L "$c" ] || continue
		case ${c##*/} in kmemleak_*) continue ;; esac
		echo 1 2>/dev/null >"$c/failslab" || { echo "cannot mark slab cache ${c##*/} for failslab"; return 1; }
		n=$((n + 1))
	done
	echo Y >"$FS/cache-filter"
	echo "failslab: $n slab caches can fail, kmemleak's cannot"
}

# no random failures; the task's fail-nth alone picks the one that fails.
# Page allocations of every order count, sleeping or not (the defaults
# leave out GFP_KERNEL and order 0: all of a ring's memory)
arm() {
	local f

	# the kernel's allocation-failure reports are expected from here on
	# (selftests/run.sh leaves them out of its kernel-log check)
	touch "${IGX_OUT:-/tmp}/faults-injected"

	for f in "${FAULTS[@]}"; do
		echo 0 >"$f/probability"
		echo N >"$f/ignore-gfp-wait"
		echo 0 >"$f/verbose"
		echo 1000000 >"$f/times"
	done
	[ ! -d "$PAGE_FS" ] || { echo N >"$PAGE_FS/ignore-gfp-highmem"; echo 0 >"$PAGE_FS/min-order"; }
	filter_caches
}

disarm() {
	local f

	for f in "${FAULTS[@]}"; do
		echo Y >"$f/ignore-gfp-wait"
	done
	[ ! -d "$PAGE_FS" ] || echo 1 >"$PAGE_FS/min-order"
	echo N >"$FS/cache-filter"
}

# The guest's root is the host's over 9p, and a fault inside 9p's own
# paths (exec reading the binary, ld.so opening libraries, output to the
# result share) left the mount answering EINVAL to every later open.  The
# commands under fault therefore run from tmpfs, with their own copy of
# ld.so and libraries, and write to tmpfs; and the fault is armed only
# once they are loaded.
BIN=/tmp/alloc_fail-bin
CMD_OUT=/tmp/alloc_fail-cmd.out
stage() {
	stage_bin "$BIN" ip ethtool sh &&
		cp "$IGX_ROOT/tools/failnth/failnth.so" "$BIN/"
}

# under_fault N PROG ARGS...: PROG (ip, ethtool or sh) with the Nth
# allocation of its process failing, counted from when it and its libraries
# are loaded (tools/failnth: exec's own allocations are not the request's)
under_fault() {
	local n=$1 prog=$2

	shift 2
	IGX_FAIL_NTH=$n timeout 15 "$BIN/ld.so" --library-path "$BIN" \
		--preload "$BIN/failnth.so" "$BIN/$prog" "$@" >"$CMD_OUT" 2>&1
}

# what no failure may change (besides what the request itself sets)
state() {
	local mtu flags l

	read -r mtu <"/sys/class/net/$IGX_A/mtu"
	read -r flags <"/sys/class/net/$IGX_A/flags"
	echo "mtu $mtu flags $flags"
	current "$(ethtool -g "$IGX_A")" 'RX|TX'
	current "$(ethtool -l "$IGX_A")" Combined
	l=$(ip -d link show dev "$IGX_A")
	if [[ $l =~ prog/xdp\ id\ [0-9]+ ]]; then
		echo "${BASH_REMATCH[0]}"
	else
		echo "no xdp"
	fi
}

# current TEXT NAMES: the lines of ethtool's TEXT from its "Current" section
# on that start with one of NAMES (a regex alternation) and a colon
current() {
	local l cur=

	while IFS= read -r l; do
		[[ $l == Current* ]] && cur=1
		[ -z "$cur" ] || [[ ! $l =~ ^($2): ]] || echo "$l"
	done <<<"$1"
}

# Traffic through the port, brought up for the check if a failed open left
# it down.  The addresses are set again first: a fault in the stack's own
# NETDEV_UP work (the IPv4 prefix route) is not the driver's to undo.
traffic_ok() {
	local down='' rc=0 flags

	read -r flags <"/sys/class/net/$IGX_A/flags"
	if (((flags & 1) == 0)); then	# IFF_UP
		down=1
		ip link set dev "$IGX_A" up
	fi
	ip -batch - <<-EOF
		addr flush dev $IGX_A
		addr add $A4/24 dev $IGX_A
		addr add $A6/64 dev $IGX_A nodad
	EOF
	wait_link "$IGX_A" 30 >/dev/null
	ping -q -c 2 -i 0.2 -W 2 "$B4" >/dev/null || ping -q -c 3 -i 0.5 -W 3 "$B4" >/dev/null ||
		{ echo "no traffic after the failure"; rc=1; }
	[ -z "$down" ] || ip link set dev "$IGX_A" down
	return $rc
}

# sweep NAME DO UNDO: DO (a simple command: words, no shell syntax) under
# each fault in turn (a DO with "{N}" arms the fault itself, with N in its
# place); after a success UNDO
# (without faults) must bring the port back to where it was, after a
# failure it must already be there
sweep() {
	local name=$1 do=$2 undo=$3 n before after target inj0 failed=0 ok=0 lost=0 rc t0=$SECONDS

	# what the request does when nothing fails
	# shellcheck disable=SC2086
	${do//\{N\}/0} >"$CMD_OUT" 2>&1 || { echo "$name fails without a fault:"; cat "$CMD_OUT"; return 1; }
	target=$(state)
	$undo >>"$CMD_OUT" 2>&1
	before=$(state)
	for ((n = FROM; n <= MAX; n++)); do
		# where a hang happened, if one does
		echo "$name N=$n" >"$OUT/progress"
		injected inj0
		if [[ $do == *"{N}"* ]]; then
			# shellcheck disable=SC2086
			timeout -k 5 30 ${do//\{N\}/$n} >"$CMD_OUT" 2>&1
		else
			# shellcheck disable=SC2086
			under_fault "$n" $do
		fi
		rc=$?
		if [ $rc -eq 124 ]; then
			# the fault took the netlink reply: the request may have
			# been carried out, and ip/ethtool wait for the reply
			# for ever (they read ENOBUFS as "messages lost, read on")
			lost=$((lost + 1))
			fault_since "$inj0" || { echo "$name hung with no fault injected:"; cat "$CMD_OUT"; return 1; }
			$undo >>"$CMD_OUT" 2>&1
		elif [ $rc -eq 0 ]; then
			ok=$((ok + 1))
			$undo >>"$CMD_OUT" 2>&1 || { echo "$name: undo failed after N=$n"; cat "$CMD_OUT"; return 1; }
			fault_since "$inj0" || break	# no Nth allocation: done
		elif [ "$target" != "$before" ] && [ "$(state)" = "$target" ]; then
			# reported failed, but all of it done: the fault took the
			# reply (ethtool says ENOBUFS, or just exits 81)
			lost=$((lost + 1))
			fault_since "$inj0" || { echo "$name: failed but done with no fault injected:"; cat "$CMD_OUT"; return 1; }
			$undo >>"$CMD_OUT" 2>&1
		else
			failed=$((failed + 1))
			fault_since "$inj0" || { echo "$name failed with no fault injected:"; cat "$CMD_OUT"; return 1; }
		fi
		after=$(state)
		if [ "$after" != "$before" ]; then
			echo "$name: N=$n (status $rc) changed the port:"
			diff <(echo "$before") <(echo "$after")
			sed 's/^/  /' "$CMD_OUT"
			return 1
		fi
		traffic_ok || { echo "$name: N=$n"; return 1; }
	done
	[ "$n" -le "$MAX" ] || { echo "$name: still injecting after $MAX allocations"; return 1; }
	echo "$name: $((n - 1)) allocations failed in turn: $failed refused, $((ok - 1)) succeeded anyway, $lost lost the reply; then done without a fault"
	took "$t0" $((n - FROM + 1))
}

# a sweep's duration, for planning runs on the kmemleak kernels (7-48 s per
# request measured there); never checked
took() { # T0 ITERATIONS (at least 1: a sweep ends on a request)
	local t=$((SECONDS - $1))

	echo "took ${t} s, $((t * 10 / $2 / 10)).$((t * 10 / $2 % 10)) s per request"
}

gate() {
	[ -d "$FS" ] && return 0
	skip "kernel without failslab fault injection (CONFIG_FAILSLAB; make check DEBUG_KERNEL=leak)"
}

# probe: after a failed bind nothing of the device may be left; after a
# successful one the port must pass traffic, then it is unbound again
case_probe() {
	local n inj0 failed=0 dev=/sys/bus/pci/devices/$IGX_A_PCI t0=$SECONDS

	gate || return
	unbind_a || return 1
	for ((n = FROM; n <= MAX; n++)); do
		echo "probe N=$n" >"$OUT/progress"
		injected inj0
		if under_fault "$n" sh -c "echo $IGX_A_PCI >/sys/bus/pci/drivers/$IGX_DRV/bind"; then
			IGX_A=$(igx_pci_netdev "$IGX_A_PCI") || { echo "N=$n: bound, but no netdev"; return 1; }
			setup_addrs >/dev/null && traffic_ok || { echo "N=$n: probed port does not work"; return 1; }
			fault_since "$inj0" || break
			unbind_a || return 1
		else
			failed=$((failed + 1))
			fault_since "$inj0" || { echo "bind failed with no fault injected:"; cat "$CMD_OUT"; return 1; }
			[ ! -e "$dev/driver" ] && [ ! -d "$dev/net" ] ||
				{ echo "N=$n: a failed probe left the device bound or a netdev behind"; return 1; }
		fi
	done
	[ "$n" -le "$MAX" ] || { echo "probe: still injecting after $MAX allocations"; return 1; }
	echo "probe: $((n - 1)) allocations failed in turn, $failed probes refused; then a clean probe"
	took "$t0" $((n - FROM + 1))
}

case_open() {
	gate || return
	ip link set dev "$IGX_A" down
	sweep open "ip link set dev $IGX_A up" "ip link set dev $IGX_A down"
	local rc=$?
	ip link set dev "$IGX_A" up
	wait_link "$IGX_A" 30
	return $rc
}

case_rings() {
	gate || return
	sweep "ethtool -G" "ethtool -G $IGX_A rx 512 tx 512" "ethtool -G $IGX_A rx 256 tx 256"
}

case_channels() {
	gate || return
	sweep "ethtool -L" "ethtool -L $IGX_A combined 2" "ethtool -L $IGX_A combined $(channels "$IGX_A")"
}

case_xdp() {
	gate || return
	bpftool prog load "$IGX_ROOT/bpf/xdp_pass.o" "$PIN" type xdp || return 1
	sweep "XDP attach" "ip link set dev $IGX_A xdpdrv pinned $PIN" "ip link set dev $IGX_A xdpdrv off"
	local rc=$?
	rm -f "$PIN"
	return $rc
}

# XSK bind: xsk-bench arms the fault itself once its program is attached,
# so that the Nth allocation falls in the socket's setup (UMEM registration,
# rings, bind: the pool, its DMA mapping and the driver's queue restart)
# rather than in the BPF load before it; a bound socket runs for a second
case_xsk() {
	gate || return
	sweep "XSK bind" "$IGX_ROOT/tools/xsk-bench/xsk-bench -i $IGX_A -q 0 -z -d 1 -x --fail-nth {N}" \
		"ip link set dev $IGX_A xdpdrv off"
}

# kmemleak (the debug and leak kernels): a scan after each case, so that a
# leak is charged to the request whose sweep made it, and a guest stopped
# before its end still has each finished case's verdict (guest-init.sh's
# scan after rmmod is only at the end)
leak_checked() { # CASE_FUNCTION
	local kml=/sys/kernel/debug/kmemleak leaks

	"$@" || return
	[ -w "$kml" ] || return 0
	# kmemleak reports no object younger than 5 s, and none whose contents
	# changed since the scan before: a new leak shows on the second scan
	sleep 6
	# refused once kmemleak turned itself off (its own metadata is
	# allocated beside every object, and a fault can fall there): then
	# an empty report would say nothing
	{ echo scan && echo scan; } 2>/dev/null >"$kml" ||
		{ echo "kmemleak refused to scan: $(dmesg | grep -m2 -i kmemleak | tr '\n' ' ')"; return 1; }
	# without the kernel's own leak under faults (selftests/fault-reports.awk)
	leaks=$(awk -f "$IGX_ROOT/selftests/fault-reports.awk" "$kml")
	if [ -n "$leaks" ]; then
		echo "kmemleak after the sweep: $(grep -c '^unreferenced object' <<<"$leaks") objects"
		head -n 40 <<<"$leaks"
		echo clear >"$kml"
		return 1
	fi
	echo "kmemleak: no leak after the sweep$(grep -q . "$kml" && echo " (the kernel's own IDA leak left out)")"
}

# A request or check stuck for minutes: what every CPU runs and where each
# task of the test waits, into $OUT/hang (read from the host while the
# guest still runs; the kernel log is otherwise only saved at the end)
hang_watch() {
	local p

	while sleep 60; do
		[ -n "$(find "$OUT/progress" -mmin +3 2>/dev/null)" ] || continue
		{
			date
			cat "$OUT/progress"
			echo l >/proc/sysrq-trigger
			for p in /proc/[0-9]*; do
				grep -qE '^State:\s+[RD]' "$p/status" 2>/dev/null || continue
				echo "== ${p#/proc/} $(tr '\0' ' ' <"$p/cmdline")"
				cat "$p/stack" 2>/dev/null
			done
			dmesg | tail -n 80
		} >"$OUT/hang" 2>&1
	done
}

setup_addrs
# only where faults can be injected: gate skips every case elsewhere
[ ! -d "$FS" ] || stage || { echo "cannot stage ip, ethtool and sh in $BIN"; exit 1; }
ethtool -G "$IGX_A" rx 256 tx 256
[ ! -d "$FS" ] || arm || exit 1
hang_watch &
watcher=$!
trap 'kill $watcher; [ ! -d "$FS" ] || disarm' EXIT
CASES=${IGX_ALLOC_CASES:-open rings channels xdp xsk probe}
ktap_plan "$(wc -w <<<"$CASES")"
for c in $CASES; do
	case $c in
	open) ktap_run "open: every allocation failing in turn" leak_checked case_open ;;
	rings) ktap_run "ethtool -G: every allocation failing in turn" leak_checked case_rings ;;
	channels) ktap_run "ethtool -L: every allocation failing in turn" leak_checked case_channels ;;
	xdp) ktap_run "XDP attach: every allocation failing in turn" leak_checked case_xdp ;;
	xsk) ktap_run "XSK zero-copy bind: every allocation failing in turn" leak_checked case_xsk ;;
	probe) ktap_run "probe: every allocation failing in turn" leak_checked case_probe ;;
	esac
done
ktap_finished
