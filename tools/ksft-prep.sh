#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side preparation for selftests/drivers/net/igx/upstream.sh, the
# kernel's own drivers/net selftests run against igx.  Idempotent; run by
# tools/deps.sh.  Everything lands in $IGX_UPSTREAM_DIR (default
# /usr/local/lib/igx), which the test guest sees through the read-only root:
#
#   ksft/     the selftests' python/shell libraries, lib.mk and the
#             kselftest runner (selftests/drivers/net/igx/Makefile), the
#             drivers/net tests, the ynl library and netlink specs, from Debian's
#             linux-source-6.12 tarball; net/lib/csum built with a
#             receiver that stops at its count, not a timer (see below)
#   ethtool/  ethtool 6.14 from Debian trixie (hw/rss_ctx.py needs >= 6.11
#             for JSON RSS output; neither bookworm nor its backports have
#             one).  The trixie binary needs only libc6 >= 2.34 and libmnl0.
set -euo pipefail

dest=${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
[ -n "$tarball" ] || { echo "ksft-prep: no /usr/src/linux-source-6.12.tar.* (linux-source)" >&2; exit 1; }

# bump the last word when what is built from the tarball changes
src_stamp="$(basename "$tarball") $(stat -c '%s %Y' "$tarball") 5"
if [ "$(cat "$dest/ksft/.stamp" 2>/dev/null)" != "$src_stamp" ]; then
	echo "ksft-prep: extracting the drivers/net selftests from $tarball"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	tar -xf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
		'linux-source-6.12/tools/testing/selftests/net/lib/*' \
		'linux-source-6.12/tools/testing/selftests/net/lib.sh' \
		'linux-source-6.12/tools/testing/selftests/net/forwarding/*' \
		'linux-source-6.12/tools/testing/selftests/drivers/net/*' \
		'linux-source-6.12/tools/testing/selftests/kselftest*' \
		'linux-source-6.12/tools/testing/selftests/lib.mk' \
		'linux-source-6.12/tools/testing/selftests/run_kselftest.sh' \
		'linux-source-6.12/tools/net/ynl/*' \
		'linux-source-6.12/Documentation/netlink/specs/*'
	# csum's receiver counted what arrived in a fixed window (2 s, or -L)
	# that opens before hw/csum.py even spawns the sender: in an emulated
	# guest on a loaded host the sender started 1-27 s after the receiver
	# (15 cases, host load 24): a window that closed mid-burst lost the
	# burst's end (1-2 of 100 frames missing at the socket).  The receiver
	# now ends when it has its -n frames: 100 of 100 in all 15, 1.0-28.9 s
	# after it started.  The window only bounds a failure (120 s); the
	# receiver says how long it took.
	c=$tmp/tools/testing/selftests/net/lib/csum.c
	perl -0pi -e 's/(\t\ttleft = tstop - gettimeofday_ms\(\);\n\t\} while \(tleft > 0)\);/$1 \&\& count_pkt < cfg_num_pkt);\n\tfprintf(stderr, "rx: %lu of %d frames in %ld ms\\n", count_pkt, cfg_num_pkt, cfg_timeout_ms - tleft);/' "$c"
	grep -q 'while (tleft > 0 && count_pkt < cfg_num_pkt);' "$c" ||
		{ echo "ksft-prep: csum.c receive loop not found" >&2; exit 1; }
	gcc -O2 -I"$tmp/tools/testing/selftests" \
		-o "$tmp/tools/testing/selftests/net/lib/csum.bin" "$c"
	cat >"$tmp/tools/testing/selftests/net/lib/csum" <<-'EOS'
	#!/bin/sh
	case " $* " in
	*" -R "*) exec "$0.bin" "$@" -L 120 ;;
	*) exec "$0.bin" "$@" ;;
	esac
	EOS
	chmod 0755 "$tmp/tools/testing/selftests/net/lib/csum"
	echo "$src_stamp" >"$tmp/.stamp"
	$SUDO mkdir -p "$dest"
	# copied beside the old tree and swapped in: a guest running the
	# suites from it meanwhile sees one or the other
	$SUDO rm -rf "$dest/ksft.new"
	$SUDO cp -a "$tmp" "$dest/ksft.new"
	$SUDO chmod -R a+rX "$dest/ksft.new"
	$SUDO rm -rf "$dest/ksft"
	$SUDO mv "$dest/ksft.new" "$dest/ksft"
	rm -rf "$tmp"
	trap - EXIT
fi

ethtool_ok() {
	local v

	v=$("$dest/ethtool/ethtool" --version 2>/dev/null | awk '{ print $3 }')
	[ -n "$v" ] && [ "$(printf '%s\n6.11\n' "$v" | sort -V | head -n1)" = 6.11 ]
}

if ! ethtool_ok; then
	echo "ksft-prep: fetching ethtool from Debian trixie"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/sources" "$tmp/lists/partial" "$tmp/cache/archives/partial"
	# the machine's own bookworm mirror, with the suite swapped
	awk 'BEGIN{RS=""; ORS="\n"} NR==1{print; exit}' /etc/apt/sources.list.d/debian.sources |
		sed -E 's/^Suites:.*/Suites: trixie/' >"$tmp/sources/trixie.sources"
	apt=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$tmp/sources"
	     -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache"
	     -o APT::Sandbox::User=root -q)
	$SUDO apt-get "${apt[@]}" update >/dev/null
	(cd "$tmp" && $SUDO apt-get "${apt[@]}" download ethtool >/dev/null)
	dpkg-deb -x "$tmp"/ethtool_*.deb "$tmp/x"
	$SUDO mkdir -p "$dest/ethtool"
	$SUDO install -m 0755 "$tmp/x/usr/sbin/ethtool" "$dest/ethtool/ethtool"
	rm -rf "$tmp"
	trap - EXIT
	ethtool_ok || { echo "ksft-prep: ethtool from trixie does not run here" >&2; exit 1; }
fi
echo "ksft-prep: ok ($dest: ksft, $("$dest/ethtool/ethtool" --version))"
