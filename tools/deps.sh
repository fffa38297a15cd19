#!/bin/bash
# Install everything igx builds and tests with, from Debian bookworm and
# bookworm-backports.  Idempotent.  The backports source is derived from the
# machine's own apt sources, so no mirror host is ever written down here.
#
#   deps.sh          what make check, make deb, make docs and the rest need
#   deps.sh --demo   only what make demo needs (build igx for 6.12, boot the
#                    port pair, ping, ethtool), without recommends: on a fresh
#                    Debian 12 about 130 packages and 90 MB instead of 380 and
#                    300 MB
set -euo pipefail
demo=
case ${1:-} in
--demo) demo=1 ;;
"") ;;
*) echo "usage: deps.sh [--demo]" >&2; exit 2 ;;
esac

SRC=/etc/apt/sources.list.d/debian.sources
BPO=/etc/apt/sources.list.d/igx-backports.sources
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

if [ ! -f "$BPO" ]; then
	[ -f "$SRC" ] || { echo "deps: $SRC not found; cannot derive backports" >&2; exit 1; }
	# first stanza only, with the suite swapped
	awk 'BEGIN{RS=""; ORS="\n"} NR==1{print; exit}' "$SRC" |
		sed -E 's/^Suites:.*/Suites: bookworm-backports/' | $SUDO tee "$BPO" >/dev/null
fi

# QEMU's recommends (its GUI, Mesa, GStreamer, spice, qemu-utils) are never
# used: the test bed boots -display none with SeaBIOS and the ROMs of its
# own dependencies. OVMF, also among them, comes from PKGS: the one guest
# woken from S3 with VFs (sriov_pm.sh) boots it (vm.sh --firmware ovmf).
BPO_NOREC_PKGS="qemu-system-x86"
BPO_PKGS="linux-image-amd64 linux-headers-amd64 linux-source bpftool libbpf-dev
	linux-perf"
PKGS="build-essential bc bison flex libelf-dev libssl-dev dwarves pahole rsync
	busybox-static cpio xz-utils zstd kmod pciutils
	clang llvm lld libxdp-dev xdp-tools pkg-config libncurses-dev
	ethtool iproute2 iputils-ping socat iperf3 tcpdump python3 python3-yaml
	sparse jq netcat-openbsd gawk netsniff-ng libmnl0 bpftrace libmnl-dev python3-sphinx
	linuxptp gnuplot-nox ovmf"
# the xdpstat exporter's VM test scrapes with it; the node exporter it
# recommends is not needed.  make deb and its test: debhelper and DKMS
# (DKMS's recommended headers package would be the distribution's default
# kernel's, not one igx is tested on)
NOREC_PKGS="prometheus dpkg-dev debhelper dh-dkms dkms"

# make demo: make driver (gcc-12 comes with the headers), tools/vm/vm.sh
# (its initramfs, tsc_khz.c, the QMP agent in python3, pgrep) and, in the guest
# over the host's root, ip, ethtool and ping
DEMO_PKGS="make gcc libc6-dev busybox-static cpio gzip xz-utils zstd kmod
	procps python3 iproute2 ethtool iputils-ping"
# In one transaction with the kernel: busybox-static and kmod carry
# initramfs hooks, and installed after it their trigger would build the new
# kernel's initrd a second time (three builds on a minimal bookworm, the
# longest step of a fresh make demo).  Of these, iproute2 then comes from
# backports too.
if [ -n "$demo" ]; then
	BPO_NOREC_PKGS="qemu-system-x86 linux-image-amd64 linux-headers-amd64 $DEMO_PKGS"
	BPO_PKGS='' PKGS='' NOREC_PKGS=''
fi

missing=
for p in $BPO_NOREC_PKGS $BPO_PKGS $PKGS $NOREC_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q -t bookworm-backports --no-install-recommends $BPO_NOREC_PKGS
	[ -z "$BPO_PKGS" ] || $SUDO apt-get install -y -q -t bookworm-backports $BPO_PKGS
	[ -z "$PKGS" ] || $SUDO apt-get install -y -q $PKGS
	[ -z "$NOREC_PKGS" ] || $SUDO apt-get install -y -q --no-install-recommends $NOREC_PKGS
fi
[ -n "$demo" ] && { echo "deps: ok (demo)"; exit 0; }
# the kernel's drivers/net selftests and ynl, ethtool 6.14 (idempotent)
bash "$(dirname "$0")/ksft-prep.sh"
echo "deps: ok"
