#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the test guest's initramfs: busybox-static, tools/vm/init
# and the 9p modules of MODDIR, decompressed because busybox insmod cannot
# read compressed modules.  Cached outside the checkout under a name derived
# from every input, so a changed input gives a new image.
#
#   initramfs.sh MODDIR      prints the path of the image
set -euo pipefail

moddir=${1:?usage: initramfs.sh MODDIR}
here=$(cd "$(dirname "$0")" && pwd)
cache=${IGX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/igx}
busybox=/bin/busybox	# busybox-static; nothing else is in the image to link against
[ -x "$busybox" ] || { echo "initramfs: $busybox not found (install busybox-static)" >&2; exit 1; }

mods=()
for m in netfs 9pnet 9pnet_virtio 9p; do
	f=$(find "$moddir/kernel" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" \
		-o -name "$m.ko.gz" 2>/dev/null | head -n1)
	# absent: built into that kernel (init skips what it does not find)
	[ -n "$f" ] && mods+=("$f")
done

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
