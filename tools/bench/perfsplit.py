#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where each driver's instructions per frame go, side by side.

    perfsplit.py DIR [CASE ...]

Reads DIR/perf.txt (BENCH_PERF lines "PERF mode driver case size share
samples [k] symbol" and "PERFRX mode driver case size freq frames") and
prints, per profiled case and size, the instructions per received frame
of each part of the path for igx and igb: a sample stands for 10^9/freq
guest instructions under icount, so a symbol's samples * 10^9 / freq /
frames is its cost per frame.  Symbols are put in parts by name (PARTS
below); port B's in-tree igb (the sender's TX) is told from port A's
igb by the igx boot, where every igb symbol is port B's: igb's own
figure is its boot's igb symbols less igx's boot's.  Symbols below the
profile's 0.02% cut are not counted (the "listed" line says how much of
the whole that leaves).
"""
import re
import sys
from collections import defaultdict

SENDER = "sender and peer (pktgen, port B's igb)"
# first match wins
PARTS = [
    (SENDER,
     r"^(pktgen_|igb_xmit|igb_tx|dma_(un)?map_page_attrs|skb_clone_tx_timestamp|"
     r"dql_|kthread_should_stop|netdev_pick|__dev_queue|dev_hard_start)"),
    ("driver", r"^(igx_|igb_)"),
    ("interrupt, softirq, NAPI core",
     r"^(net_rx_action|__napi_poll|napi_complete_done|handle_softirqs|__do_softirq|"
     r"do_softirq|__local_bh_enable_ip|irq_|handle_edge_irq|handle_irq_event|"
     r"__common_interrupt|common_interrupt|asm_common_interrupt|__irq_|"
     r"napi_schedule|__napi_schedule|__raise_softirq|raise_softirq|"
     r"msi_|pci_msi|apic_|lapic_|sysvec_|__sysvec_|note_interrupt|"
     r"add_interrupt_randomness|_raw_spin_unlock_irqrestore|irqentry_|"
     r"rcu_irq|ct_irq|__x86_indirect_thunk|bpf_dispatcher_xdp$|"
     r"bpf_dispatcher_xdp_func|_raw_spin_lock_irqsave|check_preemption_disabled)"),
    ("XDP program", r"^bpf_prog_"),
    ("buffers: page_pool, skb, slab",
     r"^(page_pool_|napi_pp_put_page|__napi_build_skb|napi_build_skb|build_skb|"
     r"__build_skb_around|napi_skb_cache|kmem_cache_|__slab_free|___slab_alloc|"
     r"__kmem_cache|kfree$|kfree_skb|skb_free_head|skb_release_|__consume_stateless_skb|"
     r"napi_consume_skb|slab_update_freelist|allocate_slab|setup_object|"
     r"get_page_from_freelist|__alloc_pages|clear_page|memset_orig|__memset|"
     r"put_cpu_partial|free_unref_page|__rmqueue|mod_node_page_state|"
     r"get_random_u32|get_pfnblock_flags_mask|__free_pages|free_pcppages|"
     r"__page_pool|napi_alloc_skb|__napi_alloc_skb|skb_attempt_defer|"
     r"kmem_cache_size|__put_partials|discard_slab|xdp_return|"
     r"__xdp_return|xdp_update_skb|skb_add_rx_frag|__pskb_pull_tail|"
     r"page_frag_|__page_frag|skb_put)"),
    ("stack: GRO, IP, UDP to the socket",
     r"^(napi_gro_|dev_gro_|inet_gro_|udp4_gro_|udp_gro_|gro_|eth_type_trans|"
     r"netif_receive_|__netif_receive_|ip_|ipv4_|__udp4_lib|udp4_lib|udp_queue_rcv|"
     r"__udp_enqueue|sk_filter|security_sock_rcv_skb|apparmor_socket_sock_rcv|"
     r"bpf_lsm_socket_sock_rcv|udp_v4_early_demux|skb_pull_rcsum|__xfrm_policy|"
     r"sock_def_readable|__sk_mem_|sk_mem_|inet_lookup|udp_unicast_rcv_skb|udp_rcv|"
     r"__list_(add|del)|skb_defer_rx_timestamp|fib_|__fib|raw_local_deliver|"
     r"__rcu_read_(un)?lock|_raw_spin_(un)?lock$|_raw_spin_(un)?lock_bh|"
     r"sk_leave_memory_pressure|map_id_range_down|__wake_up|try_to_wake_up|"
     r"autoremove_wake|__skb_wait|ttwu_|select_task_rq|enqueue_task|"
     r"check_preempt|resched_curr|receive_fallback_to_copy|"
     r"skb_checksum|__skb_checksum|csum_|do_xdp_generic|netif_skb_features|"
     r"rps_|skb_release_head_state)"),
    ("receiving process: syscalls, copy, scheduling",
     r"^(udp_recvmsg|__+sys_recv|do_recvmmsg|__sys_recvmmsg|__x64_sys|__skb_recv|"
     r"__skb_try_recv|rep_movs_alternative|_copy_to_iter|_copy_from_user|"
     r"__check_object_size|__virt_addr_valid|check_stack_object|is_vmalloc_addr|"
     r"copy_msghdr|__import_iovec|import_|__copy_msghdr|copy_iovec|inet_recvmsg|"
     r"udp_rmem_release|skb_consume_udp|__put_user|__get_user|finish_task_switch|"
     r"schedule|__schedule|__cond_resched|entry_SYSCALL|do_syscall|syscall_|"
     r"__recvmmsg|recvmmsg|sock_recvmsg|security_socket_recvmsg|"
     r"apparmor_socket_recvmsg|fput|fdget|__fget|sockfd_lookup|"
     r"put_cmsg|skb_copy_datagram|__skb_datagram_iter|simple_copy_to_iter|"
     r"__sock_recv|sock_recv|move_addr_to_user|exit_to_user_mode|"
     r"pick_next_task|update_curr|dequeue_task|__update_load|psi_|"
     r"switch_mm|__switch_to|native_sched_clock|sched_clock|rcu_note_context|"
     r"prepare_task_switch|set_next_entity|put_prev|update_rq_clock|"
     r"x64_sys_call|fpregs_|restore_fpregs|switch_fpu|clear_bhb_loop|\[\.\])"),
]
PARTS = [(n, re.compile(r)) for n, r in PARTS]


def part_of(sym):
    for name, rx in PARTS:
        if rx.search(sym):
            return name
    return "other"


def load(path):
    prof = defaultdict(dict)	# (case, size) -> drv -> {sym: samples}
    meta = {}			# (case, size, drv) -> (freq, frames)
    with open(path) as f:
        for line in f:
            w = line.split()
            if w and w[0] == "PERF" and len(w) >= 9:
                _, mode, drv, case, size, _share, samples = w[:7]
                sym = " ".join(w[8:]) if w[7].startswith("[") else " ".join(w[7:])
                if w[7] == "[.]":
                    sym = "[.] " + sym
                d = prof[(case, int(size))].setdefault(drv, {})
                d[sym] = d.get(sym, 0) + int(samples)
            elif w and w[0] == "PERFRX" and len(w) == 7:
                meta[(w[3], int(w[4]), w[2])] = (int(w[5]), int(w[6]))
    return prof, meta


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    prof, meta = load(sys.argv[1] + "/perf.txt")
    want = sys.argv[2:]
    for (case, size), drvs in sorted(prof.items()):
        if want and case not in want:
            continue
        per = {}	# drv -> part -> instructions per frame
        syms = {}
        for drv, s in drvs.items():
            if (case, size, drv) not in meta:
                continue
            freq, frames = meta[(case, size, drv)]
            k = 1e9 / freq / frames
            parts = defaultdict(float)
            for sym, n in s.items():
                parts[part_of(sym)] += n * k
            per[drv] = parts
            syms[drv] = {sym: n * k for sym, n in s.items()}
        if not per:
            continue
        # every igb symbol of the igx boot is port B's (the sender, and
        # the peer's XDP drop of reflected frames); the igb boot's port B
        # is taken to cost the same
        if "igx" in syms:
            b = sum(v for sym, v in syms["igx"].items()
                    if sym.startswith("igb_") and part_of(sym) == "driver")
            for d in per:
                per[d]["driver"] -= b
                per[d][SENDER] += b
        drv_order = [d for d in ("igx", "igb") if d in per]
        print(f"\n{case} {size} B: instructions per received frame")
        print(f"  {'part':48}" + "".join(f"{d:>9}" for d in drv_order) +
              ("  igx-igb" if len(drv_order) == 2 else ""))
        names = [n for n, _ in PARTS] + ["other"]
        tot = defaultdict(float)
        for n in names:
            vals = [per[d].get(n, 0.0) for d in drv_order]
            for d, v in zip(drv_order, vals):
                tot[d] += v
            line = f"  {n:48}" + "".join(f"{v:9.0f}" for v in vals)
            if len(vals) == 2:
                line += f"{vals[0] - vals[1]:9.0f}"
            print(line)
        vals = [tot[d] for d in drv_order]
        print(f"  {'listed (all symbols above the cut)':48}" +
              "".join(f"{v:9.0f}" for v in vals) +
              (f"{vals[0] - vals[1]:9.0f}" if len(vals) == 2 else ""))
        for d in drv_order:
            other = sorted(((v, s) for s, v in syms[d].items()
                            if part_of(s) == "other"), reverse=True)[:12]
            if other:
                print(f"  {d} other: " + ", ".join(f"{s} {v:.0f}" for v, s in other))
        for d in drv_order:
            own = sorted(((v, s) for s, v in syms[d].items()
                          if part_of(s) == "driver"), reverse=True)
            print(f"  {d} driver symbols: " + ", ".join(f"{s} {v:.0f}" for v, s in own))


if __name__ == "__main__":
    main()
