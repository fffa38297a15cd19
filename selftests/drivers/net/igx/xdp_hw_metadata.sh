#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900
# The 6.12 tree's own XDP/AF_XDP hardware metadata program,
# tools/testing/selftests/bpf/xdp_hw_metadata (built by
# tools/xsk/build-xskxceiver.sh, which says what it changes and why), on
# port A with one queue, zero-copy: the peer's UDP datagrams to port 9091
# go to its AF_XDP socket with their RX metadata (kfuncs), each is sent
# back from the socket with AF_XDP TX metadata asking for a TX stamp and
# the UDP checksum. Checked from its output: the RX hash is the Toeplitz
# hash of the flow under the port's key, the VLAN tag of tagged frames,
# every reply stamped between two reads of the port's clock around its
# round trip and arriving with a good checksum, no stamp on a UDP skb,
# and the hwtstamp configuration put back when it exits on SIGINT.
# RX stamps: QEMU stamps only layer-2 PTPv2 frames (ptp.sh tests those),
# never UDP: skipped with the count. Its unmodified request, rx_filter
# ALL, is refused: the 82576 cannot stamp every frame.
. "$(dirname "$0")/lib.sh"

HWM=${IGX_XDP_HW_METADATA:-$IGX_ROOT/tools/xsk/build/xdp_hw_metadata}
FEAT=$here/xdp_features.py
UTIL=$here/xdp_util.py
PEER_PY=$here/hwmeta.py
FRAMES=$IGX_ROOT/selftests/drivers/net/bpf/bpf_frames.py
OUT=$IGX_OUT/xdp_hw_metadata.out
WIN=$IGX_OUT/pingpong.out
M=8		# datagrams checked (one more is sent: see run_tool)
V=2		# frames tagged VLAN 100
SPORT=40000
HWTSTAMP_FILTER_PTP_V2_L2_EVENT=9

hwts() { hwstamp_ctl -i "$IGX_A" | awk '/tx_type|rx_filter/ { printf "%s=%s ", $1, $2 }'; }

# the tool's exit status, once it ran (run_tool)
tool_rc=

# can the tool run here? Once: "" yes, else the reason to skip
gate_why=unknown
gate() {
	local f

	if [ "$gate_why" = unknown ]; then
		gate_why=
		[ -x "$HWM" ] || { echo "$HWM missing: bash tools/xsk/build-xskxceiver.sh"; return 1; }
		f=$("$FEAT" "$IGX_A") && f="$f; $(python3 "$UTIL" features "$IGX_A")" || return 1
		echo "$f"
		if ! grep -qw bpf_xdp_metadata_rx_vlan_tag /proc/kallsyms; then
			gate_why="no bpf_xdp_metadata_rx_vlan_tag in Linux $(uname -r): the 6.12 tool calls it"
		elif ! grep -qw xsk-zerocopy <<<"$f" || ! grep -q 'meta:.* hash' <<<"$f" ||
		     ! grep -qw tx-timestamp <<<"$f"; then
			gate_why="$IGX_DRV: no zero-copy AF_XDP with RX hash and TX stamp metadata ($f)"
		fi
	fi
	[ -z "$gate_why" ] && return 0
	skip "$gate_why"
}

# the unmodified tool: rx_filter ALL (with TX on), refused by the port
test_all_refused() {
	local before after rc

	gate || return
	before=$(hwts)
	timeout 120 "$HWM" "$IGX_A" >"$IGX_OUT/all.out" 2>&1
	rc=$?
	after=$(hwts)
	grep -v 'desc\[' "$IGX_OUT/all.out" | tail -n 2
	echo "exit $rc; hwtstamp before: $before after: $after"
	[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] &&
		grep -q 'ioctl([0-9]*): Numerical result out of range' "$IGX_OUT/all.out" &&
		[ "$before" = "$after" ]
}

# M + 1 datagrams through the tool (the last only so that a completion
# printed late, with the next frame, is still printed for the Mth), the
# skb datagram, V tagged frames, then SIGINT
run_tool() {
	local phc pid i

	phc=$(ethtool -T "$IGX_A" | awk '/PTP Hardware Clock:/ { print $4 }')
	[ -n "$phc" ] && [ "$phc" != none ] || { echo "no PTP clock on $IGX_A"; return 1; }
	HWTS_BEFORE=$(hwts)
	# line-buffered: its progress is waited for in the file
	IGX_HWTSTAMP_RX_FILTER=$HWTSTAMP_FILTER_PTP_V2_L2_EVENT stdbuf -oL "$HWM" "$IGX_A" >"$OUT" 2>&1 &
	pid=$!
	for ((i = 0; i < 1200; i++)); do
		grep -q '^poll:' "$OUT" && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.1
	done
	grep -q '^poll:' "$OUT" || { tail -n 5 "$OUT"; kill -INT $pid; wait $pid; return 1; }
	CSUM0=$(peer awk '/^Udp:/ { if (h) print $NF; h = 1 }' /proc/net/snmp)
	peer python3 "$PEER_PY" pingpong "/dev/ptp$phc" "$A4" $((M + 1)) $SPORT >"$WIN"
	peer python3 "$FRAMES" vb100 "$A_MAC" $V --v4 "$B4" "$A4" --dport 9091 >/dev/null
	CSUM1=$(peer awk '/^Udp:/ { if (h) print $NF; h = 1 }' /proc/net/snmp)
	# the tagged frames' metadata and the skb's verdict printed
	for ((i = 0; i < 600; i++)); do
		[ "$(grep -c 'VID=0x64$' "$OUT")" -ge $V ] && grep -q 'skb hwtstamp' "$OUT" && break
		sleep 0.1
	done
	kill -INT $pid
	wait $pid
	tool_rc=$?
	HWTS_AFTER=$(hwts)
	grep -v 'desc\[' "$OUT" | grep -v '^poll: 0 ' | head -n 24
}

test_run() {
	local redir

	gate || return
	ip link add link "$IGX_A" name va100 type vlan id 100
	peer ip link add link "$IGX_B" name vb100 type vlan id 100
	peer sysctl -qw net.ipv6.conf.vb100.disable_ipv6=1
	peer ip link set vb100 up
	run_tool
	peer ip link del vb100
	ip link del va100
	cat "$WIN"
	redir=$(grep '^poll:' "$OUT" | tail -n 1 | sed -n 's/.* redir=\([0-9]*\)$/\1/p')
	expect "frames the XDP program sent to the AF_XDP socket (redir)" "$redir" $((M + 1 + V))
}

ran() {
	[ -n "$tool_rc" ] && return 0
	skip "xdp_hw_metadata did not run"
}

test_hash() {
	local key want wantv n nv

	ran || return
	key=$(ethtool -x "$IGX_A" | sed -n '/RSS hash key:/{n;p}')
	want=$(printf '%X' "$(python3 "$UTIL" toeplitz "$key" "$B4" "$A4" $SPORT 9091)")
	wantv=$(printf '%X' "$(python3 "$UTIL" toeplitz "$key" "$B4" "$A4" 9 9091)")
	echo "Toeplitz: udp $B4:$SPORT > $A4:9091 0x$want, udp $B4:9 > $A4:9091 0x$wantv"
	grep '^rx_hash\|^No rx_hash' "$OUT" | sort | uniq -c
	n=$(grep -c "^rx_hash: 0x$want with RSS type:0x29$" "$OUT")
	nv=$(grep -c "^rx_hash: 0x$wantv with RSS type:0x29$" "$OUT")
	expect "untagged datagrams with that hash, type L4 IPv4 UDP" "$n" $((M + 1)) &&
		expect "tagged frames with theirs" "$nv" $V
}

test_vlan() {
	local n n0

	ran || return
	n=$(grep -c '^rx_vlan_tci: PCP=0, DEI=0, VID=0x64$' "$OUT")
	n0=$(grep -c '^No rx_vlan_tci or rx_vlan_proto, err=-61$' "$OUT")
	expect "frames with VLAN 100 (proto 0x8100)" "$n" $V &&
		expect "$(grep -c '^rx_vlan_proto: 0x8100$' "$OUT") of them 802.1Q" "$n" $V &&
		expect "untagged frames without a tag (-ENODATA)" "$n0" $((M + 1))
}

# the stamp each completion printed: "IDX STAMP" (STAMP "none" when the
# completion had none); the tool sends reply N from UMEM frame N
tx_stamps() {
	awk '/complete tx idx=/ { split($0, a, "addr="); idx = int(strtonum("0x" a[2]) / 4096); want = 1; next }
	     want && /^HW TX-complete-time:/ { print idx, $3; want = 0; next }
	     want && /^No tx_timestamp/ { print idx, "none"; want = 0 }' "$OUT"
}

test_tx_stamp() {
	local -A stamp
	local i t0 t1 got ts n=0

	ran || return
	while read -r i ts; do
		stamp[$i]=$ts
	done < <(tx_stamps)
	# in bash: the stamps are nanoseconds of 2026, past awk's exact integers
	while read -r i t0 t1 got; do
		[ "$i" -lt $M ] || continue
		ts=${stamp[$i]:-not printed}
		if [ "$got" = reply ] && [ "$ts" != none ] && [ "$ts" != "not printed" ] &&
		   [ "$ts" -ge "$t0" ] && [ "$ts" -le "$t1" ]; then
			n=$((n + 1))
			echo "$i: PHC $t0 .. $t1, TX stamp $ts"
		else
			echo "$i: PHC $t0 .. $t1, TX stamp $ts, $got (wrong)"
		fi
	done <"$WIN"
	expect "replies stamped between the clock reads around their round trip" "$n" $M
}

test_tx_csum() {
	local replies partial

	ran || return
	replies=$(awk -v m=$M '$1 < m && $4 == "reply"' "$WIN" | wc -l)
	# the tool leaves the pseudo-header sum in the frame for the device to
	# complete ("csum=PARTIAL (want FULL)"): a port that ignored the
	# request would send a checksum the peer drops
	sed -n 's/.*ping-pong with csum=\([0-9a-f]*\) (want \([0-9a-f]*\)).*/\1 \2/p' "$OUT" \
		>"$IGX_OUT/csums"
	partial=$(awk '$1 != $2' "$IGX_OUT/csums" | wc -l)
	grep -m 2 'ping-pong with csum' "$OUT"
	echo "peer Udp InCsumErrors +$((CSUM1 - CSUM0))"
	expect "replies at the peer (UDP checksum good)" "$replies" $M &&
		expect "requests with only the pseudo-header sum in the frame" "$partial" \
			"$(wc -l <"$IGX_OUT/csums")" &&
		expect "InCsumErrors" $((CSUM1 - CSUM0)) 0
}

test_rx_stamp() {
	local enodata stamped

	ran || return
	enodata=$(grep -c '^No rx_timestamp, err=-61$' "$OUT")
	stamped=$(grep -c 'delta to User RX-time' "$OUT")
	grep '^No rx_timestamp\|delta to User RX-time' "$OUT" | sort | uniq -c
	if [ "$stamped" -eq 0 ] && [ "$enodata" -eq $((M + 1 + V)) ]; then
		skip "rx_timestamp -ENODATA on $enodata of $((M + 1 + V)) UDP frames: QEMU's 82576 stamps only layer-2 PTPv2 frames (ETQF 0x88F7), ptp.sh has XDP RX stamps of those"
		return
	fi
	echo "a UDP frame stamped or another error: $stamped stamped, $enodata -ENODATA"
	return 1
}

test_skb() {
	ran || return
	grep 'skb hwtstamp' "$OUT"
	expect "skb stamps (rx_filter ptpv2-l2-event: none on UDP)" \
		"$(grep -c '^skb hwtstamp is not found!$' "$OUT")/$(grep -c 'skb hwtstamp' "$OUT")" 1/1
}

test_exit() {
	ran || return
	grep 'ioctl(' "$OUT"
	echo "hwtstamp before: $HWTS_BEFORE after: $HWTS_AFTER"
	expect "exit status after SIGINT" "$tool_rc" 0 &&
		expect "hwtstamp configuration" "$HWTS_AFTER" "$HWTS_BEFORE"
}

ktap_plan 9
setup_xdp_ports
# one queue: the hash must still be there (RSS on with a single queue)
ethtool -L "$IGX_A" combined 1 && wait_link "$IGX_A"
ktap_run "unmodified request (hwtstamp rx_filter ALL) refused with ERANGE, port unchanged" test_all_refused
ktap_run "xdp_hw_metadata zero-copy, one queue: $((M + 1)) datagrams and $V tagged frames into AF_XDP" test_run
ktap_run "rx_hash: Toeplitz hash of each flow under the port's key, L4 IPv4 UDP" test_hash
ktap_run "rx_vlan_tag: VLAN 100 on tagged frames, -ENODATA on others" test_vlan
ktap_run "rx_timestamp on UDP" test_rx_stamp
ktap_run "AF_XDP TX timestamp: $M of $M replies stamped between clock reads" test_tx_stamp
ktap_run "AF_XDP TX checksum: $M of $M replies with a good UDP checksum" test_tx_csum
ktap_run "UDP to the stack passes, no hardware RX stamp (filter ptpv2-l2-event)" test_skb
ktap_run "exit on SIGINT: status 0, hwtstamp configuration restored" test_exit
ktap_finished
