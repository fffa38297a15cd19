#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Calls between igx's object files must not go round in a circle.

Reads the symbol tables of the module's objects (nm: what each file
defines, what it uses), draws an edge A -> B for every function of B that A
uses, and fails with the names that close each circle. Static inlines in
headers are not calls between files. Run by `make layering` (and so by
`make check`).
"""
import os
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(["nm", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBR":
            defined.add(parts[2])
    return defined, used


def main():
    args = sys.argv[1:]
    # --known A,B,C: a circle among exactly these files is reported, not
    # failed (one left in the control plane, see the Makefile)
    known = []
    while args and args[0] == "--known":
        known.append(set(args[1].split(",")))
        args = args[2:]
    driver = args[0] if args else "driver"
    # the module's objects as Kbuild lists them: a stale one left from an
    # older tree must not count
    kbuild = open(os.path.join(driver, "Kbuild")).read()
    listed = kbuild.split("igx-y :=", 1)[1].split("\n\n", 1)[0]
    objs = [os.path.join(driver, w) for w in listed.replace("\\", " ").split()
            if w.endswith(".o")]
    missing = [o for o in objs if not os.path.exists(o)]
    if missing:
        sys.exit("not built: " + " ".join(missing) + " (make driver first)")
    owner, uses = {}, {}
    for o in objs:
        name = os.path.basename(o)[:-2]
        d, u = symbols(o)
        for s in d:
            owner[s] = name
        uses[name] = u
    edges = {n: {} for n in uses}
    for n, u in uses.items():
        for s in u:
            m = owner.get(s)
            if m and m != n:
                edges[n].setdefault(m, set()).add(s)

    # strongly connected components (Tarjan): any with two or more files is
    # a circle
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            sccs.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    circles = [sorted(c) for c in sccs if len(c) > 1]
    bad = [c for c in circles if set(c) not in known]
    for comp in circles:
        print(("known " if comp not in bad else "") +
              "circle between " + ", ".join(comp) + ":")
        for a in comp:
            for b in comp:
                if b in edges[a]:
                    print(f"  {a} -> {b}: " + " ".join(sorted(edges[a][b])))
    if bad:
        sys.exit(1)
    print(f"{len(objs)} objects, no circular calls" +
          (" but the known ones" if circles else ""))


if __name__ == "__main__":
    main()
