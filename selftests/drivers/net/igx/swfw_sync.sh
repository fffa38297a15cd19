#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The SW/FW semaphore (SWSM, SW_FW_SYNC) igx takes around every PHY and NVM
# access: released after probe and after PHY work; while "firmware" (debugfs
# fw_swfw sets SW_FW_SYNC's firmware half: QEMU has none, and a bound
# device's BAR cannot be mapped from user space) holds the PHY or the NVM,
# igx waits, then refuses with the register in the log; once released, the
# same request works.
. "$(dirname "$0")/lib.sh"

fw=/sys/kernel/debug/igx/$IGX_A_PCI/fw_swfw

# SW_FW_SYNC as igx's own register dump shows it (its last word)
dump_sync() {
	ethtool -d "$IGX_A" raw on | od -A n -t x4 -j 256 -N 4 | tr -d ' '
}

need_igx() {
	[ "$IGX_DRV" = igx ] || { skip "port A is $IGX_DRV: igx's semaphore"; return; }
}

test_released() {
	local v

	need_igx || return
	ethtool -r "$IGX_A" || return 1
	v=$(dump_sync)
	echo "SW_FW_SYNC after probe and an autoneg restart: 0x$v"
	[ $((0x$v & 0x7)) -eq 0 ]
}

test_fw_holds_phy() {
	local out t0 dm0

	need_igx || return
	echo 6 >"$fw" || return 1
	echo "firmware holds both PHYs: SW_FW_SYNC 0x$(dump_sync)"
	dm0=$(dmesg | wc -l)
	t0=$SECONDS
	if out=$(ethtool -r "$IGX_A" 2>&1); then
		echo 0 >"$fw"
		echo "autoneg restart succeeded while firmware held the PHY"
		return 1
	fi
	echo "ethtool -r: $out (after $((SECONDS - t0)) s)"
	dmesg | tail -n +"$((dm0 + 1))" | grep 'SW_FW_SYNC' || { echo 0 >"$fw"; echo "no log line"; return 1; }
	# released by "firmware": the same request works, the link comes back
	echo 0 >"$fw"
	ethtool -r "$IGX_A" || return 1
	setup_addrs && ping_ok "$B4"
}

# ethtool -e reads the NVM through EERD under the semaphore
test_fw_holds_nvm() {
	local out

	need_igx || return
	echo 1 >"$fw" || return 1
	if out=$(ethtool -e "$IGX_A" length 16 2>&1); then
		echo 0 >"$fw"
		echo "NVM read while firmware held it: $out"
		return 1
	fi
	echo "ethtool -e: $out"
	echo 0 >"$fw"
	ethtool -e "$IGX_A" length 16 | tail -n 1
}

ktap_plan 3
ktap_run "SW_FW_SYNC released after probe and PHY work" test_released
ktap_run "firmware holds the PHY: request refused with the register logged, works once released" test_fw_holds_phy
ktap_run "firmware holds the NVM: ethtool -e refused, works once released" test_fw_holds_nvm
ktap_finished
