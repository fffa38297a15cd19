#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Find and read the maps of a loaded bpf/ program through bpftool.

    bpf_maps.py id PROG MAP           id of map MAP of the newest program PROG
    bpf_maps.py count PROG MAP KEY    packets summed over CPUs (per-CPU array
                                      of struct xdp_count), "PACKETS BYTES"
    bpf_maps.py set PROG MAP KEYHEX VALHEX   update one element (hex bytes)
    bpf_maps.py count-id MAPID KEY    as count, for a map known by id

Programs are found by name (the kernel keeps 15 characters), maps among
the program's own, so stale maps of earlier loads never answer.
"""
import json
import subprocess
import sys


def bpftool(*args):
    out = subprocess.run(["bpftool", "-j", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def map_id(prog, name):
    # bpftool shows the full name from BTF, older ones the kernel's 15
    progs = [p for p in bpftool("prog", "show")
             if p.get("name") in (prog, prog[:15])]
    if not progs:
        sys.exit("no loaded program named %s" % prog)
    newest = max(progs, key=lambda p: p["id"])
    for mid in newest.get("map_ids", []):
        if bpftool("map", "show", "id", str(mid)).get("name") == name[:15]:
            return mid
    sys.exit("program %s (id %d) has no map %s" % (prog, newest["id"], name))


def hexbytes(s):
    s = s.replace(":", "").replace(" ", "")
    return ["0x" + s[i:i + 2] for i in range(0, len(s), 2)]


def count(mid, key):
    key = int(key).to_bytes(4, "little").hex()
    v = bpftool("map", "lookup", "id", mid, "key", *hexbytes(key))
    vals = v["formatted"]["values"]
    print(sum(c["value"]["packets"] for c in vals),
          sum(c["value"]["bytes"] for c in vals))


def main():
    if sys.argv[1] == "count-id":
        count(sys.argv[2], sys.argv[3])
        return
    cmd, prog, name = sys.argv[1:4]
    mid = str(map_id(prog, name))
    if cmd == "id":
        print(mid)
    elif cmd == "count":
        count(mid, sys.argv[4])
    elif cmd == "set":
        subprocess.run(["bpftool", "map", "update", "id", mid,
                        "key", *hexbytes(sys.argv[4]),
                        "value", *hexbytes(sys.argv[5])], check=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
