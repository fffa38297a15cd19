#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a debug 6.12 kernel (KASAN, lockdep, kmemleak, DEBUG_ATOMIC_SLEEP,
# UBSAN, fault injection, BTF) from Debian's linux-source, cached outside the
# checkout, for `make check DEBUG_KERNEL=1`.  Takes long: niced, -j2.
#
#   debug-kernel.sh            build (nothing to do when up to date)
#   debug-kernel.sh --kdir     print the build directory (KDIR for make driver)
#   debug-kernel.sh --vm-args  print the tools/vm/vm.sh options booting it
#   debug-kernel.sh --config   only write the .config
# IGX_LINUX_SRC=DIR uses an extracted (clean) 6.12 tree instead of the tarball.
# IGX_KERNEL_FLAVOUR=fault: fault injection only, without KASAN, lockdep,
# kmemleak and UBSAN, for tests whose precondition is a traffic rate a KASAN
# guest under TCG cannot reach (pp_alloc_fail.py wants 15000 pps; the
# debug kernel gives about 260).
# IGX_KERNEL_FLAVOUR=leak: fault injection and kmemleak, for the allocation
# failure sweeps: hundreds of iterations each, which KASAN makes take hours,
# while what they must show beyond their own checks is only "no leak".
# IGX_KERNEL_FLAVOUR=kcsan: the data-race detector (KCSAN cannot be built
# with KASAN), every race reported each time it is seen (report-once off)
# and the default, non-strict rules, for the tests that put several CPUs on
# one ring, pool or counter.
# Each flavour is built beside the others from one source tree.
set -euo pipefail

flavour=${IGX_KERNEL_FLAVOUR:-debug}
case $flavour in debug|fault|leak|kcsan) ;; *) echo "debug-kernel: flavour debug, fault, leak or kcsan" >&2; exit 1 ;; esac
top=${IGX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/igx}
cache=$top/$flavour-kernel
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
# one extracted tree serves both flavours
src=${IGX_LINUX_SRC:-$top/debug-kernel/src}
build=$cache/build
mods=$cache/modules
jobs=${IGX_JOBS:-2}

case ${1:-} in
--kdir) echo "$build"; exit 0 ;;
--vm-args)
	rel=$(cat "$build/include/config/kernel.release")
	echo "--kernel $build/arch/x86/boot/bzImage --modules $mods/lib/modules/$rel"
	exit 0 ;;
esac

[ -n "$tarball" ] || { echo "debug-kernel: no linux-source-6.12 (make deps)" >&2; exit 1; }
# One build at a time, of any flavour (they share the source tree): two
# make check runs side by side, each in its own clone, once configured and
# built one tree together, and left it with a broken .config (no SMP) and
# generated headers half written.
mkdir -p "$top"
exec 9>"$top/.build.lock"
flock 9
if [ ! -f "$src/Makefile" ]; then
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	mv "$src.tmp" "$src"
fi

mkdir -p "$build"
opts=(
	# what the test bed needs: 9p root, PCIe ports with hotplug (QEMU's q35
	# root ports default to ACPI hotplug: acpiphp, not pciehp) and AER, the NIC
	# and its VFs' driver (sriov.sh binds igbvf)
	-e VIRTIO -e VIRTIO_PCI -e NET_9P -e NET_9P_VIRTIO -e 9P_FS -e NETFS_SUPPORT
	-e PCI -e PCI_MSI -e PCIEPORTBUS -e HOTPLUG_PCI -e HOTPLUG_PCI_PCIE -e HOTPLUG_PCI_ACPI -e PCIEAER
	-e PCIEAER_INJECT -m IGB -m IGBVF -e PCI_IOV -e DEVTMPFS -e TMPFS -e CONFIGFS_FS -e NET_NS
	-e IPV6 -e VETH -m NETCONSOLE -e NETCONSOLE_DYNAMIC -m NET_PKTGEN -e NETPOLL
	-e PAGE_POOL -e PAGE_POOL_STATS
	# what the tests build on the peer (xdp.sh's VLAN, test_xdp_features.sh's
	# bridge) and what Debian's kernel has for the upstream suites
	-m VLAN_8021Q -m BRIDGE -m DUMMY -m MACVLAN -m TUN -m NET_SCH_INGRESS
	-m NET_CLS_FLOWER -m NET_ACT_GACT -m INET_DIAG
	# BPF and XDP
	-e BPF -e BPF_SYSCALL -e BPF_JIT -e XDP_SOCKETS -e XDP_SOCKETS_DIAG -e NET_CLS_BPF
	-e DEBUG_INFO -e DEBUG_INFO_DWARF5 -e DEBUG_INFO_BTF -e DEBUG_INFO_BTF_MODULES
	-d DEBUG_INFO_NONE -d DEBUG_INFO_REDUCED
	-e FAULT_INJECTION -e FAILSLAB -e FAIL_PAGE_ALLOC -e FUNCTION_ERROR_INJECTION
	-e FAIL_FUNCTION -e FAULT_INJECTION_DEBUG_FS -e DEBUG_FS
	--set-str LOCALVERSION "-igx$flavour" -d LOCALVERSION_AUTO
	# what the test bed never has, and costs the most to build with KASAN
	-d DRM -d SOUND -d USB_SUPPORT -d WLAN -d WIRELESS -d CFG80211 -d MAC80211
	-d INPUT_JOYSTICK -d INPUT_TABLET -d INPUT_TOUCHSCREEN -d AGP -d HID
)
# the checkers
case $flavour in
debug)
	opts+=(-e KASAN -e KASAN_GENERIC -e KASAN_INLINE -e PROVE_LOCKING -e DEBUG_LOCKDEP
	       -e DEBUG_KMEMLEAK -e DEBUG_ATOMIC_SLEEP -e UBSAN -e UBSAN_BOUNDS) ;;
leak)
	opts+=(-e DEBUG_KMEMLEAK) ;;
kcsan)
	opts+=(-e KCSAN -d KCSAN_STRICT -d KCSAN_WEAK_MEMORY --set-val KCSAN_REPORT_ONCE_IN_MS 0
	       -e KCSAN_REPORT_VALUE_CHANGE_ONLY -e KCSAN_INTERRUPT_WATCHER) ;;
esac
# The .config is written again only when the options above change (not
# when this file is newer than it: a fresh clone's copy always is, and each
# run then rewrote the configuration for nothing)
stamp="$flavour ${opts[*]}"
if [ ! -f "$build/.config" ] || [ "$(cat "$build/.igx-options" 2>/dev/null)" != "$stamp" ]; then
	make -C "$src" O="$build" -s x86_64_defconfig
	"$src/scripts/config" --file "$build/.config" "${opts[@]}"
	make -C "$src" O="$build" -s olddefconfig
	echo "$stamp" >"$build/.igx-options"
fi
if [ "${1:-}" = --config ]; then
	echo "debug-kernel: $build/.config"
	exit 0
fi
nice -n 19 make -C "$src" O="$build" -j"$jobs" bzImage modules
# installed again only when a module was rebuilt: a guest of another run
# may be up with this directory as its /lib/modules
if [ ! -f "$mods/.installed" ] || [ -n "$(find "$build" -name '*.ko' -newer "$mods/.installed" -print -quit)" ]; then
	rm -rf "$mods.tmp"
	nice -n 19 make -C "$src" O="$build" -s INSTALL_MOD_PATH="$mods.tmp" INSTALL_MOD_STRIP=1 \
		modules_install
	touch "$mods.tmp/.installed"
	rm -rf "$mods"
	mv "$mods.tmp" "$mods"
fi
echo "debug-kernel: $build/arch/x86/boot/bzImage ($(cat "$build/include/config/kernel.release"))"
