#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 1500 --tcg-thread multi
# Soak: pktgen from the peer and TCP both ways while port A is reconfigured
# without pause (XDP attach/replace/detach, zero-copy XSK bind/unbind,
# ethtool -L, ethtool -G, link down/up, MTU changes) for IGX_SOAK_SECS
# (default 300; `make soak`: 1800 on the debug kernel).  Every operation
# must succeed; afterwards the port passes traffic, the counters add up,
# and once the driver is unloaded no page_pool page is still out.  The
# kernel log (and kmemleak on the debug kernel) is checked by run.sh.
. "$(dirname "$0")/lib.sh"

SECS=${IGX_SOAK_SECS:-300}
BPF=$IGX_ROOT/bpf
YNL=${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}/ksft/tools/net/ynl
OUT=${IGX_OUT:-/tmp}/soak
mkdir -p "$OUT"
declare -A done_ops
bg=()

P() { peer "$@"; }

# 500-byte frames every 20 us from 64 source ports (over every RSS queue)
pktgen_start() {
	pktgen_flood "$IGX_PEER_NS" "$IGX_B" 0 "$A_MAC" 'delay 20000' 'pkt_size 500' \
		'flag UDPSRC_RND' 'udp_src_min 1000' 'udp_src_max 1063' || return 1
	bg+=("$pktgen_pid")
}

# TCP in both directions, 4 MB at a time, until the deadline; the count of
# completed transfers is written after each, as stop_bg kills the loop
tcp_loop() {
	local end=$1 n=0

	P socat -u TCP-LISTEN:5001,reuseaddr,fork OPEN:/dev/null &
	socat -u TCP-LISTEN:5002,reuseaddr,fork OPEN:/dev/null &
	sleep 1
	while [ "$SECONDS" -lt "$end" ]; do
		head -c 4000000 /dev/zero | timeout 60 socat -u STDIN "TCP:$B4:5001" 2>/dev/null &&
			n=$((n + 1))
		head -c 4000000 /dev/zero | P timeout 60 socat -u STDIN "TCP:$A4:5002" 2>/dev/null &&
			n=$((n + 1))
		echo "$n" >"$OUT/tcp_transfers"
	done
}

op() { # NAME CMD...: run one operation, count it, report a failure
	local name=$1

	shift
	if ! "$@" >"$OUT/op.out" 2>&1; then
		echo "$name failed:"
		cat "$OUT/op.out"
		return 1
	fi
	done_ops[$name]=$((${done_ops[$name]:-0} + 1))
}

xsk_round() {
	# the zero-copy socket needs its own program: detach the stack's one
	ip link set dev "$IGX_A" xdpdrv off &&
		timeout 60 "$XB" -i "$IGX_A" -r -z -q 0 -d 2 -x
}

reconfigure() {
	local end=$1 nq

	nq=$(channels "$IGX_A")
	while [ "$SECONDS" -lt "$end" ]; do
		op "xdp attach" ip link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_pass.o" sec xdp.frags || return 1
		op "xdp replace" ip -force link set dev "$IGX_A" xdpdrv obj "$BPF/xdp_drop.o" sec xdp.frags || return 1
		op "mtu" ip link set dev "$IGX_A" mtu 3000 || return 1
		op "ethtool -L" ethtool -L "$IGX_A" combined 2 || return 1
		op "ethtool -G" ethtool -G "$IGX_A" rx 512 tx 512 || return 1
		op "xdp detach" ip link set dev "$IGX_A" xdpdrv off || return 1
		op "mtu" ip link set dev "$IGX_A" mtu 1500 || return 1
		op "xsk bind/unbind" xsk_round || return 1
		op "ethtool -L" ethtool -L "$IGX_A" combined "$nq" || return 1
		op "ethtool -G" ethtool -G "$IGX_A" rx 256 tx 256 || return 1
		op "link down/up" ip link set dev "$IGX_A" down || return 1
		ip link set dev "$IGX_A" up
		wait_link "$IGX_A" 30 || { echo "no carrier after link up"; return 1; }
	done
}

stop_bg() {
	pktgen_stop "$IGX_PEER_NS"
	kill "${bg[@]}" 2>/dev/null
	pkill -f 'socat -u TCP-LISTEN' 2>/dev/null
	P pkill -f 'socat -u TCP-LISTEN' 2>/dev/null
	wait 2>/dev/null
}

test_soak() {
	local end rx0 rx1 sent rc=0 k

	ethtool -G "$IGX_A" rx 256 tx 256
	rx0=$(stat_a rx_packets)
	pktgen_start || { echo "pktgen did not start"; return 1; }
	end=$((SECONDS + SECS))
	tcp_loop "$end" &
	bg+=($!)
	reconfigure "$end" || rc=1
	stop_bg
	rx1=$(stat_a rx_packets)
	sent=$(P awk '/pkts-sofar/ { print $2 }' "/proc/net/pktgen/$IGX_B")
	echo "soak: $SECS s; peer pktgen sent $sent frames; port A received $((rx1 - rx0)) frames;" \
		"TCP transfers of 4 MB: $(cat "$OUT/tcp_transfers" 2>/dev/null || echo 0)"
	for k in "${!done_ops[@]}"; do
		echo "  $k: ${done_ops[$k]}"
	done
	[ $rc -eq 0 ] || return 1
	[ "$((rx1 - rx0))" -gt 0 ] || { echo "nothing received"; return 1; }
	[ "${done_ops[xdp attach]:-0}" -gt 0 ] || { echo "not one round completed"; return 1; }
}

test_after() {
	ip link set dev "$IGX_A" xdpdrv off 2>/dev/null
	ip link set dev "$IGX_A" up
	wait_link "$IGX_A" 30 && ping_ok "$B4" && ping_ok -6 "$B6"
}

# every frame port A counted went to a verdict or the stack: no queue
# counted more XDP verdicts than frames
test_counters() {
	ethtool -S "$IGX_A" | awk -F'[ :_]+' '
		/^ *rx[0-9]+_packets:/ { q = substr($2, 3); rx[q] = $4 }
		/^ *rx[0-9]+_xdp_(pass|drop|tx|redirect|aborted):/ { q = substr($2, 3); v[q] += $NF }
		END { for (q in rx) { printf "rx%s: %d frames, %d XDP verdicts\n", q, rx[q], v[q]
			if (v[q] > rx[q]) bad = 1 }
			exit bad }'
}

# after rmmod: no page_pool of the driver still holds pages
test_unload() {
	local out

	[ "$IGX_DRV" = igx ] || { skip "only for igx (port B also uses igb)"; return; }
	unload_igx || { echo "rmmod igx failed"; return 1; }
	sleep 2
	out=$(python3 "$YNL/cli.py" --no-schema \
		--spec "$YNL/../../../Documentation/netlink/specs/netdev.yaml" \
		--dump page-pool-get 2>&1) || { echo "$out"; return 1; }
	# pools of a removed netdev that still have pages out stay listed,
	# with a detach time and inflight pages
	if grep -q "'inflight': [1-9]" <<<"$out" && grep -q detach-time <<<"$out"; then
		echo "page_pool pages still in flight after rmmod:"
		echo "$out"
		return 1
	fi
	echo "no page_pool pages in flight after rmmod ($(grep -c "'id'" <<<"$out") pools listed)"
	bind_a igx
}

trap stop_bg EXIT
setup_addrs
ktap_plan 4
ktap_run "soak: traffic while port A is reconfigured for $SECS s" test_soak
ktap_run "port works after the soak" test_after
ktap_run "per-queue XDP verdicts never exceed frames received" test_counters
ktap_run "driver unload leaves no page_pool pages in flight" test_unload
ktap_finished
