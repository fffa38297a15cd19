#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: --timeout 900
# xdp_progs.sh on port A of the test bed (native XDP of the driver under
# test), peer port B in netns peer.
exec "$(dirname "$0")/xdp_progs.sh" port-a
