# SPDX-License-Identifier: GPL-2.0
# Minimal KTAP/TAP 13 output for the igx selftests (source this file).
#
#   ktap_plan N
#   ktap_run NAME CMD [ARGS...]   CMD's output becomes "# " diagnostics;
#                                 status 0 = ok, $KSFT_SKIP = SKIP (reason in
#                                 $ktap_skip_reason), else not ok
#   ktap_result STATUS NAME [WHY] a verdict from a status reached otherwise
#                                 (0, $KSFT_SKIP with WHY, else not ok # WHY)
#   expect WHAT GOT WANT          says what was measured; fails unless WANT
#   ktap_finished                 exits 1 if anything failed
#
# IGX_ONLY=ERE runs only the cases whose name matches (bash =~), the rest
# SKIP: a subset by hand, e.g. one case again after a failure, or the long
# cases on the slow debug kernel.  Cases that build on an earlier one (VFs
# created, a socket bound) need that one named too.
# KTAP_NO_HEADER=1 when sourced by a script whose header is already out.

KSFT_SKIP=4
ktap_n=0
ktap_fail=0
ktap_skip_reason=

[ -n "${KTAP_NO_HEADER:-}" ] || echo "TAP version 13"

ktap_plan() {
	echo "1..$1"
}

ktap_run() {
	local name=$1 rc t0=$SECONDS

	shift
	ktap_skip_reason=
	if [ -n "${IGX_ONLY:-}" ] && ! [[ $name =~ $IGX_ONLY ]]; then
		ktap_result "$KSFT_SKIP" "$name" "not in IGX_ONLY"
		return 0
	fi
	# in this shell, not a subshell: tests may change IGX_A (bind_a)
	"$@" >"${IGX_OUT:-/tmp}/ktap.out" 2>&1
	rc=$?
	sed 's/^/# /' "${IGX_OUT:-/tmp}/ktap.out"
	# where a run's time goes (never a verdict)
	echo "# took $((SECONDS - t0)) s"
	ktap_result "$rc" "$name" "$ktap_skip_reason"
	return 0
}

ktap_result() {
	ktap_n=$((ktap_n + 1))
	case $1 in
	0) echo "ok $ktap_n $2" ;;
	"$KSFT_SKIP") echo "ok $ktap_n $2 # SKIP ${3:-no reason given}" ;;
	*) echo "not ok $ktap_n $2${3:+ # $3}"; ktap_fail=$((ktap_fail + 1)) ;;
	esac
}

# skip REASON: use as `skip "why"; return` inside a test function
skip() {
	ktap_skip_reason=$*
	echo "SKIP: $*"
	return "$KSFT_SKIP"
}

# expect WHAT GOT WANT: say what was measured; fail unless it is WANT
expect() {
	if [ "$2" != "$3" ]; then
		echo "$1: ${2:-nothing}, expected $3"
		return 1
	fi
	echo "$1: $2"
}

ktap_finished() {
	echo "# $ktap_n tests, $ktap_fail failed"
	[ "$ktap_fail" -eq 0 ]
	exit
}
