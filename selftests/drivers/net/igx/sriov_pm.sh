#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 300 --firmware ovmf
# System sleep with VFs (issue 22): port A with 2 VFs bound to the in-tree
# igbvf, each in its netns (sriov_lib.sh), VF 0 with a MAC its admin set
# (ip link set A vf 0 mac), suspended to RAM (ACPI S3) and woken by the
# RTC. igbvf resets its VF through the mailbox on the way down and on the
# way up: the PF must still answer while the VFs suspend (igx orders them
# before the PF) and, after the resume, each VF must come back with its
# address and pass traffic to the peer and to the PF.
#
# The guest boots OVMF, not SeaBIOS: QEMU's S3 wake-up resets the machine,
# the MCH's PCIEXBAR with it, and SeaBIOS's resume path does not turn the
# MMCONFIG window back on (b0000001 before the sleep, b0000000 after):
# every PCIe function's extended config space then reads 0, the PF's SR-IOV
# capability with it, and the PCI core cannot re-enable the VFs. OVMF's
# PlatformPei sets PCIEXBAR up on its S3 resume path too. The test prints
# both and the PF's first extended capability before and after the sleep.
# From the suspend on it runs from tmpfs, as pm.sh (lib.sh pm_stage).
. "$(dirname "$0")/lib.sh"
. "$here/sriov_lib.sh"

BIN=/tmp/pm-bin

setup_addrs && ping_ok "$B4" || exit 1
modprobe igbvf || exit 1
vfs_create 2 || { vf_log; exit 1; }
# VF 0 takes the MAC its admin sets at its next reset: igbvf bound again
VF0_MAC=02:00:00:00:22:10
ip link set "$IGX_A" vf 0 mac "$VF0_MAC" && vf_rebind 0 || { vf_log; exit 1; }
[ "$(vf_ns 0 cat /sys/class/net/vfeth/address)" = "$VF0_MAC" ] ||
	{ echo "VF 0 has $(vf_ns 0 cat /sys/class/net/vfeth/address), not $VF0_MAC"; exit 1; }
vf_ping 0 "$B4" && vf_ping 1 "$B4" || { vf_log; exit 1; }
VF1_MAC=$(vf_ns 1 cat /sys/class/net/vfeth/address)
echo "# VF 0 $(vf_pci 0) $VF0_MAC (set by the admin), VF 1 $(vf_pci 1) $VF1_MAC"

pm_stage "$BIN" ip || exit 1
cat >"$BIN/after.sh" <<'EOF'
# sriov_pm.sh from the suspend on: tmpfs only, TAP to the console
. "$BIN/pm_lib.sh"
vf_ns() {
	_n=$1
	shift
	nsenter --net="/run/netns/vf$_n" "$@"
}
# igbvf has VF $1's link (its carrier; sysfs shows the init netns only)
vf_link() {
	vf_ns "$1" ip -o link show vfeth | grep -q LOWER_UP
}
vf_mac() {
	vf_ns "$1" ip -o link show vfeth | sed -n 's/.*link\/ether \([0-9a-f:]*\) .*/\1/p'
}
# VF $1's MAC as the PF reports it (iproute2's ip: busybox's shows no VFs)
pf_vf_mac() {
	"$BIN/ld.so" --library-path "$BIN" "$BIN/ip" link show "$IF" |
		sed -n "s/.* vf $1 .*link\/ether \([0-9a-f:]*\).*/\1/p"
}
vf_log() {
	dmesg | grep -E "igx|igbvf" | tail -n 30 | sed 's/^/# /'
}
# three replies within 20 s, as ping_ok
vf_pings() {
	_n=$1
	shift
	vf_ns "$_n" ping -q -c 3 -w 20 "$@" >/tmp/ping.out && return 0
	echo "# VF $_n -> $*:"
	sed 's/^/# /' /tmp/ping.out
	return 1
}
pings() {
	ping -q -c 3 -w 20 "$@" >/tmp/ping.out && return 0
	sed 's/^/# /' /tmp/ping.out
	return 1
}
# the PF's first extended capability header (AER), as the kernel reads it
ext_cap() {
	dd if="/sys/bus/pci/devices/$PF/config" bs=4 skip=64 count=1 2>/dev/null | od -An -tx4 | tr -d ' '
}
# q35's PCIEXBAR (the MCH, 00:00.0 at 0x60, bit 0 = the MMCONFIG window on),
# read through the legacy config mechanism, which needs no window
pciexbar() {
	dd if=/sys/bus/pci/devices/0000:00:00.0/config bs=4 skip=24 count=1 2>/dev/null | od -An -tx4 | tr -d ' '
}
resetting() {
	dmesg | grep -c "igbvf.*PF still resetting"
}
# igbvf's messages from the suspend's start to the machine's sleep
suspend_log() {
	dmesg | sed -n '/PM: suspend entry/,/Preparing to enter system sleep state/p' | grep igbvf
}

ext0=$(ext_cap) bar0=$(pciexbar) rst0=$(resetting)
pm_sleep
ktap_result $? "suspend and resume with 2 VFs bound to igbvf"
pm_links "$IF" "$IFB" && pings "$B4" &&
	nsenter --net=/run/netns/peer ping -q -c 3 -w 20 "$A4" >/dev/null
ktap_result $? "PF traffic both ways after resume"
suspend_log | sed 's/^/# /'
! suspend_log | grep -q "PF still resetting"
ktap_result $? "the PF answered both VFs' resets while they suspended"

ext1=$(ext_cap)
echo "# $PF extended config space at 0x100: $ext0 before the sleep, $ext1 after"
echo "# the MCH's PCIEXBAR: $bar0 before the sleep, $(pciexbar) after"
# the MMCONFIG window the firmware did not restore: nothing after the PCI
# core's restore of the VFs can work, this says why
[ "$ext1" = 00000000 ] && [ "$ext0" != 00000000 ] &&
	echo "# after the S3 wake-up the PCIe extended config space reads 0: the PF's SR-IOV capability cannot be restored, the VFs are gone (VF 0's config space $(od -An -tx4 -N4 "/sys/bus/pci/devices/$VF0/config" | tr -d ' '))"
pm_wait 30 vf_link 0 && pm_wait 30 vf_link 1
r=$?
[ $r = 0 ] || vf_log
ktap_result $r "both VFs have their link back"
vf_pings 0 "$B4" && vf_pings 1 "$B4" &&
	nsenter --net=/run/netns/peer ping -q -c 3 -w 20 192.0.2.11 >/dev/null
ktap_result $? "each VF pings the peer, the peer pings a VF"
pings 192.0.2.10 && pings 192.0.2.11 && vf_pings 0 "$A4" && vf_pings 1 192.0.2.10
ktap_result $? "PF <-> VF and VF <-> VF after resume"
echo "# VF 0 $(vf_mac 0) (the PF's: $(pf_vf_mac 0)), VF 1 $(vf_mac 1)"
[ "$(vf_mac 0)" = "$VF0_MAC" ] && [ "$(pf_vf_mac 0)" = "$VF0_MAC" ] && [ "$(vf_mac 1)" = "$VF1_MAC" ]
ktap_result $? "the VFs kept their addresses, VF 0 the one its admin set"
r=$(resetting)
echo "# igbvf 'PF still resetting': $rst0 before the sleep, $r after"
[ "$r" = "$rst0" ]
ktap_result $? "igbvf never found the PF still resetting after resume"
echo "# igbvf 'Vlan id 0 is not added': $(dmesg | grep -c 'Vlan id 0 is not added')"
pm_finished
EOF
ktap_plan 8
pm_exec "$BIN" "$BIN/after.sh" IF="$IGX_A" IFB="$IGX_B" PF="$IGX_A_PCI" VF0="$(vf_pci 0)" A4="$A4" B4="$B4" \
	VF0_MAC="$VF0_MAC" VF1_MAC="$VF1_MAC"
