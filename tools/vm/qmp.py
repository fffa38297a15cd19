#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send QMP commands to a QEMU monitor socket and print each reply.

    qmp.py SOCK JSON [JSON...]

Events QEMU sends in between are skipped. Exit status 1 when a command
returned an error.
"""
import json
import socket
import sys


def main():
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(sys.argv[1])
    f = sock.makefile("rw")

    def reply():
        while True:
            line = f.readline()
            if not line:
                raise SystemExit("qmp: connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def send(cmd):
        f.write(cmd + "\n")
        f.flush()
        return reply()

    reply()  # greeting
    send('{"execute": "qmp_capabilities"}')
    rc = 0
    for cmd in sys.argv[2:]:
        r = send(cmd)
        print(json.dumps(r))
        if "error" in r:
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
