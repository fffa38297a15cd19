#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# xdpstat against port A ($IGX_DRV: igx, or the in-tree igb to validate the
# tests) under pktgen traffic from port B in netns peer: per-queue and total
# rx rates, native XDP drop rate, driver unloaded mid-run.
. "$(dirname "$0")/lib.sh"

COUNT=${XS_PORT_COUNT:-100000}
DRV=$(a_driver)

# per-queue counters of the driver, as xs_check.py patterns
case $DRV in
igx) RXQ='rx{q}_packets' DROPQ='rx{q}_xdp_drop' ;;
igb) RXQ='rx_queue_{q}_packets' DROPQ= ;;
*) RXQ= DROPQ= ;;
esac

# traffic: run pktgen while xdpstat watches port A, ethtool -S around it
watch_burst() {
	pg_setup "$IGX_PEER_NS" "$IGX_B" "$(cat "/sys/class/net/$IGX_A/address")" \
		"$COUNT" 1000 || return 1
	ethtool -S "$IGX_A" >"$XS_TMP/before"
	xs_start "$IGX_A" || return 1
	pg_run "$IGX_PEER_NS" || return 1
	xs_stop || return 1
	ethtool -S "$IGX_A" >"$XS_TMP/after"
	echo "pktgen: $(ip netns exec "$IGX_PEER_NS" grep -h 'pps' "/proc/net/pktgen/$IGX_B")"
}

test_rx_rates() {
	need_xdpstat || return 1
	[ -n "$RXQ" ] || { skip "no per-queue counter names known for driver '$DRV'"; return; }
	ports_up || return 1
	ip link set dev "$IGX_A" xdp off 2>/dev/null
	watch_burst || return 1
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["per_queue"]')" = True ] ||
		{ echo "FAIL: xdpstat found no per-queue counters"; return 1; }
	python3 "$here/xs_check.py" "$XS_TMP/out.jsonl" queues rx_pps "$RXQ" \
		"$XS_TMP/before" "$XS_TMP/after" --min 1000
}

test_xdp_drop() {
	local obj

	need_xdpstat || return 1
	obj=$(drop_obj) || return 1
	ports_up || return 1
	if ! ip link set dev "$IGX_A" xdpdrv obj "$obj" sec xdp; then
		echo "FAIL: $DRV refused a native XDP program"
		return 1
	fi
	wait_link "$IGX_A" || return 1
	watch_burst
	local rc=$?
	ip link set dev "$IGX_A" xdpdrv off
	[ "$rc" = 0 ] || return 1
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["mode"]')" = native ] ||
		{ echo "FAIL: xdpstat does not report native mode"; return 1; }
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["xdp"]["prog_name"]')" = xs_drop ] ||
		{ echo "FAIL: xdpstat does not report the program name"; return 1; }
	if [ -z "$DROPQ" ]; then
		skip "$DRV exports no per-queue XDP verdict counters: drop rate not checkable"
		return
	fi
	python3 "$here/xs_check.py" "$XS_TMP/out.jsonl" queues xdp_drop_pps \
		"$DROPQ" "$XS_TMP/before" "$XS_TMP/after" --min 1000
}

# Queue count change under traffic: xdpstat flags the interval, never shows
# a negative or absurd rate, and keeps running.
test_channels() {
	local cur new got pg rc

	need_xdpstat || return 1
	ports_up || return 1
	cur=$(ethtool -l "$IGX_A" 2>/dev/null |
		awk '/^Current/ { c = 1 } c && /^Combined/ { print $2; exit }')
	[ -n "$cur" ] && [ "$cur" != 0 ] ||
		{ skip "$DRV has no combined channels (ethtool -l)"; return; }
	new=$((cur > 1 ? 1 : 2))
	pg_setup "$IGX_PEER_NS" "$IGX_B" "$(cat "/sys/class/net/$IGX_A/address")" \
		0 1000 || return 1
	pg_run "$IGX_PEER_NS" &
	pg=$!
	xs_start "$IGX_A" || return 1
	if ! ethtool -L "$IGX_A" combined "$new"; then
		pgset "$IGX_PEER_NS" pgctrl stop; wait "$pg"
		echo "FAIL: ethtool -L combined $new"
		return 1
	fi
	wait_link "$IGX_A"
	got=$(ethtool -l "$IGX_A" |
		awk '/^Current/ { c = 1 } c && /^Combined/ { print $2; exit }')
	[ "$got" = "$new" ] || echo "FAIL: ethtool -L combined $new left $got"
	wait_lines "$XS_TMP/out.jsonl" $(($(wc -l <"$XS_TMP/out.jsonl") + 2))
	ethtool -L "$IGX_A" combined "$cur"
	wait_link "$IGX_A"
	xs_stop
	rc=$?
	pgset "$IGX_PEER_NS" pgctrl stop
	wait "$pg"
	[ "$rc" = 0 ] && [ "$got" = "$new" ] || return 1
	python3 -c 'import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
prev = None
for o in lines:
    qs = [q["queue"] for q in o["queues"]]
    # drivers with a constant ethtool -S count (statistics.rst) never relayout
    assert prev is None or qs == prev or o["relayout"], \
        "seq %d: queues %s -> %s without relayout" % (o["seq"], prev, qs)
    prev = qs
    for r in o["queues"] + [o["total"], o["device"]]:
        for k, v in r.items():
            if k.endswith(("_pps", "_mbps")) and v is not None:
                assert 0 <= v < 1e9, "seq %d: %s = %r" % (o["seq"], k, v)
print("%d intervals, %d flagged relayout, %d with a reset, queue counts %s" % (
      len(lines), sum(o["relayout"] for o in lines),
      sum(any(q["reset"] for q in o["queues"]) for o in lines),
      sorted(set(len(o["queues"]) for o in lines))))' "$XS_TMP/out.jsonl"
}

# igx: rmmod; any other driver: unbind port A. Both unregister the netdev.
test_removed() {
	need_xdpstat || return 1
	ports_up || return 1
	xs_start "$IGX_A" || return 1
	if [ "$DRV" = igx ]; then
		unload_igx || { echo "FAIL: rmmod igx"; return 1; }
	else
		unbind_a || return 1
	fi
	xs_gone
}

ktap_plan 4
if [ -z "${IGX_A:-}" ]; then
	for t in 1 2 3 4; do
		ktap_run "port A not bound (driver '${IGX_DRV:-}')" false
	done
	ktap_finished
fi
echo "# port A: $IGX_A, driver $DRV"
ktap_run "$DRV: per-queue and total rx rates match the counters' delta" test_rx_rates
ktap_run "$DRV: native XDP drop rate reported" test_xdp_drop
ktap_run "$DRV: queue count change mid-run: no bogus rate, relayout when the counter set changes" test_channels
ktap_run "$DRV: interface removed mid-run: exit status $EXIT_GONE" test_removed
ktap_finished
