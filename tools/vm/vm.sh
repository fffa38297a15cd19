#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the igx test guest and run one command in it; see README.md.
#
#   vm.sh [--topo pair|loop] [--smp N] [--mem MB] [--icount] [--kernel VMLINUZ]
#         [--modules DIR] [--qmp SOCK] [--append ARGS]... [--driver-a igx|igb|none|boot]
#         [--iommu] [--firmware seabios|ovmf] [--tcg-thread single|multi]
#         [--timeout SEC] [--out DIR] -- COMMAND [ARGS...]
#
# --iommu: an emulated VT-d (intel-iommu) in strict mode, so that every DMA
# the NICs do is translated and a stale or wrong mapping faults.
# --firmware ovmf: UEFI (Debian's ovmf) instead of SeaBIOS, for a guest
# that is woken from S3 (sriov_pm.sh); see README.md.
# --tcg-thread multi: one host thread per vCPU, for a test that needs two
# CPUs running at the same instant; the default (IGX_TCG_THREAD, else
# single) runs them in turns on one thread (README.md, "The boot stall").
# Prints the guest's output and exits with COMMAND's status (124 timeout,
# 125 the guest did not come up or crashed before reporting one, 126 it
# reported one but hung at power-off).  The guest's output is its first
# serial port; the kernel log, all of it from the first line of the boot,
# is its second (.vm/kernel.log).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
topo=pair smp=2 mem=1024 icount= kernel=/boot/vmlinuz-6.12.95+deb12-amd64 moddir=
qmp= append= driver_a=igx timeout=600 out= iommu= firmware=seabios
tcg_thread=${IGX_TCG_THREAD:-single}

usage() {
	sed -n '4,16p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}
die() {
	echo "vm: $*" >&2
	exit 125
}

while [ $# -gt 0 ]; do
	case $1 in
	--topo) topo=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--icount) icount=1 ;;
	--iommu) iommu=1 ;;
	--firmware) firmware=$2; shift ;;
	--tcg-thread) tcg_thread=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--modules) moddir=$2; shift ;;
	--qmp) qmp=$2; shift ;;
	--append) append+=" $2"; shift ;;
	--driver-a) driver_a=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--out) out=$2; shift ;;
	--) shift; break ;;
	-h|--help) usage ;;
	*) echo "vm: unknown option $1" >&2; usage ;;
	esac
	shift
done
[ $# -gt 0 ] || usage
case $topo in pair|loop) ;; *) die "--topo must be pair or loop" ;; esac
case $firmware in seabios|ovmf) ;; *) die "--firmware must be seabios or ovmf" ;; esac
case $tcg_thread in single|multi) ;; *) die "--tcg-thread must be single or multi" ;; esac
[ -f "$kernel" ] || die "no kernel image $kernel"
# deterministic instruction counting only holds on one vCPU, in one
# thread (QEMU refuses MTTCG with -icount)
[ -n "$icount" ] && smp=1 tcg_thread=single

# kernel release from the bzImage header (offset 0x20e points at the version)
krel() {
	local off

	off=$(od -An -tu2 -j526 -N2 "$1" | tr -d ' ') || return 1
	dd if="$1" bs=1 skip=$((off + 512)) count=128 status=none | tr '\0' '\n' |
		head -n1 | cut -d' ' -f1
}
rel=$(krel "$kernel")
[ -n "$moddir" ] || moddir=/lib/modules/$rel
[ -d "$moddir" ] || die "no modules for $rel (pass --modules DIR)"
moddir=$(cd "$moddir" && pwd)

initrd=$("$here/initramfs.sh" "$moddir") || die "cannot build the initramfs"

if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/igx-vm.XXXXXX") || die "mktemp"
else
	mkdir -p "$out" || die "cannot create $out"
fi
out=$(cd "$out" && pwd)
case $out in *[[:space:]]*) die "the result directory must not contain spaces" ;; esac
rm -rf "$out/.vm"
mkdir -p "$out/.vm"
cp "$here/guest-init.sh" "$out/.vm/"
echo "vm: IGX_OUT=$out (TCG, thread=$tcg_thread)" >&2

# IGX_* variables of the caller reach the guest; the test bed's own win
{
	while IFS= read -r v; do
		case $v in IGX_A|IGX_B|IGX_A_PCI|IGX_B_PCI|IGX_OUT|IGX_ROOT|IGX_TOPO|IGX_CMD|IGX_TCG_THREAD) continue ;; esac
		printf 'export %s=%q\n' "$v" "${!v}"
	done < <(compgen -e | grep '^IGX_')
	printf 'IGX_ROOT=%q\n' "$root"
	printf 'IGX_TOPO=%q\n' "$topo"
	printf 'IGX_TCG_THREAD=%q\n' "$tcg_thread"
	printf 'IGX_DRV=%q\n' "$driver_a"
	printf 'IGX_KO=%q\n' "${IGX_KO:-$root/driver/igx.ko}"
	printf 'IGX_MODDIR=%q\n' "$moddir"
	printf 'IGX_CMD=('
	printf '%q ' "$@"
	printf ')\n'
} >"$out/.vm/env"

[ -z "$iommu" ] || append+=" intel_iommu=on iommu.strict=1"
# The guest's TSC runs at the host's rate (TCG); told that rate, the guest
# does not calibrate it against an emulated PIT that an overloaded host
# starves (once in about 40 boots: 58.751 MHz instead of 2096, every
# timeout 36x short, RCU stall reports during boot). Not under -icount,
# where the TSC is virtual time.
if [ -z "$icount" ] && grep -qw constant_tsc /proc/cpuinfo; then
	tsc_bin=${XDG_CACHE_HOME:-$HOME/.cache}/igx/tsc_khz
	if [ ! -x "$tsc_bin" ] || [ "$here/tsc_khz.c" -nt "$tsc_bin" ]; then
		mkdir -p "$(dirname "$tsc_bin")" &&
			cc -O2 -o "$tsc_bin.$$" "$here/tsc_khz.c" && mv "$tsc_bin.$$" "$tsc_bin"
	fi
	tsc_khz=$("$tsc_bin" 2>/dev/null) && append+=" tsc_early_khz=$tsc_khz"
fi
# The kernel log is read after the test (selftests/run.sh checks it for
# reports); the default 128-256 KiB ring wrapped in alloc_fail.sh's sweeps
# and lost their first minutes.  16 MiB of the guest's memory keeps all of it.
append+=" log_buf_len=16M"
# A multi-threaded guest boots on one CPU and brings the others up from
# guest-init.sh: the boot stall (README.md, "The boot stall") begins when
# the kernel first patches its timer code (the NOHZ static keys, 0.05-0.3 s
# after the clocksource switch) with both vCPU threads running; with one
# CPU up there is no second vCPU to run stale code. So that bringing the
# CPUs up patches nothing either (traced with a kprobe on
# text_poke_bp_batch): noreplace-smp, no UP patching of the LOCK prefixes
# to undo; no_ipi_broadcast=1, apic_use_ipi_shorthand is not switched on
# once all CPUs are up (with two CPUs a shorthand saves nothing).
[ "$tcg_thread" = multi ] && [ "$smp" -gt 1 ] &&
	append+=" maxcpus=1 noreplace-smp no_ipi_broadcast=1"
args=(-M q35 -accel "tcg,thread=$tcg_thread" -nodefaults -no-user-config -display none -no-reboot
	-m "$mem" -smp "$smp"
	-kernel "$kernel" -initrd "$initrd"
	# the kernel's console is the second serial port, a file: a boot that
	# never reaches userspace leaves its whole log there (init moves the
	# guest's own output to the first)
	-append "console=ttyS1 loglevel=7 panic=-1 no_timer_check unknown_nmi_panic panic_print=1 sysrq_always_enabled igx.out=$out $append"
	-serial stdio -serial "file:$out/.vm/kernel.log" -monitor none
	# before any PCI device: the IOMMU must exist when they are realized
	${iommu:+-device intel-iommu}
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=$out,mount_tag=igxout,security_model=none,multidevs=remap"
	# at most 5 GT/s: for a faster port Linux waits for Data Link Layer
	# Link Active after a secondary bus reset, which this QEMU root port does
	# not report, and AER recovery from a fatal error fails
	-device pcie-root-port,id=rp0,chassis=1,addr=0x10,x-speed=5
	-device pcie-root-port,id=rp1,chassis=2,addr=0x11,x-speed=5)
[ -n "$icount" ] && args+=(-icount shift=0,sleep=off)
if [ "$firmware" = ovmf ]; then
	# QEMU's S3 wake-up resets the machine, the MCH's MMCONFIG window
	# (PCIEXBAR) with it; OVMF sets it up again on its resume path, SeaBIOS
	# does not (README.md). The code is read-only and shared, the variable
	# store the guest's own copy.
	ovmf_code=/usr/share/OVMF/OVMF_CODE_4M.fd
	[ -f "$ovmf_code" ] || die "no $ovmf_code (make deps installs ovmf)"
	cp /usr/share/OVMF/OVMF_VARS_4M.fd "$out/.vm/ovmf-vars.fd" || die "no OVMF variable store"
	args+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$ovmf_code"
		-drive "if=pflash,format=raw,unit=1,file=$out/.vm/ovmf-vars.fd")
	# Every BAR below 4 GiB: QEMU 10.0's igbvf registers its BARs before
	# the PF has typed them, as 32-bit ones, and decodes only the low half
	# of a 64-bit VF BAR (an igbvf BAR at 0xe000020000 is mapped at
	# 0x20000 and reads 0). OVMF puts 64-bit BARs into a 64-bit window at
	# the top of the address space whenever it trusts CPUID's physical
	# address width (40 bits on an AMD-signature CPU, QEMU's default);
	# with 39 it does not, and then X-PciMmio64Mb=0 leaves it no 64-bit
	# window at all.
	args+=(-cpu "qemu64,phys-bits=39" -fw_cfg "name=opt/ovmf/X-PciMmio64Mb,string=0")
fi
[ -n "$qmp" ] && args+=(-qmp "unix:$qmp,server=on,wait=off")
if [ "$topo" = pair ]; then
	args+=(-netdev hubport,id=n0,hubid=0 -device igb,id=port-a,netdev=n0,bus=rp0,mac=52:54:00:49:58:0a
		-netdev hubport,id=n1,hubid=0 -device igb,id=port-b,netdev=n1,bus=rp1,mac=52:54:00:49:58:0b)
else
	# The cable is a UDP socket on the host, and QEMU sends a whole TX
	# batch (one tail write) before it reads any of it back: a batch of
	# jumbo frames overflows the default 208 KiB receive buffer and is
	# lost on the "wire". Give new sockets 8 MiB; only ever raised.
	rmem=/proc/sys/net/core/rmem_default
	if [ -w "$rmem" ] && [ "$(cat "$rmem")" -lt 8388608 ]; then
		echo 8388608 >"$rmem" 2>/dev/null || true
	fi
	# a free UDP port on loopback: QEMU sends to the port it listens on
	port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	args+=(-netdev "dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port=$port,remote.type=inet,remote.host=127.0.0.1,remote.port=$port"
		-device igb,id=port-a,netdev=n0,bus=rp0,mac=52:54:00:49:58:0a)
fi

# Guests ask for QMP commands through the result share (host_qmp in
# guest-lib.sh): one JSON command per line in .vm/qmp-req, replies in
# .vm/qmp-resp.  A private socket is used unless --qmp names one.
if [ -z "$qmp" ]; then
	qmpdir=$(mktemp -d "${TMPDIR:-/tmp}/igx-qmp.XXXXXX") || die "mktemp"
	qmp=$qmpdir/qmp.sock
	args+=(-qmp "unix:$qmp,server=on,wait=off")
fi
qmp_agent() {
	local v=$out/.vm cmds

	while :; do
		if [ -f "$v/qmp-req" ]; then
			mapfile -t cmds <"$v/qmp-req"
			rm -f "$v/qmp-req"
			python3 "$here/qmp.py" "$qmp" "${cmds[@]}" >"$v/qmp-resp.tmp" 2>&1
			echo $? >"$v/qmp-rc"
			mv "$v/qmp-resp.tmp" "$v/qmp-resp"
		fi
		sleep 0.2
	done
}
qmp_agent &
agent=$!

# the kernel's System.map, for hang.py to name the vCPUs' RIPs
sysmap=/boot/System.map-$rel
[ -f "$sysmap" ] || sysmap=$(dirname "$kernel")/../../../System.map

# a guest stopped by a watchdog below is first asked what it was doing
# (hang.py); its answer, a panic on the NMI, ends QEMU by itself
stop_guest() {
	local i

	python3 "$here/hang.py" "$qmp" "$sysmap" "$out/.vm/text" >&2
	for ((i = 0; i < 30; i++)); do
		pgrep -f -- "igx.out=$out " >/dev/null || return 0
		sleep 1
	done
	pkill -f -- "igx.out=$out " 2>/dev/null
}

# A guest that has not reached its command after BOOT_TIMEOUT seconds
# (boot or setup hung: seen about once in 30 boots on a loaded host; a
# normal boot reaches it in 5-30 s) is stopped
# at once instead of at --timeout; it ends with status 125 and no output.
# The time a boot took is kept in .vm/boot-seconds.
boot_timeout=${IGX_BOOT_TIMEOUT:-120}
(
	t0=$(date +%s%N)
	for ((i = 0; i < boot_timeout * 5; i++)); do
		if [ -f "$out/.vm/started" ]; then
			awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f\n", (b - a) / 1e9 }' \
				>"$out/.vm/boot-seconds"
			exit 0
		fi
		sleep 0.2
	done
	echo "vm: the guest did not reach its command in ${boot_timeout}s" \
		"(last setup stage: $(cat "$out/.vm/stage" 2>/dev/null || echo "none: boot or stage 1"))" >&2
	echo "vm: the end of its kernel log ($out/.vm/kernel.log):" >&2
	tail -n 40 "$out/.vm/kernel.log" | sed 's/^/vm:   /' >&2
	stop_guest
) &
bootdog=$!

# A guest past --timeout, or one that reported its command's status but
# has not powered off after IGX_POWEROFF_GRACE seconds (the kernel's
# device shutdown, the drivers' .shutdown among it, runs after the status
# is written), is stopped the same way. Ends as 124 and 126.
grace=${IGX_POWEROFF_GRACE:-60}
(
	end=$((SECONDS + timeout)) reported=
	while sleep 1; do
		if [ -f "$out/.vm/rc" ]; then
			: "${reported:=$SECONDS}"
			[ $((SECONDS - reported)) -ge "$grace" ] || continue
			why="the guest reported status $(cat "$out/.vm/rc") but has not powered off in ${grace}s"
			: >"$out/.vm/poweroff-hang"
		elif [ "$SECONDS" -ge "$end" ]; then
			why="timeout after ${timeout}s"
			: >"$out/.vm/timeout"
		else
			continue
		fi
		echo "vm: $why" >&2
		stop_guest
		exit 0
	done
) &
hangdog=$!

stdin=/dev/stdin
[ -t 0 ] || stdin=/dev/null
# drop the two lines every run prints: the guest's power-off message and
# QEMU's note that the hub has no host-side backend; timeout(1) only backs
# up the hang watch above
timeout -k 10 $((timeout + grace + 60)) qemu-system-x86_64 "${args[@]}" <"$stdin" \
	2> >(grep --line-buffered -v 'is not connected to host network' >&2) |
	grep --line-buffered -av -E '^\[ *[0-9.]+\] reboot: Power down' |
	# OVMF clears its serial console (ANSI sequences before the guest's
	# first line)
	if [ "$firmware" = ovmf ]; then sed -u -E 's/\x1b\[[0-9;=]*[A-Za-z]//g'; else cat; fi |
	tee "$out/.vm/console"
qrc=${PIPESTATUS[0]}
kill "$agent" "$bootdog" "$hangdog" 2>/dev/null
wait "$agent" 2>/dev/null
[ -z "${qmpdir:-}" ] || rm -rf "$qmpdir"
# What the console showed at loglevel 3 before it moved to its own port:
# an oops, a BUG, a panic (the answer to hang.py's NMI among them) and all
# after it.  It follows the output, from the kernel log.
awk '/Oops|BUG:|general protection|Kernel panic/ { p = 1 } p && n++ < 3000' \
	"$out/.vm/kernel.log" 2>/dev/null >"$out/.vm/kernel-reports"
if [ -s "$out/.vm/kernel-reports" ]; then
	echo "vm: the kernel's reports, from .vm/kernel.log:" >&2
	cat "$out/.vm/kernel-reports" >&2
fi
if [ -f "$out/.vm/poweroff-hang" ]; then
	echo "vm: the guest hung at power-off (its command's status was $(cat "$out/.vm/rc"))" >&2
	exit 126
fi
[ ! -f "$out/.vm/timeout" ] || exit 124
if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
	echo "vm: timeout after ${timeout}s (the hang watch did not end QEMU)" >&2
	exit 124
fi
# A guest whose result share stopped answering (a system sleep: virtio-9p
# has no PM support) hands its kernel log and status over the console
if [ ! -f "$out/.vm/rc" ]; then
	st=$(sed -nE 's/^igx-vm: status ([0-9]+)\r?$/\1/p' "$out/.vm/console" | tail -n1)
	if [ -n "$st" ]; then
		sed -n '/^igx-vm: dmesg begin/,/^igx-vm: dmesg end/p' "$out/.vm/console" |
			sed '1d;$d' >"$out/.vm/dmesg"
		echo "$st" >"$out/.vm/rc"
	fi
fi
[ -f "$out/.vm/rc" ] ||
	die "the guest ended without an exit status (QEMU status $qrc; boot failure or kernel crash)"
exit "$(cat "$out/.vm/rc")"
