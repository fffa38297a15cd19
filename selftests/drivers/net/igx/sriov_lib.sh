# SPDX-License-Identifier: GPL-2.0
# SR-IOV helpers (source after lib.sh) for sriov.sh and sriov_pm.sh: port
# A's VFs, each in its own netns vfN with address 192.0.2.1N.

DEV=/sys/bus/pci/devices/$IGX_A_PCI

vf_ns() { ip netns exec "vf$1" "${@:2}"; }

# netdev of VF $1 (in whatever netns it is)
vf_pci() { basename "$(readlink "$DEV/virtfn$1")"; }

numvfs() { cat "$DEV/sriov_numvfs"; }

# VF $1 (in netns vf$1) has carrier
vf_carrier() { [ "$(vf_ns "$1" cat /sys/class/net/vfeth/carrier 2>/dev/null)" = 1 ]; }

# VF $1 into netns vf$1 with address 192.0.2.1$1, up, carrier
vf_setup() {
	local vf=$1 pci ifc

	pci=$(vf_pci "$vf") || return 1
	ifc=$(igx_pci_netdev "$pci" 20) || { echo "VF $vf ($pci): no netdev"; return 1; }
	ip netns add "vf$vf" 2>/dev/null
	ip link set "$ifc" netns "vf$vf" || return 1
	vf_ns "$vf" ip link set lo up
	vf_ns "$vf" ip link set "$ifc" name vfeth || return 1
	vf_ns "$vf" ip addr add "192.0.2.1$vf/24" dev vfeth || return 1
	vf_ns "$vf" ip link set vfeth up
	wait_until vf_carrier "$vf" && return 0
	echo "VF $vf: no carrier"
	vf_ns "$vf" ip -d link show vfeth
	return 1
}

# VF $1 bound to igbvf again, in a fresh netns vf$1 (vf_setup): igbvf
# takes the MAC its admin set (ip link set A vf N mac) at that reset
vf_rebind() {
	local pci

	pci=$(vf_pci "$1") || return 1
	echo "$pci" >/sys/bus/pci/drivers/igbvf/unbind || return 1
	ip netns del "vf$1"
	echo "$pci" >/sys/bus/pci/drivers/igbvf/bind || return 1
	vf_setup "$1"
}

# 3 replies within 20 s, as ping_ok (a fresh VF link may lose the first)
vf_ping() {
	local out

	out=$(vf_ns "$1" ping -q -i 0.2 -c 3 -w 20 "${@:2}" 2>&1) && return 0
	echo "$out"
	return 1
}

# how often igbvf has said VF $1's link is up
vf_links_up() { dmesg | grep -c "igbvf $(vf_pci "$1"): Link is Up"; }

# the kernel's account of the VFs, for a failing test's log
vf_log() { dmesg | grep -E "igx|igbvf" | tail -${1:-30}; }

vfs_create() {
	local n=$1 vf

	echo "$n" >"$DEV/sriov_numvfs" || return 1
	[ "$(numvfs)" = "$n" ] || return 1
	for ((vf = 0; vf < n; vf++)); do
		vf_setup "$vf" || return 1
	done
}

vfs_remove() {
	local vf

	echo 0 >"$DEV/sriov_numvfs" || return 1
	for vf in 0 1 2 3 4 5 6; do
		ip netns del "vf$vf" 2>/dev/null
	done
	[ "$(numvfs)" = 0 ]
}

# VF $1 asks the PF $2 times for each of: a MAC address (answered), an MTU
# (igbvf resets its VF through the mailbox for it), a VLAN (answered) and
# a multicast address (acknowledged). Prints how many requests failed.
vf_requests() {
	local vf=$1 i n=0

	for ((i = 0; i < $2; i++)); do
		vf_ns "$vf" ip link set vfeth address "02:00:00:00:4$vf:$(printf %02x "$i")" || n=$((n + 1))
		vf_ns "$vf" ip link set vfeth mtu $((1400 + i)) || n=$((n + 1))
		vf_ns "$vf" ip maddr add "01:00:5e:00:0$vf:$(printf %02x "$i")" dev vfeth || n=$((n + 1))
		{ vf_ns "$vf" ip link add link vfeth name "vl$i" type vlan id $((100 + i)) &&
			vf_ns "$vf" ip link del "vl$i"; } || n=$((n + 1))
	done
	echo "VF $vf: $n of $((4 * $2)) requests failed"
	[ "$n" = 0 ]
}

# what igbvf says when the PF's answer does not come in time: a mailbox
# timeout takes its link, an unanswered reset or VLAN request is named
# ("Vlan id N" is the first line of its "not added")
vf_complaints() {
	dmesg | grep -cE "igbvf .*(Link is Down|PF still|Failed to|Vlan id)"
}

# VF $1 back to MTU 1500 and address $2, up, carrier
vf_restore() {
	vf_ns "$1" ip link set vfeth mtu 1500 &&
		vf_ns "$1" ip link set vfeth address "$2" &&
		wait_until vf_carrier "$1"
}
