#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Which devices igx takes: the copper 82576 IDs in its aliases and no
# others, and only ports whose driver_override names it, so that with the
# in-tree igb loaded too no port changes hands by load order.
. "$(dirname "$0")/lib.sh"

dev=/sys/bus/pci/devices/$IGX_A_PCI

need_igx() {
	[ "$IGX_DRV" = igx ] || { skip "port A is $IGX_DRV: these are igx's own rules"; return; }
}

test_aliases() {
	local want got

	need_igx || return
	want=$(printf 'pci:v00008086d0000%s\n' 10C9 10E8 1526 150A | sort)
	got=$(modinfo -F alias "$IGX_KO" | sed 's/sv\*sd\*bc\*sc\*i\*$//' | sort)
	echo "aliases: $(echo $got)"
	[ "$got" = "$want" ] || { echo "expected: $(echo $want)"; return 1; }
}

# port A unbound with no override: igx's bind file refuses it, and a
# probe hands it to igb
test_no_override() {
	local err

	need_igx || return
	unbind_a || return 1
	echo >"$dev/driver_override" || return 1
	[ "$(cat "$dev/driver_override")" = "(null)" ] || { echo "override not cleared"; return 1; }
	if err=$(echo "$IGX_A_PCI" 2>&1 >/sys/bus/pci/drivers/igx/bind); then
		echo "igx bound $IGX_A_PCI without driver_override"
		return 1
	fi
	echo "igx/bind refused: $err"
	echo "$IGX_A_PCI" >/sys/bus/pci/drivers_probe
	[ "$(a_driver)" = igb ] || { echo "after drivers_probe port A is on '$(a_driver)', not igb"; return 1; }
	echo "drivers_probe gave port A to igb"
}

# igx loaded after an unbound port appeared (as at boot, when igx's module
# loads before igb's) leaves it alone
test_load_order() {
	need_igx || return
	unbind_a || return 1
	unload_igx || return 1
	load_igx || return 1
	sleep 1
	[ -z "$(a_driver)" ] || { echo "port A went to '$(a_driver)' when igx loaded"; return 1; }
	echo "igx loaded, port A still unbound"
}

test_override_binds() {
	need_igx || return
	bind_a igx || return 1
	setup_addrs && ping_ok "$B4"
}

ktap_plan 4
ktap_run "aliases: the copper 82576 IDs only" test_aliases
ktap_run "no driver_override: igx/bind refuses, igb takes the port" test_no_override
ktap_run "igx loaded beside an unbound port leaves it unbound" test_load_order
ktap_run "driver_override=igx binds the port, traffic flows" test_override_binds
ktap_finished
