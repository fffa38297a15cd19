#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side: make the kernel rewrite its own code for SECS seconds and
# check that both CPUs stay alive (issue 18; README "known boot stall").
#
#   tools/vm/vm.sh --driver-a boot -- tools/vm/textpoke-stress.sh [SECS]
#
# One loop flips two static keys as fast as it can (sched_schedstats, the
# irq_vectors tracepoints: each flip is a text_poke_bp batch, INT3 first,
# sync IPIs to the other CPU); every 2 s a 20 ms sleep pinned to each CPU
# checks that CPU's local timer, bounded by a timeout on the other CPU.
# Prints "done N checks" and exits 0, or prints STALL with the interrupt
# counts and exits 1.  A guest that executes a stale INT3 dies with
# "Oops: int3" (vm.sh: status 125 and the report).  Under multi-threaded
# TCG (QEMU 10.0.2) it does, within minutes; see README.md.
secs=${1:-600}
t=/sys/kernel/tracing
end=$((SECONDS + secs))
(
	while [ $SECONDS -lt $end ]; do
		echo 1 >/proc/sys/kernel/sched_schedstats
		echo 1 >$t/events/irq_vectors/enable
		echo 0 >/proc/sys/kernel/sched_schedstats
		echo 0 >$t/events/irq_vectors/enable
		sleep 0.05
	done
) &
flipper=$!
i=0
while [ $SECONDS -lt $end ]; do
	i=$((i + 1))
	for c in 0 1; do
		taskset -c $((1 - c)) timeout 10 taskset -c $c sleep 0.02 && continue
		echo "STALL: CPU $c's 20 ms sleep did not end in 10 s (check $i, ${SECONDS} s)"
		kill $flipper
		grep -E "LOC|RES|CAL|SPU" /proc/interrupts
		exit 1
	done
	sleep 2
done
kill $flipper 2>/dev/null
wait
echo "done $i checks"
