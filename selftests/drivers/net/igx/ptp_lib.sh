# SPDX-License-Identifier: GPL-2.0
# PTP helpers over the kernel's own tools (tools/ptp/build-ptp-tools.sh):
# POSIX sh, so that pm.sh's busybox part after a system sleep can use them
# from its tmpfs copy as ptp_tools.sh and pci_error.sh do from the tree.
# PTP_BIN is where testptp, hwtstamp_config and timestamping are.

PTP_BIN=${PTP_BIN:-${IGX_ROOT:-}/tools/ptp/build}

# phc_of IF: IF's clock, /dev/ptpN (ethtool -T), or fail
phc_of() {
	_i=$(ethtool -T "$1" | awk '/PTP Hardware Clock:/ { print $4 }')
	[ -n "$_i" ] && [ "$_i" != none ] && echo "/dev/ptp$_i"
}

# phc_sec DEV: the clock's whole seconds (testptp -g)
phc_sec() {
	"$PTP_BIN/testptp" -d "$1" -g | sed -n 's/^clock time: \([0-9]*\)\..*/\1/p'
}

# phc_rt_off DEV: CLOCK_REALTIME minus the clock, ns (testptp -k 1,
# PTP_SYS_OFFSET: the middle of the two system reads minus the PHC read)
phc_rt_off() {
	"$PTP_BIN/testptp" -d "$1" -k 1 | sed -n 's/^system\/phc clock time offset is \(-*[0-9]*\) ns$/\1/p'
}

# hw_cfg IF: "TX_TYPE RX_FILTER" as SIOCGHWTSTAMP reports them
hw_cfg() {
	"$PTP_BIN/hwtstamp_config" "$1" | awk '/^tx_type = / { t = $3 } /^rx_filter = / { r = $3 } END { if (t != "") print t, r }'
}

# tx_hw_stamps IF N OUT: the kernel's timestamping sends N PTPv2 Syncs over
# UDP from IF asking for hardware TX stamps (it sets tx ON, rx NONE); its
# output in OUT; prints "SENT STAMPED" (stamped: error-queue messages
# with a non-zero raw hardware time)
tx_hw_stamps() {
	IGX_TS_SENDS=$2 "$PTP_BIN/timestamping" "$1" SOF_TIMESTAMPING_TX_HARDWARE \
		SOF_TIMESTAMPING_RAW_HARDWARE PTPV2 >"$3" 2>&1
	echo "$(grep -c ': sent 44 bytes$' "$3") $(grep 'HW raw' "$3" | grep -vc 'HW raw 0\.000000000')"
}
