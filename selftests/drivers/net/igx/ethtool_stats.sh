#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Statistics: netdev qstats add up to the netdev totals (also across down/up
# and channel changes), the standard ethtool groups count exactly the frames
# the peer sent and port A sent, counters survive down/up, and ethtool -t.
. "$(dirname "$0")/lib.sh"

UP=${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}
[ -x "$UP/ethtool/ethtool" ] && PATH=$UP/ethtool:$PATH
A=$IGX_A N=500

# "rx-packets rx-bytes tx-packets tx-bytes" of port A: device qstats, the
# sum of its per-queue qstats, and the netdev totals
qstats() {
	python3 - "$UP/ksft" "$(cat "/sys/class/net/$A/ifindex")" <<'PY'
import sys
sys.path.append(sys.argv[1] + "/tools/net")
from ynl.lib import YnlFamily
nf = YnlFamily(sys.argv[1] + "/Documentation/netlink/specs/netdev.yaml", schema="")
idx = int(sys.argv[2])
keys = ["rx-packets", "rx-bytes", "tx-packets", "tx-bytes"]
dev = nf.qstats_get({"ifindex": idx}, dump=True)[0]
qs = nf.qstats_get({"ifindex": idx, "scope": "queue"}, dump=True)
print("device", *[dev[k] for k in keys])
print("queues", *[sum(q.get(k, 0) for q in qs) for k in keys])
# each queue's own packets, to see that none restarts
print("perq", *sorted("%s%d=%d" % (q["queue-type"], q["queue-id"], q.get(q["queue-type"] + "-packets", 0))
		      for q in qs))
PY
	echo "netdev $(stat_a rx_packets) $(stat_a rx_bytes) $(stat_a tx_packets) $(stat_a tx_bytes)"
}

# netdev netlink qstats are Linux 6.10's; before 6.3 there is no netdev
# family at all (xdp_features.py's status 3): skip rather than fail
qstats_gate() {
	local err

	err=$(python3 "$here/xdp_features.py" "$A" 2>&1 >/dev/null)
	[ $? -eq 3 ] || return 0
	skip "${err#xdp_features: }: no netlink qstats"
}

qstats_match() {
	local out dev net

	out=$(qstats) || { echo "$out"; return 1; }
	echo "$out"
	dev=$(sed -n 's/^device //p' <<<"$out") net=$(sed -n 's/^netdev //p' <<<"$out")
	[ -n "$dev" ] && [ "$dev" = "$net" ]
}

# the port is quiet (no IPv6, no addresses): wait until a peer's burst is in
# (60 s only bounds a failure: a CI run here with five guests on two cores
# went past the 10 s this was, and said nothing of what had arrived)
wait_rx() { # COUNTER_CMD TARGET
	local i

	for ((i = 0; i < 600; i++)); do
		[ "$($1)" -ge "$2" ] && return 0
		sleep 0.1
	done
	echo "$1: $($1) after 60 s, expected $2 or more"
	return 1
}

test_qstats_traffic() {
	qstats_gate || return
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$N" >/dev/null &&
		python3 "$here/frames.py" send "$A" "$B_MAC" "$N" >/dev/null &&
		wait_rx "stat_a rx_packets" "$N" && qstats_match
}

test_qstats_down_up() {
	local rx0

	qstats_gate || return
	rx0=$(stat_a rx_packets)
	ip link set "$A" down && ip link set "$A" up && wait_link "$A" || return 1
	[ "$(stat_a rx_packets)" -ge "$rx0" ] && qstats_match
}

test_qstats_channels() {
	local cur rx0

	qstats_gate || return
	cur=$(ethtool -l "$A" | sed -n '/^Current/,$p' | sed -nE 's/^Combined:[[:space:]]+//p')
	rx0=$(stat_a rx_packets)
	ethtool -L "$A" combined 1 && wait_link "$A" || return 1
	qstats_match || return 1
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$N" >/dev/null &&
		wait_rx "stat_a rx_packets" $((rx0 + N)) && qstats_match &&
		ethtool -L "$A" combined "$cur" && wait_link "$A" && qstats_match &&
		[ "$(stat_a rx_packets)" -ge $((rx0 + N)) ]
}

BPF=$IGX_ROOT/bpf
MAPS=$IGX_ROOT/selftests/drivers/net/bpf/bpf_maps.py

# TX packets of the queues (qstats, queue scope)
queues_tx() {
	qstats | awk '/^queues / { print $4 }'
}

# qstats_after_tx WHAT TX0: port A sent N more frames by path WHAT, the
# queues' own TX counters saw them, and device qstats equal the totals
qstats_after_tx() {
	local out

	wait_rx "stat_a tx_packets" $((tx0 + N)) || return 1
	qstats_match || return 1
	out=$(queues_tx)
	[ $((out - qtx0)) -ge "$N" ] || { echo "$1: queues' tx-packets +$((out - qtx0)), expected $N"; return 1; }
	echo "$1: queues' tx-packets +$((out - qtx0))"
}

# every frame bounced by XDP_TX, sent again by a redirect into port A itself
# (ndo_xdp_xmit), and sent by a zero-copy socket: the XDP TX ring's counts
# belong to the queue's qstats
test_qstats_xdp_paths() {
	local tx0 qtx0 rc=0

	qstats_gate || return
	tx0=$(stat_a tx_packets) qtx0=$(queues_tx)
	ip link set dev "$A" xdpdrv obj "$BPF/xdp_tx.o" sec xdp || return 1
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$N" >/dev/null &&
		qstats_after_tx XDP_TX || rc=1
	ip link set dev "$A" xdp off
	[ $rc -eq 0 ] || return 1

	tx0=$(stat_a tx_packets) qtx0=$(queues_tx)
	ip link set dev "$A" xdpdrv obj "$BPF/xdp_redirect.o" sec xdp || return 1
	python3 "$MAPS" set xdp_redirect tx_port 00000000 \
		"$(printf '%08x' "$(cat "/sys/class/net/$A/ifindex")" |
			sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')" &&
		peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$N" >/dev/null &&
		qstats_after_tx "redirect into port A" || rc=1
	ip link set dev "$A" xdp off
	[ $rc -eq 0 ] || return 1

	tx0=$(stat_a tx_packets) qtx0=$(queues_tx)
	"$XB" -i "$A" -t -z -q 0 -c "$N" -D "$B_MAC" -x >/dev/null || return 1
	qstats_after_tx "zero-copy TX"
}

# perq_kept BEFORE AFTER: no queue's packets went down
perq_kept() {
	local q v w

	for q in $1; do
		v=${q#*=}
		w=$(tr ' ' '\n' <<<"$2" | sed -n "s/^${q%%=*}=//p")
		[ -n "$w" ] || continue
		[ "$w" -ge "$v" ] || { echo "queue ${q%%=*}: $v -> $w (restarted)"; return 1; }
	done
}

# ring rebuilds (-G, -L) neither restart a queue's qstats nor break the sum
test_qstats_rebuild() {
	local before after cur

	qstats_gate || return
	before=$(qstats | sed -n 's/^perq //p')
	ethtool -G "$A" rx 512 tx 512 && wait_link "$A" || return 1
	qstats_match || return 1
	after=$(qstats | sed -n 's/^perq //p')
	perq_kept "$before" "$after" || return 1
	ethtool -G "$A" rx 256 tx 256 && wait_link "$A" || return 1
	cur=$(ethtool -l "$A" | sed -n '/^Current/,$p' | sed -nE 's/^Combined:[[:space:]]+//p')
	ethtool -L "$A" combined 1 && ethtool -L "$A" combined "$cur" && wait_link "$A" || return 1
	qstats_match || return 1
	perq_kept "$after" "$(qstats | sed -n 's/^perq //p')" || return 1
	echo "per-queue qstats before: $before"
}

# STAT of group GROUP ("eth-mac FramesReceivedOK", "rmon rx-pktsNtoM 1")
grp() {
	ethtool --json -S "$A" --groups "$1" |
		python3 -c "import json, sys
g = json.load(sys.stdin)[0]['$1']
v = g['$2'] if '${3:-}' == '' else g['$2'][int('${3:-0}')]['val']
print(v)"
}

test_groups_rx() {
	local f0 h0 t0 f h t

	f0=$(grp eth-mac FramesReceivedOK) h0=$(grp rmon rx-pktsNtoM 1) t0=$(stat_b tx_packets)
	# 74-byte frames, 78 on the wire with the FCS: the 65..127 bucket
	peer python3 "$here/frames.py" send "$IGX_B" "$A_MAC" "$N" >/dev/null || return 1
	wait_rx "stat_a rx_packets" $(($(stat_a rx_packets) + 0)) # no-op, keeps ordering
	for ((i = 0; i < 100; i++)); do
		f=$(($(grp eth-mac FramesReceivedOK) - f0))
		[ "$f" -ge "$N" ] && break
		sleep 0.1
	done
	h=$(($(grp rmon rx-pktsNtoM 1) - h0)) t=$(($(stat_b tx_packets) - t0))
	echo "peer sent $t; FramesReceivedOK +$f, rx 65..127 +$h"
	[ "$f" -eq "$t" ] && [ "$h" -eq "$t" ]
}

test_groups_tx() {
	local f0 h0 f h

	f0=$(grp eth-mac FramesTransmittedOK) h0=$(grp rmon tx-pktsNtoM 1)
	python3 "$here/frames.py" send "$A" "$B_MAC" "$N" >/dev/null || return 1
	for ((i = 0; i < 100; i++)); do
		f=$(($(grp eth-mac FramesTransmittedOK) - f0))
		[ "$f" -ge "$N" ] && break
		sleep 0.1
	done
	h=$(($(grp rmon tx-pktsNtoM 1) - h0))
	echo "sent $N; FramesTransmittedOK +$f, tx 65..127 +$h"
	[ "$f" -eq "$N" ] && [ "$h" -eq "$N" ]
}

test_groups_ctrl() {
	ethtool -S "$A" --groups eth-ctrl rmon
	ethtool -I -a "$A"
	ethtool --json -S "$A" --groups eth-ctrl | grep -q MACControlFramesReceived &&
		ethtool -I -a "$A" | grep -q 'rx_pause_frames'
}

test_ethtool_s_survives() {
	local before after

	before=$(ethtool -S "$A" | awk '/rx0_packets|tx0_packets|hw_gprc/ { print $2 }' | paste -sd' ')
	ip link set "$A" down && ip link set "$A" up && wait_link "$A" || return 1
	after=$(ethtool -S "$A" | awk '/rx0_packets|tx0_packets|hw_gprc/ { print $2 }' | paste -sd' ')
	echo "rx0_packets tx0_packets hw_gprc: $before -> $after"
	python3 -c "import sys; b, a = sys.argv[1].split(), sys.argv[2].split(); sys.exit(not (len(b) == 3 and all(int(x) <= int(y) for x, y in zip(b, a))))" "$before" "$after"
}

test_page_pool() {
	# page_pool_get_stats() exists only with CONFIG_PAGE_POOL_STATS (a
	# kernel built here has no /boot/config-*)
	if ! grep -qw 'page_pool_get_stats' /proc/kallsyms; then
		skip "kernel without CONFIG_PAGE_POOL_STATS"
		return
	fi
	ethtool -S "$A" | grep -E 'rx_pp_' | head
	[ "$(ethtool -S "$A" | awk '/rx_pp_alloc_fast:/ { print $2 }')" -gt 0 ]
}

test_selftest_online() {
	ethtool -t "$A" online
}

test_selftest_offline() {
	ethtool -t "$A" offline || return 1
	wait_link "$A" && ping_ok "$B4"
}

# the loopback burst is as long as the smallest TX ring: the test waits for
# room instead of handing the driver frames it must refuse (and leak)
test_selftest_small_ring() {
	local rc=0

	ethtool -G "$A" tx 64 || return 1
	ethtool -t "$A" offline || rc=1
	ethtool -G "$A" tx 256 || rc=1
	wait_link "$A" && ping_ok "$B4" || rc=1
	return $rc
}

ktap_plan 13
quiet_ports
ip link set "$A" up && peer ip link set "$IGX_B" up
wait_link "$A" && wait_link "$IGX_B"
ktap_run "qstats equal netdev totals after traffic" test_qstats_traffic
ktap_run "qstats equal netdev totals after down/up" test_qstats_down_up
ktap_run "qstats equal netdev totals across channel changes" test_qstats_channels
ktap_run "qstats equal netdev totals after XDP_TX, redirect in and zero-copy TX" test_qstats_xdp_paths
ktap_run "ring rebuilds keep every queue's qstats and the sum" test_qstats_rebuild
ktap_run "eth-mac and rmon rx count exactly the frames the peer sent" test_groups_rx
ktap_run "eth-mac and rmon tx count exactly the frames sent" test_groups_tx
ktap_run "eth-ctrl group and pause statistics reported" test_groups_ctrl
ktap_run "ethtool -S counters survive down/up" test_ethtool_s_survives
ktap_run "page_pool statistics in ethtool -S" test_page_pool
ktap_run "ethtool -t online passes" test_selftest_online
setup_addrs >/dev/null
ktap_run "ethtool -t offline passes, port works after" test_selftest_offline
ktap_run "ethtool -t offline passes with a 64-entry TX ring" test_selftest_small_ring
ktap_finished
