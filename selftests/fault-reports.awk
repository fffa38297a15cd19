# SPDX-License-Identifier: GPL-2.0
# A kernel log, or a kmemleak report, without what 6.12 itself reports
# when an allocation is made to fail (selftests/run.sh for the log of a
# guest where alloc_fail.sh injected faults, alloc_fail.sh for kmemleak
# after each sweep).  None of it is the driver's: each is reached through a
# kernel API whose own error path misbehaves, and the driver can neither
# see nor avoid it.  Anything else is printed, and so still fails the check.
#
# - warn_alloc ("page allocation failure", "vmalloc error", with a stack):
#   the faults doing what they were asked.
# - WARN in remove_proc_entry from unregister_irq_proc, at
#   pci_free_irq_vectors(): register_irq_proc() ignores a failed
#   proc_create(), and the unregister warns about each file it cannot find
#   (kernel/irq/proc.c).
# - WARN in iounmap(NULL) from __pci_enable_msix_range(): when the vectors
#   cannot be set up, msix_setup_interrupts()'s error path has already
#   unmapped the MSI-X table and cleared msix_base, and
#   msix_capability_init() unmaps it again (drivers/pci/msi/msi.c).
# - kmemleak: an IDA bitmap lost by ida_alloc_range() (lib/idr.c:447, the
#   GFP_NOWAIT bitmap): when the xas_store() of a new bitmap fails for want
#   of a node, xas_nomem() allocates one and the retry drops the bitmap.
#   (An ID the driver failed to free would keep its bitmap referenced from
#   the IDA, so kmemleak would not see it: an unreferenced one is the
#   IDA's own.)  The periodic scan's "N new suspected memory leaks" line is
#   left out with it; the objects themselves are judged, from the report
#   written after the last scan.

function known_warn(b) {
	return (b ~ /WARNING: .* remove_proc_entry/ && b ~ /unregister_irq_proc/) ||
		(b ~ /WARNING: .* iounmap/ && b ~ /__pci_enable_msix_range/)
}

function known_leak(b) {
	return b ~ /\n +ida_alloc_range\+/
}

# a kmemleak record: its "unreferenced object" line and the indented ones
leak && /^[ \t]/ { blk = blk $0 ORS; next }
leak {
	leak = 0
	if (!known_leak(blk))
		printf "%s", blk
}
/^unreferenced object / { leak = 1; blk = $0 ORS; next }

/(page allocation failure|vmalloc error): / { skip = 1 }
skip { if (/<\/TASK>/) skip = 0; next }

/kmemleak: [0-9]+ new suspected memory leaks/ { next }

/-+\[ cut here \]-+/ { warn = 1; wblk = $0 ORS; next }
warn {
	wblk = wblk $0 ORS
	if (!/---\[ end trace/)
		next
	warn = 0
	if (!known_warn(wblk))
		printf "%s", wblk
	next
}

{ print }

END {
	if (leak && !known_leak(blk))
		printf "%s", blk
	if (warn)
		printf "%s", wblk
}
