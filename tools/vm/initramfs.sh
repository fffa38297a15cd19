#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the test guest's initramfs: busybox-static, tools/vm/init
# and the 9p modules of MODDIR with their dependencies, decompressed because
# busybox insmod cannot read compressed modules.  Cached outside the checkout under a name derived
# from every input, so a changed input gives a new image.
#
#   initramfs.sh MODDIR      prints the path of the image
set -euo pipefail

moddir=${1:?usage: initramfs.sh MODDIR}
here=$(cd "$(dirname "$0")" && pwd)
cache=${IGX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/igx}
busybox=/bin/busybox	# busybox-static; nothing else is in the image to link against
[ -x "$busybox" ] || { echo "initramfs: $busybox not found (install busybox-static)" >&2; exit 1; }

# 9p over virtio and everything they need, dependencies first, from the
# kernel's modules.dep: Debian's 6.1 builds virtio, virtio_pci and fscache as
# modules too, where 6.12 and sid have them built in.  virtio_pci is nobody's
# dependency but is the transport.  A module absent from modules.dep is
# built into that kernel (a debug kernel has all of them).
mods=()
declare -A seen=()
dep_of() {
	awk -v m="$1" -F': *' '{ n = $1; sub(/.*\//, "", n); sub(/\.ko(\.(xz|zst|gz))?$/, "", n) }
		n == m { print $1; print $2; exit }' "$moddir/modules.dep"
}
want() {
	local m=$1 path deps d

	[ -z "${seen[$m]:-}" ] || return 0
	seen[$m]=1
	{ read -r path; read -r deps; } < <(dep_of "$m") || return 0
	[ -n "$path" ] || return 0
	for d in $deps; do
		d=$(basename "$d")
		want "${d%%.ko*}"
	done
	mods+=("$moddir/$path")
}
if [ -f "$moddir/modules.dep" ]; then
	for m in virtio_pci 9pnet_virtio 9p; do
		want "$m"
	done
fi

key=$(sha256sum "$here/init" "$busybox" ${mods[@]+"${mods[@]}"} | awk '{print $1}' |
	sha256sum | cut -c1-16)
img=$cache/initramfs-$key.cpio.gz
if [ ! -s "$img" ]; then
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/build.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp"/root/{bin,dev,proc,sys,newroot,lib/modules}
	cp "$busybox" "$tmp/root/bin/busybox"
	install -m 755 "$here/init" "$tmp/root/init"
	[ "$(id -u)" -ne 0 ] || mknod -m 600 "$tmp/root/dev/console" c 5 1
	for f in ${mods[@]+"${mods[@]}"}; do
		b=$(basename "$f")
		echo "${b%%.ko*}.ko" >>"$tmp/root/lib/modules/order"
		case $f in
		*.xz)  xz -dc "$f" >"$tmp/root/lib/modules/${b%.xz}" ;;
		*.zst) zstd -qdc "$f" >"$tmp/root/lib/modules/${b%.zst}" ;;
		*.gz)  gzip -dc "$f" >"$tmp/root/lib/modules/${b%.gz}" ;;
		*)     cp "$f" "$tmp/root/lib/modules/" ;;
		esac
	done
	(cd "$tmp/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$tmp/img"
	# rename is atomic: concurrent builders both produce the same image
	mv "$tmp/img" "$img"
fi
echo "$img"
