#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900 --tcg-thread multi
# Native XDP on port A under configuration changes: 100 attach/replace/
# detach cycles under traffic without a link flap or a lost frame, jumbo
# frames with multi-buffer programs (PASS, TX, REDIRECT), refusal of a
# single-buffer program where frames need several buffers, ethtool -L/-G
# and MTU changes keeping the program, and xdp-bench in native mode.
. "$(dirname "$0")/lib.sh"

BPF=$IGX_ROOT/bpf
N=${IGX_XDP_N:-200}
CYCLES=${IGX_XDP_CYCLES:-100}
PIN=/sys/fs/bpf/igx_xdp_config
FRAMES=$IGX_ROOT/selftests/drivers/net/bpf/bpf_frames.py

prog_id() {
	ip -j link show "$IGX_A" | python3 -c \
		'import json,sys; print(json.load(sys.stdin)[0].get("xdp", {}).get("prog", {}).get("id", 0))'
}

noports() { awk '/^Udp:/ { if (h) print $3; h = 1 }' /proc/net/snmp; }

# N frames dropped by the attached drop program, exactly
drops_exact() {
	local d0=$(qsum rx xdp_drop) got

	peer_send "$N" >/dev/null || return 1
	got=$(wait_ge "$N" eval 'echo $(($(qsum rx xdp_drop) - d0))')
	expect "$1: rxN_xdp_drop" "$got" "$N"
}

test_cycles() {
	local cc0 cc rx0 tx0 rx tx m0 m i pid rc=0 id

	mkdir -p $PIN
	bpftool prog loadall "$BPF/xdp_drop.o" $PIN/drop || return 1
	bpftool prog loadall "$BPF/xdp_pass.o" $PIN/pass || return 1
	# a deep ring rides out a starved guest (load on the host)
	ethtool -G "$IGX_A" rx 4096 || return 1
	wait_link "$IGX_A"
	cc0=$(cat "/sys/class/net/$IGX_A/carrier_changes")
	rx0=$(stat_a rx_packets) tx0=$(stat_b tx_packets)
	m0=$(stat_a rx_missed_errors)
	# steady paced traffic from the peer for the whole run
	ip netns exec "$IGX_PEER_NS" python3 "$here/frames.py" send "$IGX_B" "$A_MAC" 100000000 4 &
	pid=$!
	i=$(python3 "$here/xdp_util.py" cycles "$IGX_A" $PIN/drop/xdp_drop \
		$PIN/pass/xdp_pass "$CYCLES") || rc=1
	kill "$pid"
	wait "$pid" 2>/dev/null
	echo "${i:-0} cycles of attach, replace, detach"
	[ $rc = 0 ] || return 1
	expect "program after the cycles" "$(prog_id)" 0 || return 1
	# every frame the peer sent was received and counted, program or
	# not, or found the ring full (the device drops it, the driver counts
	# the overrun: a starved guest, not the swaps)
	tx=$(($(stat_b tx_packets) - tx0))
	m=$(($(stat_a rx_missed_errors) - m0))
	rx=$(wait_ge $((tx - m)) eval 'echo $(($(stat_a rx_packets) - rx0))')
	cc=$(cat "/sys/class/net/$IGX_A/carrier_changes")
	ethtool -G "$IGX_A" rx 256
	wait_link "$IGX_A"
	expect "carrier_changes" "$cc" "$cc0" &&
	expect "received + ring-full drops ($m) during the cycles (peer sent $tx)" \
		"$((rx + m))" "$tx" &&
	[ "$tx" -gt 0 ] || return 1
	# the driver holds no reference once detached: unpinned, both go away
	rm -rf $PIN
	for ((i = 0; i < 100; i++)); do
		id=$(bpftool prog show | grep -cE 'name xdp_(drop|pass) ')
		[ "$id" = 0 ] && break
		sleep 0.1
	done
	expect "programs left loaded" "$id" 0 &&
	ping_ok -c 3 "$B4"
}

set_mtu() {
	ip link set dev "$IGX_A" mtu "$1" && peer ip link set dev "$IGX_B" mtu "$1"
}

test_frags_refused() {
	local out rc=0

	set_mtu 9000 || return 1
	out=$(ip link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_pass.o" sec xdp 2>&1) && rc=1
	echo "$out"
	echo "$out" | grep -q "xdp.frags" || rc=1
	[ "$(prog_id)" = 0 ] || rc=1
	set_mtu 1500
	# and the MTU cannot grow under a single-buffer program
	ip link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_pass.o" sec xdp || return 1
	ip link set dev "$IGX_A" mtu 9000 && rc=1
	expect "MTU with a single-buffer program" "$(cat "/sys/class/net/$IGX_A/mtu")" 1500 || rc=1
	dmesg | grep "MTU 9000 needs multi-buffer XDP" | tail -n1
	ip link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_pass.o" sec xdp.frags 2>/dev/null
	ip -force link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_pass.o" sec xdp.frags || rc=1
	ip link set dev "$IGX_A" mtu 9000 || rc=1
	echo "MTU 9000 with the xdp.frags program: $(cat "/sys/class/net/$IGX_A/mtu")"
	ip link set dev "$IGX_A" xdp off
	ip link set dev "$IGX_A" mtu 1500
	return $rc
}

# 8000-byte frames: PASS to UDP, TX back to the peer, REDIRECT out of A
test_jumbo() {
	local np p0 t0 r0 x0 b0 got rc=1

	set_mtu 9000 || return 1
	ip link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_pass.o" sec xdp.frags || return 1
	np=$(noports) p0=$(qsum rx xdp_pass)
	peer python3 "$FRAMES" "$IGX_B" "$A_MAC" "$N" --size 8000 --v4 "$B4" "$A4" >/dev/null
	got=$(wait_ge "$N" eval 'echo $(($(noports) - np))')
	expect "jumbo PASS: at UDP" "$got" "$N" &&
	expect "jumbo PASS: rxN_xdp_pass" "$(($(qsum rx xdp_pass) - p0))" "$N" || goto_out=1

	if [ -z "${goto_out:-}" ]; then
		ip -force link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_tx.o" sec xdp.frags || return 1
		t0=$(qsum rx xdp_tx) b0=$(stat_b rx_packets)
		peer python3 "$FRAMES" "$IGX_B" "$A_MAC" "$N" --size 8000 --v4 "$B4" "$A4" >/dev/null
		got=$(wait_ge "$N" eval 'echo $(($(stat_b rx_packets) - b0))')
		expect "jumbo TX: back at the peer" "$got" "$N" &&
		expect "jumbo TX: rxN_xdp_tx" "$(($(qsum rx xdp_tx) - t0))" "$N" || goto_out=1
	fi
	if [ -z "${goto_out:-}" ]; then
		ip -force link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_redirect.o" sec xdp.frags || return 1
		python3 "$IGX_ROOT/selftests/drivers/net/bpf/bpf_maps.py" set xdp_redirect_frags tx_port 00000000 \
			"$(printf '%08x' "$(cat "/sys/class/net/$IGX_A/ifindex")" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')"
		peer ip link set "$IGX_B" promisc on
		r0=$(qsum rx xdp_redirect) x0=$(qsum tx xdp_xmit) b0=$(stat_b rx_packets)
		peer python3 "$FRAMES" "$IGX_B" "$A_MAC" "$N" --size 8000 --v4 "$B4" "$A4" >/dev/null
		got=$(wait_ge "$N" eval 'echo $(($(stat_b rx_packets) - b0))')
		peer ip link set "$IGX_B" promisc off
		expect "jumbo REDIRECT: out at the peer" "$got" "$N" &&
		expect "jumbo REDIRECT: rxN_xdp_redirect" "$(($(qsum rx xdp_redirect) - r0))" "$N" &&
		expect "jumbo REDIRECT: txN_xdp_xmit" "$(($(qsum tx xdp_xmit) - x0))" "$N" &&
		expect "txN_xdp_xmit_errors" "$(qsum tx xdp_xmit_errors)" 0 && rc=0
	fi
	unset goto_out
	ip link set dev "$IGX_A" xdp off
	set_mtu 1500
	return $rc
}

# the program survives ethtool -L, -G and an MTU change, and keeps working
test_keep_program() {
	local id rc=0 ch

	ip link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_drop.o" sec xdp.frags || return 1
	id=$(prog_id)
	ch=$(ethtool -l "$IGX_A" | awk '/^Combined:/ { n = $2 } END { print n }')
	ethtool -L "$IGX_A" combined 1 || rc=1
	wait_link "$IGX_A"
	expect "program after ethtool -L combined 1" "$(prog_id)" "$id" &&
	drops_exact "1 queue" || rc=1
	ethtool -L "$IGX_A" combined "$ch" || rc=1
	ethtool -G "$IGX_A" rx 512 tx 512 || rc=1
	wait_link "$IGX_A"
	expect "program after ethtool -G 512" "$(prog_id)" "$id" &&
	drops_exact "$ch queues, 512 descriptors" || rc=1
	ethtool -G "$IGX_A" rx 256 tx 256
	ip link set dev "$IGX_A" mtu 4000 || rc=1
	expect "program after MTU 4000" "$(prog_id)" "$id" &&
	drops_exact "MTU 4000" || rc=1
	ip link set dev "$IGX_A" mtu 1500
	wait_link "$IGX_A"
	ip link set dev "$IGX_A" xdp off
	return $rc
}

# xdp-bench MODE ARGS...: runs until interrupted; attach, traffic, ^C
bench() {
	local out=/tmp/xdp-bench.out pid i rc

	xdp-bench "$@" >$out 2>&1 &
	pid=$!
	for ((i = 0; i < 300; i++)); do
		[ "$(prog_id)" != 0 ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if [ "$(prog_id)" = 0 ]; then
		cat $out
		kill $pid 2>/dev/null
		return 1
	fi
	peer_send "$N" >/dev/null
	sleep 0.5
	kill -INT $pid
	for ((i = 0; i < 300; i++)); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $pid 2>/dev/null; then
		echo "xdp-bench $1 still running 30 s after SIGINT"
		kill -KILL $pid
	fi
	wait $pid
	rc=$?
	tail -n 4 $out
	expect "xdp-bench $1 exit status" "$rc" 0 &&
	expect "program detached after xdp-bench $1" "$(prog_id)" 0
}

test_xdp_bench() {
	local d p t r x b rc=0

	d=$(qsum rx xdp_drop)
	bench drop -m native "$IGX_A" &&
	expect "drop: rxN_xdp_drop" "$(($(qsum rx xdp_drop) - d))" "$N" || rc=1
	p=$(qsum rx xdp_pass)
	bench pass -m native "$IGX_A" &&
	expect "pass: rxN_xdp_pass" "$(($(qsum rx xdp_pass) - p))" "$N" || rc=1
	t=$(qsum rx xdp_tx) b=$(stat_b rx_packets)
	peer ip link set "$IGX_B" promisc on
	bench tx -m native "$IGX_A" &&
	expect "tx: rxN_xdp_tx" "$(($(qsum rx xdp_tx) - t))" "$N" &&
	expect "tx: at the peer" "$(($(stat_b rx_packets) - b))" "$N" || rc=1
	r=$(qsum rx xdp_redirect) x=$(qsum tx xdp_xmit) b=$(stat_b rx_packets)
	bench redirect -m native "$IGX_A" "$IGX_A" &&
	expect "redirect: rxN_xdp_redirect" "$(($(qsum rx xdp_redirect) - r))" "$N" &&
	expect "redirect: txN_xdp_xmit" "$(($(qsum tx xdp_xmit) - x))" "$N" &&
	expect "redirect: at the peer" "$(($(stat_b rx_packets) - b))" "$N" || rc=1
	peer ip link set "$IGX_B" promisc off
	return $rc
}

ktap_plan 5
setup_xdp_ports
ktap_run "$CYCLES attach/replace/detach cycles under traffic: no flap, no frame lost" test_cycles
ktap_run "MTU 9000 refuses a program without xdp.frags, with the reason" test_frags_refused
ktap_run "MTU 9000, xdp.frags programs: jumbo PASS, TX, REDIRECT exact" test_jumbo
ktap_run "ethtool -L, -G and MTU changes keep the program working" test_keep_program
ktap_run "xdp-bench drop, pass, tx, redirect in native mode" test_xdp_bench
ktap_finished
