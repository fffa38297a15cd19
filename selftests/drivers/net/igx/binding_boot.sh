#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --driver-a boot --timeout 900
# needs: host-tests
# The persistent port binding of igx-dkms on a fresh boot: the package's
# files (out/deb/igx-dkms_*.deb) and its DKMS-built module (selftests/host/
# deb.sh leaves it in out/deb/dkms/) put where the package puts them, over
# a tmpfs overlay of the read-only root; then udev started as at boot.
# With port A in /etc/igx/ports, igx gets it with no manual step and igb
# keeps port B; a port igb already holds (its module in the initramfs) is
# moved; an unlisted port stays with igb.
# IGX_DEB_INSTALLED=1 (selftests/host/deb.sh after apt install on the host,
# on each kernel DKMS built for): the package's files and the module DKMS
# installed in the host root are used as they are, a plain modprobe must
# load that module, and only /etc is overlaid, for the port list a user
# would edit.
. "$(dirname "$0")/lib.sh"

rel=$(uname -r)
A=$IGX_A_PCI B=$IGX_B_PCI
deb=$(ls "$IGX_ROOT"/out/deb/igx-dkms_*_all.deb 2>/dev/null | tail -n1)
mods=$IGX_ROOT/out/deb/dkms/$rel

drv_of() {
	local l=/sys/bus/pci/devices/$1/driver

	[ -e "$l" ] && basename "$(readlink "$l")"
	return 0
}

# the state after boot: udev's add events for the 82576 ports, settled
boot_events() {
	udevadm trigger --action=add --subsystem-match=pci --attr-match=vendor=0x8086 &&
		udevadm settle -t 120
}

overlay() {
	local d=$1 n=/run/ov${1//\//_}

	mkdir -p "$n/up" "$n/work"
	mount -t overlay overlay -o "lowerdir=$d,upperdir=$n/up,workdir=$n/work" "$d"
}

# the package as apt installed it on the host, DKMS's module with it
installed() {
	local f ko

	dpkg-query -W -f '${Status}\n' igx-dkms 2>/dev/null | grep -qx 'install ok installed' ||
		{ echo "igx-dkms is not installed on the host"; return 1; }
	for f in /lib/udev/rules.d/60-igx.rules /usr/lib/igx/igx-bind /etc/igx/ports; do
		[ -e "$f" ] || { echo "igx-dkms installed but $f missing"; return 1; }
	done
	ko=$(modinfo -n igx 2>&1)
	echo "modprobe resolves igx to $ko"
	[[ $ko == "/lib/modules/$rel/updates/dkms/igx.ko"* ]] || return 1
	# a plain modprobe loads the module DKMS built (the same object: srcversion
	# and vermagic), binding nothing without a port listed
	modprobe igx || { echo "modprobe igx failed"; return 1; }
	expect "srcversion of the loaded igx" "$(cat /sys/module/igx/srcversion 2>/dev/null)" \
		"$(modinfo -F srcversion "$ko")" || return 1
	modinfo -F vermagic "$ko" | grep -q "^$rel " || { echo "vermagic $(modinfo -F vermagic "$ko")"; return 1; }
	echo "modprobe igx loaded $ko (srcversion $(cat /sys/module/igx/srcversion))"
	[ -z "$(drv_of "$A")$(drv_of "$B")" ] || { echo "ports bound by modprobe alone: $(drv_of "$A") $(drv_of "$B")"; return 1; }
	rmmod igx || return 1
	overlay /etc || return 1
	echo "$A" >>/etc/igx/ports
	echo "igx-dkms installed on the host, /etc/igx/ports lists $A"
}

test_install() {
	local d

	if [ "${IGX_DEB_INSTALLED:-}" = 1 ]; then
		installed || return 1
		/lib/systemd/systemd-udevd --daemon || return 1
		return 0
	fi
	[ -n "$deb" ] || { skip "no out/deb/igx-dkms_*.deb: run selftests/host/deb.sh (make deb) first"; return; }
	[ -f "$mods/modules.dep.bin" ] || { skip "no DKMS build for $rel in out/deb/dkms: run selftests/host/deb.sh first"; return; }
	for d in /etc /usr/lib; do
		overlay "$d" || return 1
	done
	mkdir -p /run/igx-deb && dpkg-deb -x "$deb" /run/igx-deb || return 1
	# what dpkg would unpack (not /usr/src: DKMS built on the host)
	cp -a /run/igx-deb/etc/igx /etc/ && cp -a /run/igx-deb/usr/lib/igx /usr/lib/ &&
		cp /run/igx-deb/lib/udev/rules.d/60-igx.rules /lib/udev/rules.d/ || return 1
	# what dkms install and its depmod leave
	mkdir -p "/lib/modules/$rel/updates/dkms" &&
		cp "$mods"/igx.ko* "/lib/modules/$rel/updates/dkms/" &&
		cp "$mods"/modules.* "/lib/modules/$rel/" || return 1
	echo "$A" >>/etc/igx/ports
	echo "installed $(basename "$deb"), /etc/igx/ports lists $A"
	echo "modprobe resolves igx to $(modprobe -n -v igx)"
	modprobe -n -v igx | grep -q "/updates/dkms/igx.ko" || return 1
	/lib/systemd/systemd-udevd --daemon || return 1
	[ -z "$(drv_of "$A")$(drv_of "$B")" ] || { echo "ports bound before udev: $(drv_of "$A") $(drv_of "$B")"; return 1; }
}

test_boot() {
	[ -f /etc/igx/ports ] || { skip "not installed"; return; }
	boot_events || return 1
	echo "port A $A: $(drv_of "$A"), port B $B: $(drv_of "$B")"
	echo "igx loaded from $(modinfo -n igx)"
	[ "$(drv_of "$A")" = igx ] && [ "$(drv_of "$B")" = igb ] || return 1
	[ "$(cat "/sys/bus/pci/devices/$B/driver_override")" = "(null)" ] || { echo "port B got an override"; return 1; }
}

test_traffic() {
	[ "$(drv_of "$A")" = igx ] || { skip "port A not on igx"; return; }
	IGX_A=$(igx_pci_netdev "$A") && IGX_B=$(igx_pci_netdev "$B") || return 1
	ip netns add "$IGX_PEER_NS" && ip link set "$IGX_B" netns "$IGX_PEER_NS" || return 1
	peer ip link set lo up
	setup_addrs && ping_ok "$B4"
}

# as when igb comes from the initramfs and binds every port before the
# root's udev runs: the rule takes port A back from igb
test_moved_from_igb() {
	[ -f /etc/igx/ports ] || { skip "not installed"; return; }
	echo "$A" >/sys/bus/pci/drivers/igx/unbind || return 1
	echo igb >"/sys/bus/pci/devices/$A/driver_override" && echo "$A" >/sys/bus/pci/drivers_probe
	echo >"/sys/bus/pci/devices/$A/driver_override"
	[ "$(drv_of "$A")" = igb ] || { echo "igb did not take port A"; return 1; }
	boot_events || return 1
	echo "port A: $(drv_of "$A")"
	[ "$(drv_of "$A")" = igx ]
}

test_unlisted() {
	[ -f /etc/igx/ports ] || { skip "not installed"; return; }
	sed -i "/^$A\$/d" /etc/igx/ports
	echo "$A" >/sys/bus/pci/drivers/igx/unbind || return 1
	echo >"/sys/bus/pci/devices/$A/driver_override"
	echo "$A" >/sys/bus/pci/drivers_probe
	boot_events || return 1
	echo "port A: $(drv_of "$A"), override $(cat "/sys/bus/pci/devices/$A/driver_override")"
	[ "$(drv_of "$A")" = igb ]
}

ktap_plan 5
ktap_run "igx-dkms's files and DKMS module in place, udev started" test_install
ktap_run "boot: port A (listed) on igx, port B on igb, no manual step" test_boot
ktap_run "traffic between the ports" test_traffic
ktap_run "a listed port igb already holds is moved to igx" test_moved_from_igb
ktap_run "an unlisted port stays with igb" test_unlisted
udevadm control --exit 2>/dev/null
ktap_finished
