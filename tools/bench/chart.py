#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The bench as a picture: results.json (report.py) -> bench.svg (gnuplot).

  chart.py DIR        reads DIR/results.json, writes DIR/bench.svg

Three panels, one pair of bars (igx, igb) per case and frame size, all from
the icount boots: packets per second on the guest clock, receive-side
instructions per packet, interrupts per 1000 received packets. A case one
driver did not measure has no bar; rows with loss above 1% are marked '*'
in their label, as in the table.
"""

import json
import os
import shutil
import subprocess
import sys

SHORT = {"sender": "sender", "stack": "stack", "drop": "DROP", "pass": "PASS",
         "tx": "TX", "redirect": "REDIR", "xsk_rxdrop": "xsk rx",
         "xsk_txonly": "xsk tx", "xsk_l2fwd": "xsk fwd"}
LOSS_MAX = 0.01


def val(r, key, scale=1.0):
    if not r or r.get("status") != "ok" or r.get(key) is None:
        return "NaN"
    return f"{r[key] * scale:.1f}"


def main():
    outdir = sys.argv[1]
    with open(os.path.join(outdir, "results.json")) as f:
        rows = json.load(f)["rows"]
    dat = os.path.join(outdir, "bench.dat")
    with open(dat, "w") as f:
        f.write("# label igx_kpps igb_kpps igx_ins igb_ins igx_irq igb_irq\n")
        for r in rows:
            ix, ib = r.get("icount_igx"), r.get("icount_igb")
            lossy = any(x and x.get("status") == "ok" and
                        x.get("loss", 0) > LOSS_MAX for x in (ix, ib))
            label = f"{SHORT.get(r['case'], r['case'])} {r['size']}"
            label += "*" if lossy else ""
            ins = "NaN" if r["case"] == "sender" else None
            f.write('"%s" %s %s %s %s %s %s\n' % (
                label, val(ix, "pps", 1e-3), val(ib, "pps", 1e-3),
                ins or val(ix, "instr_per_pkt"), ins or val(ib, "instr_per_pkt"),
                val(ix, "irqs_per_kpkt"), val(ib, "irqs_per_kpkt")))
    svg = os.path.join(outdir, "bench.svg")
    n = len(rows)
    with open(dat) as f:
        cols = [line.rsplit('"', 1)[1].split() for line in f
                if line.startswith('"')]
    # a panel without one value (e.g. instructions without the sender
    # case) still gets its axes: gnuplot cannot autoscale nothing
    empty = [all(c[i] == "NaN" for c in cols) for i in range(6)]

    def yrange(i, lo):
        return "[0:1]" if empty[i] and empty[i + 1] else f"[{lo}:*]"
    gp = f"""
set terminal svg size {max(900, 60 * n)},1000 dynamic font "sans,11"
set output "{svg}"
set datafile missing "NaN"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set key top right
set grid ytics
set xtics rotate by -40 left font ",10"
set bmargin 5
set xrange [-0.5:{n - 0.5}]
set yrange {yrange(0, 0)}
set multiplot layout 3,1 title "make bench: igx against the in-tree igb (icount: guest instructions)"
set title "packets per second, thousands (higher is better)"
plot "{dat}" using 2:xtic(1) title "igx" lc rgb "#1f77b4", \\
     "" using 3 title "igb" lc rgb "#ff7f0e"
set title "receive-side instructions per packet (lower is better; near 0: below what the method resolves)"
set yrange {yrange(2, "*")}
plot "{dat}" using 4:xtic(1) title "igx" lc rgb "#1f77b4", \\
     "" using 5 title "igb" lc rgb "#ff7f0e"
set title "interrupts per 1000 received packets (port A)"
set yrange {yrange(4, 0)}
plot "{dat}" using 6:xtic(1) title "igx" lc rgb "#1f77b4", \\
     "" using 7 title "igb" lc rgb "#ff7f0e"
unset multiplot
"""
    if not shutil.which("gnuplot"):
        print("chart: no gnuplot (tools/deps.sh installs gnuplot-nox); "
              "no bench.svg", file=sys.stderr)
        return 0
    subprocess.run(["gnuplot"], input=gp, text=True, check=True)
    print(f"written: {svg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
