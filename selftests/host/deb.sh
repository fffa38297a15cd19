#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host test of the packaging (no VM): make deb, the two packages' contents
# and maintainer scripts, a DKMS build of the packaged source in a private
# DKMS tree for the primary kernel (6.12), make install under DESTDIR, and
# the clear errors of bad input.  TAP.
#
#   IGX_DEB_KERNELS=all  DKMS-build for every kernel in /lib/modules with
#                        headers, not only 6.12 (minutes each)
#   IGX_DEB_INSTALL=1    also apt install ./out/deb/*.deb on this machine,
#                        check DKMS installed igx for each kernel with
#                        headers (6.1 and 6.12 at least) and that a guest
#                        booted on each loads it with modprobe igx (one
#                        QEMU boot each), then apt purge (changes the
#                        machine)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
IGX_OUT=$(mktemp -d "${TMPDIR:-/tmp}/igx-deb.XXXXXX")
export IGX_OUT
trap 'rm -rf "$IGX_OUT"' EXIT
. selftests/drivers/net/igx/ktap.sh

version=$(sed -nE 's/^#define IGX_DRV_VERSION\s+"(.*)"/\1/p' driver/igx.h)
kver=$(make -s -C "$root" --no-print-directory -f - <<<'include Makefile
p:
	@echo $(KVER)' p 2>/dev/null)
dkms_deb=out/deb/igx-dkms_${version}_all.deb
tools_deb=out/deb/igx-tools_${version}_amd64.deb
ext=$IGX_OUT/ext
dk="--dkmstree $IGX_OUT/dkms --sourcetree $ext/dkms/usr/src"

test_make_deb() {
	local t0=$SECONDS

	make -s deb 2>&1 | grep -v '^libbpf: elf: skipping' || return 1
	echo "make deb took $((SECONDS - t0)) s"
	[ -f "$dkms_deb" ] && [ -f "$tools_deb" ] || { ls out/deb; return 1; }
	mkdir -p "$ext/dkms" "$ext/tools"
	dpkg-deb -x "$dkms_deb" "$ext/dkms" && dpkg-deb -x "$tools_deb" "$ext/tools"
}

# every file the module is built from, the DKMS configuration with the
# version filled in, the binding files, the ports list as a conffile
test_dkms_contents() {
	local src=$ext/dkms/usr/src/igx-$version f bad=0

	for f in Kbuild $(cd "$root" && git ls-files driver | grep -E '\.[ch]$|Kbuild$'); do
		cmp -s "$root/$f" "$src/$f" || { echo "missing or different in the package: $f"; bad=1; }
	done
	grep -qx "PACKAGE_VERSION=\"$version\"" "$src/dkms.conf" || { echo "dkms.conf version:"; grep VERSION "$src/dkms.conf"; bad=1; }
	for f in lib/udev/rules.d/60-igx.rules usr/lib/igx/igx-bind etc/igx/ports; do
		[ -e "$ext/dkms/$f" ] || { echo "missing /$f"; bad=1; }
	done
	grep -q 'RUN+="/usr/lib/igx/igx-bind %k"' "$ext/dkms/lib/udev/rules.d/60-igx.rules" || { echo "rule does not run /usr/lib/igx/igx-bind"; bad=1; }
	grep -q '/etc/igx/ports' "$ext/dkms/usr/lib/igx/igx-bind" || { echo "igx-bind does not read /etc/igx/ports"; bad=1; }
	dpkg-deb -f "$dkms_deb" Depends | grep -q dkms || { echo "igx-dkms does not depend on dkms"; bad=1; }
	dpkg-deb -I "$dkms_deb" conffiles | grep -qx /etc/igx/ports || { echo "/etc/igx/ports is no conffile"; bad=1; }
	return $bad
}

# postinst: DKMS for every installed kernel with headers (DKMS's own
# default is the running and the newest one); prerm removes all builds
test_dkms_scripts() {
	local s=$IGX_OUT/ctl bad=0

	dpkg-deb -e "$dkms_deb" "$s" || return 1
	grep -q '^export autoinstall_all_kernels' "$s/postinst" || { echo "postinst does not build for all kernels"; bad=1; }
	grep -q 'common.postinst' "$s/postinst" || { echo "postinst does not call DKMS"; bad=1; }
	grep -q 'dkms remove' "$s/prerm" || { echo "prerm does not remove the DKMS builds"; bad=1; }
	return $bad
}

test_tools_contents() {
	local f bad=0 out

	for f in usr/sbin/xdpstat usr/sbin/xsk-bench usr/share/man/man8/xdpstat.8.gz \
		usr/share/man/man8/xsk-bench.8.gz usr/share/bash-completion/completions/xdpstat \
		$(cd bpf && ls xdp_*.bpf.c | sed 's|^\(.*\)\.bpf\.c$|usr/lib/igx/bpf/\1.o|'); do
		[ -e "$ext/tools/$f" ] || { echo "missing /$f"; bad=1; }
	done
	# into variables: grep -q under pipefail would fail the pipeline
	out=$("$ext/tools/usr/sbin/xsk-bench" --help 2>&1)
	grep -q 'xsk-bench -i IFNAME' <<<"$out" || { echo "xsk-bench --help: $out"; bad=1; }
	out=$(zcat "$ext/tools/usr/share/man/man8/xsk-bench.8.gz")
	grep -q '^\.TH XSK-BENCH 8' <<<"$out" || { echo "xsk-bench man page: no .TH"; bad=1; }
	return $bad
}

# DKMS_KERNEL: the packaged source builds with DKMS, in a private tree
dkms_build() {
	local k=$1 ko b

	[ -e "/lib/modules/$k/build/Makefile" ] || { echo "$k: no headers"; return 1; }
	# shellcheck disable=SC2086
	dkms build -m igx -v "$version" -k "$k" $dk >"$IGX_OUT/dkms-$k.log" 2>&1
	case $? in
	0) ;;
	77) echo "$k: skipped by dkms.conf's BUILD_EXCLUSIVE_KERNEL (not a kernel igx builds on)"; return 77 ;;
	*) tail -n 20 "$IGX_OUT/dkms-$k.log"; return 1 ;;
	esac
	ko=$(ls "$IGX_OUT/dkms/igx/$version/$k"/*/module/igx.ko* 2>/dev/null | head -n1)
	[ -n "$ko" ] || { echo "$k: no igx.ko in the DKMS tree"; return 1; }
	modinfo -F vermagic "$ko" | grep -q "^$k " || { echo "$k: vermagic $(modinfo -F vermagic "$ko")"; return 1; }
	modinfo -F alias "$ko" | grep -q 'd000010C9' || { echo "$k: no 10c9 alias"; return 1; }
	echo "$k: $ko"
	# for binding_boot.sh: a guest loads this one with a plain modprobe
	# from updates/dkms, as dkms install leaves it; depmod's indexes are
	# made here (in a TCG guest depmod reads every module over 9p: minutes)
	b=$IGX_OUT/base-$k
	mkdir -p "$b/lib/modules" && cp -as "/lib/modules/$k" "$b/lib/modules/" &&
		mkdir -p "$b/lib/modules/$k/updates/dkms" && cp "$ko" "$b/lib/modules/$k/updates/dkms/" &&
		depmod -b "$b" "$k" 2>/dev/null || { echo "$k: depmod failed"; return 1; }
	rm -rf "out/deb/dkms/$k" && mkdir -p "out/deb/dkms/$k" &&
		cp "$ko" "$b/lib/modules/$k"/modules.* "out/deb/dkms/$k/"
}

test_dkms_build() {
	local t0=$SECONDS k rc=0 r

	mkdir -p "$IGX_OUT/dkms"
	# shellcheck disable=SC2086
	dkms add -m igx -v "$version" $dk >"$IGX_OUT/dkms-add.log" 2>&1 || { cat "$IGX_OUT/dkms-add.log"; return 1; }
	[ -n "$kver" ] || { echo "no 6.12 headers (make deps)"; return 1; }
	dkms_build "$kver" || return 1
	echo "DKMS build for $kver took $((SECONDS - t0)) s"
	[ "${IGX_DEB_KERNELS:-}" = all ] || return 0
	for k in $(ls /lib/modules); do
		[ "$k" = "$kver" ] && continue
		[ -e "/lib/modules/$k/build/Makefile" ] || { echo "$k: no headers, not built"; continue; }
		dkms_build "$k"
		r=$?
		[ "$r" -eq 0 ] || [ "$r" -eq 77 ] || rc=1
	done
	return $rc
}

# a kernel without headers: DKMS says so and builds nothing
test_dkms_no_headers() {
	local out

	# shellcheck disable=SC2086
	if out=$(dkms build -m igx -v "$version" -k 6.99.0-igx-noheaders $dk 2>&1); then
		echo "dkms built for a kernel without headers"
		return 1
	fi
	echo "$out" | grep -i 'headers' || { echo "$out"; return 1; }
	[ ! -e "$IGX_OUT/dkms/igx/$version/6.99.0-igx-noheaders/x86_64/module" ] || { echo "a module appeared"; return 1; }
}

test_make_deb_no_tools() {
	local out before

	before=$(ls -l out/deb)
	# a PATH with nothing but what the script needs before its check
	mkdir -p "$IGX_OUT/bin" && ln -sf "$(command -v dirname)" "$IGX_OUT/bin/"
	if out=$(PATH=$IGX_OUT/bin /bin/bash packaging/build-deb.sh 2>&1); then
		echo "build-deb.sh succeeded without the packaging tools"
		return 1
	fi
	echo "$out"
	echo "$out" | grep -q 'missing packaging tools: dpkg-dev debhelper dh-dkms dkms' || return 1
	[ "$(ls -l out/deb)" = "$before" ] || { echo "out/deb changed"; return 1; }
}

test_install_destdir() {
	local d=$IGX_OUT/destdir f bad=0

	make -s modules_install DESTDIR="$d" >"$IGX_OUT/mi.log" 2>&1 || { tail "$IGX_OUT/mi.log"; return 1; }
	make -s install-tools install-binding DESTDIR="$d" PREFIX=/usr/local 2>&1 |
		grep -v '^libbpf: elf: skipping'
	# kbuild puts it under updates/ in M='s layout, compressed as the
	# kernel's own modules are
	f=$(find "$d/lib/modules/$kver/updates" -name 'igx.ko*' 2>/dev/null)
	[ -n "$f" ] && echo "${f#"$d"}" || { echo "no igx.ko under $d/lib/modules/$kver/updates"; bad=1; }
	for f in usr/local/sbin/xdpstat usr/local/sbin/xsk-bench \
		usr/local/share/man/man8/xsk-bench.8 usr/local/lib/igx/bpf/xdp_pass.o \
		usr/local/lib/igx/igx-bind etc/udev/rules.d/60-igx.rules usr/local/etc/igx/ports; do
		[ -e "$d/$f" ] || { echo "missing $f"; bad=1; }
	done
	grep -q 'RUN+="/usr/local/lib/igx/igx-bind %k"' "$d/etc/udev/rules.d/60-igx.rules" || { echo "rule path"; bad=1; }
	# a user's ports list survives a second install
	echo 0000:01:00.0 >"$d/usr/local/etc/igx/ports"
	make -s install-binding DESTDIR="$d" PREFIX=/usr/local >/dev/null
	grep -qx 0000:01:00.0 "$d/usr/local/etc/igx/ports" || { echo "ports list overwritten"; bad=1; }
	return $bad
}

# the real thing, on this machine: opt-in
test_apt_install() {
	local k bad=0 ko out built=

	[ "${IGX_DEB_INSTALL:-}" = 1 ] || { skip "changes this machine: IGX_DEB_INSTALL=1 runs it"; return; }
	flock /work/apt.lock apt-get install -y -q "$root/$dkms_deb" "$root/$tools_deb" || return 1
	for k in $(ls /lib/modules); do
		[ -e "/lib/modules/$k/build/Makefile" ] || continue
		ko=$(ls /lib/modules/"$k"/updates/dkms/igx.ko* 2>/dev/null)
		if [ -z "$ko" ]; then
			echo "$k: no igx.ko"; dkms status igx; bad=1
			continue
		fi
		echo "$k: $ko"
		built+=" $k"
		[ -f "/boot/vmlinuz-$k" ] || { echo "$k: no /boot/vmlinuz-$k to boot"; bad=1; continue; }
		# a guest on that kernel (the host root is its root) loads the
		# DKMS-built module by name, as a user's machine would
		out=$(IGX_BOOT_TIMEOUT=${IGX_BOOT_TIMEOUT:-300} tools/vm/vm.sh --kernel "/boot/vmlinuz-$k" \
			--driver-a none --timeout 300 -- \
			bash -c 'modprobe igx && grep "^igx " /proc/modules && modinfo -n igx' 2>&1)
		if grep -qx "/lib/modules/$k/updates/dkms/igx.ko.*" <<<"$out"; then
			echo "$k: a guest on $k: modprobe igx loaded $(grep -x "/lib/modules/.*" <<<"$out")"
		else
			echo "$k: a guest on $k did not load the DKMS module:"; echo "$out" | tail -n 20; bad=1
		fi
	done
	# the kernels the compat layer covers that are installed here
	for k in 6.1.0- 6.12.; do
		[[ $built == *" $k"* ]] || { echo "no DKMS build for a $k* kernel"; bad=1; }
	done
	flock /work/apt.lock apt-get purge -y -q igx-dkms igx-tools || bad=1
	ls /lib/modules/*/updates/dkms/igx.ko* 2>/dev/null && { echo "left after purge"; bad=1; }
	[ ! -e /etc/igx/ports ] || { echo "/etc/igx/ports left after purge"; bad=1; }
	return $bad
}

ktap_plan 9
ktap_run "make deb: igx-dkms and igx-tools" test_make_deb
ktap_run "igx-dkms: module source, dkms.conf, udev binding, ports conffile" test_dkms_contents
ktap_run "igx-dkms: postinst builds for every kernel, prerm removes" test_dkms_scripts
ktap_run "igx-tools: xdpstat, xsk-bench, XDP objects, man pages" test_tools_contents
ktap_run "DKMS builds the packaged source for ${kver:-6.12}" test_dkms_build
ktap_run "DKMS on a kernel without headers: clear error" test_dkms_no_headers
ktap_run "make deb without the packaging tools: clear error, nothing changed" test_make_deb_no_tools
ktap_run "make modules_install/install-tools/install-binding under DESTDIR" test_install_destdir
ktap_run "apt install ./out/deb/*.deb, DKMS for each kernel, apt purge" test_apt_install
ktap_finished
