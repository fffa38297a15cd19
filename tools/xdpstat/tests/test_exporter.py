#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The exporter (--listen, --textfile) on recorded snapshots and on lo:
metrics and their labels, content negotiation, and the behaviour a server
operator expects from malformed, idle, slow and too many clients and from a
port already in use. TAP output. Run from tests/: test_exporter.py XDPSTAT.

No assertion is on timing: waits are bounds after which a case fails."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

XDPSTAT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "../xdpstat")
SNAP = os.path.abspath("snapshots")
PROM_ACCEPT = ("application/openmetrics-text;version=1.0.0,"
               "application/openmetrics-text;version=0.0.1;q=0.75,"
               "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
BOUND = 20  # seconds before a wait counts as a failure

n = 0
failed = 0


def ok(cond, name, diag=""):
    global n, failed
    n += 1
    if cond:
        print("ok %d - %s" % (n, name))
    else:
        failed += 1
        print("not ok %d - %s" % (n, name))
        for line in str(diag).splitlines()[-20:]:
            print("#   " + line)
    sys.stdout.flush()


def skip(name, why):
    global n
    n += 1
    print("ok %d - %s # SKIP %s" % (n, name, why))


class Exporter:
    """xdpstat with --listen 127.0.0.1:0; port read from its stderr."""

    def __init__(self, args, listen=True):
        self.tmp = tempfile.mkdtemp(prefix="xs-exp.")
        self.err = open(os.path.join(self.tmp, "err"), "w+")
        cmd = [XDPSTAT] + (["--listen", "127.0.0.1:0"] if listen else []) + args
        self.p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.err)
        self.port = None
        if listen:
            end = time.time() + BOUND
            while time.time() < end and self.p.poll() is None:
                m = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.stderr())
                if m:
                    self.port = int(m.group(1))
                    break
                time.sleep(0.05)

    def stderr(self):
        self.err.seek(0)
        return self.err.read()

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            rc = self.p.wait(BOUND)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return rc

    def connect(self, rcvbuf=None):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.settimeout(BOUND)
        s.connect(("127.0.0.1", self.port))
        return s

    def raw(self, data):
        """Sends data, returns everything until the server closes."""
        s = self.connect()
        s.sendall(data)
        return read_all(s)

    def get(self, path="/metrics", accept=None, method="GET"):
        hdr = "%s %s HTTP/1.1\r\nHost: x\r\n" % (method, path)
        if accept:
            hdr += "Accept: %s\r\n" % accept
        return parse(self.raw((hdr + "\r\n").encode()))


def read_all(s):
    """Everything until the server closes; None if it never does."""
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except ConnectionResetError:
        pass
    except socket.timeout:
        out = None
    s.close()
    return out


def parse(resp):
    if resp is None:
        return 0, {}, ""
    head, _, body = resp.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.1 (\d+) ", lines[0]) if lines else None
    headers = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        headers[k.strip().lower()] = v.strip()
    return (int(m.group(1)) if m else 0), headers, body.decode()


def samples(body):
    """{(name, frozenset(labels)): value} of an exposition."""
    out = {}
    for l in body.splitlines():
        if not l or l.startswith("#"):
            continue
        m = re.match(r'([a-z_]+)(?:\{(.*)\})? (\S+)$', l)
        if not m:
            raise ValueError("bad sample line: %r" % l)
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def val(smp, name, **labels):
    return smp.get((name, frozenset(labels.items())))


def wait_for(cond, bound=BOUND):
    end = time.time() + bound
    while time.time() < end:
        r = cond()
        if r:
            return r
        time.sleep(0.05)
    return None


def promtool_check(body):
    if not shutil.which("promtool"):
        return None
    r = subprocess.run(["promtool", "check", "metrics"], input=body,
                       capture_output=True, text=True)
    # promtool lints help/units too; only its errors matter here
    return r.returncode == 0 or "error" not in (r.stdout + r.stderr).lower(), r.stdout + r.stderr


def big_snapshots(d, files, queues):
    """files snapshots of an igx with queues queues, one second apart."""
    paths = []
    for i in range(files):
        p = os.path.join(d, "big%03d.txt" % i)
        with open(p, "w") as f:
            f.write("# driver: igx\n# time: %d\n" % i)
            for q in range(queues):
                for c in ("packets", "bytes", "xdp_drop", "xdp_pass", "csum_err"):
                    f.write("rx%d_%s: %d\n" % (q, c, 1000 * i + q))
                for c in ("packets", "bytes", "timeouts"):
                    f.write("tx%d_%s: %d\n" % (q, c, 100 * i + q))
        paths.append(p)
    return paths


def dash_check(fams):
    """The Grafana dashboard: JSON, every metric it queries exported, every
    query valid PromQL once Grafana's variables are filled in."""
    import json
    with open("../grafana-dashboard.json") as f:
        dash = json.load(f)
    exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
    used = set(re.findall(r"\bxdpstat_[a-z_]+", " ".join(exprs)))
    ok(exprs and used <= set(fams), "Grafana dashboard: queries only metrics the exporter has",
       used - set(fams))
    if not shutil.which("promtool"):
        skip("Grafana dashboard: every query is valid PromQL", "no promtool")
        return
    d = tempfile.mkdtemp(prefix="xs-dash.")
    rules = os.path.join(d, "rules.yml")
    with open(rules, "w") as f:
        f.write("groups:\n- name: dash\n  rules:\n")
        for i, e in enumerate(exprs):
            e = e.replace("$__rate_interval", "1m").replace("$instance", ".*").replace("$ifname", ".*")
            f.write("  - record: dash:%d\n    expr: %s\n" % (i, json.dumps(e)))
    r = subprocess.run(["promtool", "check", "rules", rules], capture_output=True, text=True)
    shutil.rmtree(d, ignore_errors=True)
    ok(r.returncode == 0, "Grafana dashboard: every query is valid PromQL (promtool check rules)",
       r.stdout + r.stderr)


# --- metrics on the igx snapshots ------------------------------------------
igx = [os.path.join(SNAP, f) for f in ("rate-t0.txt", "rate-t1.txt", "rate-t2.txt")]
with open(igx[-1]) as f:
    RX0 = int(re.search(r"^rx0_packets (\d+)$", f.read(), re.M).group(1))
x = Exporter(["--replay", "-i", "0.05"] + igx)
ok(x.port, "--listen 127.0.0.1:0 says the port it bound", x.stderr())
if x.port:
    # the replay ends on rate-t2: its counters are what is served from then on
    def last():
        code, h, body = x.get()
        return (code, h, body) if 'queue="1"' in body and \
            val(samples(body), "xdpstat_packets_total", ifname="replay",
                queue="0", direction="rx") == RX0 else None
    got = wait_for(last)
    code, h, body = got or x.get()
    ok(code == 200 and h.get("content-type") == "text/plain; version=0.0.4; charset=utf-8",
       "GET /metrics: 200, text format 0.0.4", (code, h))
    smp = samples(body)
    ok(got is not None and val(smp, "xdpstat_packets_total", ifname="replay", queue="0",
                               direction="rx") == RX0,
       "packets counter is the driver's rx0_packets of the last snapshot", body[:2000])
    ok(val(smp, "xdpstat_xdp_actions_total", ifname="replay", queue="0",
           direction="rx", action="drop") is not None and
       not any(k[0] == "xdpstat_xdp_actions_total" and ("action", "bogus") in k[1] for k in smp),
       "XDP verdicts carry an action label", body[:2000])
    ok(val(smp, "xdpstat_interface_info", ifname="replay", driver="igx",
           naming="igx", source="replay") == 1,
       "info metric names driver, naming and source")
    types = re.findall(r"^# TYPE (\S+) (\S+)$", body, re.M)
    ok(all(t == "counter" for name, t in types if name.endswith("_total")) and
       all(name.endswith("_total") for name, t in types if t == "counter"),
       "every counter is *_total and typed counter", types)
    fams = [l.split()[2] for l in body.splitlines() if l.startswith("# TYPE")]
    names = []
    for l in body.splitlines():
        if l and not l.startswith("#"):
            nm = re.match(r"[a-z_]+", l).group(0)
            if not names or names[-1] != nm:
                names.append(nm)
    ok(len(names) == len(set(names)) and set(names) <= set(fams),
       "samples of a family are contiguous and follow its TYPE", names)
    pc = promtool_check(body)
    if pc is None:
        skip("promtool check metrics accepts the exposition", "no promtool (Debian package prometheus)")
    else:
        ok(pc[0], "promtool check metrics accepts the exposition", pc[1])

    dash_check(fams)

    code, h, om = x.get(accept=PROM_ACCEPT)
    ok(code == 200 and h.get("content-type", "").startswith("application/openmetrics-text; version=1.0.0")
       and om.endswith("# EOF\n"),
       "Prometheus' Accept header gets OpenMetrics 1.0.0 ending in # EOF", (h, om[-80:]))
    ok("# TYPE xdpstat_packets counter" in om and "# TYPE xdpstat_interface info" in om and
       samples(om.replace("# EOF\n", "")) == smp,
       "OpenMetrics: families named without _total, info typed info, same samples", om[:600])
    code, h, _ = x.get(accept="application/openmetrics-text;q=0,text/plain")
    ok(h.get("content-type", "").startswith("text/plain"), "openmetrics with q=0: text format", h)
    code, h, _ = x.get(accept="text/html")
    ok(code == 200 and h.get("content-type", "").startswith("text/plain"),
       "an Accept we cannot meet gets the text format (what scrapers expect)", h)

    code, h, b = x.get(method="HEAD")
    ok(code == 200 and b == "" and int(h.get("content-length", -1)) == len(body.encode()),
       "HEAD: headers of the GET, no body", (code, h, len(b)))
    code, h, b = x.get("/metrics?x=1")
    ok(code == 200, "a query string is ignored", code)
    code, h, b = x.get("/nosuch")
    ok(code == 404, "unknown path: 404", code)
    code, h, b = x.get(method="POST")
    ok(code == 405 and h.get("allow") == "GET, HEAD", "POST: 405 with Allow: GET, HEAD", (code, h))
    code, h, b = parse(x.raw(b"garbage\r\n\r\n"))
    ok(code == 400, "malformed request line: 400", code)
    code, h, b = parse(x.raw(b"GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n"))
    ok(code == 400, "header line without a colon: 400", code)
    code, h, b = parse(x.raw(b"GET /metrics HTTP/2.0\r\n\r\n"))
    ok(code == 505, "HTTP/2.0 request line: 505", code)
    code, h, b = parse(x.raw(b"GET /metrics HTTP/1.1\r\nX-Pad: " + b"a" * 9000 + b"\r\n\r\n"))
    ok(code == 431, "request head over 8 KiB: 431, not buffered without bound", code)
    code, h, b = parse(x.raw(b"GET /metrics HTTP/1.1\r\nX: \x00\r\n\r\n"))
    ok(code == 400, "NUL in the request: 400", code)
    code, h, b = x.get("/")
    ok(code == 200 and "/metrics" in b, "/ points at /metrics", b)
    ok(x.p.poll() is None, "still serving after the malformed requests")
rc = x.stop()
ok(rc == 0, "SIGTERM: exit 0", rc)

# --- idle, slow and stuck clients ------------------------------------------
x = Exporter(["--plain", "-i", "0.2", "--http-timeout", "1", "--max-clients", "3", "lo"])
if x.port:
    idle = x.connect()
    code, h, b = x.get()
    ok(code == 200, "a request is answered while an idle connection is open", code)
    ok(read_all(idle) == b"", "idle connection closed by the server at --http-timeout")

    slow = x.connect()
    got = b""
    try:
        # a slowloris: a byte at a time, never finishing the request head
        for i in range(4 * BOUND):
            slow.send(b"X")
            time.sleep(0.1)
            slow.setblocking(False)
            try:
                got = slow.recv(100)
                if got == b"":
                    break
            except BlockingIOError:
                pass
            finally:
                slow.setblocking(True)
        closed = got == b""
    except (BrokenPipeError, ConnectionResetError):
        closed = True
    slow.close()
    ok(closed, "a request head trickling in forever is cut off at the deadline")

    lines_before = 0
    stuck = [x.connect(rcvbuf=2048) for _ in range(2)]
    for s in stuck:
        s.sendall(b"GET /metrics HTTP/1.1\r\n\r\n")  # and never read
    t0 = samples(x.get()[2]).get(("xdpstat_last_sample_timestamp_seconds", frozenset()))
    t1 = wait_for(lambda: (samples(x.get()[2]).get(("xdpstat_last_sample_timestamp_seconds", frozenset()))
                           or 0) > (t0 or 0))
    ok(t0 and t1, "clients that do not read: others are served and sampling goes on", (t0, t1))
    ok(all(read_all(s) is not None for s in stuck) and x.p.poll() is None,
       "clients that do not read are closed at the deadline, the server lives on")
else:
    for _ in range(5):
        ok(False, "exporter on lo did not start", x.stderr())
rc = x.stop()
ok(rc == 0, "exporter on lo: exit 0 on SIGTERM", x.stderr())

# a body far larger than the socket buffers of a client that does not read
bigdir = tempfile.mkdtemp(prefix="xs-big.")
big = big_snapshots(bigdir, 200, 200)
x = Exporter(["--replay", "-i", "0.1", "--http-timeout", "2", "--max-clients", "4"] + big)
if x.port:
    code, h, body = x.get()
    size = len(body)
    stuck = x.connect(rcvbuf=1024)
    stuck.sendall(b"GET /metrics HTTP/1.1\r\n\r\n")
    ts = set()
    for _ in range(3):
        code, h, b = x.get()
        ts.add(val(samples(b), "xdpstat_last_sample_timestamp_seconds"))
        time.sleep(0.3)
    ok(size > 100000 and code == 200 and len(ts) > 1,
       "a %d-byte body stuck in a client that does not read holds up neither other clients nor sampling" % size,
       (size, code, ts))
    got = read_all(stuck)
    ok(x.p.poll() is None and got is not None and got.startswith(b"HTTP/1.1 200"),
       "the stuck client's connection ends (complete or cut at the deadline)", got and len(got))
else:
    ok(False, "exporter on big snapshots did not start", x.stderr())
    ok(False, "exporter on big snapshots did not start")
x.stop()

# --- many clients ----------------------------------------------------------
x = Exporter(["--replay", "-i", "0.1", "--max-clients", "4"] + big[:50])
if x.port:
    held = [x.connect() for _ in range(4)]
    time.sleep(0.3)  # let the server accept them (not asserted)
    code, h, b = x.get()
    ok(code == 503 and h.get("retry-after") == "1",
       "past --max-clients: 503 with Retry-After, at once", (code, h))
    for s in held:
        s.close()
    code = wait_for(lambda: x.get()[0] == 200)
    ok(code, "closed connections free their slots")
else:
    ok(False, "exporter did not start", x.stderr())
    ok(False, "exporter did not start")
x.stop()

x = Exporter(["--replay", "-i", "0.1", "--max-clients", "64"] + big[:50])
if x.port:
    socks = [x.connect() for _ in range(50)]
    for s in socks:
        s.sendall(b"GET /metrics HTTP/1.0\r\n\r\n")
    codes = [parse(read_all(s))[0] for s in socks]
    ok(codes.count(200) == 50, "50 clients at once: all answered 200", codes)
else:
    ok(False, "exporter did not start", x.stderr())
x.stop()

# --- port in use -----------------------------------------------------------
holder = socket.socket()
holder.bind(("127.0.0.1", 0))
holder.listen(1)
port = holder.getsockname()[1]
r = subprocess.run([XDPSTAT, "--listen", "127.0.0.1:%d" % port, "lo"],
                   capture_output=True, text=True, timeout=BOUND)
ok(r.returncode == 1 and "Address already in use" in r.stderr and r.stdout == "",
   "port in use: exit 1, says so, prints nothing else", (r.returncode, r.stderr))
holder.close()
r = subprocess.run([XDPSTAT, "--listen", "nosuchhost.invalid:9100", "lo"],
                   capture_output=True, text=True, timeout=BOUND)
ok(r.returncode == 1 and "cannot listen" in r.stderr, "unresolvable address: exit 1, clear message",
   (r.returncode, r.stderr))
r = subprocess.run([XDPSTAT, "--listen", "127.0.0.1:99999", "lo"],
                   capture_output=True, text=True, timeout=BOUND)
ok(r.returncode == 2 and "bad listen address" in r.stderr, "port out of range: usage error",
   (r.returncode, r.stderr))

# no address: every address, IPv4 and IPv6 (where the host has IPv6)
x = Exporter(["--listen", "0", "lo"], listen=False)
m = wait_for(lambda: re.search(r"listening on (\S+):(\d+)", x.stderr()))
if m:
    x.port = int(m.group(2))
    code = x.get()[0]
    ok(code == 200, "--listen PORT: every address, 127.0.0.1 answered (bound %s)" % m.group(1), code)
else:
    ok(False, "--listen PORT did not start", x.stderr())
x.stop()

# --- textfile --------------------------------------------------------------
d = tempfile.mkdtemp(prefix="xs-tf.")
path = os.path.join(d, "xdpstat.prom")
x = Exporter(["--replay", "-i", "0.02", "--textfile", path] + big[:100], listen=False)
torn = reads = 0
seen = set()
last = 'xdpstat_packets_total{ifname="replay",queue="5",direction="tx"} 9905\n'
end = time.time() + BOUND
while time.time() < end:
    try:
        with open(path) as f:
            t = f.read()
    except FileNotFoundError:
        continue
    reads += 1
    seen.add(t)
    if not t.endswith("# TYPE xdpstat_device_drops_total counter\n"):
        torn += 1
    if last in t:
        break
ok(len(seen) > 10 and torn == 0,
   "textfile rewritten every interval: %d versions in %d reads, none torn" % (len(seen), reads), torn)
x.stop()
left = [f for f in os.listdir(d) if f != "xdpstat.prom"]
ok(left == [], "no temporary files left next to the textfile", left)
with open(path) as f:
    smp = samples(f.read())
ok(val(smp, "xdpstat_packets_total", ifname="replay", queue="5", direction="tx") == 100 * 99 + 5,
   "textfile holds the last sample's counters")
shutil.rmtree(d, ignore_errors=True)
r = subprocess.run([XDPSTAT, "--textfile", "/nonexistent-dir/x.prom", "lo"],
                   capture_output=True, text=True, timeout=BOUND)
ok(r.returncode == 1 and "cannot write /nonexistent-dir/x.prom" in r.stderr,
   "textfile in a missing directory: exit 1 at start, clear message", (r.returncode, r.stderr))

shutil.rmtree(bigdir, ignore_errors=True)
print("1..%d" % n)
print("# test_exporter: %d passed, %d failed" % (n - failed, failed))
sys.exit(1 if failed else 0)
