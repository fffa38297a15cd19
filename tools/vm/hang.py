#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a guest that stopped making progress was doing (host side).

    hang.py QMP_SOCK [SYSTEM_MAP GUEST_TEXT_FILE]

Prints QEMU's run state, each vCPU's RIP, named from SYSTEM_MAP when it
is a real one and the guest's _text address is known (GUEST_TEXT_FILE,
written by the guest's init: the kernel is KASLR-relocated), else as an
offset from _text, and each vCPU's local APIC, both read with the vCPUs
paused (QMP stop, then cont); asks the guest for its timer
list (SysRq-Q); then injects an NMI. The guest boots with
unknown_nmi_panic and panic_print=1, so a guest that still takes interrupts
answers with its own backtrace and every task's stack on the console. A
QEMU that does not answer QMP within 10 s is itself stuck: said so, and
nothing else is tried.
"""
import bisect
import re
import sys
import time

from qmp import commands


def symbols(system_map, text_file):
    """A lookup from a guest kernel address to what names it: symbol+offset
    from SYSTEM_MAP when it is a real one (Debian ships a stub: the real
    one is in linux-image-*-dbg), else the offset from _text."""
    try:
        with open(text_file) as f:
            guest_text = int(f.read().split()[0], 16)
    except (OSError, ValueError, IndexError):
        return None
    addrs, names, map_text = [], [], None
    try:
        with open(system_map) as f:
            for line in f:
                a, t, n = (line.split() + ["", "", ""])[:3]
                if n == "_text":
                    map_text = int(a, 16)
                if t in ("T", "t", "W", "w"):
                    addrs.append(int(a, 16))
                    names.append(n)
    except (OSError, ValueError):
        pass
    if map_text is None:
        return lambda addr: "_text+0x%x" % (addr - guest_text)
    order = sorted(range(len(addrs)), key=addrs.__getitem__)
    addrs = [addrs[i] for i in order]
    names = [names[i] for i in order]
    shift = guest_text - map_text

    def lookup(addr):
        i = bisect.bisect_right(addrs, addr - shift) - 1
        if i < 0 or addr - shift - addrs[i] > 0x100000:
            return "_text+0x%x" % (addr - guest_text)
        return "%s+0x%x" % (names[i], addr - shift - addrs[i])
    return lookup


def lapics(sock):
    """Each vCPU's local APIC: a halted vCPU whose timer never fires again
    (the boot stall of issue 18) is either not armed (TMICT/current count
    0, the guest programmed nothing) or armed with the timer vector pending
    in IRR or stuck in ISR (the emulation lost it); the two look the same
    from inside the guest. The APIC ID is the vCPU index here (-smp N)."""
    try:
        cpus = commands(sock, [{"execute": "query-cpus-fast"}], 10)[0]
        n = len(cpus.get("return", []))
        replies = commands(sock, [
            {"execute": "human-monitor-command",
             "arguments": {"command-line": "info lapic %d" % i}}
            for i in range(n)], 10)
    except (OSError, ValueError) as e:
        print("hang: info lapic failed: %s" % e)
        return
    for i, r in enumerate(replies):
        for line in r.get("return", "").splitlines():
            print("hang: vCPU %d lapic %s" % (i, line))


def timer_list(sock):
    """Alt-SysRq-Q on the emulated PS/2 keyboard (guests boot with
    sysrq_always_enabled): the guest writes every online CPU's tick state
    (tick_stopped, next_timer) and clock event device (next_event) to its
    kernel log. The NMI's panic_print cannot: panic takes the other CPUs
    offline before it prints timers, and the CPU whose timer stopped is
    usually the other one."""
    keys = [{"type": "qcode", "data": k} for k in ("alt", "sysrq", "q")]
    try:
        commands(sock, [{"execute": "send-key", "arguments": {"keys": keys}}], 10)
    except (OSError, ValueError) as e:
        print("hang: send-key failed: %s" % e)
        return
    print("hang: SysRq-Q sent: the guest's timer list is in its kernel log")
    time.sleep(5)


def main():
    lookup = symbols(*sys.argv[2:4]) if len(sys.argv) >= 4 else None
    # The vCPUs are paused while their registers and LAPICs are read: a
    # guest that still runs (one CPU of two stuck) would otherwise give
    # registers and LAPIC state from different moments (seen: an ISR bit
    # of an interrupt that was being handled, next to a RIP outside it).
    try:
        status, _, regs = commands(sys.argv[1], [
            {"execute": "query-status"},
            {"execute": "stop"},
            {"execute": "human-monitor-command",
             "arguments": {"command-line": "info registers -a"}}], 10)
    except (OSError, ValueError) as e:
        print("hang: QEMU does not answer QMP (%s): the emulator is stuck" % e)
        return 1
    state = status.get("return", {}).get("status")
    print("hang: QEMU run state %s (vCPUs paused for the reads below)" % state)
    cpu = "?"
    for line in regs.get("return", "").splitlines():
        m = re.match(r"CPU#(\d+)", line)
        if m:
            cpu = m.group(1)
        m = re.search(r"RIP=([0-9a-f]+).*?(HLT=\d)", line)
        if m:
            rip = int(m.group(1), 16)
            if not rip >> 63:
                name = "user space"
            elif lookup:
                name = lookup(rip)
            else:
                name = "kernel (before the guest's init said where)"
            print("hang: vCPU %s RIP=%016x %s %s" % (cpu, rip, name, m.group(2)))
    lapics(sys.argv[1])
    if state == "running":
        try:
            commands(sys.argv[1], [{"execute": "cont"}], 10)
        except (OSError, ValueError) as e:
            print("hang: cont failed: %s" % e)
    timer_list(sys.argv[1])
    try:
        commands(sys.argv[1], [{"execute": "inject-nmi"}], 10)
    except (OSError, ValueError) as e:
        print("hang: inject-nmi failed: %s" % e)
        return 1
    print("hang: NMI injected; the guest's backtraces follow if it takes it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
