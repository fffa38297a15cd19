#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot the port pair (A = igx, B = in-tree igb in netns peer),
# configure addresses, ping both ways and show port A's counters.
#   IGX_DRV=igb tools/vm/demo.sh   the same with the in-tree driver on A
cd "$(dirname "$0")/../.."
exec tools/vm/vm.sh --driver-a "${IGX_DRV:-igx}" --timeout 300 -- bash -c '
. tools/vm/guest-lib.sh
set -e
step() { echo; echo "### $*"; }
step "port A: $IGX_A ($IGX_A_PCI), port B: $IGX_B ($IGX_B_PCI) in netns peer"
ethtool -i "$IGX_A"
ip addr add 192.0.2.1/24 dev "$IGX_A"
ip link set "$IGX_A" up
peer ip addr add 192.0.2.2/24 dev "$IGX_B"
peer ip link set "$IGX_B" up
wait_link "$IGX_A"
wait_link "$IGX_B"
ip -br addr show dev "$IGX_A"
step "ping A -> B"
ping -c 5 -i 0.2 192.0.2.2
step "ping B -> A"
peer ping -c 5 -i 0.2 192.0.2.1
step "ethtool -S $IGX_A"
ethtool -S "$IGX_A" | grep -v ": 0$"
echo "(counters that are 0 not shown)"
'
