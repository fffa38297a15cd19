#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernels igx is tested on, besides the primary 6.12 from
# bookworm-backports (tools/deps.sh):
#
#   6.1   Debian 12's own kernel: linux-image-6.1.0-N-amd64 and its headers,
#         installed from bookworm (the newest ABI N the archive has).
#   sid   the newest Debian kernel: image and modules packages fetched through
#         an apt configuration of its own (the first stanza of the machine's
#         debian.sources with the suite swapped; the machine's sources are
#         never changed) and unpacked under the cache.  Sid's header package
#         wants a newer gcc and glibc than bookworm has, so igx is built
#         against a tree prepared from sid's linux-source with the image's
#         config, the image's release string and the local gcc.
#
#   kernels.sh prepare KERNEL    fetch and prepare (idempotent; quiet when ready)
#   kernels.sh --kdir KERNEL     the tree to build igx against (KDIR)
#   kernels.sh --ksft KERNEL     its tree's tools/testing/selftests (upstream.sh)
#   kernels.sh --vm-args KERNEL  the tools/vm/vm.sh options that boot it
#
# KERNEL is 6.1, 6.12 or sid.  Everything lands in $IGX_CACHE/kernels
# (default ~/.cache/igx/kernels); sid takes about 400 MB of downloads and a
# few minutes of modules_prepare the first time.
set -euo pipefail

cache=${IGX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/igx}/kernels
SRC=/etc/apt/sources.list.d/debian.sources
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

die() {
	echo "kernels: $*" >&2
	exit 1
}

usage() {
	sed -n '16,19p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# apt waits for another apt instead of failing on its lock
apt_get() {
	$SUDO apt-get -o DPkg::Lock::Timeout=900 -q "$@"
}

# ---- 6.12: tools/deps.sh installs it ----
k612_rel() {
	local v

	v=$(uname -r)
	case $v in 6.12.*) [ -d "/lib/modules/$v/build" ] && { echo "$v"; return; } ;; esac
	ls -d /lib/modules/6.12.*/build 2>/dev/null | sort -V | tail -n1 | cut -d/ -f4
}

# ---- 6.1 from bookworm ----
# the newest installed 6.1 image that has its headers
k61_rel() {
	local r

	for r in $(ls -d /lib/modules/6.1.0-*-amd64 2>/dev/null | xargs -rn1 basename | sort -rV); do
		if [ -f "/boot/vmlinuz-$r" ] && [ -f "/lib/modules/$r/build/Makefile" ]; then
			echo "$r"
			return
		fi
	done
}

k61_prepare() {
	local abi

	[ -z "$(k61_rel)" ] || return 0
	[ -n "${IGX_APT_UPDATED:-}" ] || apt_get update
	abi=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' |
		awk '{ print $1 }' | sort -V | tail -n1)
	[ -n "$abi" ] || die "bookworm offers no linux-image-6.1.0-*-amd64"
	abi=${abi#linux-image-}
	echo "kernels: installing linux-image-$abi and linux-headers-$abi from bookworm"
	DEBIAN_FRONTEND=noninteractive apt_get install -y \
		"linux-image-$abi" "linux-headers-$abi"
	[ -n "$(k61_rel)" ] || die "linux-image-$abi installed but not usable"
}

# the selftests of the 6.1 tree (drivers/net and the kselftest headers),
# for upstream.sh: only these are unpacked from linux-source-6.1 (139 MB
# download, about 20 s)
k61_ksft() {
	local d=$cache/6.1/selftests tmp

	[ ! -f "$d/.ready" ] || return 0
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/igx-ls61.XXXXXX")
	echo "kernels: fetching linux-source-6.1 for its drivers/net selftests"
	(cd "$tmp" && apt-get -q download linux-source-6.1 >/dev/null 2>&1) ||
		{ rm -rf "$tmp"; die "cannot download linux-source-6.1"; }
	rm -rf "$d"
	mkdir -p "$d"
	dpkg-deb --fsys-tarfile "$tmp"/linux-source-6.1_*.deb |
		tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
		tar -xJ -C "$d" --strip-components=4 --wildcards \
			'linux-source-6.1/tools/testing/selftests/drivers/net/*' \
			'linux-source-6.1/tools/testing/selftests/kselftest*' ||
		{ rm -rf "$tmp"; die "cannot unpack linux-source-6.1's selftests"; }
	rm -rf "$tmp"
	touch "$d/.ready"
}

# ---- sid ----
sid_apt() {
	local d=$cache/apt-sid

	mkdir -p "$d/sources" "$d/lists/partial" "$d/cache/archives/partial"
	if [ ! -s "$d/sources/sid.sources" ]; then
		[ -f "$SRC" ] || die "$SRC not found; cannot derive a sid source"
		# the machine's own mirror, first stanza, with the suite swapped
		awk 'BEGIN{RS=""; ORS="\n"} NR==1{print; exit}' "$SRC" |
			sed -E 's/^Suites:.*/Suites: sid/' >"$d/sources/sid.sources"
	fi
	: >"$d/status"
	sid_opts=(-o Dir::Etc::sourcelist=/dev/null -o "Dir::Etc::sourceparts=$d/sources"
		-o Dir::Etc::preferencesparts=/dev/null -o Dir::Etc::preferences=/dev/null
		-o "Dir::State::Lists=$d/lists" -o "Dir::State::status=$d/status"
		-o "Dir::Cache=$d/cache" -o APT::Sandbox::User=root -q)
}

# the release (7.2.13+deb14-amd64) of the prepared sid tree, if any
sid_rel() {
	local l=$cache/sid

	local r

	[ -L "$l" ] && [ -f "$l/.ready" ] || return 0
	r=$(basename "$(readlink "$l")")
	r=${r#sid-}
	[ ! -f "$l/root/usr/lib/modules/$r/vmlinuz" ] || echo "$r"
}

sid_prepare() {
	local img rel d deps p tarball

	[ -z "$(sid_rel)" ] || return 0
	sid_apt
	echo "kernels: reading sid's package lists (isolated apt configuration)"
	apt-get "${sid_opts[@]}" update >/dev/null
	img=$(apt-cache "${sid_opts[@]}" depends linux-image-amd64 |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[ -n "$img" ] || die "sid's linux-image-amd64 names no image"
	rel=${img#linux-image-}
	d=$cache/sid-$rel
	rm -rf "$d"
	mkdir -p "$d/debs" "$d/root" "$d/src" "$d/build"
	# the image is a metapackage of the kernel binary and its modules;
	# names compared as strings: sid's releases carry a '+' (7.2.13+deb14)
	deps=$(apt-cache "${sid_opts[@]}" depends "$img" |
		awk -v r="$rel" '$1 == "Depends:" && ($2 == "linux-binary-" r ||
			$2 == "linux-modules-" r || $2 == "linux-base-" r) { print $2 }')
	p=$(apt-cache "${sid_opts[@]}" depends linux-source |
		awk '/Depends: linux-source-[0-9]/ { print $2; exit }')
	[ -n "$p" ] || die "sid's linux-source names no source package"
	echo "kernels: downloading $img ($deps) and $p from sid"
	[ "$(wc -w <<<"$deps")" -eq 3 ] || die "sid's $img: binary, modules and base packages not all named ($deps)"
	# the headers package only for the image's Module.symvers (modpost)
	# shellcheck disable=SC2086
	(cd "$d/debs" && apt-get "${sid_opts[@]}" download $deps "linux-headers-$rel" "$p" >/dev/null)
	for p in "$d"/debs/linux-binary-*.deb "$d"/debs/linux-modules-*.deb "$d"/debs/linux-base-*.deb; do
		dpkg-deb -x "$p" "$d/root"
	done
	[ -f "$d/root/usr/lib/modules/$rel/vmlinuz" ] || die "no vmlinuz in sid's $img packages"
	# modprobe in the guest needs the module index the postinst would write
	depmod -b "$d/root/usr" "$rel"

	echo "kernels: preparing a $rel tree from sid's linux-source with the local gcc"
	dpkg-deb --fsys-tarfile "$d"/debs/linux-source-*.deb |
		tar -x -C "$d" --wildcards './usr/src/linux-source-*.tar.*'
	tarball=$(ls "$d"/usr/src/linux-source-*.tar.* | head -n1)
	tar -xf "$tarball" -C "$d/src" --strip-components=1
	rm -rf "$d/usr"
	cp "$d/root/usr/lib/modules/$rel/config" "$d/build/.config"
	make -s -C "$d/src" O="$d/build" KERNELRELEASE="$rel" olddefconfig
	make -s -C "$d/src" O="$d/build" KERNELRELEASE="$rel" -j"$(nproc)" modules_prepare
	# the image's own symbol list, for modpost
	dpkg-deb --fsys-tarfile "$d"/debs/linux-headers-*.deb |
		tar -xO --wildcards '*/Module.symvers' >"$d/build/Module.symvers" ||
		die "no Module.symvers in sid's linux-headers-$rel"
	[ "$(cat "$d/build/include/config/kernel.release")" = "$rel" ] ||
		die "the prepared tree's release is not $rel"
	rm -f "$d"/debs/linux-source-*.deb "$d"/debs/linux-headers-*.deb
	# ping.py of this tree (the smoke set) attaches it for its XDP cases
	clang -O2 -target bpf -I/usr/include/x86_64-linux-gnu -c "$d/src/tools/testing/selftests/net/lib/xdp_dummy.bpf.c" \
		-o "$d/src/tools/testing/selftests/net/lib/xdp_dummy.bpf.o"
	touch "$d/.ready"
	ln -sfn "sid-$rel" "$cache/sid"
}

[ $# -eq 2 ] || usage
what=$1 k=$2
case $k in 6.1|6.12|sid) ;; *) die "KERNEL must be 6.1, 6.12 or sid (not '$k')" ;; esac

case $what in
prepare)
	case $k in
	6.12) [ -n "$(k612_rel)" ] || die "no 6.12 headers (make deps)" ;;
	6.1) k61_prepare; k61_ksft ;;
	sid) sid_prepare ;;
	esac
	;;
--kdir)
	case $k in
	6.12) r=$(k612_rel); [ -n "$r" ] || die "no 6.12 headers (make deps)"; echo "/lib/modules/$r/build" ;;
	6.1) r=$(k61_rel); [ -n "$r" ] || die "6.1 not prepared (kernels.sh prepare 6.1)"; echo "/lib/modules/$r/build" ;;
	sid) r=$(sid_rel); [ -n "$r" ] || die "sid not prepared (kernels.sh prepare sid)"; echo "$cache/sid/build" ;;
	esac
	;;
--ksft)
	# tools/testing/selftests of the kernel's own tree, for upstream.sh
	case $k in
	6.12) echo "${IGX_UPSTREAM_DIR:-/usr/local/lib/igx}/ksft/tools/testing/selftests" ;;
	6.1) [ -f "$cache/6.1/selftests/.ready" ] || die "6.1 not prepared"; echo "$cache/6.1/selftests" ;;
	sid) [ -n "$(sid_rel)" ] || die "sid not prepared"; echo "$cache/sid/src/tools/testing/selftests" ;;
	esac
	;;
--vm-args)
	case $k in
	6.12) r=$(k612_rel); echo "--kernel /boot/vmlinuz-$r" ;;
	6.1) r=$(k61_rel); [ -n "$r" ] || die "6.1 not prepared"; echo "--kernel /boot/vmlinuz-$r" ;;
	sid)
		r=$(sid_rel); [ -n "$r" ] || die "sid not prepared"
		echo "--kernel $cache/sid/root/usr/lib/modules/$r/vmlinuz --modules $cache/sid/root/usr/lib/modules/$r"
		;;
	esac
	;;
*) usage ;;
esac
