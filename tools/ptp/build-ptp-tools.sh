#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the Linux 6.12 tree's PTP and hardware timestamping
# selftest tools from Debian's linux-source tarball and install them into
# tools/ptp/build/ of this checkout (the test guest sees the checkout read
# only): ptp_tools.sh runs them against igx.
#
#   testptp          tools/testing/selftests/ptp: the PHC's ioctls
#   hwtstamp_config  tools/testing/selftests/net: SIOC[GS]HWTSTAMP
#   timestamping     tools/testing/selftests/net: SO_TIMESTAMPING on a UDP
#                    socket sending PTP Syncs to 224.0.1.130:319
#
# They are plain C programs against the uapi headers (linux-libc-dev 6.12
# from bookworm-backports, tools/deps.sh), built with the system compiler.
#
# One change to the tree's source: timestamping sends a Sync every 5 s
# forever.  IGX_TS_SENDS=N in its environment makes it return after the
# Nth Sync's 5 s receive window, so a test runs it to its end instead of
# killing it at a time that a loaded host could make too early; unset, it
# runs forever as before.
#
#   build-ptp-tools.sh            build if needed, install, print the directory
#   IGX_LINUX_TARBALL=F           another linux-source-6.12 tarball
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tarball=${IGX_LINUX_TARBALL:-$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)}
dest=$here/build
sel=tools/testing/selftests

die() { echo "build-ptp-tools: $*" >&2; exit 1; }
[ -f "$tarball" ] || die "no /usr/src/linux-source-6.12.tar.* (make deps)"

key=$( { stat -c '%s %Y' "$tarball"; sha256sum "$0"; cc --version | head -n1; } |
	sha256sum | cut -c1-16)
[ "$(cat "$dest/.key" 2>/dev/null)" = "$key" ] && [ -x "$dest/timestamping" ] &&
	{ echo "$dest"; exit 0; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=$(basename "$tarball")
top=${top%.tar.*}	# Debian's tarball holds linux-source-6.12/
tar -xf "$tarball" -C "$tmp" "$top/$sel/ptp/testptp.c" "$top/$sel/kselftest.h" \
	"$top/$sel/net/hwtstamp_config.c" "$top/$sel/net/timestamping.c"
src=$tmp/$top/$sel
ts=$src/net/timestamping.c
perl -0pi -e 's/(\tstruct sockaddr_in addr;\n)/$1\tconst char *sends_env = getenv("IGX_TS_SENDS");\n\tlong sends = sends_env ? atol(sends_env) : -1;\n/; s/(\t\t\} else \{\n)(\t\t\t\/\* write one packet \*\/\n)/\t\t} else if (sends == 0) {\n\t\t\tbreak;\n$1\t\t\tif (sends > 0)\n\t\t\t\tsends--;\n$2/' "$ts"
[ "$(grep -c 'sends' "$ts")" -ge 5 ] || die "timestamping.c send loop not found"
mkdir -p "$tmp/out"
cflags=(-O2 -Wall -Werror -I"$src")
cc "${cflags[@]}" -o "$tmp/out/testptp" "$src/ptp/testptp.c" -lrt
cc "${cflags[@]}" -o "$tmp/out/hwtstamp_config" "$src/net/hwtstamp_config.c"
cc "${cflags[@]}" -o "$tmp/out/timestamping" "$src/net/timestamping.c"
echo "from $tarball (timestamping: IGX_TS_SENDS)" >"$tmp/out/BUILD-INFO"
echo "$key" >"$tmp/out/.key"
mkdir -p "$dest"
for f in testptp hwtstamp_config timestamping BUILD-INFO .key; do
	cp "$tmp/out/$f" "$dest/$f.tmp"
	mv -f "$dest/$f.tmp" "$dest/$f"
done
echo "$dest"
