#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900
# The exporter with the real thing: Debian's prometheus scrapes xdpstat
# --listen on port A while port B sends at a fixed rate; PromQL rate()
# through Prometheus' HTTP API against the port's own counters. And which
# counter source xdpstat picks on this driver.
. "$(dirname "$0")/lib.sh"

DRV=$(a_driver)
PPS=${XS_PROM_PPS:-4000}
WINDOW=30		# seconds of traffic compared
XS_PORT=9109 PROM_PORT=9090

# the body of a GET, or nothing
http_get() { # URL
	python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode(), end="")' "$1" 2>/dev/null
}

# the value of a one-sample PromQL instant query at TIME, or nothing
promql() { # QUERY TIME
	python3 -c 'import json, sys, urllib.parse, urllib.request
q = urllib.parse.urlencode({"query": sys.argv[1], "time": sys.argv[2]})
r = json.load(urllib.request.urlopen("http://127.0.0.1:%s/api/v1/query?%s" % (sys.argv[3], q), timeout=10))
res = r["data"]["result"]
print(res[0]["value"][1] if r["status"] == "success" and len(res) == 1 else "")' "$1" "$2" "$PROM_PORT"
}

# xs_listen ARGS...: xdpstat exporter on 127.0.0.1:XS_PORT, once it listens
xs_listen() {
	local i

	"$XDPSTAT" --listen "127.0.0.1:$XS_PORT" "$@" >/dev/null 2>"$XS_TMP/err" &
	XS_PID=$!
	for ((i = 0; i < 200; i++)); do
		grep -q "listening on" "$XS_TMP/err" && return 0
		kill -0 "$XS_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$XS_TMP/err"
	echo "FAIL: xdpstat --listen did not start"
	return 1
}

xs_quit() {
	kill "$XS_PID" 2>/dev/null
	wait "$XS_PID"
}

# auto picks qstats where the driver has netdev_stat_ops (igx; the
# in-tree igb of 6.12 has none), and the choice can be forced
test_source() {
	local want src rc

	need_xdpstat || return 1
	ports_up || return 1
	case $DRV in
	igx) want=qstats ;;
	*) want=ethtool ;;
	esac
	src=$("$XDPSTAT" --json -c 1 -i 0.2 "$IGX_A" | xs_json /dev/stdin 'o["source"]')
	echo "auto: $src"
	[ "$src" = "$want" ] || { echo "FAIL: auto chose '$src' on $DRV, expected $want"; return 1; }
	src=$("$XDPSTAT" --json -c 1 -i 0.2 --source ethtool "$IGX_A" | xs_json /dev/stdin 'o["source"]')
	[ "$src" = ethtool ] || { echo "FAIL: --source ethtool gave '$src'"; return 1; }
	"$XDPSTAT" --json -c 1 -i 0.2 --source qstats "$IGX_A" >"$XS_TMP/q.json" 2>"$XS_TMP/q.err"
	rc=$?
	cat "$XS_TMP/q.err"
	if [ "$want" = qstats ]; then
		[ "$rc" = 0 ] && [ "$(xs_json "$XS_TMP/q.json" 'o["source"]')" = qstats ] ||
			{ echo "FAIL: --source qstats on $DRV: status $rc"; return 1; }
	else
		[ "$rc" = 1 ] && grep -q "no qstats" "$XS_TMP/q.err" ||
			{ echo "FAIL: --source qstats on $DRV without qstats: status $rc"; return 1; }
	fi
}

# qstats and the driver's ethtool -S agree on what port A received
test_qstats_counts() {
	local n

	need_xdpstat || return 1
	[ "$DRV" = igx ] || { skip "$DRV has no netdev qstats"; return; }
	ports_up || return 1
	pg_setup "$IGX_PEER_NS" "$IGX_B" "$(cat "/sys/class/net/$IGX_A/address")" \
		20000 1000 || return 1
	ethtool -S "$IGX_A" >"$XS_TMP/before"
	xs_start --source qstats "$IGX_A" || return 1
	pg_run "$IGX_PEER_NS" || return 1
	xs_stop || return 1
	ethtool -S "$IGX_A" >"$XS_TMP/after"
	[ "$(xs_json "$XS_TMP/out.jsonl" 'o["source"]')" = qstats ] || return 1
	python3 "$here/xs_check.py" "$XS_TMP/out.jsonl" queues rx_pps 'rx{q}_packets' \
		"$XS_TMP/before" "$XS_TMP/after" --min 1000
}

test_prometheus() {
	local prom t1 t2 c1 c2 span promrate up i rc=0

	need_xdpstat || return 1
	prom=$(command -v prometheus) ||
		{ skip "no prometheus (Debian package prometheus: make deps)"; return; }
	ports_up || return 1
	# samples a quarter second apart: Prometheus sees each counter late by
	# at most that much plus its scrape offset
	xs_listen -i 0.25 "$IGX_A" || return 1
	cat >"$XS_TMP/prometheus.yml" <<-EOC
	global:
	  scrape_interval: 1s
	  scrape_timeout: 1s
	scrape_configs:
	  - job_name: xdpstat
	    static_configs:
	      - targets: ['127.0.0.1:$XS_PORT']
	EOC
	"$prom" --config.file="$XS_TMP/prometheus.yml" \
		--storage.tsdb.path="$XS_TMP/tsdb" \
		--web.listen-address="127.0.0.1:$PROM_PORT" \
		>"$XS_TMP/prom.log" 2>&1 &
	local prom_pid=$! t0=$SECONDS
	for ((i = 0; i < 900; i++)); do
		[ "$(http_get "http://127.0.0.1:$PROM_PORT/-/ready")" ] && break
		kill -0 "$prom_pid" 2>/dev/null || break
		sleep 0.2
	done
	if [ -z "$(http_get "http://127.0.0.1:$PROM_PORT/-/ready")" ]; then
		tail -n 20 "$XS_TMP/prom.log"
		kill "$prom_pid" 2>/dev/null
		xs_quit
		echo "FAIL: prometheus not ready after $((SECONDS - t0)) s"
		return 1
	fi
	echo "prometheus ready after $((SECONDS - t0)) s (not checked)"
	pg_setup "$IGX_PEER_NS" "$IGX_B" "$(cat "/sys/class/net/$IGX_A/address")" \
		$((PPS * (WINDOW + 40))) 0 || rc=1
	pgset "$IGX_PEER_NS" "$IGX_B" "ratep $PPS"
	pg_run "$IGX_PEER_NS" &
	local pg=$!
	# the window starts once Prometheus has scraped the traffic for a while
	sleep 10
	# builtins only: a fork under TCG takes long enough to skew the span
	t1=$EPOCHREALTIME
	read -r c1 <"/sys/class/net/$IGX_A/statistics/rx_packets"
	sleep "$WINDOW"
	read -r c2 <"/sys/class/net/$IGX_A/statistics/rx_packets"
	t2=$EPOCHREALTIME
	sleep 3		# the scrape after t2 is in
	# rate() over exactly the span the port's counters were read across
	# (the sleep overruns on a loaded host; the rate under TCG is not flat)
	span=$(python3 -c 'import sys; print(round((float(sys.argv[2]) - float(sys.argv[1])) * 1000))' "$t1" "$t2")
	up=$(promql 'up{job="xdpstat"}' "$t2")
	promrate=$(promql "sum(rate(xdpstat_packets_total{ifname=\"$IGX_A\",direction=\"rx\"}[${span}ms]))" "$t2")
	pgset "$IGX_PEER_NS" pgctrl stop
	wait "$pg"
	t0=$SECONDS
	kill "$prom_pid"
	wait "$prom_pid"
	echo "prometheus stopped in $((SECONDS - t0)) s (not checked)"
	xs_quit
	echo "port A rx_packets: $c1 -> $c2 in $t1 .. $t2"
	echo "Prometheus: up $up, rate() over ${span} ms: $promrate pps"
	[ "$rc" = 0 ] || return 1
	[ "$up" = 1 ] || { tail -n 20 "$XS_TMP/prom.log"; echo "FAIL: target not up"; return 1; }
	python3 - "$c1" "$c2" "$t1" "$t2" "$promrate" <<-'EOP'
	import sys
	c1, c2, t1, t2, pr = (float(a) for a in sys.argv[1:])
	port = (c2 - c1) / (t2 - t1)
	dev = abs(pr - port) / port
	print("port %.1f pps, PromQL %.1f pps: %.2f%% apart" % (port, pr, 100 * dev))
	assert port > 100, "no traffic measured on the port"
	assert dev <= 0.05, "PromQL rate() more than 5% from the port's counters"
	EOP
}

ktap_plan 3
if [ -z "${IGX_A:-}" ]; then
	for t in 1 2 3; do
		ktap_run "port A not bound (driver '${IGX_DRV:-}')" false
	done
	ktap_finished
fi
echo "# port A: $IGX_A, driver $DRV"
ktap_run "$DRV: counter source: auto picks qstats where the driver has them, --source forces" test_source
ktap_run "$DRV: --source qstats: per-queue rx rates match ethtool's counters" test_qstats_counts
ktap_run "$DRV: Prometheus scrapes the exporter: PromQL rate() within 5% of the port's counters" test_prometheus
ktap_finished
