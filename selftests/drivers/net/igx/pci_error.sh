#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900 --tcg-thread multi
# PCIe AER errors injected at port A's root port (QEMU's 82576 model never
# reports errors itself; an error at the port above it is reported and
# recovered for the devices below) while traffic flows both ways: the port
# recovers with its configuration, counters keep counting, traffic resumes,
# an attached XDP program stays attached, and AF_XDP sockets bound on every
# queue keep receiving (or end with an error they were told, never a hang),
# and the PTP clock runs on through a fatal recovery with the hwtstamp
# configuration kept and hardware TX stamps coming (issue 21 item 5).
. "$(dirname "$0")/lib.sh"
. "$here/faults.sh"
. "$here/ptp_lib.sh"

RP=rp0

# inject $1 (pcie_aer_inject_error arguments) under traffic and wait for
# the recovery; everything port A had must be as before
inject_recover() {
	local cfg0 cfg1 rx0 tx0 h0 rs0 rx1 tx1

	cfg0=$(a_config)
	rs0=$(ethtool_stat resets)
	traffic_start
	# the error must hit a port with frames in flight
	stat_a_above rx_packets 30 $(($(stat_a rx_packets) + 200)) || { traffic_stop; return 1; }
	rx0=$(stat_a rx_packets) tx0=$(stat_a tx_packets) h0=$(ethtool_stat hw_gprc)
	aer_error "$@" || { traffic_stop; return 1; }
	# read before the link is back up and traffic adds to them: counters
	# kept, not restarted from zero
	rx1=$(stat_a rx_packets) tx1=$(stat_a tx_packets)
	echo "right after recovery: rx_packets $rx0 -> $rx1, tx_packets $tx0 -> $tx1"
	if [ "$rx1" -lt "$rx0" ] || [ "$tx1" -lt "$tx0" ]; then
		traffic_stop
		echo "counters went backwards"
		return 1
	fi
	wait_link "$IGX_A" 30 || { traffic_stop; return 1; }
	# traffic resumes through the recovered port, counters continue from
	# where they were
	stat_a_above rx_packets 30 $((rx0 + 200)) || { traffic_stop; return 1; }
	stat_a_above tx_packets 30 $((tx0 + 200)) || { traffic_stop; return 1; }
	traffic_stop
	cfg1=$(a_config)
	same_config "$cfg0" "$cfg1" || return 1
	if [ "$IGX_DRV" = igx ]; then
		echo "hw_gprc $h0 -> $(ethtool_stat hw_gprc)"
		[ "$(ethtool_stat hw_gprc)" -ge "$h0" ] || { echo "hardware counters restarted"; return 1; }
		echo "resets $rs0 -> $(ethtool_stat resets)"
		[ "$(ethtool_stat resets)" -eq $((rs0 + 1)) ] || { echo "expected exactly one reset"; return 1; }
	fi
	ping_ok "$B4" && ping_ok -6 "$B6"
}

test_correctable() {
	local n0 rs0 rx0

	n0=$(klog_count 'AER: Correctable error message received')
	rs0=$(ethtool_stat resets)
	traffic_start
	rx0=$(stat_a rx_packets)
	hmp pcie_aer_inject_error -c "$RP" 0x1 >/dev/null || { traffic_stop; return 1; }
	klog_wait 'AER: Correctable error message received' "$n0" 60 || { traffic_stop; return 1; }
	# a correctable error needs no recovery: traffic never stops
	stat_a_above rx_packets 30 $((rx0 + 500)) || { traffic_stop; return 1; }
	traffic_stop
	[ "$(ethtool_stat resets)" -eq "$rs0" ] || { echo "the port was reset for a correctable error"; return 1; }
	ping_ok "$B4"
}

test_nonfatal() {
	inject_recover "$RP" POISON_TLP
}

test_fatal() {
	inject_recover "$RP" DLP
}

test_xdp() {
	local obj id0 id1 rc

	obj=$(xdp_obj) || { skip "bpf/xdp_pass.o not built (make bpf)"; return; }
	if ! ip link set dev "$IGX_A" xdpdrv obj "$obj" sec xdp.frags 2>/tmp/xdp.err; then
		cat /tmp/xdp.err
		skip "no native XDP on $IGX_DRV"
		return
	fi
	id0=$(xdp_id)
	wait_link "$IGX_A" 30 && inject_recover "$RP" POISON_TLP && inject_recover "$RP" DLP
	rc=$?
	id1=$(xdp_id)
	ip link set dev "$IGX_A" xdpdrv off
	echo "XDP program id $id0 -> $id1"
	[ $rc -eq 0 ] && [ "$id0" = "$id1" ] && [ "$id1" != none ]
}

# one error ($1) under a flood from the peer that all goes to the sockets;
# the receiver either takes frames again after the recovery, or has ended
# with an error status
xsk_through() {
	local out=$1 rs0 tp rc=0

	rs0=$(ethtool_stat resets)
	peer_bg ping -q -f -w 600 "$A4" >/dev/null 2>&1
	tp=$!
	xsk_grows "$out" 200 30 || rc=1
	[ $rc -ne 0 ] || aer_error "$RP" "$2" || rc=1
	[ $rc -ne 0 ] || wait_link "$IGX_A" 30 || rc=1
	if [ $rc -eq 0 ]; then
		if kill -0 "$xsk_pid" 2>/dev/null; then
			echo "$2: the sockets kept working"
			xsk_grows "$out" 200 60 || rc=1
		else
			xsk_ended "$out" || rc=1
		fi
	fi
	kill "$tp" 2>/dev/null
	wait "$tp" 2>/dev/null
	[ $rc -eq 0 ] || return 1
	if [ "$IGX_DRV" = igx ]; then
		echo "resets $rs0 -> $(ethtool_stat resets)"
		[ "$(ethtool_stat resets)" -eq $((rs0 + 1)) ] || { echo "expected exactly one reset"; return 1; }
	fi
}

test_xsk() {
	local out=${IGX_OUT:-/tmp}/xsk.out err rc=0 mtu

	# xsk-bench's program is single-buffer: the port's 4000 would refuse it
	mtu=$(cat "/sys/class/net/$IGX_A/mtu")
	ip link set "$IGX_A" mtu 1500 || return 1
	xsk_start "$out" || { ip link set "$IGX_A" mtu "$mtu"; return 1; }
	peer_neigh_fixed
	if wait_link "$IGX_A" 30; then
		for err in POISON_TLP DLP; do
			xsk_through "$out" "$err" || { rc=1; break; }
			# a receiver that ended cleanly has nothing more to show
			kill -0 "$xsk_pid" 2>/dev/null || break
		done
	else
		rc=1
	fi
	xb_stop "$xsk_pid" || rc=1
	peer_neigh_auto
	ip link set "$IGX_A" mtu "$mtu" || rc=1
	[ $rc -eq 0 ] || { tail -n 3 "$out"; return 1; }
	# the sockets gone, the stack has the port again
	[ "$(xdp_id)" = none ] || { echo "xsk-bench's program left attached"; return 1; }
	ping_ok "$B4"
}

# the clock set far from CLOCK_REALTIME and a hwtstamp configuration
# (phc_mark), a fatal error: the clock runs on from where it was, the
# configuration is kept, the kernel's timestamping gets a hardware TX stamp
test_ptp() {
	local phc off0 r

	[ -x "$PTP_BIN/timestamping" ] || { echo "$PTP_BIN missing: bash tools/ptp/build-ptp-tools.sh"; return 1; }
	phc=$(phc_of "$IGX_A") || { echo "no PTP clock on $IGX_A"; return 1; }
	phc_mark "$phc" "$IGX_A" || return 1
	off0=$(phc_rt_off "$phc")
	aer_error "$RP" DLP || return 1
	wait_link "$IGX_A" 30 || return 1
	phc_kept "$phc" "$IGX_A" "$off0" || return 1
	r=$(tx_hw_stamps "$IGX_A" 1 "${IGX_OUT:-/tmp}/timestamping.out")
	echo "timestamping: sent, hardware-stamped: $r"
	[ "$r" = "1 1" ]
}

test_unload() {
	[ "$IGX_DRV" = igx ] || { skip "igx only"; return; }
	unload_igx && bind_a igx && setup_addrs && ping_ok "$B4"
}

ktap_plan 7
setup_addrs && ping_ok "$B4"
# a configuration that differs from the defaults, to see it survive
ip link set "$IGX_A" mtu 4000
ethtool -G "$IGX_A" rx 512 tx 128 2>/dev/null
ethtool -C "$IGX_A" rx-usecs 30 tx-usecs 30 2>/dev/null
wait_link "$IGX_A" 30
ktap_run "correctable error: logged, no reset, traffic flows" test_correctable
ktap_run "non-fatal error under traffic: recovered, config and counters kept" test_nonfatal
ktap_run "fatal error under traffic: recovered, config and counters kept" test_fatal
ktap_run "XDP program stays attached through non-fatal and fatal recovery" test_xdp
ktap_run "AF_XDP sockets on every queue through non-fatal and fatal recovery" test_xsk
ktap_run "PTP clock runs on through a fatal recovery, hwtstamp config kept, TX stamps" test_ptp
ktap_run "driver unloads and reloads after the recoveries" test_unload
ktap_finished
