# SPDX-License-Identifier: GPL-2.0
# Minimal KTAP/TAP 13 output for the igx selftests (source this file).
#
#   ktap_plan N
#   ktap_run NAME CMD [ARGS...]   CMD's output becomes "# " diagnostics;
#                                 status 0 = ok, $KSFT_SKIP = SKIP (reason in
#                                 $ktap_skip_reason), else not ok
#   ktap_finished                 exits 1 if anything failed

KSFT_SKIP=4
ktap_n=0
ktap_fail=0
ktap_skip_reason=

echo "TAP version 13"

ktap_plan() {
	echo "1..$1"
}

ktap_run() {
	local name=$1 rc t0=$SECONDS

	shift
	ktap_n=$((ktap_n + 1))
	ktap_skip_reason=
	# in this shell, not a subshell: tests may change IGX_A (bind_a)
	"$@" >"${IGX_OUT:-/tmp}/ktap.out" 2>&1
	rc=$?
	sed 's/^/# /' "${IGX_OUT:-/tmp}/ktap.out"
	# where a run's time goes (never a verdict)
	echo "# took $((SECONDS - t0)) s"
	case $rc in
	0) echo "ok $ktap_n $name" ;;
	"$KSFT_SKIP") echo "ok $ktap_n $name # SKIP ${ktap_skip_reason:-no reason given}" ;;
	*) echo "not ok $ktap_n $name"; ktap_fail=$((ktap_fail + 1)) ;;
	esac
	return 0
}

# skip REASON: use as `skip "why"; return` inside a test function
skip() {
	ktap_skip_reason=$*
	echo "SKIP: $*"
	return "$KSFT_SKIP"
}

ktap_finished() {
	echo "# $ktap_n tests, $ktap_fail failed"
	[ "$ktap_fail" -eq 0 ]
	exit
}
