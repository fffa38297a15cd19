#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Usage: VMLINUZ OUT.  Writes the ELF vmlinux held in a bzImage.
# The BTF in the image is what CO-RE programs must be built against; the
# host's /sys/kernel/btf describes whatever kernel the host happens to run.
set -eu

in=$1
out=$2
tmp=$out.tmp

try() {
	# $1: magic as a grep -P pattern, $2: decompressor reading stdin
	for off in $(LC_ALL=C grep -aboP "$1" "$in" | cut -d: -f1); do
		tail -c +"$((off + 1))" "$in" | $2 >"$tmp" 2>/dev/null || true
		if readelf -h "$tmp" >/dev/null 2>&1; then
			mv "$tmp" "$out"
			exit 0
		fi
	done
}

# Already an ELF image (e.g. a vmlinux passed on purpose)
if readelf -h "$in" >/dev/null 2>&1; then
	cp "$in" "$out"
	exit 0
fi

try '\x28\xb5\x2f\xfd' 'zstd -dcq'
try '\xfd7zXZ\x00' 'xz -dcq'
try '\x1f\x8b\x08' 'gzip -dcq'
try '\x5d\x00\x00\x00' 'xz -dcq --format=lzma'
try '\x02\x21\x4c\x18' 'lz4 -dcq'
try 'BZh' 'bzip2 -dcq'
rm -f "$tmp"
echo "vmlinux-extract: no ELF image found in $in" >&2
exit 1
