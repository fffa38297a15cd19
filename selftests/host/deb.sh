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
installed=
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

# make KDIR= at no tree, at an unconfigured one (the source half of the
# 6.12 headers) and at one too old (a copy of the 6.12 headers whose
# netdevice.h lacks 6.1's netif_napi_add_weight): igx's own error, and
# the module and generated compat header stay as they were
test_make_kdir_bad() {
	local sum bad=0 out src old=$IGX_OUT/old f

	sum=$(cat driver/igx.ko driver/igx_compat_gen.h 2>/dev/null | sha256sum)
	out=$(make -s driver KDIR= 2>&1) && { echo "make KDIR= succeeded"; bad=1; }
	echo "$out" | grep '^igx:' || { echo "$out"; bad=1; }
	src=$(sed -n 's|^include \(/.*\)/Makefile$|\1|p' "/lib/modules/$kver/build/Makefile" 2>/dev/null)
	if [ -f "$src/Makefile" ] && [ ! -e "$src/include/config/auto.conf" ]; then
		out=$(make -s driver KDIR="$src" 2>&1) && { echo "make KDIR=$src succeeded"; bad=1; }
		echo "$out" | grep '^igx:.*not a configured kernel tree' || { echo "$out"; bad=1; }
		mkdir -p "$old" && cp -as "$src" "$old/src" && cp -as "/lib/modules/$kver/build/" "$old/build" &&
			echo "include $old/src/Makefile" >"$old/build/Makefile.new" &&
			mv "$old/build/Makefile.new" "$old/build/Makefile" || return 1
		f=$old/src/include/linux/netdevice.h
		sed 's/netif_napi_add_weight(/netif_napi_add_old(/' "$(readlink "$f")" >"$f.new" && mv "$f.new" "$f" || return 1
		out=$(make -s driver KDIR="$old/build" 2>&1) && { echo "make KDIR=<too old> succeeded"; bad=1; }
		echo "$out" | grep '^igx:.*not a Linux 6.1 or newer' || { echo "$out"; bad=1; }
	else
		echo "no unconfigured source tree beside /lib/modules/$kver/build: those two cases not run"
	fi
	[ "$(cat driver/igx.ko driver/igx_compat_gen.h 2>/dev/null | sha256sum)" = "$sum" ] ||
		{ echo "driver/igx.ko or igx_compat_gen.h changed"; bad=1; }
	return $bad
}

# the real thing, on this machine: opt-in (make check-deb).  Each step
# prints its time.  Whatever fails, what was installed is purged again.
purge_pkgs() {
	local t0=$SECONDS

	[ -n "$installed" ] || return 0
	flock /work/apt.lock apt-get purge -y -q igx-dkms igx-tools >"$IGX_OUT/purge.log" 2>&1 ||
		{ tail -n 20 "$IGX_OUT/purge.log"; return 1; }
	installed=
	echo "apt purge took $((SECONDS - t0)) s"
}

# nothing of the package is left: DKMS's tree and builds, the modules
# and depmod's indexes of them, the files and the ports conffile
purged_clean() {
	local k bad=0 left

	left=$(dkms status -m igx 2>&1)
	[ -z "$left" ] || { echo "dkms status after purge: $left"; bad=1; }
	for left in /var/lib/dkms/igx /usr/src/igx-"$version" /lib/udev/rules.d/60-igx.rules \
		/usr/lib/igx /etc/igx /usr/sbin/xdpstat /usr/sbin/xsk-bench; do
		[ ! -e "$left" ] || { echo "left after purge: $left"; bad=1; }
	done
	left=$(find /lib/modules/*/updates -name 'igx.ko*' 2>/dev/null)
	[ -z "$left" ] || { echo "left after purge: $left"; bad=1; }
	for k in $(ls /lib/modules); do
		! grep -q 'igx\.ko' "/lib/modules/$k/modules.dep" 2>/dev/null ||
			{ echo "$k: modules.dep still names igx"; bad=1; }
	done
	left=$(dpkg-query -W -f '${db:Status-Abbrev}${Package}\n' igx-dkms igx-tools 2>/dev/null | grep -v '^un ')
	[ -z "$left" ] || { echo "dpkg after purge: $left"; bad=1; }
	return $bad
}

test_apt_install() {
	local k bad=0 ko out built= t0 rc

	[ "${IGX_DEB_INSTALL:-}" = 1 ] || { skip "changes this machine: IGX_DEB_INSTALL=1 runs it (make check-deb)"; return; }
	# the machine is to be left as it was found: only from a clean state
	if ! purged_clean >/dev/null; then
		echo "igx packages or DKMS builds already on this machine, not touched:"
		purged_clean
		return 1
	fi
	t0=$SECONDS
	installed=1
	trap 'purge_pkgs; rm -rf "$IGX_OUT"' EXIT
	flock /work/apt.lock apt-get install -y -q "$root/$dkms_deb" "$root/$tools_deb" >"$IGX_OUT/install.log" 2>&1
	rc=$?
	grep -E '^(Building|Module build|Skipped|Done|Error|dpkg: error)' "$IGX_OUT/install.log"
	echo "apt install (DKMS builds included) took $((SECONDS - t0)) s, status $rc"
	[ "$rc" -eq 0 ] || { tail -n 30 "$IGX_OUT/install.log"; bad=1; }
	dkms status -m igx
	for k in $(ls /lib/modules); do
		[ -e "/lib/modules/$k/build/Makefile" ] || { echo "$k: no headers, no DKMS build expected"; continue; }
		ko=$(ls /lib/modules/"$k"/updates/dkms/igx.ko* 2>/dev/null)
		if [ -z "$ko" ]; then
			echo "$k: no igx.ko"; bad=1
			continue
		fi
		echo "$k: $ko"
		built+=" $k"
		[ -f "/boot/vmlinuz-$k" ] || { echo "$k: no /boot/vmlinuz-$k to boot"; bad=1; continue; }
		# a guest on that kernel (the host root is its root, so what apt
		# and DKMS installed): a plain modprobe igx loads the DKMS build,
		# and the package's udev binding puts port A on igx at boot
		t0=$SECONDS
		out=$(IGX_DEB_INSTALLED=1 IGX_BOOT_TIMEOUT=${IGX_BOOT_TIMEOUT:-300} \
			tools/vm/vm.sh --kernel "/boot/vmlinuz-$k" --driver-a boot --timeout 900 \
			--out "$IGX_OUT/vm-$k" -- selftests/drivers/net/igx/binding_boot.sh 2>&1)
		rc=$?
		grep -E '^(not )?ok |^# (modprobe|port A|igx|installed)' <<<"$out" | sed "s/^/$k: /"
		echo "$k: guest took $((SECONDS - t0)) s (boot $(cat "$IGX_OUT/vm-$k/.vm/boot-seconds" 2>/dev/null) s), status $rc"
		if [ "$rc" -ne 0 ] || grep -q '^not ok\|# SKIP' <<<"$out" || [ "$(grep -c '^ok ' <<<"$out")" -ne 5 ]; then
			echo "$k: the installed package failed in a guest on $k:"; echo "$out" | tail -n 40; bad=1
		fi
		# (the out-of-tree and unsigned-module taint lines are expected:
		# DKMS signs with its own key, which this kernel does not trust)
		if grep -E 'WARNING:|BUG:|Oops|Unknown symbol|disagrees about version' "$IGX_OUT/vm-$k/.vm/dmesg" 2>/dev/null; then
			echo "$k: the guest's kernel log has reports"; bad=1
		fi
	done
	# the kernels the compat layer covers that are installed here
	for k in 6.1.0- 6.12.; do
		[[ $built == *" $k"* ]] || { echo "no DKMS build for a $k* kernel"; bad=1; }
	done
	purge_pkgs || bad=1
	trap 'rm -rf "$IGX_OUT"' EXIT
	purged_clean || bad=1
	return $bad
}

ktap_plan 10
ktap_run "make deb: igx-dkms and igx-tools" test_make_deb
ktap_run "igx-dkms: module source, dkms.conf, udev binding, ports conffile" test_dkms_contents
ktap_run "igx-dkms: postinst builds for every kernel, prerm removes" test_dkms_scripts
ktap_run "igx-tools: xdpstat, xsk-bench, XDP objects, man pages" test_tools_contents
ktap_run "DKMS builds the packaged source for ${kver:-6.12}" test_dkms_build
ktap_run "DKMS on a kernel without headers: clear error" test_dkms_no_headers
ktap_run "make deb without the packaging tools: clear error, nothing changed" test_make_deb_no_tools
ktap_run "make modules_install/install-tools/install-binding under DESTDIR" test_install_destdir
ktap_run "make KDIR= at no tree, an unconfigured and a too old one: clear error, nothing changed" test_make_kdir_bad
ktap_run "apt install ./out/deb/*.deb, DKMS for each kernel, apt purge" test_apt_install
ktap_finished
