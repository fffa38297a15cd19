#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 150
# System sleep: suspend to RAM (ACPI S3) with the RTC alarm waking the
# guest 5 s later, once with the port up, a non-default configuration
# (MTU, rings, channels, link forced to 100 full) and
# an XDP program attached, once with the port down.  QEMU resets every
# device on an S3 wake-up, as the hardware loses its state in D3: after
# each resume the port passes traffic both ways with its configuration,
# XDP program and counters kept, and its PTP clock (issue 21 item 5) runs
# on from where it was, with the hwtstamp configuration kept and hardware
# TX stamps coming (the kernel's testptp, hwtstamp_config, timestamping:
# tools/ptp/build-ptp-tools.sh).
#
# Everything from the suspend on runs from tmpfs (lib.sh pm_stage: busybox,
# and ethtool and the PTP tools with their libraries), the verdicts, the
# kernel log and the exit status go to the console (pm_finished).
. "$(dirname "$0")/lib.sh"
. "$here/faults.sh"
. "$here/ptp_lib.sh"

BIN=/tmp/pm-bin
obj=$(xdp_obj) || { echo "bpf/xdp_pass.o not built (make bpf)"; exit 1; }

setup_addrs || exit 1
ip link set dev "$IGX_A" mtu 1400 && peer ip link set dev "$IGX_B" mtu 1400 &&
	ethtool -L "$IGX_A" combined 1 && ethtool -G "$IGX_A" rx 512 tx 512 &&
	ethtool -s "$IGX_A" autoneg off speed 100 duplex full &&
	ip link set dev "$IGX_A" xdpdrv obj "$obj" sec xdp || exit 1
wait_link "$IGX_A" && ping_ok "$B4" || exit 1
[ -x "$PTP_BIN/timestamping" ] || { echo "$PTP_BIN missing: bash tools/ptp/build-ptp-tools.sh"; exit 1; }
PHC=$(phc_of "$IGX_A") || { echo "no PTP clock on $IGX_A"; exit 1; }
phc_mark "$PHC" "$IGX_A" || exit 1

PATH=$PTP_BIN:$PATH pm_stage "$BIN" ethtool testptp hwtstamp_config timestamping &&
	cp "$here/ptp_lib.sh" "$BIN/" || exit 1
cat >"$BIN/after.sh" <<'EOF'
# pm.sh from the suspend on: tmpfs only, TAP to the console
. "$BIN/pm_lib.sh"
PTP_BIN=$BIN
PTP_RUN="$BIN/ld.so --library-path $BIN"
. "$BIN/ptp_lib.sh"
ethtool() {
	"$BIN/ld.so" --library-path "$BIN" "$BIN/ethtool" "$@"
}
config() {
	echo "mtu $(cat "/sys/class/net/$IF/mtu") flags $(cat "/sys/class/net/$IF/flags")"
	ethtool -g "$IF" | sed -n '/^Current/,$p' | grep -E '^(RX|TX):'
	ethtool -l "$IF" | sed -n '/^Current/,$p' | grep -E '^Combined:'
	ethtool "$IF" | grep -E '(Speed|Duplex|Auto-negotiation):'
}
# the sum of the ethtool -S counters matching the awk regex $1
counter() {
	ethtool -S "$IF" | awk -v re="^($1):\$" '$1 ~ re { s += $2; f = 1 } END { print f ? s : "none" }'
}
rx() {
	cat "/sys/class/net/$IF/statistics/rx_packets"
}
both_ways() {
	# both links up first (pm_links): busybox's ping sends three requests
	ping -q -c 3 -w 20 "$B4" >/tmp/ping.out || { sed 's/^/# /' /tmp/ping.out; return 1; }
	nsenter --net=/run/netns/peer ping -q -c 3 -w 10 "$A4" >/dev/null ||
		{ echo "# no reply to the peer's ping"; return 1; }
}

before=$(config) rx0=$(rx) mac0=$(counter hw_gprc) xdp0=$(counter 'rx[0-9]+_xdp_pass')
off0=$(phc_rt_off "$PHC")
pm_sleep
ktap_result $? "suspend and resume with the port up and XDP attached"
pm_links "$IF" "$IFB" && both_ways
ktap_result $? "traffic both ways after resume"
after=$(config)
[ "$after" = "$before" ] || { echo "# before: $before"; echo "# after: $after"; false; }
ktap_result $? "MTU, rings, channels and forced speed/duplex kept"
rx1=$(rx) mac1=$(counter hw_gprc) xdp1=$(counter 'rx[0-9]+_xdp_pass')
echo "# rx_packets $rx0 -> $rx1, hw_gprc $mac0 -> $mac1, xdp_pass $xdp0 -> $xdp1"
[ "$rx1" -gt "$rx0" ] && { [ "$mac0" = none ] || [ "$mac1" -gt "$mac0" ]; }
ktap_result $? "counters kept across the resume (not restarted from zero)"
why="no per-queue XDP verdict counters (rxN_xdp_pass) on $DRV"
if [ "$xdp0" = none ]; then
	ktap_result 4 "the XDP program still runs after resume" "$why"
else
	[ "$xdp1" -ge $((xdp0 + 3)) ]
	ktap_result $? "the XDP program still runs after resume"
fi
out=$(phc_kept "$PHC" "$IF" "$off0")
ktap_result $? "PTP clock ran on across the sleep, hwtstamp configuration kept"
echo "# $out"
r=$(tx_hw_stamps "$IF" 1 /tmp/ts.out)
echo "# timestamping: sent, hardware-stamped: $r"
[ "$r" = "1 1" ] || sed 's/^/# /' /tmp/ts.out
[ "$r" = "1 1" ]
ktap_result $? "a hardware TX stamp after resume"
ip link set dev "$IF" down && pm_sleep && ip link set dev "$IF" up && pm_links "$IF" "$IFB" && both_ways
ktap_result $? "suspend and resume with the port down: it comes up and passes traffic"

pm_finished
EOF
ktap_plan 8
pm_exec "$BIN" "$BIN/after.sh" IF="$IGX_A" IFB="$IGX_B" DRV="$IGX_DRV" A4="$A4" B4="$B4" PHC="$PHC"
