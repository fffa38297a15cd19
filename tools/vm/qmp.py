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


def commands(path, cmds, timeout=None):
    """The replies to CMDS (parsed JSON objects), sent over one session."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(path)
    f = sock.makefile("rw")

    def reply():
        while True:
            line = f.readline()
            if not line:
                raise OSError("connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def send(cmd):
        f.write(json.dumps(cmd) + "\n")
        f.flush()
        return reply()

    reply()  # greeting
    send({"execute": "qmp_capabilities"})
    return [send(c) for c in cmds]


def main():
    try:
        replies = commands(sys.argv[1], [json.loads(c) for c in sys.argv[2:]])
    except (OSError, ValueError) as e:
        raise SystemExit("qmp: %s" % e)
    for r in replies:
        print(json.dumps(r))
    return 1 if any("error" in r for r in replies) else 0


if __name__ == "__main__":
    sys.exit(main())
