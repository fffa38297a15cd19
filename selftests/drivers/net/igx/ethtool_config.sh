#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ethtool settings: each one applied and read back; each out-of-range value
# refused with the port unchanged (and still passing traffic).
. "$(dirname "$0")/lib.sh"

# a newer ethtool (tools/ksft-prep.sh) when there is one: JSON everywhere
UP=${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}
[ -x "$UP/ethtool/ethtool" ] && PATH=$UP/ethtool:$PATH
# ... except for -X before Linux 6.8: ethtool 6.7 and later send
# input_xfrm (0xff, no change) in a byte that older kernels reserve and
# refuse unless zero (6.1: "Cannot set RX flow hash configuration: Invalid
# argument" for any -X); bookworm's ethtool 6.1 leaves it zero
if [ "$(printf '%s\n' 6.8 "$(uname -r)" | sort -V | head -n1)" != 6.8 ]; then
	ethtool() {
		if [ "$1" = -X ]; then /usr/sbin/ethtool "$@"; else command ethtool "$@"; fi
	}
fi
A=$IGX_A

# field VALUE of "ethtool OPT A" output lines "NAME: VALUE" (first match)
field() { ethtool "$1" "$A" | sed -nE "s/^$2:[[:space:]]+//p" | head -n1; }

# refuse SNAPSHOT_CMD -- ETHTOOL_ARGS...: the command fails, the snapshot
# is the same afterwards, and the port still answers
refuse() {
	local snap=$1 before after out

	shift 2
	before=$($snap)
	# ethtool 6.1 (bookworm) prints the kernel's -EINVAL for -N
	# rx-flow-hash but still exits 0: the message counts as the refusal
	if out=$(ethtool "$@" 2>&1) && ! grep -q '^Cannot ' <<<"$out"; then
		echo "$out"
		echo "accepted: ethtool $*"
		return 1
	fi
	echo "$out"
	after=$($snap)
	[ "$before" = "$after" ] || { echo "changed: $before -> $after"; return 1; }
	ping_ok "$B4"
}

coal() { ethtool -c "$A" | grep -E '^(Adaptive RX|rx-usecs|tx-usecs):'; }
pause() { ethtool -a "$A" | tail -n +2; }
hash4() { ethtool -n "$A" rx-flow-hash tcp4; ethtool -n "$A" rx-flow-hash udp6; }
rss() { ethtool -x "$A"; }
rings() { ethtool -g "$A" | sed -n '/^Current/,$p'; }
chans() { ethtool -l "$A" | sed -n '/^Current/,$p'; }

test_coalesce_default() {
	coal
	coal | grep -q '^Adaptive RX: on  TX: on'
}

test_coalesce_set() {
	ethtool -C "$A" adaptive-rx off adaptive-tx off rx-usecs 40 tx-usecs 40 || return 1
	coal
	[ "$(field -c rx-usecs)" = 40 ] && coal | grep -q '^Adaptive RX: off  TX: off' &&
		ping_ok "$B4" &&
		ethtool -C "$A" adaptive-rx on adaptive-tx on && coal | grep -q '^Adaptive RX: on'
}

test_coalesce_refused() {
	refuse coal -- -C "$A" rx-usecs 100000 tx-usecs 100000 &&
		refuse coal -- -C "$A" rx-usecs 10 tx-usecs 30 &&
		refuse coal -- -C "$A" adaptive-rx off adaptive-tx on &&
		refuse coal -- -C "$A" rx-frames 10
}

test_pause() {
	ethtool -A "$A" autoneg off rx on tx on || return 1
	pause
	[ "$(field -a RX)" = on ] && [ "$(field -a TX)" = on ] && ping_ok "$B4" &&
		ethtool -A "$A" rx off tx off && [ "$(field -a RX)" = off ]
}

test_pause_refused() {
	refuse pause -- -A "$A" autoneg on
}

test_flow_hash() {
	ethtool -N "$A" rx-flow-hash tcp4 sd || return 1
	ethtool -n "$A" rx-flow-hash tcp4
	ethtool -n "$A" rx-flow-hash tcp4 | grep -q 'L4 bytes' && return 1
	ethtool -N "$A" rx-flow-hash tcp4 sdfn &&
		ethtool -n "$A" rx-flow-hash tcp4 | grep -q 'L4 bytes 0 & 1' && ping_ok "$B4"
}

test_flow_hash_refused() {
	refuse hash4 -- -N "$A" rx-flow-hash tcp4 s &&
		refuse hash4 -- -N "$A" rx-flow-hash udp6 sdf &&
		refuse hash4 -- -N "$A" rx-flow-hash ip4 sdfn
}

test_rss() {
	local key=00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77

	ethtool -X "$A" equal 1 hkey "$key" || return 1
	rss | head -n 4
	# every entry queue 0, and the key as given
	[ "$(rss | awk '/^ +[0-9]+:/ { for (i = 2; i <= NF; i++) s += $i } END { print s + 0 }')" = 0 ] &&
		rss | tr -d '\n ' | grep -q "$key" &&
		ethtool -X "$A" default && ping_ok "$B4"
}

test_rss_refused() {
	refuse rss -- -X "$A" weight 1 1 1 1 1 1 1 1 1 &&
		refuse rss -- -X "$A" hfunc xor &&
		refuse rss -- -X "$A" hkey 00:11
}

test_rings() {
	ethtool -G "$A" rx 512 tx 128 || return 1
	wait_link "$A" || return 1
	rings
	[ "$(rings | sed -n 's/^RX:[[:space:]]*//p')" = 512 ] &&
		[ "$(rings | sed -n 's/^TX:[[:space:]]*//p')" = 128 ] && ping_ok "$B4" &&
		ethtool -G "$A" rx 256 tx 256 && wait_link "$A"
}

test_rings_refused() {
	refuse rings -- -G "$A" rx 32 &&
		refuse rings -- -G "$A" tx 8192 &&
		refuse rings -- -G "$A" rx 100
}

test_channels() {
	local max

	max=$(chans | sed -nE 's/^Combined:[[:space:]]+//p')
	ethtool -L "$A" combined 1 || return 1
	wait_link "$A" || return 1
	chans
	[ "$(chans | sed -nE 's/^Combined:[[:space:]]+//p')" = 1 ] && ping_ok "$B4" &&
		ethtool -L "$A" combined "$max" && wait_link "$A" &&
		[ "$(chans | sed -nE 's/^Combined:[[:space:]]+//p')" = "$max" ] && ping_ok "$B4"
}

test_channels_refused() {
	refuse chans -- -L "$A" combined 9 &&
		refuse chans -- -L "$A" combined 0 &&
		refuse chans -- -L "$A" rx 2
}

test_eeprom() {
	local mac

	ethtool -e "$A" length 16
	mac=$(ethtool -e "$A" raw on length 6 | od -An -tx1 | tr -s ' ' ':' | sed 's/^://; s/:$//')
	echo "NVM words 0-2: $mac, permanent address $(ethtool -P "$A")"
	ethtool -P "$A" | grep -qi "$mac" && ethtool -e "$A" offset 2040 length 8 >/dev/null &&
		! ethtool -e "$A" offset 2048 length 2
}

ktap_plan 15
setup_addrs
ping_ok "$B4" >/dev/null
ktap_run "coalesce: adaptive moderation on by default" test_coalesce_default
ktap_run "coalesce: static rx/tx-usecs applied and read back" test_coalesce_set
ktap_run "coalesce: out-of-range and mismatched values refused" test_coalesce_refused
ktap_run "pause: rx/tx on applied and read back" test_pause
ktap_run "pause: autonegotiation refused, unchanged" test_pause_refused
ktap_run "rx-flow-hash: tcp4 addresses only, then 4-tuple" test_flow_hash
ktap_run "rx-flow-hash: unsupported field sets refused" test_flow_hash_refused
ktap_run "rss: indirection table and key applied and read back" test_rss
ktap_run "rss: out-of-range table, hash function, key refused" test_rss_refused
ktap_run "rings: 512/128 applied and read back" test_rings
ktap_run "rings: out-of-range sizes refused" test_rings_refused
ktap_run "channels: 1 then max, port works" test_channels
ktap_run "channels: out-of-range counts refused" test_channels_refused
ktap_run "eeprom: NVM words 0-2 are the permanent MAC, bounds checked" test_eeprom
ktap_run "port still passes traffic both ways" ping_ok -6 "$B6"
ktap_finished
