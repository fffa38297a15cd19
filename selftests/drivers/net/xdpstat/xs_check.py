#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks xdpstat --json output against counters read independently.

  xs_check.py JSONL ROW RATEKEY COUNTERKEY BEFORE AFTER [--min N]

ROW is "queues" or "device". BEFORE/AFTER are `ethtool -S` dumps (ROW
queues; COUNTERKEY is a driver counter name with {q} for the queue number,
e.g. rx{q}_packets) or "name value" dumps of sysfs statistics (ROW device;
COUNTERKEY e.g. rx_packets). The traffic must have run entirely between
xdpstat's first and last sample and between the two dumps. Checks, per queue
(or for the device row) and for the total:
  1. every interval's rate is within 10% of the interval's own counter delta
     divided by its length (from the JSON's cumulative counters);
  2. the integral of the rate over the run is within 10% of the independent
     delta AFTER - BEFORE, which is at least --min.
"""
import json
import re
import sys

RATE_COUNTER = {
    "rx_pps": "rx_packets", "tx_pps": "tx_packets",
    "xdp_drop_pps": "xdp_drop", "xdp_pass_pps": "xdp_pass",
    "xdp_tx_pps": "xdp_tx", "xdp_redirect_pps": "xdp_redirect",
}


def dump(path):
    vals = {}
    for line in open(path):
        m = re.match(r"^\s*(\S+?):?\s+(\d+)\s*$", line)
        if m:
            vals[m.group(1)] = int(m.group(2))
    return vals


def close(a, b):
    return abs(a - b) <= 0.10 * max(abs(b), 1.0)


def main():
    args = sys.argv[1:]
    minimum = 1
    if "--min" in args:
        i = args.index("--min")
        minimum = int(args[i + 1])
        del args[i:i + 2]
    jsonl, row, ratekey, ckey, before, after = args
    lines = [json.loads(l) for l in open(jsonl) if l.strip()]
    if len(lines) < 2:
        sys.exit("xdpstat printed %d intervals, need 2 or more" % len(lines))
    b, a = dump(before), dump(after)
    counter = RATE_COUNTER[ratekey]
    fail = 0

    def rows(obj):
        if row == "device":
            return {"dev": obj["device"]}
        return dict((str(q["queue"]), q) for q in obj["queues"])

    integral, prev = {}, None
    for obj in lines:
        for key, r in rows(obj).items():
            if r.get("reset"):
                print("FAIL: %s: reset flagged during a steady run" % key)
                fail = 1
                continue
            rate = r[ratekey]
            if rate is None:
                print("FAIL: %s: %s is null (driver counter missing?)" % (key, ratekey))
                fail = 1
                continue
            integral[key] = integral.get(key, 0.0) + rate * obj["interval"]
            if prev and key in prev and counter in r["counters"]:
                own = (r["counters"][counter] - prev[key]["counters"][counter]) / obj["interval"]
                if not close(rate, own):
                    print("FAIL: seq %d %s: %s %.1f vs counter delta %.1f/s" %
                          (obj["seq"], key, ratekey, rate, own))
                    fail = 1
        prev = rows(obj)

    total_x, total_c = 0.0, 0
    for key, x in sorted(integral.items()):
        name = ckey.replace("{q}", key)
        if name not in a or name not in b:
            print("FAIL: counter %s not in the ethtool dumps" % name)
            fail = 1
            continue
        delta = a[name] - b[name]
        total_x += x
        total_c += delta
        print("%s %s: xdpstat %.0f, counters %d" % (row, key, x, delta))
        if not close(x, delta):
            print("FAIL: %s: integral of %s %.0f differs from counter delta %d by more than 10%%"
                  % (key, ratekey, x, delta))
            fail = 1
    if row == "queues":
        t = sum(o["total"][ratekey] * o["interval"] for o in lines
                if o["total"][ratekey] is not None)
        print("total: xdpstat %.0f, counters %d" % (t, total_c))
        if not close(t, total_c):
            print("FAIL: total integral %.0f vs counters %d" % (t, total_c))
            fail = 1
    if total_c < minimum:
        print("FAIL: only %d packets counted, expected at least %d" % (total_c, minimum))
        fail = 1
    sys.exit(fail)


main()
