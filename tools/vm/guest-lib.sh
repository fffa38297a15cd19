# SPDX-License-Identifier: GPL-2.0
# Helpers for scripts running inside the igx test guest (source this file).
# Port A is $IGX_A_PCI, its netdev $IGX_A (empty while unbound); port B is
# $IGX_B, in netns `peer`.  bind_a/unbind_a/unload_igx update IGX_A, so
# call them in the current shell, not in a subshell.

IGX_PEER_NS=${IGX_PEER_NS:-peer}

# netdev name of PCI function $1, waiting up to $2 seconds for it to appear
igx_pci_netdev() {
	local pci=$1 i n

	for ((i = 0; i < ${2:-10} * 10; i++)); do
		for n in /sys/bus/pci/devices/"$pci"/net/*; do
			[ -e "$n" ] && { echo "${n##*/}"; return 0; }
		done
		sleep 0.1
	done
	return 1
}

# driver bound to port A, or nothing
a_driver() {
	local l=/sys/bus/pci/devices/$IGX_A_PCI/driver

	[ -e "$l" ] && basename "$(readlink "$l")"
	return 0
}

unbind_a() {
	local l=/sys/bus/pci/devices/$IGX_A_PCI/driver

	[ -e "$l" ] && echo "$IGX_A_PCI" >"$l/unbind"
	IGX_A=
	export IGX_A
	[ ! -e "$l" ]
}

load_igx() {
	local dep

	[ -d /sys/module/igx ] && return 0
	[ -f "$IGX_KO" ] || { echo "load_igx: $IGX_KO missing (make driver)" >&2; return 1; }
	# insmod does not resolve dependencies; modprobe them from the host tree
	for dep in $(modinfo -F depends "$IGX_KO" | tr , ' '); do
		modprobe "$dep" || return 1
	done
	insmod "$IGX_KO"
}

unload_igx() {
	local rc=0

	[ "$(a_driver)" = igx ] && { IGX_A=; export IGX_A; }
	[ -d /sys/module/igx ] || return 0
	rmmod igx || rc=$?
	return $rc
}

# bind port A to DRIVER (igx, igb, ... or none) whatever it is bound to now
bind_a() {
	local drv=${1:-${IGX_DRV:-igx}} dev=/sys/bus/pci/devices/$IGX_A_PCI

	unbind_a || return 1
	echo "$drv" >"$dev/driver_override" || return 1
	[ "$drv" = none ] && return 0
	if [ "$drv" = igx ]; then
		load_igx || return 1
	else
		modprobe "$drv" || return 1
	fi
	# loading the module may already have bound it; probing again is harmless
	[ -e "$dev/driver" ] || echo "$IGX_A_PCI" >/sys/bus/pci/drivers_probe 2>/dev/null
	if [ "$(a_driver)" != "$drv" ]; then
		echo "bind_a: $drv did not bind $IGX_A_PCI" >&2
		return 1
	fi
	IGX_A=$(igx_pci_netdev "$IGX_A_PCI") || { echo "bind_a: no netdev on $IGX_A_PCI" >&2; return 1; }
	export IGX_A
}

# bind port B to DRIVER (igx or igb) and put its netdev back into netns
# peer under the name $IGX_B; for tests that need igx at both ends
bind_b() {
	local drv=$1 dev=/sys/bus/pci/devices/$IGX_B_PCI n

	[ -e "$dev/driver" ] && echo "$IGX_B_PCI" >"$dev/driver/unbind"
	echo "$drv" >"$dev/driver_override" || return 1
	if [ "$drv" = igx ]; then
		load_igx || return 1
	else
		modprobe "$drv" || return 1
	fi
	[ -e "$dev/driver" ] || echo "$IGX_B_PCI" >/sys/bus/pci/drivers_probe 2>/dev/null
	[ "$(basename "$(readlink "$dev/driver")")" = "$drv" ] ||
		{ echo "bind_b: $drv did not bind $IGX_B_PCI" >&2; return 1; }
	n=$(igx_pci_netdev "$IGX_B_PCI") || { echo "bind_b: no netdev on $IGX_B_PCI" >&2; return 1; }
	ip link set "$n" netns "$IGX_PEER_NS" || return 1
	[ "$n" = "$IGX_B" ] || peer ip link set "$n" name "$IGX_B"
}

# run a command in netns peer (where port B lives)
peer() {
	ip netns exec "$IGX_PEER_NS" "$@"
}

# peer_bg CMD...: CMD in netns peer in the background, $! its own pid; a
# backgrounded "peer CMD &" is a subshell, and killing its $! left CMD
# running (a flood ping outliving its case by up to 600 s)
peer_bg() {
	ip netns exec "$IGX_PEER_NS" "$@" &
}

# wait until interface $1 (in this netns or in peer) has carrier; $2 = seconds
wait_link() {
	local ifc=$1 i c

	for ((i = 0; i < ${2:-20} * 10; i++)); do
		if [ -e "/sys/class/net/$ifc" ]; then
			# a builtin: alloc_fail.sh calls this for every N
			read -r c 2>/dev/null <"/sys/class/net/$ifc/carrier" || c=
		else
			c=$(peer cat "/sys/class/net/$ifc/carrier" 2>/dev/null)
		fi
		[ "$c" = 1 ] && return 0
		sleep 0.1
	done
	echo "wait_link: no carrier on $ifc" >&2
	return 1
}

# wait_until [-p PID] CMD...: CMD every 0.1 s until it succeeds, for 30 s
# at most; with -p, no longer than process PID runs. Fails if CMD never did.
wait_until() {
	local pid= i

	[ "$1" = -p ] && { pid=$2; shift 2; }
	for ((i = 0; i < 300; i++)); do
		"$@" && return 0
		[ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# an XDP program is attached to interface $1
xdp_attached() {
	ip -j link show "$1" | grep -q '"xdp"'
}

# Run QMP commands (one JSON object per argument) on the QEMU running this
# guest, through vm.sh; prints the replies, fails when one was an error.
host_qmp() {
	local v=$IGX_OUT/.vm i

	rm -f "$v/qmp-resp" "$v/qmp-rc"
	printf '%s\n' "$@" >"$v/qmp-req.tmp" && mv "$v/qmp-req.tmp" "$v/qmp-req" || return 1
	for ((i = 0; i < 300; i++)); do
		[ -f "$v/qmp-resp" ] && break
		sleep 0.1
	done
	[ -f "$v/qmp-resp" ] || { echo "host_qmp: no reply from the host" >&2; return 1; }
	cat "$v/qmp-resp"
	return "$(cat "$v/qmp-rc")"
}

# set the cable of port a or b (QEMU netdev n0/n1) up or down
cable() {
	local n=n0 up=true

	[ "$1" = b ] && n=n1
	[ "$2" = down ] && up=false
	host_qmp "{\"execute\": \"set_link\", \"arguments\": {\"name\": \"$n\", \"up\": $up}}" >/dev/null
}
