#!/bin/bash
# Install everything igx builds and tests with, from Debian bookworm and
# bookworm-backports.  Idempotent.  The backports source is derived from the
# machine's own apt sources, so no mirror host is ever written down here.
set -euo pipefail

SRC=/etc/apt/sources.list.d/debian.sources
BPO=/etc/apt/sources.list.d/igx-backports.sources
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

if [ ! -f "$BPO" ]; then
	[ -f "$SRC" ] || { echo "deps: $SRC not found; cannot derive backports" >&2; exit 1; }
	# first stanza only, with the suite swapped
	awk 'BEGIN{RS=""; ORS="\n"} NR==1{print; exit}' "$SRC" |
		sed -E 's/^Suites:.*/Suites: bookworm-backports/' | $SUDO tee "$BPO" >/dev/null
	STAMP=
fi

BPO_PKGS="qemu-system-x86 linux-image-amd64 linux-headers-amd64 linux-source bpftool libbpf-dev"
PKGS="build-essential bc bison flex libelf-dev libssl-dev dwarves pahole rsync
	busybox-static cpio xz-utils zstd kmod pciutils
	clang llvm lld libxdp-dev xdp-tools pkg-config libncurses-dev
	ethtool iproute2 iputils-ping socat iperf3 tcpdump python3 python3-yaml
	sparse jq netcat-openbsd gawk netsniff-ng libmnl0 bpftrace libmnl-dev python3-sphinx
	linuxptp"
# the xdpstat exporter's VM test scrapes with it; the node exporter it
# recommends is not needed.  make deb and its test: debhelper and DKMS
# (DKMS's recommended headers package would be the distribution's default
# kernel's, not one igx is tested on)
NOREC_PKGS="prometheus dpkg-dev debhelper dh-dkms dkms"

missing=
for p in $BPO_PKGS $PKGS $NOREC_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q -t bookworm-backports $BPO_PKGS
	$SUDO apt-get install -y -q $PKGS
	$SUDO apt-get install -y -q --no-install-recommends $NOREC_PKGS
fi
# the kernel's drivers/net selftests and ynl, ethtool 6.14 (idempotent)
bash "$(dirname "$0")/ksft-prep.sh"
echo "deps: ok"
