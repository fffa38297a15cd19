/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP producer for the host unit tests. */
#ifndef XDPSTAT_TAP_H
#define XDPSTAT_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do {						\
	int ok_ = !!(cond);						\
	printf("%sok %d - ", ok_ ? "" : "not ", ++tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_) {							\
		tap_failed++;						\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__,	\
		       #cond);						\
	}								\
} while (0)

static inline int tap_done(const char *name)
{
	printf("1..%d\n# %s: %d passed, %d failed\n", tap_n, name,
	       tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif
