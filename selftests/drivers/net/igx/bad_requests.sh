#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900
# Requests port A must refuse, one per row of the table below: each fails
# with the error its row names, and leaves the port exactly as it was
# (configuration, carrier, traffic).
. "$(dirname "$0")/lib.sh"
. "$here/faults.sh"

XDP=$(xdp_obj)

# scope | request (A = port A's netdev) | extended regex the error output must match
# scope: all = any driver (the stack refuses), igx = igx's own checks
TABLE=(
	"all|ethtool -L A combined 9|exceeds maximum"
	"all|ethtool -L A combined 0|no RX or TX channel"
	"all|ethtool -L A rx 1|exceeds maximum"
	"all|ethtool -L A other 2|exceeds maximum"
	"igx|ethtool -L A other 0|Invalid argument"
	"all|ethtool -G A rx 65536|exceeds maximum"
	"all|ethtool -G A rx-mini 1|exceeds maximum|not supported"
	"igx|ethtool -G A rx 32|ring size must be 64\.\.4096"
	"igx|ethtool -G A tx 0|ring size must be 64\.\.4096"
	"igx|ethtool -G A rx 100|multiple of 8"
	"igx|ethtool -C A rx-usecs 100000 tx-usecs 100000|rx-usecs must be 0\.\."
	"igx|ethtool -C A rx-usecs 10 tx-usecs 30|set them equal"
	"igx|ethtool -C A rx-frames 5|unsupported parameter"
	"igx|ethtool -X A hfunc xor|only the Toeplitz hash|Operation not supported"
	"igx|ethtool -X A context new|no additional RSS contexts|Operation not supported"
	"all|ethtool -X A equal 9|[Ii]nvalid|[Cc]annot|out of range|exceed"
	"igx|ethtool -s A autoneg off speed 1000 duplex half|Invalid argument"
	"igx|ethtool -K A ntuple on|[Cc]ould not change|fixed"
	"all|ip link set A mtu 67|less than device minimum"
	"all|ip link set A mtu 65536|greater than device maximum"
	"all|ip link set A address 01:00:5e:00:00:01|Cannot assign requested address"
	"all|ip link set A address 00:00:00:00:00:00|Cannot assign requested address"
	"all|ip link set A xdpoffload obj XDP sec xdp|[Oo]ffload|not supported|failed to load"
	"igx|JUMBO ip link set A xdpdrv obj XDP sec xdp|does not handle fragments"
	"all|XDPGENERIC ip link set A xdpdrv obj XDP sec xdp|generic XDP can't be active|not supported"
	"all|XSK -z -q 8|queue 8: Invalid argument"
	"igx|XSK -z -M --headroom 3000|leaves [0-9]+ bytes after headroom"
)

cfg0= bad_rows=
rxfh() { ethtool -x "$IGX_A" | grep -vi 'hash function\|^ *$'; }

row() {
	local scope=$1 req=$2 expect=$3 out rc pre=

	[ "$scope" = all ] || [ "$scope" = "$IGX_DRV" ] || { skip "$scope's own check"; return; }
	case $req in
	XSK*)
		[ -x "$XB" ] || { skip "tools/xsk-bench not built (make tools)"; return; }
		# an AF_XDP socket bind through xsk-bench; the bind itself has
		# no extack, so the driver's reason is in the kernel log
		req="bash -c '$XB -i A -r ${req#XSK } -d 1 -x; rc=\$?; dmesg | tail -n 2; exit \$rc'"
		;;
	*XDP*)
		[ -n "$XDP" ] || { skip "bpf/xdp_pass.o not built (make bpf)"; return; } ;;
	esac
	case ${req%% *} in
	XDPGENERIC)
		# a generic program is attached first; it must stay
		req=${req#XDPGENERIC }
		ip link set dev "$IGX_A" xdpgeneric obj "$XDP" sec xdp || return 1
		pre=generic
		;;
	JUMBO)
		# at an MTU that needs several RX buffers per frame
		req=${req#JUMBO }
		ip link set "$IGX_A" mtu 9000 || return 1
		pre=jumbo
		;;
	esac
	case $req in
	bash\ -c*)
		req=${req/ -i A / -i $IGX_A }
		out=$(eval "$req" 2>&1)
		;;
	*)
		req=${req//XDP/$XDP}
		# shellcheck disable=SC2086
		out=$(${req/ A / $IGX_A } 2>&1)
		;;
	esac
	rc=$?
	echo "$ ${req/ A / $IGX_A }"
	echo "exit $rc: $out" | head -n 3
	case $pre in
	generic)
		[ "$(xdp_id)" != none ] || { echo "the generic program went away"; return 1; }
		ip link set dev "$IGX_A" xdpgeneric off
		;;
	jumbo)
		ip link set "$IGX_A" mtu "$(sed -n 's/^mtu \([0-9]*\) .*/\1/p' <<<"$cfg0")"
		;;
	esac
	[ $rc -ne 0 ] || { echo "accepted"; return 1; }
	grep -qE "$expect" <<<"$out" || { echo "error does not match /$expect/"; return 1; }
	same_config "$cfg0" "$(a_config; rxfh)" || return 1
	[ "$(cat "/sys/class/net/$IGX_A/carrier")" = 1 ] || wait_link "$IGX_A" 30 || return 1
	ping_ok "$B4"
}

final() {
	[ -z "$bad_rows" ] || { echo "a request changed the configuration"; return 1; }
	same_config "$cfg0" "$(a_config; rxfh)" && wait_link "$IGX_A" 30 &&
		ping_ok "$B4" && ping_ok -6 "$B6"
}

ktap_plan $((${#TABLE[@]} + 1))
setup_addrs && ping_ok "$B4"
cfg0=$(a_config; rxfh)
for r in "${TABLE[@]}"; do
	IFS='|' read -r scope req expect <<<"$r"
	# the rest of the line is alternatives of the regex
	expect=${r#"$scope|$req|"}
	name=${req//XDPGENERIC /(generic XDP attached) }
	ktap_run "refused: ${name//JUMBO /(MTU 9000) }" row "$scope" "$req" "$expect"
	# a failed row must not fail the ones after it
	cfg=$(a_config; rxfh)
	if [ "$cfg" != "$cfg0" ]; then
		echo "# (configuration now differs: later rows compare with it)"
		cfg0=$cfg
		bad_rows=1
	fi
done
ktap_run "port unchanged and working after the whole table" final
ktap_finished
