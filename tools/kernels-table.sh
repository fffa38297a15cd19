#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The feature x kernel table of Documentation/kernels.rst, from the compat
# layer itself: the "Features an older kernel lacks" block of
# driver/igx_compat.h evaluated by the preprocessor against each kernel's
# generated igx_compat_gen.h (driver/compat/probe.sh's answers for that
# kernel's headers).
#
#   tools/kernels-table.sh NAME=GEN_H...   e.g. 6.1=build/6.1/driver/igx_compat_gen.h
#   tools/kernels-table.sh --check         the table in kernels.rst is current
#                                          (for 6.1, 6.12 and sid as built here)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --check ]; then
	want=$("$0" 6.1=build/6.1/driver/igx_compat_gen.h 6.12=driver/igx_compat_gen.h \
		sid=build/sid/driver/igx_compat_gen.h)
	have=$(sed -n '/^.. table begin/,/^.. table end/p' Documentation/kernels.rst | sed '1d;$d;/^$/d')
	if [ "$want" != "$have" ]; then
		diff <(echo "$have") <(echo "$want") >&2
		echo "kernels-table: Documentation/kernels.rst's table is not what the compat layer says (above: - the document, + the compat layer)" >&2
		exit 1
	fi
	exit 0
fi

block=$(sed -n '/^\/\* Features an older kernel lacks/,/^\/\* what probe/p' driver/igx_compat.h)
# IGX_HAVE_X and its comment "what (version)", in the block's order
mapfile -t feats < <(sed -nE 's|^#define (IGX_HAVE_[A-Z_]+) 1\s*/\* (.*) \*/|\1\t\2|p' <<<"$block")
names=() cols=()
for arg; do
	names+=("${arg%%=*}")
	f=${arg#*=}
	[ -f "$f" ] || { echo "kernels-table: no $f (build igx for ${arg%%=*} first)" >&2; exit 1; }
	cols+=("$( { cat "$f"; echo "$block"; } | cpp -P -dM - | sed -nE 's/^#define (IGX_HAVE_[A-Z_]+) 1$/\1/p' | tr '\n' ' ')")
done

table() {
w=44
line() { printf '%s' "$(printf '=%.0s' $(seq $w))"; for n in "${names[@]}"; do printf ' ========'; done; echo; }
line
printf "%-${w}s" "feature (Linux version that has it)"
for n in "${names[@]}"; do printf ' %-8s' "$n"; done
echo
line
for fl in "${feats[@]}"; do
	sym=${fl%%$'\t'*} what=${fl#*$'\t'}
	printf "%-${w}s" "$what"
	for c in "${cols[@]}"; do
		if [[ " $c " == *" $sym "* ]]; then printf ' %-8s' yes; else printf ' %-8s' no; fi
	done
	echo
done
line
}
table | sed 's/ *$//'
