#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stage 2 of the igx test guest, run by init after switch_root into the
# host's root: finish the mounts, bind the ports, run the command, hand its
# exit status to vm.sh through the result share and power off.
vmdir=$(dirname "$0")
IGX_OUT=$(dirname "$vmdir")
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp TERM=dumb LANG=C.UTF-8

finish() {
	local leak=/sys/kernel/debug/kmemleak

	# a kernel with kmemleak (the debug kernel): unload port A's driver,
	# so that all it allocated is freed, then scan; a leak is reported in
	# the kernel log, which the host checks
	if [ -w "$leak" ]; then
		rmmod "$IGX_DRV" 2>/dev/null
		echo scan >"$leak"
		echo scan >"$leak"
	fi
	{ dmesg; [ ! -r "$leak" ] || cat "$leak"; } >"$vmdir/dmesg" 2>/dev/null
	echo "$1" >"$vmdir/rc"
	sync
	/bin/busybox poweroff -f
	echo o >/proc/sysrq-trigger
	sleep 10
}

setup_fail() {
	echo "vm: guest setup failed: $*"
	finish 125
}

# where setup is, for the host's boot watchdog to report if it hangs
stage() {
	echo "$*" >"$vmdir/stage"
}
stage "guest-init started"

# the output's serial port must not turn \n into \r\n in what vm.sh passes on
stty -F /dev/ttyS0 -onlcr 2>/dev/null

# what udev would provide: bash process substitution needs /dev/fd
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t configfs configfs /sys/kernel/config 2>/dev/null
hostname igx-guest

# shellcheck source=/dev/null
. "$vmdir/env" || setup_fail "cannot read $vmdir/env"

# a kernel other than the host's brings its own modules directory
rel=$(uname -r)
if [ -n "$IGX_MODDIR" ] && [ "$IGX_MODDIR" != "/lib/modules/$rel" ]; then
	mkdir -p /run/igx-mods
	mount --bind "$IGX_MODDIR" /run/igx-mods
	mount -t tmpfs tmpfs /lib/modules
	mkdir -p "/lib/modules/$rel"
	mount --move /run/igx-mods "/lib/modules/$rel"
fi

# the host's /tmp is only reachable under /run/host-tmp
case $IGX_ROOT in /tmp/*) IGX_ROOT=/run/host-tmp/${IGX_ROOT#/tmp/} ;; esac
case $IGX_KO in /tmp/*) IGX_KO=/run/host-tmp/${IGX_KO#/tmp/} ;; esac
export IGX_ROOT IGX_OUT IGX_KO IGX_TOPO IGX_DRV
cd "$IGX_ROOT" || setup_fail "no checkout at $IGX_ROOT"
ip link set lo up

# a multi-threaded guest booted with maxcpus=1 (vm.sh): its other CPUs
# come up now, before any driver or test; an AP bring-up patches no text.
# The boot CPU has no online file, so a 1-CPU guest matches nothing here.
for f in /sys/devices/system/cpu/cpu[0-9]*/online; do
	[ -e "$f" ] || continue
	[ "$(cat "$f")" = 1 ] || echo 1 >"$f" ||
		setup_fail "cannot bring ${f%/online} up"
done

# Every CPU's local timer fires: the boot stall (README.md) leaves a CPU
# running tasks on IPIs alone, its timer vector stuck in service, from
# early boot on. A test on such a guest hangs wherever it first waits for
# that CPU (a timeout after many minutes); here it ends the run at once,
# named. The watching timeout runs on another CPU.
stage "checking each CPU's local timer"
ncpu=$(nproc)
for ((c = 0; c < ncpu; c++)); do
	taskset -c $(((c + 1) % ncpu)) timeout 30 taskset -c "$c" sleep 0.01 ||
		setup_fail "CPU $c's local timer does not fire (a sleep of 10 ms on it did not end in 30 s): the boot stall of multi-threaded TCG (tools/vm/README.md)"
done

# With the vCPUs on threads of their own the same defect can stop a CPU's
# timer later, at a text patch while a test runs (README.md, "The boot
# stall"): the test would hang until vm.sh's timeout (25 minutes for
# sriov.sh). The check goes on every 10 s from each CPU for the next one;
# a stopped timer ends the run within about two minutes, named, with every
# CPU's backtrace in the kernel log. The bound is 120 s, not the boot
# check's 30: a guest the host starves runs its sleep late, and a stopped
# timer stays stopped (30 s fired once, on a debug-kernel guest at nice 19
# beside a CI run, with no RCU stall report in its log). Not with one
# thread, which has no such defect; a check that a system sleep
# interrupted does not count (the watching timeout runs on the wall clock,
# which goes on in the sleep).
timer_watch() {
	local c=$1 next=$((($1 + 1) % ncpu)) s=/sys/power/suspend_stats/success n

	taskset -pc "$c" $BASHPID >/dev/null || return
	while sleep 10; do
		n=$(cat "$s" 2>/dev/null)
		timeout 120 taskset -c "$next" sleep 0.01
		# 124: timed out (an offline CPU fails at once: not this)
		[ $? = 124 ] && [ "$(cat "$s" 2>/dev/null)" = "$n" ] || continue
		# the first watcher to see a stopped timer reports it and ends the run
		mkdir "$vmdir/timer-stopped" 2>/dev/null || return
		echo "vm: guest: CPU $next's local timer stopped (a sleep of 10 ms on it did not end in 120 s) at $(cut -d' ' -f1 /proc/uptime) s: the stall of multi-threaded TCG (tools/vm/README.md)"
		echo l >/proc/sysrq-trigger
		sleep 1
		finish 125
	done
}
if [ "$IGX_TCG_THREAD" = multi ] && [ "$ncpu" -gt 1 ]; then
	for ((c = 0; c < ncpu; c++)); do
		timer_watch "$c" &
	done
fi

# ports by position: rp0 (00:10.0) holds port A, rp1 (00:11.0) port B
child() {
	local d

	for d in /sys/bus/pci/devices/"$1"/0000:*; do
		[ -e "$d/vendor" ] && { echo "${d##*/}"; return 0; }
	done
	return 1
}
IGX_A_PCI=$(child 0000:00:10.0) || setup_fail "no port A behind 00:10.0"
IGX_A=
export IGX_A_PCI IGX_A
. "$IGX_ROOT/tools/vm/guest-lib.sh"

if [ "$IGX_DRV" = boot ]; then
	# the ports as a machine boots them: no override, no driver yet;
	# the test starts udev itself
	IGX_B_PCI=$(child 0000:00:11.0) || setup_fail "no port B behind 00:11.0"
	export IGX_B_PCI
elif [ "$IGX_TOPO" = pair ]; then
	IGX_B_PCI=$(child 0000:00:11.0) || setup_fail "no port B behind 00:11.0"
	# overrides first: whichever module loads first, each port gets its own
	echo igb >"/sys/bus/pci/devices/$IGX_B_PCI/driver_override"
	echo "$IGX_DRV" >"/sys/bus/pci/devices/$IGX_A_PCI/driver_override"
	stage "modprobe igb"
	modprobe igb || setup_fail "modprobe igb"
	[ -e "/sys/bus/pci/devices/$IGX_B_PCI/driver" ] ||
		echo "$IGX_B_PCI" >/sys/bus/pci/drivers_probe
	IGX_B=$(igx_pci_netdev "$IGX_B_PCI") || setup_fail "igb did not bind port B"
	ip netns add "$IGX_PEER_NS" || setup_fail "ip netns add"
	ip link set "$IGX_B" netns "$IGX_PEER_NS" || setup_fail "cannot move $IGX_B"
	peer ip link set lo up
	export IGX_B_PCI IGX_B
fi
if [ "$IGX_DRV" != boot ]; then
	stage "binding port A to $IGX_DRV"
	bind_a "$IGX_DRV" || setup_fail "cannot bind port A to $IGX_DRV"
fi

# the host's boot watchdog (vm.sh) stands down once this exists
: >"$vmdir/started"
"${IGX_CMD[@]}"
finish $?
