#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ethtool -s and -r on port A: advertised modes and forced speed/duplex
# (10/100, half/full) are taken, the link comes back as ethtool and the
# carrier say, the peer (port B) keeps its link, and the setting survives
# ethtool -G/-L, the offline self-test's MAC reset and a TX-timeout reset
# (pm.sh checks it across suspend/resume).  Invalid requests (forced 1000,
# 1000 half, modes outside `supported`, nothing to advertise, another port,
# half duplex with pause frames, ethtool -r with autoneg off) are refused
# with the reason in the kernel log and nothing changed.
#
# Under the emulation autoneg always resolves to 1000 full whatever is
# advertised, and the peer's PHY negotiates nothing with ours: the peer
# stays at 1000 full whatever port A is forced to (driver/igx_hw.c, top).
# So the peer's carrier and traffic are asserted, its speed only printed.
. "$(dirname "$0")/lib.sh"

A=$IGX_A

field() { ethtool "$A" | sed -nE "s/^[[:space:]]*$1:[[:space:]]*//p" | head -n1; }
# the advertised modes, one line
adv() { ethtool "$A" | sed -n '/Advertised link modes:/,/Advertised pause/p' | grep -oE '[0-9]+base[A-Za-z]+/(Half|Full)' | paste -sd' '; }
settings() { ethtool "$A" | grep -vE 'Link detected|Speed|Duplex'; }
ALL="10baseT/Half 10baseT/Full 100baseT/Half 100baseT/Full 1000baseT/Full"

# the link back on both ends, traffic both ways
link_back() {
	wait_link "$A" 30 && wait_link "$IGX_B" 30 && ping_ok "$B4" &&
		peer ping -q -c 3 -w 20 "$A4" >/dev/null || { echo "no traffic both ways"; return 1; }
	echo "peer: $(peer ethtool "$IGX_B" | grep -E 'Speed|Duplex|Link detected' | tr -d '\t' | paste -sd' ')"
	[ "$(peer ethtool "$IGX_B" | sed -n 's/.*Link detected: //p')" = yes ]
}

# forced SPEED DUPLEX: A's ethtool says so, autoneg off, nothing advertised
is_forced() {
	echo "A: $(field Speed) $(field Duplex), autoneg $(field Auto-negotiation), advertised '$(adv)'"
	[ "$(field Speed)" = "$1Mb/s" ] && [ "$(field Duplex)" = "$2" ] &&
		[ "$(field Auto-negotiation)" = off ] && [ -z "$(adv)" ]
}

test_default() {
	local a

	a=$(adv)
	echo "advertised: $a; autoneg $(field Auto-negotiation)"
	[ "$a" = "$ALL" ] && [ "$(field Auto-negotiation)" = on ]
}

test_advertise() {
	local mask want

	for mask in 0x008:100baseT/Full "0x001:10baseT/Half" "0x020:1000baseT/Full" \
		"0x003:10baseT/Half 10baseT/Full"; do
		want=${mask#*:} mask=${mask%%:*}
		ethtool -s "$A" advertise "$mask" || return 1
		link_back || return 1
		echo "advertise $mask: '$(adv)', link $(field Speed) $(field Duplex)"
		[ "$(adv)" = "$want" ] && [ "$(field Auto-negotiation)" = on ] || return 1
	done
	# speed/duplex with autoneg on: ethtool advertises that one mode
	ethtool -s "$A" autoneg on speed 100 duplex half || return 1
	link_back && [ "$(adv)" = 100baseT/Half ] || { echo "speed 100 half: '$(adv)'"; return 1; }
	ethtool -s "$A" advertise 0x02f && link_back && [ "$(adv)" = "$ALL" ]
}

test_forced() {
	local sd

	for sd in "10 Half" "10 Full" "100 Half" "100 Full"; do
		set -- $sd
		ethtool -s "$A" autoneg off speed "$1" duplex "${2,,}" || return 1
		link_back && is_forced "$1" "$2" || return 1
	done
}

# 100 full forced from test_forced
test_kept() {
	ethtool -G "$A" rx 512 tx 512 && link_back && is_forced 100 Full || return 1
	echo "after ethtool -G: kept"
	ethtool -L "$A" combined 1 && link_back && is_forced 100 Full || return 1
	echo "after ethtool -L: kept"
	ethtool -t "$A" offline >/dev/null
	link_back && is_forced 100 Full || return 1
	echo "after ethtool -t offline: kept"
	ip link set "$A" down && ip link set "$A" up && link_back && is_forced 100 Full
}

# a TX-timeout reset (debugfs stall_txq, as tx_timeout.sh) goes through
# igx_reset_hw, the path PCI error recovery and resume take
test_reset() {
	[ "$IGX_DRV" = igx ] || { skip "debugfs stall_txq is igx's"; return; }
	stall_reset || return 1
	link_back && is_forced 100 Full
}

test_refused() {
	local before after rc=0 args

	before=$(settings)
	for args in "autoneg off speed 1000 duplex full" "autoneg off speed 1000 duplex half" \
		"autoneg off speed 10000 duplex full" "autoneg on advertise 0x1000" \
		"autoneg on advertise 0x010" "autoneg on speed 1000 duplex half" \
		"autoneg on advertise 0x0" "port fibre" "phyad 7"; do
		# shellcheck disable=SC2086
		if ethtool -s "$A" $args 2>&1; then
			echo "accepted: ethtool -s $args"
			rc=1
		fi
		after=$(settings)
		[ "$after" = "$before" ] || { echo "changed by: $args"; diff <(echo "$before") <(echo "$after"); rc=1; }
	done
	dmesg | grep 'ethtool -s:' | tail -n 9
	ethtool -r "$A" 2>&1 && { echo "ethtool -r accepted with autoneg off"; rc=1; }
	[ "$(settings)" = "$before" ] || { echo "changed by ethtool -r"; rc=1; }
	link_back || rc=1
	return $rc
}

# pause frames need full duplex: neither order gets both
test_pause_half() {
	local rc=0

	ethtool -s "$A" autoneg off speed 100 duplex half && link_back || return 1
	if ethtool -A "$A" autoneg off rx on tx on 2>&1; then
		echo "pause accepted on a forced half-duplex link"
		rc=1
	fi
	ethtool -s "$A" autoneg off speed 100 duplex full && link_back || return 1
	ethtool -A "$A" autoneg off rx on tx on || return 1
	if ethtool -s "$A" autoneg off speed 100 duplex half 2>&1; then
		echo "half duplex accepted with pause frames on"
		rc=1
	fi
	is_forced 100 Full || rc=1
	ethtool -A "$A" autoneg off rx off tx off || rc=1
	return $rc
}

test_restart() {
	ethtool -s "$A" autoneg on advertise 0x02f || return 1
	link_back || return 1
	ethtool -r "$A" || return 1
	link_back || return 1
	echo "after ethtool -r: $(field Speed) $(field Duplex)"
	test_default
}

ktap_plan 8
setup_addrs
ktap_run "default: autoneg on, every supported mode advertised" test_default
ktap_run "ethtool -s advertise (one mode, two, 1000 full; speed+duplex with autoneg): taken, link back both ends" test_advertise
ktap_run "ethtool -s autoneg off speed 10/100 duplex half/full: link as forced, both ends" test_forced
ktap_run "forced 100 full kept across ethtool -G, -L, ethtool -t offline, down/up" test_kept
ktap_run "forced 100 full kept across a TX-timeout reset" test_reset
ktap_run "forced 1000, 1000 half, 10000, modes outside supported, empty advertise, fibre, phyad refused; nothing changed; -r refused when forced" test_refused
ktap_run "pause frames and half duplex refused in either order" test_pause_half
ktap_run "ethtool -s autoneg on, ethtool -r: link back with every mode" test_restart
ktap_finished
