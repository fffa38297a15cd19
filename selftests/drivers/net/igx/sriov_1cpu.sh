#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --smp 1 --timeout 300
# SR-IOV on a machine with one CPU (issue 22). igbvf waits for each of the
# PF's answers spinning with preemption and bottom halves off, for a
# second at most: with the VF driver in this kernel, nothing but an
# interrupt runs while it waits, so the PF must answer from one (before,
# igx answered from a task, and no VF here finished its reset). Two VFs
# come up, pass traffic, and change their MAC, MTU (a reset through the
# mailbox), VLANs and multicast lists: every request answered, no VF loses
# its link on the way.
. "$(dirname "$0")/lib.sh"
. "$here/sriov_lib.sh"

ROUNDS=10

test_create() {
	[ "$(nproc)" = 1 ] || { echo "$(nproc) CPUs: this guest must have one"; return 1; }
	modprobe igbvf || return 1
	vfs_create 2 || { vf_log; return 1; }
}

test_traffic() {
	vf_ping 0 "$B4" && vf_ping 1 "$B4" && vf_ping 1 192.0.2.10 || { vf_log; return 1; }
}

test_requests() {
	local rc=0 c0 mac0 mac1 p0

	mac0=$(vf_ns 0 cat /sys/class/net/vfeth/address) || return 1
	mac1=$(vf_ns 1 cat /sys/class/net/vfeth/address) || return 1
	c0=$(vf_complaints)
	vf_requests 0 $ROUNDS &
	p0=$!
	vf_requests 1 $ROUNDS || rc=1
	wait $p0 || rc=1
	vf_restore 0 "$mac0" && vf_restore 1 "$mac1" || rc=1
	[ "$(vf_complaints)" = "$c0" ] || { vf_log 20; rc=1; }
	ip link show "$IGX_A" | grep "vf " >"$IGX_OUT/vfs"
	cat "$IGX_OUT/vfs"
	grep -q "vf 0 .*link/ether $mac0 " "$IGX_OUT/vfs" &&
		grep -q "vf 1 .*link/ether $mac1 " "$IGX_OUT/vfs" ||
		{ echo "the PF holds other MACs than $mac0, $mac1"; rc=1; }
	test_traffic || rc=1
	return $rc
}

ktap_plan 4
setup_addrs && ping_ok "$B4"
ktap_run "one CPU: 2 VFs through sriov_numvfs, igbvf bound, links up" test_create
ktap_run "one CPU: each VF pings the peer, VF <-> VF" test_traffic
ktap_run "one CPU: both VFs' MAC, MTU, VLAN and multicast requests all answered, no VF link lost" test_requests
ktap_run "one CPU: numvfs 0, the PF still passes traffic" eval 'vfs_remove && ping_ok "$B4"'
ktap_finished
