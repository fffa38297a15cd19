#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The xdpstat binary end to end on recorded snapshots (--replay): views,
# JSON schema, option errors, exit codes. TAP output. Run from tests/.
XDPSTAT=${1:-../xdpstat}
S=snapshots
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

out=$("$XDPSTAT" --replay --json $S/rate-t0.txt $S/rate-t1.txt $S/rate-t2.txt)
ok $? "replay --json exits 0"
ok $([ "$(printf '%s\n' "$out" | wc -l)" = 2 ]; echo $?) "one JSON line per interval (3 snapshots, 2 intervals)"
printf '%s\n' "$out" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
a, b = lines
assert a["seq"] == 1 and b["seq"] == 2
assert a["naming"] == "igx" and a["per_queue"] is True
assert abs(a["interval"] - 2.0) < 1e-9
q0 = a["queues"][0]
assert q0["queue"] == 0 and q0["rx_pps"] == 10000.0 and q0["rx_mbps"] == 5.12
assert q0["xdp_drop_pps"] == 2000.0 and q0["xdp_pass_pps"] is None
assert q0["counters"]["rx_packets"] == 21000
assert a["total"]["rx_pps"] == 12000.0 and a["device"]["rx_pps"] == 12000.0
assert b["queues"][1]["reset"] is True and b["queues"][1]["rx_pps"] is None
assert b["total"]["reset"] is True and b["total"]["rx_pps"] is None
keys = {"seq","time","interval","ifname","ifindex","driver","naming",
        "per_queue","relayout","xdp","queues","total","device"}
assert set(a) == keys, set(a) ^ keys
'
ok $? "JSON values and schema keys"

out=$("$XDPSTAT" -r --csv $S/rate-t0.txt $S/rate-t1.txt)
ok $([ "$(printf '%s\n' "$out" | head -1 | cut -d, -f1-7)" = "time,seq,ifname,queue,interval,reset,rx_pps" ]; echo $?) "CSV header"
ok $(printf '%s\n' "$out" | grep -q '^[0-9.]*,1,replay,all,2.000000,0,12000.000,'; echo $?) "CSV total record"

out=$("$XDPSTAT" -r --plain $S/veth-t0.txt $S/veth-t1.txt)
ok $(printf '%s\n' "$out" | grep -q ' q0 rx 1.0k pps .* xdp pass 500 drop 400 tx 100 '; echo $?) "plain line for veth with derived pass"

out=$("$XDPSTAT" -r --table $S/rate-t0.txt $S/rate-t1.txt $S/rate-t2.txt)
ok $(printf '%s\n' "$out" | grep -q 'queue   rx pps'; echo $?) "table view header"
ok $(printf '%s\n' "$out" | grep -q $'\xe2\x96'; echo $?) "table view draws sparklines"

out=$("$XDPSTAT" -r -c 1 --json $S/rate-t0.txt $S/rate-t1.txt $S/rate-t2.txt)
ok $([ "$(printf '%s\n' "$out" | wc -l)" = 1 ]; echo $?) "--count 1 stops after one interval"

"$XDPSTAT" --help | grep -q -- '--interval SEC'
ok $? "--help"
"$XDPSTAT" -i abc lo >/dev/null 2>&1
ok $([ $? = 2 ]; echo $?) "bad interval: exit 2"
"$XDPSTAT" --naming nosuch lo >/dev/null 2>&1
ok $([ $? = 2 ]; echo $?) "unknown naming: exit 2"
"$XDPSTAT" >/dev/null 2>&1
ok $([ $? = 2 ]; echo $?) "no interface: exit 2"
msg=$("$XDPSTAT" xsnosuch0 2>&1)
ok $([ $? = 1 ] && [[ $msg == *"no such interface"* ]]; echo $?) "unknown interface: clear message, exit 1"

# Device totals of a live interface (no root needed); lo has no ethtool -S.
if [ -d /sys/class/net/lo ]; then
	out=$("$XDPSTAT" --json -c 1 -i 0.05 lo)
	ok $(printf '%s\n' "$out" | python3 -c '
import json, sys
o = json.loads(sys.stdin.readline())
assert o["ifname"] == "lo" and o["per_queue"] is False
assert o["device"]["rx_pps"] is not None and o["device"]["rx_pps"] >= 0
' ; echo $?) "live lo: device-totals fallback"
else
	echo "ok $((n += 1)) - # SKIP no lo in this network namespace"
fi

echo "1..$n"
echo "# test_cli: $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
