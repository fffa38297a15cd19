#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The live table on a pseudo-terminal: drawn at once, re-laid out on
SIGWINCH, q and Ctrl-C (SIGINT) quit with the terminal restored. TAP.
No assertion is on timing: waits are bounds after which a case fails."""
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

XDPSTAT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "../xdpstat")
BOUND = 20
CLEAR = b"\x1b[H\x1b[2J"
n = failed = 0


def ok(cond, name, diag=""):
    global n, failed
    n += 1
    print("%sok %d - %s" % ("" if cond else "not ", n, name))
    if not cond:
        failed += 1
        for line in str(diag).splitlines()[-20:]:
            print("#   " + line)
    sys.stdout.flush()


def winsize(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Tty:
    def __init__(self, args, rows, cols):
        self.master, self.slave = os.openpty()
        winsize(self.slave, rows, cols)
        self.attrs = termios.tcgetattr(self.slave)
        env = dict(os.environ, LC_ALL="C.UTF-8")
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        self.p = subprocess.Popen([XDPSTAT] + args, stdin=self.slave, stdout=self.slave,
                                  stderr=self.slave, env=env, start_new_session=True)
        self.out = b""

    def read(self, until, bound=BOUND):
        end = time.time() + bound
        while time.time() < end:
            if until(self.out):
                return True
            r, _, _ = select.select([self.master], [], [], 0.1)
            if r:
                try:
                    self.out += os.read(self.master, 65536)
                except OSError:
                    break
        return until(self.out)

    def frames(self):
        return [f for f in self.out.split(CLEAR)[1:]]

    def wait(self):
        try:
            return self.p.wait(BOUND)
        except subprocess.TimeoutExpired:
            self.p.kill()
            return None

    def close(self):
        os.close(self.master)
        os.close(self.slave)


def lines_of(frame):
    text = re.sub(rb"\x1b\[[0-9;?]*[a-zA-Z]", b"", frame).decode("utf-8", "replace")
    return text.replace("\r", "").split("\n")


def clock(frame):
    m = re.search(rb"xdpstat (\d\d:\d\d:\d\d) ", frame)
    return m and m.group(1)


t = Tty(["-i", "30", "lo"], 30, 100)
ok(t.read(lambda o: o.count(CLEAR) >= 1 and b"rx/s" in o),
   "the table is drawn at once, before the first interval ends", t.out[-300:])
first = t.frames()[-1] if t.frames() else b""
ok(all(len(l) <= 100 for l in lines_of(first)), "first frame fits 100 columns")

winsize(t.slave, 10, 50)
t.p.send_signal(signal.SIGWINCH)
ok(t.read(lambda o: o.count(CLEAR) >= 2 and o.endswith(b"terminal)") or
          o.count(CLEAR) >= 2 and b"\n" in o.split(CLEAR)[-1][-5:]),
   "SIGWINCH redraws", t.out[-300:])
fr = t.frames()[-1] if len(t.frames()) >= 2 else b""
ls = lines_of(fr)
ok(fr and max(len(l) for l in ls) <= 50 and len([l for l in ls if l]) <= 10,
   "the redraw fits the new 50x10 terminal", "\n".join(ls))
ok(fr and clock(fr) == clock(first), "the redraw shows the same sample, not a new one",
   (clock(first), clock(fr)))

os.write(t.master, b"q")
rc = t.wait()
t.read(lambda o: o.endswith(b"\x1b[?25h\x1b[?1049l"), 5)
ok(rc == 0, "q quits, exit 0", rc)
ok(t.out.endswith(b"\x1b[?25h\x1b[?1049l"), "the shell's screen and cursor come back", t.out[-40:])
ok(termios.tcgetattr(t.slave) == t.attrs, "the terminal's modes are restored (echo, canonical)")
t.close()

t = Tty(["-i", "30", "lo"], 24, 80)
t.read(lambda o: CLEAR in o)
t.p.send_signal(signal.SIGINT)
rc = t.wait()
ok(rc == 0 and termios.tcgetattr(t.slave) == t.attrs, "Ctrl-C (SIGINT) quits, exit 0, terminal restored", rc)
t.close()

print("1..%d" % n)
print("# test_tty: %d passed, %d failed" % (n - failed, failed))
sys.exit(1 if failed else 0)
