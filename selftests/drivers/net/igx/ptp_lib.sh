# SPDX-License-Identifier: GPL-2.0
# PTP helpers over the kernel's own tools (tools/ptp/build-ptp-tools.sh):
# POSIX sh, so that pm.sh's busybox part after a system sleep can use them
# from its tmpfs copy as ptp_tools.sh and pci_error.sh do from the tree.
# PTP_BIN is where testptp, hwtstamp_config and timestamping are;
# PTP_RUN, if set, the loader that runs them (pm.sh's staged ld.so).

PTP_BIN=${PTP_BIN:-${IGX_ROOT:-}/tools/ptp/build}
PTP_RUN=${PTP_RUN:-}

# phc_of IF: IF's clock, /dev/ptpN (ethtool -T), or fail
phc_of() {
	_i=$(ethtool -T "$1" | awk '/PTP Hardware Clock:/ { print $4 }')
	[ -n "$_i" ] && [ "$_i" != none ] && echo "/dev/ptp$_i"
}

# phc_sec DEV: the clock's whole seconds (testptp -g)
phc_sec() {
	$PTP_RUN "$PTP_BIN/testptp" -d "$1" -g | sed -n 's/^clock time: \([0-9]*\)\..*/\1/p'
}

# phc_rt_off DEV: CLOCK_REALTIME minus the clock, ns (testptp -k 1,
# PTP_SYS_OFFSET: the middle of the two system reads minus the PHC read)
phc_rt_off() {
	$PTP_RUN "$PTP_BIN/testptp" -d "$1" -k 1 | sed -n 's/^system\/phc clock time offset is \(-*[0-9]*\) ns$/\1/p'
}

# hw_cfg IF: "TX_TYPE RX_FILTER" as SIOCGHWTSTAMP reports them
hw_cfg() {
	$PTP_RUN "$PTP_BIN/hwtstamp_config" "$1" | awk '/^tx_type = / { t = $3 } /^rx_filter = / { r = $3 } END { if (t != "") print t, r }'
}

# tx_hw_stamps IF N OUT: the kernel's timestamping sends N PTPv2 Syncs over
# UDP from IF asking for hardware TX stamps (it sets tx ON, rx NONE); its
# output in OUT; prints "SENT STAMPED" (stamped: error-queue messages
# with a non-zero raw hardware time)
tx_hw_stamps() {
	IGX_TS_SENDS=$2 $PTP_RUN "$PTP_BIN/timestamping" "$1" SOF_TIMESTAMPING_TX_HARDWARE \
		SOF_TIMESTAMPING_RAW_HARDWARE PTPV2 >"$3" 2>&1
	echo "$(grep -c ': sent 44 bytes$' "$3") $(grep 'HW raw' "$3" | grep -vc 'HW raw 0\.000000000')"
}

# PHC_KEPT_NS: how far "CLOCK_REALTIME minus the PHC" may move across a
# reset or a system sleep that keeps the clock (1 s).  The driver carries
# the clock on by the boottime since its last reading (at most a second
# before), so only the PHC's rate error over that second moves it; a clock
# restarted from 0 or from CLOCK_REALTIME after being set 25 years off
# moves it by decades, a clock stopped while asleep by the sleep (5 s).
PHC_KEPT_NS=1000000000

# phc_mark DEV IF: the clock set far from CLOCK_REALTIME (2001) and IF's
# hwtstamp configuration to ON PTP_V2_L2_EVENT: what phc_kept checks
phc_mark() {
	$PTP_RUN "$PTP_BIN/testptp" -d "$1" -T 1000000000 >/dev/null &&
		$PTP_RUN "$PTP_BIN/hwtstamp_config" "$2" ON PTP_V2_L2_EVENT >/dev/null
}

# phc_kept DEV IF OFF0: after phc_mark and an event, with OFF0 the
# phc_rt_off read before it: the clock ran on and the configuration is
# kept (1 line of account; fails otherwise)
phc_kept() {
	_o=$(phc_rt_off "$1")
	_c=$(hw_cfg "$2")
	echo "realtime - phc: $3 -> $_o ns; hwtstamp config: $_c"
	[ -n "$_o" ] && [ "$_c" = "ON PTP_V2_L2_EVENT" ] || return 1
	_d=$((_o - $3))
	[ "${_d#-}" -lt "$PHC_KEPT_NS" ]
}
