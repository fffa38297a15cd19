#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What each received frame takes from memory (issue 20): without an XDP
# program and at MTU 1500 a frame's RX buffer is half a page (a page_pool
# fragment; the in-tree igb flips half pages), with a program a whole page
# (XDP headroom, multi-buffer room, XDP_TX), including the frames that
# came in fragments posted before the program; back to halves after the
# program goes and after MTU 9000 and back. Measured as a socket's receive
# memory per datagram less the struct sk_buff every skb carries (its size
# from BTF), with more datagrams than the RX ring holds.
. "$(dirname "$0")/lib.sh"

PORT=9999

# the size of struct sk_buff, cache-line aligned as SKB_TRUESIZE counts it
skb_overhead() {
	local sz

	sz=$(bpftool btf dump file /sys/kernel/btf/vmlinux format raw |
	     sed -nE "s/^\[[0-9]+\] STRUCT 'sk_buff' size=([0-9]+) .*/\1/p" | head -n1)
	[ -n "$sz" ] && echo $(((sz + 63) / 64 * 64))
}

ring_rx() { ethtool -g "$IGX_A" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }'; }

# RX buffer bytes per frame of a socket that read nothing
buf_per_frame() {
	local out n

	n=$(($(ring_rx) + 64))
	out=$(python3 "$here/truesize.py" "$n" "$PORT" "$B4" "$A4" "$IGX_A") || { echo "$out" >&2; return 1; }
	echo "# $out" >&2
	echo $(($(echo "$out" | awk '{ print $8 }') - SKB))
}

test_frag() {
	local b

	b=$(buf_per_frame) || return 1
	echo "RX buffer per frame without XDP: $b bytes"
	[ "$b" -le 2048 ]
}

test_xdp() {
	local b

	[ "$IGX_DRV" = igx ] || { skip "a whole page with XDP is igx's layout ($IGX_DRV's differs)"; return; }
	ip link set dev "$IGX_A" xdpdrv obj "$IGX_ROOT/bpf/xdp_pass.o" sec xdp || return 1
	# the first ring's worth came in fragments posted before the program
	b=$(buf_per_frame)
	ip link set dev "$IGX_A" xdp off
	echo "RX buffer per frame with XDP attached: ${b:-none} bytes"
	[ -n "$b" ] && [ "$b" = "$(getconf PAGESIZE)" ]
}

test_detach() {
	local b

	# the first ring's worth after the detach came in pages posted with
	# the program: measure the next
	buf_per_frame >/dev/null || return 1
	b=$(buf_per_frame) || return 1
	echo "RX buffer per frame after XDP detached: $b bytes"
	[ "$b" -le 2048 ]
}

test_mtu() {
	local big b

	ip link set dev "$IGX_A" mtu 9000 || return 1
	wait_link "$IGX_A"
	big=$(buf_per_frame)
	ip link set dev "$IGX_A" mtu 1500 || return 1
	wait_link "$IGX_A"
	b=$(buf_per_frame) || return 1
	echo "RX buffer per frame at MTU 9000: ${big:-none} bytes, back at 1500: $b bytes"
	[ -n "$big" ] && [ "$b" -le 2048 ] || return 1
	# igb's large buffers at MTU 9000 are its own layout
	[ "$IGX_DRV" != igx ] || [ "$big" = "$(getconf PAGESIZE)" ] || return 1
	ping_ok "$B4"
}

ktap_plan 4
setup_addrs
quiet_ports
# both neighbour entries resolved: datagrams sent before the peer knows
# port A's MAC wait in its ARP queue, which holds fewer than a ring's worth
ping_ok "$B4" >/dev/null
SKB=$(skb_overhead)
echo "# struct sk_buff in an skb's truesize: ${SKB:-unknown} bytes"
[ -n "$SKB" ] || { echo "Bail out! no struct sk_buff in the kernel's BTF"; exit 1; }
ktap_run "RX buffer per frame <= 2 KiB without XDP (MTU 1500)" test_frag
ktap_run "a whole page per frame with XDP attached" test_xdp
ktap_run "<= 2 KiB again after XDP detached" test_detach
ktap_run "whole pages at MTU 9000, <= 2 KiB back at 1500, port works" test_mtu
ktap_finished
