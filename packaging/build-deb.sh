#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make deb: igx-dkms and igx-tools into out/deb/, built with debhelper and
# dh-dkms in a copy of the tree (dpkg-buildpackage writes next to its source
# directory).  The tools must be built already (make deb does that first).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=
for t in dpkg-buildpackage:dpkg-dev dh:debhelper dh_dkms:dh-dkms dkms:dkms; do
	command -v "${t%%:*}" >/dev/null || missing="$missing ${t#*:}"
done
if [ -n "$missing" ]; then
	echo "make deb: missing packaging tools:$missing (apt install$missing, or make deps)" >&2
	exit 1
fi

version=$(sed -nE 's/^#define IGX_DRV_VERSION\s+"(.*)"/\1/p' driver/igx.h)
[ -n "$version" ] || { echo "make deb: no IGX_DRV_VERSION in driver/igx.h" >&2; exit 1; }
out=out/deb
stage=$out/build/igx-$version
rm -rf "$out"
mkdir -p "$stage"
# the tree as it is, built objects included so that the tools are not
# built again; no kernel build products (DKMS builds the module)
rsync -a --exclude=/.git --exclude=/out --exclude=/Documentation/_build \
	--exclude='*.ko' --exclude='*.mod*' --exclude='.*.cmd' --exclude='*.o.d' \
	--exclude=/driver/*.o --exclude=Module.symvers --exclude=modules.order \
	./ "$stage/"
cp -r packaging/debian "$stage/debian"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -R)/" \
	packaging/debian/changelog.in >"$stage/debian/changelog"
rm "$stage/debian/changelog.in"
(cd "$stage" && dpkg-buildpackage -b -us -uc --no-pre-clean >../build.log 2>&1) || {
	echo "make deb: dpkg-buildpackage failed; last lines of $out/build/build.log:" >&2
	tail -n 30 "$out/build/build.log" >&2
	exit 1
}
mv "$out"/build/*.deb "$out/"
rm -rf "$stage"
ls -1 "$out"/*.deb
