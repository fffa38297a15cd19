#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900
# xdp_progs.sh on port A of the test bed (native XDP of the driver under
# test), peer port B in netns peer.  The suite's run of xdp_progs.sh (its
# veth mode is run by hand, see there).
exec bash "$(dirname "$0")/xdp_progs.sh" port-a
