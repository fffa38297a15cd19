#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# netdev netlink: every NAPI instance of port A names its interrupt, and it is
# the vector /proc/interrupts shows for that queue ("<port>-TxRx-<queue>"),
# also after the channel count changes.
. "$(dirname "$0")/lib.sh"

UP=${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}
A=$IGX_A

# "QUEUE NAPI_ID IRQ" per RX queue of port A (IRQ "-" when napi-get has none)
queue_irqs() {
	python3 - "$UP/ksft" "$(cat "/sys/class/net/$A/ifindex")" <<'PY'
import sys
sys.path.append(sys.argv[1] + "/tools/net")
from ynl.lib import YnlFamily
nf = YnlFamily(sys.argv[1] + "/Documentation/netlink/specs/netdev.yaml", schema="")
idx = int(sys.argv[2])
napis = {n["id"]: n for n in nf.napi_get({"ifindex": idx}, dump=True)}
for q in nf.queue_get({"ifindex": idx}, dump=True):
    if q["type"] != "rx":
        continue
    n = napis.get(q.get("napi-id"), {})
    print(q["id"], q.get("napi-id", "-"), n.get("irq", "-"))
PY
}

# every RX queue's NAPI has an IRQ, and /proc/interrupts names that IRQ
# after the queue
irqs_match() {
	local out q id irq line bad=0 n=0

	out=$(queue_irqs) || { echo "$out"; return 1; }
	echo "queue napi-id irq:"
	echo "$out"
	while read -r q id irq; do
		n=$((n + 1))
		if [ "$irq" = - ]; then
			echo "queue $q: NAPI $id has no irq"
			bad=1
			continue
		fi
		line=$(grep -E "^ *$irq:" /proc/interrupts)
		echo "irq $irq: ${line##* }"
		[ "${line##* }" = "$A-TxRx-$q" ] || { echo "queue $q: irq $irq is not $A-TxRx-$q"; bad=1; }
	done <<<"$out"
	[ "$n" -eq "$1" ] || { echo "$n RX queues with a NAPI, expected $1"; bad=1; }
	return $bad
}

test_default() {
	irqs_match "$(channels "$IGX_A")"
}

test_fewer() {
	ethtool -L "$A" combined 1 && wait_link "$A" || return 1
	irqs_match 1
}

test_restored() {
	ethtool -L "$A" combined "$max" && wait_link "$A" || return 1
	irqs_match "$max"
}

ktap_plan 3
ip link set "$A" up && wait_link "$A"
max=$(channels "$IGX_A")
ktap_run "napi-get irq of every queue is its vector in /proc/interrupts" test_default
ktap_run "NAPI irqs follow ethtool -L combined 1" test_fewer
ktap_run "NAPI irqs follow ethtool -L back to $max" test_restored
ktap_finished
