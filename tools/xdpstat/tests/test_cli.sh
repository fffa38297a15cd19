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
assert a["source"] == "replay"
keys = {"seq","time","interval","ifname","ifindex","driver","source","naming",
        "per_queue","relayout","xdp","queues","total","device"}
assert set(a) == keys, set(a) ^ keys
'
ok $? "JSON values and schema keys"

out=$("$XDPSTAT" -r --csv $S/rate-t0.txt $S/rate-t1.txt)
ok $([ "$(printf '%s\n' "$out" | head -1 | cut -d, -f1-7)" = "time,seq,ifname,queue,interval,reset,rx_pps" ]; echo $?) "CSV header"
ok $(printf '%s\n' "$out" | grep -q '^[0-9.]*,1,replay,all,2.000000,0,12000.000,'; echo $?) "CSV total record"

out=$("$XDPSTAT" -r --plain $S/veth-t0.txt $S/veth-t1.txt)
ok $(printf '%s\n' "$out" | grep -q ' q0 rx 1.0k pps .* xdp pass 500 drop 400 tx 100 '; echo $?) "plain line for veth with derived pass"

out=$(LC_ALL=C.UTF-8 "$XDPSTAT" -r --table $S/rate-t0.txt $S/rate-t1.txt $S/rate-t2.txt)
ok $(printf '%s\n' "$out" | grep -q '  q  rx/s rx Mb'; echo $?) "table view header"
ok $(printf '%s\n' "$out" | grep -q $'\xe2\x96'; echo $?) "table view draws sparklines (UTF-8 locale)"
out=$(LC_ALL=C "$XDPSTAT" -r --table $S/rate-t0.txt $S/rate-t1.txt $S/rate-t2.txt)
ok $(! printf '%s\n' "$out" | LC_ALL=C grep -q $'[\x80-\xff]' &&
     printf '%s\n' "$out" | grep -Eq '^  0 .*  [_.:=+*#-]{2}$'; echo $?) \
	"table view: ASCII sparklines when the locale is not UTF-8"

# widest line of a --table frame, escapes removed, in characters
widest() {
	sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | LC_ALL=C.UTF-8 awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }'
}
for cols in 80 60; do
	w=$(COLUMNS=$cols LC_ALL=C.UTF-8 "$XDPSTAT" -r --table $S/igx-vm.txt $S/igx-vm.txt $S/igx-vm.txt | widest)
	ok $([ "$w" -le "$cols" ] && [ "$w" -ge $((cols - 12)) ]; echo $?) "table rows cut to $cols columns (widest $w)"
done
out=$(COLUMNS=80 LINES=8 "$XDPSTAT" -r --table $S/igx-vm.txt $S/igx-vm.txt)
last=${out##*$'\e[H\e[2J'}
ok $([ "$(printf '%s' "$last" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | grep -c '')" -le 8 ] &&
     printf '%s' "$out" | grep -q 'more lines (enlarge the terminal)'; echo $?) \
	"table clipped to the terminal's 8 lines, says what it left out"

out=$("$XDPSTAT" -r -p $S/rate-t0.txt $S/rate-t1.txt)
ok $(printf '%s\n' "$out" | python3 -c '
import json, sys
t = sys.stdin.read()
o, end = json.JSONDecoder().raw_decode(t)
assert t.count("\n") > 20 and t.startswith("{\n    \"seq\": 1,")
assert o["queues"][0]["rx_pps"] == 10000.0 and not t[end:].strip()
'; echo $?) "-p: pretty-printed JSON, as bpftool's -p"
ok $([ "$("$XDPSTAT" -r -j -p $S/rate-t0.txt $S/rate-t1.txt | grep -v '"time"')" = "$(printf '%s\n' "$out" | grep -v '"time"')" ]; echo $?) "-j -p is -p"
ok $("$XDPSTAT" -r --plain $S/rate-t0.txt $S/rate-t1.txt | grep -q '^[0-9:]* replay q0 rx 10.0k pps'; echo $?) \
	"--plain: one line per row"

# a reader that goes away: quiet, status 0
if [ -d /sys/class/net/lo ]; then
	"$XDPSTAT" --plain -i 0.01 -c 100000 lo 2>"${TMPDIR:-/tmp}/xs-epipe.$$" | head -n 1 >/dev/null
	rc=${PIPESTATUS[0]}
	ok $([ "$rc" = 0 ] && [ ! -s "${TMPDIR:-/tmp}/xs-epipe.$$" ]; echo $?) "broken pipe: exit 0, nothing on stderr (rc $rc)"
	rm -f "${TMPDIR:-/tmp}/xs-epipe.$$"
else
	echo "ok $((n += 1)) - # SKIP no lo in this network namespace"
fi

"$XDPSTAT" --source nosuch lo >/dev/null 2>&1
ok $([ $? = 2 ]; echo $?) "unknown --source: exit 2"
"$XDPSTAT" -r --source qstats $S/rate-t0.txt >/dev/null 2>&1
ok $([ $? = 2 ]; echo $?) "--source with --replay: exit 2"
"$XDPSTAT" --listen nope:x lo >/dev/null 2>&1
ok $([ $? = 2 ]; echo $?) "bad --listen: exit 2"

# bash completion
comp() { # WORDS...: the completions of the last word
	bash -c '. ../xdpstat.bash-completion; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _xdpstat; echo "${COMPREPLY[*]}"' _ "$@"
}
ok $([ "$(comp xdpstat --so)" = "--source" ] &&
     [ "$(comp xdpstat --source q)" = "qstats" ] &&
     [ "$(comp xdpstat --naming v)" = "virtio_net veth" ]; echo $?) "bash completion of options and their values"
ok $(comp xdpstat l | grep -qw lo; echo $?) "bash completion of interfaces"

# make install honours PREFIX and DESTDIR
d=$(mktemp -d)
make -s -C .. install DESTDIR="$d" PREFIX=/usr >/dev/null
ok $([ -x "$d/usr/sbin/xdpstat" ] && [ -f "$d/usr/share/man/man8/xdpstat.8" ] &&
     [ -f "$d/usr/share/bash-completion/completions/xdpstat" ] &&
     [ "$(find "$d" -type f | wc -l)" = 3 ]; echo $?) "make install DESTDIR= PREFIX=: the binary, man page and completion, nothing else"
rm -rf "$d"

# the man page renders without a warning
if command -v groff >/dev/null; then
	w=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z ../xdpstat.8 2>&1)
	ok $([ -z "$w" ]; echo $?) "man page: groff -ww quiet"
	[ -z "$w" ] || echo "$w" | sed 's/^/#   /'
else
	echo "ok $((n += 1)) - man page: groff -ww quiet # SKIP no groff"
fi

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
