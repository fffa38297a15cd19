# SPDX-License-Identifier: GPL-2.0
# A KCSAN kernel's log without the data races that touch no igx code (run.sh,
# for the guests of `make check DEBUG_KERNEL=kcsan`).  The detector watches
# the whole kernel, and 6.12 has known, unannotated races of its own (e.g.
# tick_nohz_handler / tick_nohz_idle_got_tick): the issue's bar is zero
# reports in igx.  A report is kept when either access's stack, or its
# headline, is in igx (a function igx_* or a frame tagged [igx]); the ones
# dropped are counted on stderr, so a run still shows them.
/^(\[ *[0-9.]+\] )?BUG: KCSAN: / { blk = $0 ORS; in_rep = 1; next }
in_rep {
	blk = blk $0 ORS
	if ($0 !~ /^(\[ *[0-9.]+\] )?=+$/)
		next
	in_rep = 0
	if (blk ~ /igx_|\[igx\]/)
		printf "%s", blk
	else
		dropped++
	next
}
{ print }
END {
	if (in_rep)
		printf "%s", blk
	if (dropped)
		printf "kcsan-reports: %d data-race report(s) outside igx left out\n", dropped > "/dev/stderr"
}
